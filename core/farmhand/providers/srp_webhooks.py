"""Receiving SRP's webhooks: authenticate, treat as a hint, act once.

SRP signs nothing (services.md §2.3), so a callback is accepted only with the
per-task secret Farmhand registered (``X-Farm-Token``, compared in constant
time against its stored hash) or, for a service that dropped the header, the
URL token ``t`` = HMAC(installation key, callback id).  Its content is then
only a hint: the task is fetched again with the Bearer key and that record
decides.  Work is keyed on (task id, status) through a claim in the shared
state, so duplicated or concurrent deliveries do it once; a failure releases
the claim so a later delivery (or ``farmhand download``) can retry.

Built on the standard library's ``http.server``: the core depends on no web
framework.  Put it behind a TLS-terminating proxy to expose it.
"""

from __future__ import annotations

import datetime as dt
import hmac
import json
import logging
import os
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable, Dict, List, Mapping, Optional, Tuple
from urllib.parse import parse_qs, urlsplit

from farmhand.errors import FarmhandError
from farmhand.providers.srp import CALLBACKS, TOKEN_HEADER, download_outputs, hash_secret, url_token
from farmhand.providers.srp_client import SrpClient
from farmhand.providers.state import ProviderState

CALLBACK_PATH = "/srp/callback"
PROCESSED = "srp-processed"
MAX_BODY = 1024 * 1024
# How far a callback's timestamp may be from our clock.  Generous: SRP's retry policy is unknown,
# and a replay can do no harm anyway since the task is fetched again.
MAX_SKEW = dt.timedelta(hours=24)
log = logging.getLogger("farmhand.srp.webhooks")


class Rejected(Exception):
    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


@dataclass
class Outcome:
    task_id: str
    status: str
    duplicate: bool
    files: List[str]


class WebhookReceiver:
    """The decisions, apart from HTTP, so they can be driven and tested directly."""

    def __init__(
        self,
        client: SrpClient,
        state: ProviderState,
        *,
        download_base_url: str,
        download_dir: str,
        on_outcome: Optional[Callable[[Outcome], None]] = None,
        clock: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.timezone.utc),
    ) -> None:
        self.client = client
        self.state = state
        self.download_base_url = download_base_url
        self.download_dir = download_dir
        self.on_outcome = on_outcome
        self.clock = clock

    def receive(self, query: Mapping[str, str], headers: Mapping[str, str], body: bytes) -> Outcome:
        """``headers`` with lower-case names (proxies may lower-case them anyway)."""
        callback_id = query.get("job", "")
        record = self._authenticate(callback_id, query.get("t", ""), headers.get(TOKEN_HEADER.lower(), ""))
        payload = _payload(body)
        self._check_time(payload.get("timestamp"))
        task_id = str(payload.get("task_id") or "")
        if not task_id or (record.get("task_id") and record["task_id"] != task_id):
            raise Rejected(403, "the callback names another task than the one registered")
        task = self.client.get_task(task_id)  # the authoritative record; the callback is only a hint
        if not record.get("task_id") and not _registered_in(task, callback_id):
            raise Rejected(403, "the task was not created with this callback")
        outcome = self._act(task_id, task)
        if self.on_outcome is not None:
            self.on_outcome(outcome)
        return outcome

    def _authenticate(self, callback_id: str, url_token_given: str, header_token: str) -> Dict[str, Any]:
        record = self.state.get(CALLBACKS, callback_id) if callback_id else None
        if record is None:
            raise Rejected(403, "unknown callback")
        if header_token and hmac.compare_digest(hash_secret(header_token), str(record["secret_sha256"])):
            return record
        if url_token_given and hmac.compare_digest(url_token(self.state, callback_id), url_token_given):
            return record
        raise Rejected(403, "missing or wrong callback token")

    def _check_time(self, stamp: Any) -> None:
        if stamp is None:
            return
        try:
            when = dt.datetime.fromisoformat(str(stamp).replace("Z", "+00:00"))
        except ValueError as exc:
            raise Rejected(400, "the timestamp is not ISO-8601") from exc
        if when.tzinfo is None:
            when = when.replace(tzinfo=dt.timezone.utc)
        if abs(self.clock() - when) > MAX_SKEW:
            raise Rejected(403, "the callback's timestamp is outside the allowed window")

    def _act(self, task_id: str, task: Dict[str, Any]) -> Outcome:
        status = str(task.get("status") or "")
        key = f"{task_id}:{status}"
        if not self.state.claim(PROCESSED, key):
            return Outcome(task_id, status, True, [])
        try:
            files: List[str] = []
            if status == "done":
                destination = os.path.join(self.download_dir, _safe_component(task_id))
                files = download_outputs(task.get("output_files") or [], self.download_base_url, destination)
        except BaseException:
            self.state.release(PROCESSED, key)
            raise
        self.state.complete(PROCESSED, key)
        return Outcome(task_id, status, False, files)


def _payload(body: bytes) -> Dict[str, Any]:
    try:
        payload = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise Rejected(400, "the body is not JSON") from exc
    if not isinstance(payload, dict):
        raise Rejected(400, "the body is not a JSON object")
    return payload


def _registered_in(task: Dict[str, Any], callback_id: str) -> bool:
    """Whether the task's stored callbacks carry our callback id (ties a fresh task to us)."""
    callbacks = (task.get("options") or {}).get("callback_urls") or []
    for entry in callbacks:
        url = entry.get("url", "") if isinstance(entry, dict) else str(entry)
        if parse_qs(urlsplit(url).query).get("job") == [callback_id]:
            return True
    return False


def _safe_component(text: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in text).strip(".") or "task"


# -- HTTP ------------------------------------------------------------------------
class _CallbackHandler(BaseHTTPRequestHandler):
    server: CallbackServer

    def do_POST(self) -> None:
        parts = urlsplit(self.path)
        query = {name: values[0] for name, values in parse_qs(parts.query).items()}
        try:
            if parts.path.rstrip("/") != CALLBACK_PATH:
                raise Rejected(404, "not a callback path")
            length = _content_length(self.headers.get("Content-Length"))
            if length > MAX_BODY:
                raise Rejected(413, "callback body too large")
            headers = {name.lower(): value for name, value in self.headers.items()}
            outcome = self.server.receiver.receive(query, headers, self.rfile.read(length))
            self._answer(
                200, {"task_id": outcome.task_id, "status": outcome.status, "duplicate": outcome.duplicate}
            )
        except Rejected as exc:
            log.warning("SRP callback rejected: %s", exc.reason)
            self._answer(exc.status, {"error": exc.reason})
        except FarmhandError as exc:  # SRP or the download failed: let the sender retry later
            log.warning("SRP callback could not be processed: %s", exc)
            self._answer(503, {"error": "could not process the callback now"})

    def _answer(self, status: int, body: Dict[str, Any]) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:
        # The request line holds the URL token; log only the path.
        log.debug("SRP callback %s from %s", urlsplit(self.path).path, self.client_address[0])


def _content_length(value: Optional[str]) -> int:
    if not value or not value.isdigit():
        raise Rejected(411, "a callback needs a Content-Length")
    return int(value)


class CallbackServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: Tuple[str, int], receiver: WebhookReceiver) -> None:
        super().__init__(address, _CallbackHandler)
        self.receiver = receiver

    @property
    def url(self) -> str:
        host, port = self.socket.getsockname()[:2]
        return f"http://{host}:{port}{CALLBACK_PATH}"

    def start(self) -> threading.Thread:
        thread = threading.Thread(target=self.serve_forever, args=(0.1,), daemon=True)
        thread.start()
        return thread
