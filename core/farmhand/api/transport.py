"""One signed POST to a Renderbus farm, its envelope, and the retries that are always safe.

This layer knows the wire: JSON body serialised like ``json.dumps`` defaults,
headers signed afresh on every attempt, the HTTP status *and* the envelope
``code`` checked.  It repeats a request only when that cannot do harm:

* the legacy rate limit and a 610 (clock skew) are refusals, so the call never ran;
* a request that never reached the farm (connection refused) can always be resent;
* timeouts, dropped connections and 5xx are repeated only for ``safe`` calls
  (reads and calls that set a state); for creations the caller decides, after
  looking at the farm (see :mod:`farmhand.api.client`).
"""

from __future__ import annotations

import json
import logging
import threading
import time
from typing import Any, Callable, Dict, Mapping, Optional, Tuple, Union

import requests

from farmhand.api import signing
from farmhand.api.errors import (
    RATE_LIMIT_TEXT,
    RateLimited,
    RenderbusError,
    ServerError,
    SignatureExpired,
    TransportError,
    error_class_for_code,
    error_class_for_http,
)
from farmhand.api.retry import RetryPolicy

log = logging.getLogger("farmhand.api")

Timeout = Union[float, Tuple[float, float]]
EXCERPT_CHARS = 160


class Transport:
    """Signs, sends and decodes; holds the pooled session, the clock offset and the throttle."""

    def __init__(
        self,
        access_id: str,
        access_key: str,
        domain: str,
        *,
        platform: str,
        protocol: str = "https",
        channel: str = "4",
        version: str = "2.0.0",
        language: str = "1",
        timeout: Timeout = 60,
        session: Optional[requests.Session] = None,
        retry: Optional[RetryPolicy] = None,
        min_interval: float = 0.0,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.time,
    ) -> None:
        if not access_id or not access_key:
            raise RenderbusError("an access id and an access key are both required")
        if protocol not in ("http", "https"):
            raise RenderbusError(f"protocol must be 'http' or 'https', got {protocol!r}")
        if not domain or "/" in domain:
            raise RenderbusError(f"domain must be a host name with an optional :port, got {domain!r}")
        self.access_id = str(access_id)
        self._access_key = str(access_key)
        self.domain = domain
        self.base_url = f"{protocol}://{domain}"
        self.platform = str(platform)
        self.channel = str(channel)
        self.version = str(version)
        self.language = str(language)
        self.timeout = timeout
        self.retry = retry or RetryPolicy()
        self.min_interval = float(min_interval)
        self._own_session = session is None
        self._session = session or requests.Session()
        self._sleep = sleep
        #: Wall clock used to stamp requests (replaceable, e.g. to replay a request in a test).
        self.clock = clock
        self._clock_offset = 0.0
        self._throttle_lock = threading.Lock()
        self._last_request = 0.0

    def __repr__(self) -> str:
        # Never show the access key.
        return f"Transport({self.base_url!r}, access_id={self.access_id!r}, platform={self.platform!r})"

    @property
    def clock_offset(self) -> float:
        """Seconds added to the local clock when stamping requests (set after a 610)."""
        return self._clock_offset

    def close(self) -> None:
        """Release pooled connections (only when this transport created the session)."""
        if self._own_session:
            self._session.close()

    # -- the retry loop -------------------------------------------------------------------------

    def post(self, path: str, body: Optional[Mapping[str, Any]] = None, *, safe: bool = True) -> Any:
        """POST ``body`` to ``path`` and return the envelope's ``data`` (``None`` kept as ``None``).

        ``safe`` says whether repeating the call after an ambiguous failure is harmless.
        """
        body = dict(body or {})
        check_body_values(body, path)
        payload = json.dumps(body).encode("ascii")
        resynced = False
        rate_limited = 0
        failures = 0
        while True:
            try:
                return self._attempt(path, body, payload)
            except SignatureExpired as exc:
                if resynced or exc.server_time is None:
                    raise
                self._resync(exc.server_time)
                resynced = True
            except RateLimited:
                rate_limited += 1
                if rate_limited > self.retry.rate_limit_retries:
                    raise
                log.warning("%s: farm rate limit, waiting %.1fs", path, self.retry.rate_limit_wait)
                self._sleep(self.retry.rate_limit_wait)
            except (TransportError, ServerError) as exc:
                failures += 1
                if (exc.ambiguous and not safe) or failures >= self.retry.attempts:
                    raise
                delay = self.retry.delay(failures)
                log.warning(
                    "%s failed (%s); retry %d/%d in %.2fs",
                    path,
                    exc.message,
                    failures,
                    self.retry.attempts - 1,
                    delay,
                )
                self._sleep(delay)

    def _resync(self, server_time_ms: int) -> None:
        self._clock_offset = float(server_time_ms) / 1000.0 - self.clock()
        log.info("signature expired: clock offset corrected to %+.1fs from serverTime", self._clock_offset)

    # -- one attempt ------------------------------------------------------------------------------

    def _throttle(self) -> None:
        if self.min_interval <= 0:
            return
        with self._throttle_lock:
            wait = self._last_request + self.min_interval - time.monotonic()
            if wait > 0:
                log.debug("throttle: waiting %.2fs before the next request", wait)
                self._sleep(wait)
            self._last_request = time.monotonic()

    def _attempt(self, path: str, body: Dict[str, Any], payload: bytes) -> Any:
        self._throttle()
        headers = signing.signed_headers(
            self.access_id,
            self._access_key,
            self.domain,
            path,
            body,
            platform=self.platform,
            channel=self.channel,
            version=self.version,
            timestamp=int(self.clock() + self._clock_offset),
        )
        headers["languageFlag"] = self.language
        started = time.monotonic()
        try:
            response = self._session.post(
                self.base_url + path,
                data=payload,
                headers=headers,
                timeout=self.timeout,
                allow_redirects=False,
            )
        except requests.exceptions.ConnectTimeout as exc:
            raise TransportError(
                f"could not connect to {self.domain}: {_short(exc)}", sent=False, path=path
            ) from exc
        except requests.exceptions.Timeout as exc:
            raise TransportError(f"no answer within {self.timeout}s", path=path) from exc
        except requests.exceptions.ConnectionError as exc:
            sent = not _never_connected(exc)
            raise TransportError(
                f"connection to {self.domain} failed: {_short(exc)}", sent=sent, path=path
            ) from exc
        except requests.exceptions.RequestException as exc:
            raise TransportError(f"request failed: {_short(exc)}", path=path) from exc
        try:
            data = read_envelope(path, response)
        except RenderbusError as exc:
            log.debug("POST %s -> %s in %.0f ms", path, type(exc).__name__, _ms_since(started))
            raise
        log.debug("POST %s -> 200 in %.0f ms", path, _ms_since(started))
        return data


