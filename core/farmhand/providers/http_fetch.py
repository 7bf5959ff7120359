"""Fetching one large file over plain HTTP(S), streamed and resumable.

Farm outputs reached through signed URLs (Rentaflop's S3 archive, SRP's cloud
storage) arrive through here.  Bytes go to ``<target>.part``; after a broken
connection the next attempt asks for the rest with a Range header (a fresh URL
each time, since signed URLs expire) and the file is renamed to its final name
only when it has the announced length.  A server that ignores the Range, or
whose object changed (``If-Range`` with the first answer's ETag), gets a
restart from zero, never a file spliced from two versions.
"""

from __future__ import annotations

import os
import re
from typing import Callable, Optional

import requests

from farmhand.transfer.cancel import CancelToken, ensure_token
from farmhand.transfer.errors import FarmUnreachable, TransferError
from farmhand.transfer.progress import ProgressCallback, ProgressTracker

PART_SUFFIX = ".part"
ETAG_SUFFIX = ".etag"
# A broken connection loses at most the block being read; small enough for a prompt cancel too.
READ_SIZE = 64 * 1024
MAX_ATTEMPTS = 5
_CONTENT_RANGE = re.compile(r"bytes (\d+)-(\d+)/(\d+|\*)")


def fetch_file(
    url_source: Callable[[], str],
    target: str,
    *,
    session: Optional[requests.Session] = None,
    progress: Optional[ProgressCallback] = None,
    cancel: Optional[CancelToken] = None,
    attempts: int = MAX_ATTEMPTS,
    timeout: float = 60.0,
) -> str:
    """Download to ``target`` (resuming a ``.part`` left by an earlier try); returns ``target``."""
    cancel = ensure_token(cancel)
    session = session or requests.Session()
    partial = target + PART_SUFFIX
    os.makedirs(os.path.dirname(os.path.abspath(target)), exist_ok=True)
    tracker = ProgressTracker(progress, "downloading", files_total=1)
    last_error: Optional[Exception] = None
    seen = _EtagFile(partial + ETAG_SUFFIX)
    for attempt in range(attempts):
        cancel.raise_if_cancelled()
        try:
            _fetch_once(session, url_source(), partial, tracker, cancel, timeout, seen)
            os.replace(partial, target)
            seen.forget()
            tracker.file_done(os.path.basename(target))
            tracker.finish()
            return target
        except (requests.ConnectionError, requests.Timeout, requests.exceptions.ChunkedEncodingError) as exc:
            last_error = exc
            cancel.sleep(min(2.0**attempt * 0.25, 10.0))
    raise FarmUnreachable(f"download of {os.path.basename(target)} failed {attempts} times: {last_error}")


class _EtagFile:
    """The ETag of the object a ``.part`` holds the start of, kept beside it for later runs."""

    def __init__(self, path: str) -> None:
        self.path = path

    def get(self) -> str:
        try:
            with open(self.path, encoding="ascii") as handle:
                return handle.read().strip()
        except (OSError, UnicodeDecodeError):
            return ""

    def remember(self, etag: str) -> None:
        with open(self.path, "w", encoding="ascii", errors="replace") as handle:
            handle.write(etag)

    def forget(self) -> None:
        if os.path.exists(self.path):
            os.unlink(self.path)


def _fetch_once(session, url: str, partial: str, tracker, cancel, timeout: float, seen: _EtagFile) -> None:
    have = os.path.getsize(partial) if os.path.exists(partial) else 0
    headers = {"Range": f"bytes={have}-"} if have else {}
    if have and seen.get():
        headers["If-Range"] = seen.get()
    with session.get(url, headers=headers, stream=True, timeout=timeout) as response:
        if response.headers.get("ETag") and response.status_code == 200:
            seen.remember(response.headers["ETag"])  # a fresh start: the object the .part now holds
        if response.status_code == 416 and have:  # nothing left: the .part is complete, or stale
            os.unlink(partial)
            raise requests.ConnectionError("the partial download did not match the file; starting over")
        if response.status_code not in (200, 206):
            raise TransferError(f"download refused: HTTP {response.status_code} {_short(response.text)}")
        start, total = _span(response, have)
        tracker.start_phase("downloading", files_total=1, bytes_total=total)
        tracker.skip_bytes(start)
        with open(partial, "r+b" if start else "wb") as sink:
            sink.seek(start)
            sink.truncate()
            for block in response.iter_content(READ_SIZE):
                cancel.raise_if_cancelled()
                sink.write(block)
                tracker.add_bytes(len(block))
            written = sink.tell()
    if total >= 0 and written != total:
        raise requests.ConnectionError(f"the connection closed after {written} of {total} bytes")


def _span(response: requests.Response, have: int):
    """(offset the body starts at, full length or -1); a 200 means the whole file again."""
    if response.status_code == 206:
        match = _CONTENT_RANGE.match(response.headers.get("Content-Range", ""))
        if not match or int(match.group(1)) != have:
            raise TransferError(
                f"the server answered an unexpected range: {response.headers.get('Content-Range')}"
            )
        total = match.group(3)
        return have, int(total) if total != "*" else -1
    length = response.headers.get("Content-Length")
    return 0, int(length) if length and length.isdigit() else -1


def _short(text: str) -> str:
    return " ".join(text.split())[:200]
