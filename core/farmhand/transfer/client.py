"""Signed HTTP calls to a Farmhand farm's storage endpoints.

This is the only module that knows URLs and the envelope; the upload and
download logic above it deals in blobs, chunks and files.  JSON endpoints are
signed like every Renderbus call (headers merged with the body); the binary
PUT/GET endpoints are signed over the headers merged with the query
parameters, because their body is checked by hash, not by signature
(docs: notes/storage-protocol.md).
"""

from __future__ import annotations

import json
import threading
import time
from typing import Any, Dict, Iterable, List, Mapping, Optional
from urllib.parse import quote, urlsplit

import requests

from farmhand.api import signing
from farmhand.transfer.errors import FarmRefused, FarmUnreachable, TransferError

STORAGE_PREFIX = "/api/farmhand"
# Connect timeout, then read timeout: the final chunk of a 4 GB blob waits for
# the farm to re-hash the whole blob before it answers.
CONNECT_TIMEOUT = 10.0
READ_TIMEOUT = 600.0
CODE_PARAMETER_INVALID = 600
CODE_SIGNATURE_EXPIRED = 610
SIGNATURE_RETRIES = 3
# Server-side envelope codes worth another try (renderbus-protocol.md §5.1).
RETRYABLE_CODES = frozenset({500, 513, 1000})
# Quick retries of one request; the uploader and downloader add slower ones on top.
REQUEST_RETRIES = 5
RETRY_PAUSE = 0.25