def read_envelope(path: str, response: requests.Response) -> Any:
    """Check HTTP status and envelope ``code``; return ``data`` or raise the matching typed error."""
    status = response.status_code
    try:
        envelope = response.json()
    except ValueError:
        envelope = None
    if not isinstance(envelope, dict) or "code" not in envelope:
        raise _error_without_envelope(path, response)
    message = str(envelope.get("message") or "")
    details: Dict[str, Any] = {
        "code": _as_int(envelope.get("code")),
        "request_id": envelope.get("requestId"),
        "server_time": _as_int(envelope.get("serverTime")),
        "path": path,
        "http_status": status,
    }
    if details["code"] != 200:
        cls = error_class_for_code(details["code"], message)
        if cls is RenderbusError and status >= 500:
            cls = ServerError
        raise cls(message or "request refused", data=envelope.get("data"), **details)
    if not 200 <= status < 300:
        cls = error_class_for_http(status)
        raise cls(f"HTTP {status} {response.reason or ''}".strip() + " despite a success envelope", **details)
    return envelope.get("data")


def _error_without_envelope(path: str, response: requests.Response) -> RenderbusError:
    status = response.status_code
    excerpt = _excerpt(response.text)
    if RATE_LIMIT_TEXT in excerpt.lower():
        return RateLimited(excerpt, path=path, http_status=status)
    what = "not a Renderbus envelope" if excerpt else "an empty body"
    message = f"HTTP {status}: the answer is {what}" + (f": {excerpt!r}" if excerpt else "")
    if 200 <= status < 300:
        return TransportError(message, path=path, http_status=status)
    if 300 <= status < 400:
        where = response.headers.get("Location", "elsewhere")
        message = f"HTTP {status}: the farm redirects to {where}; check the protocol and domain settings"
    return error_class_for_http(status)(message, path=path, http_status=status)


def check_body_values(body: Mapping[str, Any], where: str) -> None:
    """Refuse booleans, nulls and floats: their signed rendering is Python-specific (reference §3.1)."""
    for key, value in signing.flatten(body).items():
        if value is None or isinstance(value, (bool, float)):
            raise TypeError(
                f"{where}: body field {key!r} is {value!r}; send strings or integers instead "
                "(booleans, nulls and floats are signed in a Python-specific way)"
            )


def _never_connected(exc: BaseException) -> bool:
    """True when urllib3 says no connection was made (so nothing reached the farm)."""
    from urllib3.exceptions import NewConnectionError

    seen = set()
    pending = [exc]
    while pending:
        item = pending.pop()
        if id(item) in seen:
            continue
        seen.add(id(item))
        if isinstance(item, NewConnectionError):
            return True
        for nested in (
            *getattr(item, "args", ()),
            getattr(item, "reason", None),
            item.__cause__,
            item.__context__,
        ):
            if isinstance(nested, BaseException):
                pending.append(nested)
    return False


def _as_int(value: Any) -> Optional[int]:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _excerpt(text: str) -> str:
    flat = " ".join((text or "").split())
    return flat if len(flat) <= EXCERPT_CHARS else flat[:EXCERPT_CHARS] + "..."


def _short(exc: BaseException) -> str:
    return _excerpt(str(exc)) or type(exc).__name__


def _ms_since(started: float) -> float:
    return (time.monotonic() - started) * 1000.0
