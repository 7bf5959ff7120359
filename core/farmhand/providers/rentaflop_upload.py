"""Posting one file to an S3 presigned-POST form, streamed with constant memory.

``requests`` builds a multipart body in memory and fails above 2 GiB
(services.md §1.6), so the body is sent by hand over ``http.client``: the form
fields (every one, unchanged, in the order the farm returned them) and the
file-part header are pre-built as a prefix, the closing boundary as a suffix,
and the file goes in between in chunks with an explicit Content-Length.
Progress is reported and the cancel token checked between chunks.
"""

from __future__ import annotations

import http.client
import os
import secrets
import ssl
import xml.etree.ElementTree as ET
from typing import List, Mapping, Optional, Tuple
from urllib.parse import urlsplit

from farmhand.transfer.cancel import CancelToken, ensure_token
from farmhand.transfer.errors import FarmUnreachable, FileChangedError, TransferError
from farmhand.transfer.progress import ProgressCallback, ProgressTracker

CHUNK_SIZE = 4 * 1024 * 1024
SUCCESS_STATUSES = (200, 201, 204)
# An S3 error document is a few hundred bytes; never read an unbounded body.
MAX_ERROR_BODY = 64 * 1024


class S3Error(TransferError):
    """S3 refused the upload; ``code`` is S3's error code (AccessDenied, EntityTooLarge...)."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(f"S3 refused the upload (HTTP {status}): {code}: {message}")
        self.status = status
        self.code = code
        self.message = message


def parse_s3_error(status: int, body: bytes) -> S3Error:
    """An S3 XML error body as an exception; a non-XML body is kept short and quoted."""
    try:
        root = ET.fromstring(body)
        code = root.findtext("Code") or "Unknown"
        message = root.findtext("Message") or ""
    except ET.ParseError:
        code, message = "Unknown", body[:200].decode("utf-8", "replace").strip() or "(empty body)"
    return S3Error(status, code, message)


def multipart_parts(fields: List[Tuple[str, str]], filename: str, boundary: str) -> Tuple[bytes, bytes]:
    """The body before and after the file bytes (fields first, file part last)."""
    lines = []
    for name, value in fields:
        lines.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{_quote(name)}"\r\n\r\n')
        lines.append(f"{value}\r\n")
    lines.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{_quote(filename)}"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n"
    )
    prefix = "".join(lines).encode("utf-8")
    return prefix, f"\r\n--{boundary}--\r\n".encode("ascii")


def _quote(text: str) -> str:
    """Header-parameter safe: quotes and line breaks would end the parameter or the header."""
    return text.replace("\\", "\\\\").replace('"', "%22").replace("\r", "%0D").replace("\n", "%0A")


def choose_boundary(fields: List[Tuple[str, str]]) -> str:
    while True:
        boundary = secrets.token_hex(16)
        if not any(boundary in name or boundary in value for name, value in fields):
            return boundary


def post_file(
    url: str,
    fields: Mapping[str, str],
    path: str,
    *,
    progress: Optional[ProgressCallback] = None,
    cancel: Optional[CancelToken] = None,
    chunk_size: int = CHUNK_SIZE,
    timeout: float = 300.0,
) -> int:
    """POST ``path`` to the presigned ``url`` with ``fields``; returns the HTTP status (204 or 201)."""
    cancel = ensure_token(cancel)
    ordered = [(str(name), str(value)) for name, value in fields.items()]
    boundary = choose_boundary(ordered)
    prefix, suffix = multipart_parts(ordered, os.path.basename(path), boundary)
    with open(path, "rb") as handle:
        size = os.fstat(handle.fileno()).st_size
        tracker = ProgressTracker(progress, "uploading", files_total=1, bytes_total=size)
        connection = _connect(url, timeout)
        try:
            _send_headers(connection, url, boundary, len(prefix) + size + len(suffix))
            try:
                connection.send(prefix)
                _send_file(connection, handle, size, path, tracker, cancel, chunk_size)
                connection.send(suffix)
            except OSError as exc:
                # S3 may answer and close before the body ends (EntityTooLarge): read that answer.
                _raise_early_answer(connection, exc)
            status, body = _read_response(connection)
        finally:
            connection.close()
    if status not in SUCCESS_STATUSES:
        raise parse_s3_error(status, body)
    tracker.file_done(os.path.basename(path))
    tracker.finish()
    return status


def _connect(url: str, timeout: float) -> http.client.HTTPConnection:
    parts = urlsplit(url)
    if parts.scheme == "https":
        return http.client.HTTPSConnection(
            parts.hostname or "", parts.port, timeout=timeout, context=ssl.create_default_context()
        )
    if parts.scheme == "http":
        return http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=timeout)
    raise TransferError(f"upload URL has an unsupported scheme {parts.scheme!r}")


def _send_headers(connection: http.client.HTTPConnection, url: str, boundary: str, length: int) -> None:
    parts = urlsplit(url)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    try:
        connection.putrequest("POST", target)
        connection.putheader("Content-Type", f"multipart/form-data; boundary={boundary}")
        connection.putheader("Content-Length", str(length))
        connection.endheaders()
    except OSError as exc:
        raise FarmUnreachable(f"cannot reach the upload server {parts.hostname}: {exc}") from exc


def _send_file(connection, handle, size: int, path: str, tracker, cancel: CancelToken, chunk: int) -> None:
    remaining = size
    name = os.path.basename(path)
    while remaining > 0:
        cancel.raise_if_cancelled()
        block = handle.read(min(chunk, remaining))
        if not block:
            raise FileChangedError(f"{path} became shorter while it was being uploaded")
        connection.send(block)
        remaining -= len(block)
        tracker.add_bytes(len(block), name)


def _raise_early_answer(connection: http.client.HTTPConnection, error: OSError) -> None:
    status, body = _read_response(connection)
    if status in SUCCESS_STATUSES:
        raise FarmUnreachable(f"the upload connection broke: {error}") from error
    raise parse_s3_error(status, body) from error


def _read_response(connection: http.client.HTTPConnection) -> Tuple[int, bytes]:
    try:
        response = connection.getresponse()
        return response.status, response.read(MAX_ERROR_BODY)
    except (OSError, http.client.HTTPException) as exc:
        raise FarmUnreachable(f"no answer from the upload server: {exc}") from exc
