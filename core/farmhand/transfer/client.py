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
from typing import Any, Dict, Iterable, List, Mapping, Optional
from urllib.parse import quote, urlsplit

import requests

from farmhand.api import signing
from farmhand.transfer.errors import FarmRefused, TransferError

STORAGE_PREFIX = "/api/farmhand"
# Connect timeout, then read timeout: the final chunk of a 4 GB blob waits for
# the farm to re-hash the whole blob before it answers.
CONNECT_TIMEOUT = 10.0
READ_TIMEOUT = 600.0
CODE_PARAMETER_INVALID = 600
CODE_SIGNATURE_EXPIRED = 610
SIGNATURE_RETRIES = 3


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
        for attempt in range(SIGNATURE_RETRIES + 1):
            response = self._send("GET", path, quote(path, safe="/"), headers=headers, stream=True)
            if response.status_code in (200, 206) and not _is_json(response):
                return response
            try:
                _envelope_data(response, path)
            except FarmRefused as refusal:
                if refusal.code != CODE_SIGNATURE_EXPIRED or attempt == SIGNATURE_RETRIES:
                    raise
            finally:
                response.close()
        raise TransferError(f"farm sent no file for {path}")

    def _post_json(self, endpoint: str, body: Dict[str, Any]) -> Any:
        path = STORAGE_PREFIX + endpoint
        headers = {"Content-Type": "application/json"}
        return self._call("POST", path, body, headers=headers, data=json.dumps(body).encode("ascii"))

    def _call(self, method: str, path: str, signed: Mapping[str, Any], **kwargs: Any) -> Any:
        """Send and unwrap the envelope, re-signing after a 610.

        Nonces are six random digits per second, so parallel chunk uploads can
        collide with an earlier request's nonce; a fresh signature fixes that.
        """
        for attempt in range(SIGNATURE_RETRIES + 1):
            response = self._send(method, path, path, signed=signed, **kwargs)
            try:
                return _envelope_data(response, path)
            except FarmRefused as refusal:
                if refusal.code != CODE_SIGNATURE_EXPIRED or attempt == SIGNATURE_RETRIES:
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
            raise TransferError(f"cannot reach the farm at {url}: {exc}") from exc


def _is_json(response: requests.Response) -> bool:
    return response.headers.get("Content-Type", "").startswith("application/json")


def _envelope_data(response: requests.Response, path: str) -> Any:
    try:
        envelope = response.json()
    except ValueError:
        excerpt = response.text[:200].replace("\n", " ")
        raise TransferError(
            f"farm answered {path} with HTTP {response.status_code} and no JSON: {excerpt!r}"
        ) from None
    if not isinstance(envelope, dict) or "code" not in envelope:
        raise TransferError(f"farm answered {path} without an envelope (HTTP {response.status_code})")
    if envelope["code"] != 200:
        raise FarmRefused(path, int(envelope["code"]), str(envelope.get("message", "")), envelope.get("data"))
    if not 200 <= response.status_code < 300:
        raise TransferError(f"farm answered {path} with HTTP {response.status_code}")
    return envelope.get("data")