class FarmConnection:
    """Where the farm is and who we are; one pooled session per thread."""

    def __init__(
        self,
        base_url: str,
        access_id: str,
        access_key: str,
        *,
        platform: str = "2",
        pool_size: int = 8,
    ) -> None:
        parts = urlsplit(base_url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise TransferError(f"farm URL must be http(s)://host[:port], got {base_url!r}")
        self.base_url = f"{parts.scheme}://{parts.netloc}"
        self.domain = parts.netloc
        self.access_id = access_id
        self._access_key = access_key
        self.platform = str(platform)
        self._pool_size = pool_size
        self._local = threading.local()

    def session(self) -> requests.Session:
        session = getattr(self._local, "session", None)
        if session is None:
            session = requests.Session()
            adapter = requests.adapters.HTTPAdapter(pool_connections=1, pool_maxsize=self._pool_size)
            session.mount("http://", adapter)
            session.mount("https://", adapter)
            self._local.session = session
        return session

    def signed_headers(self, path: str, params: Mapping[str, Any]) -> Dict[str, str]:
        """Fresh protocol headers; ``params`` is the JSON body or the query parameters."""
        headers = signing.signed_headers(
            self.access_id, self._access_key, self.domain, path, dict(params), platform=self.platform
        )
        headers.pop("Content-Type", None)
        return headers


class StorageClient:
    """The five storage endpoints of the farm protocol."""

    def __init__(self, connection: FarmConnection) -> None:
        self.connection = connection

    def check(self, blobs: Iterable[Mapping[str, Any]]) -> List[Dict[str, Any]]:
        """State of each blob: present / partial / absent, with bytes received."""
        data = self._post_json("/storage/check", {"blobs": [dict(b) for b in blobs]})
        return list(data["blobs"])

    def put_chunk(
        self, digest: str, size: int, offset: int, chunk: bytes, chunk_digest: str
    ) -> Dict[str, Any]:
        """Append one chunk; raises FarmRefused (with data) if the farm disagrees."""
        params = {"size": str(size), "offset": str(offset), "chunkSha256": chunk_digest}
        headers = {"Content-Type": "application/octet-stream"}
        path = f"{STORAGE_PREFIX}/blob/{digest}"
        return self._call("PUT", path, params, headers=headers, params=params, data=chunk)

    def link(self, files: Iterable[Mapping[str, Any]]) -> int:
        data = self._post_json("/storage/link", {"files": [dict(f) for f in files]})
        return int(data["linked"])

    def list_outputs(self, task_id: int) -> List[Dict[str, Any]]:
        data = self._post_json("/output/list", {"taskId": int(task_id)})
        return list(data["files"])

    def open_output(self, task_id: int, relative_path: str, start: int = 0) -> requests.Response:
        """A streaming response for one output file, from byte ``start``."""
        # The farm verifies against the decoded URL path, so that is what is signed.
        path = f"{STORAGE_PREFIX}/output/{int(task_id)}/{relative_path}"
        headers = {"Range": f"bytes={start}-"} if start else {}
        for attempt in range(REQUEST_RETRIES + 1):
            try:
                response = self._send("GET", path, quote(path, safe="/"), headers=headers, stream=True)
                if response.status_code in (200, 206) and not _is_json(response):
                    return response
                try:
                    _envelope_data(response, path)
                finally:
                    response.close()
                raise FarmUnreachable(f"farm sent no file for {path}")
            except (FarmRefused, FarmUnreachable) as error:
                if not _worth_retrying(error, attempt):
                    raise
        raise AssertionError("unreachable")  # pragma: no cover

    def _post_json(self, endpoint: str, body: Dict[str, Any]) -> Any:
        path = STORAGE_PREFIX + endpoint
        headers = {"Content-Type": "application/json"}
        return self._call("POST", path, body, headers=headers, data=json.dumps(body).encode("ascii"))

    def _call(self, method: str, path: str, signed: Mapping[str, Any], **kwargs: Any) -> Any:
        """Send and unwrap the envelope, retrying what is safe to retry.

        Every storage call is idempotent (a repeated chunk is refused with the
        offset to resume from), so network failures and server-side codes are
        retried after a short pause, and a 610 is retried with a fresh
        signature: nonces are six random digits per second, so parallel chunk
        uploads can collide with an earlier request's nonce.
        """
        for attempt in range(REQUEST_RETRIES + 1):
            try:
                response = self._send(method, path, path, signed=signed, **kwargs)
                return _envelope_data(response, path)
            except (FarmRefused, FarmUnreachable) as error:
                if not _worth_retrying(error, attempt):
                    raise
        raise AssertionError("unreachable")  # pragma: no cover

    def _send(
        self,
        method: str,
        path: str,
        url_path: str,
        *,
        headers: Dict[str, str],
        signed: Optional[Mapping[str, Any]] = None,
        **kwargs: Any,
    ) -> requests.Response:
        url = self.connection.base_url + url_path
        all_headers = self.connection.signed_headers(path, signed or {})
        all_headers.update(headers)
        try:
            return self.connection.session().request(
                method, url, headers=all_headers, timeout=(CONNECT_TIMEOUT, READ_TIMEOUT), **kwargs
            )
        except requests.RequestException as exc:
            raise FarmUnreachable(f"cannot reach the farm at {url}: {exc}") from exc


def _worth_retrying(error: TransferError, attempt: int) -> bool:
    if attempt >= REQUEST_RETRIES:
        return False
    if isinstance(error, FarmRefused):
        if error.code == CODE_SIGNATURE_EXPIRED:
            return True
        if error.code not in RETRYABLE_CODES:
            return False
    time.sleep(RETRY_PAUSE * 2**attempt)
    return True


def _is_json(response: requests.Response) -> bool:
    return response.headers.get("Content-Type", "").startswith("application/json")


def _envelope_data(response: requests.Response, path: str) -> Any:
    try:
        envelope = response.json()
    except ValueError:  # requests' JSONDecodeError is one, and must not be taken for a broken stream
        excerpt = response.text[:200].replace("\n", " ")
        raise FarmUnreachable(
            f"farm answered {path} with HTTP {response.status_code} and no JSON: {excerpt!r}"
        ) from None
    except requests.RequestException as exc:  # the body broke off (stream=True reads it here)
        raise FarmUnreachable(f"farm answer to {path} broke off: {exc}") from exc
    if not isinstance(envelope, dict) or "code" not in envelope:
        raise FarmUnreachable(f"farm answered {path} without an envelope (HTTP {response.status_code})")
    if envelope["code"] != 200:
        raise FarmRefused(path, int(envelope["code"]), str(envelope.get("message", "")), envelope.get("data"))
    if not 200 <= response.status_code < 300:
        raise FarmUnreachable(f"farm answered {path} with HTTP {response.status_code}")
    return envelope.get("data")
