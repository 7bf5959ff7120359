"""Downloading a task's outputs: whole task, chosen frames, or only what is new.

Each file is written to ``<name>.part`` (resumed with an HTTP Range from the
bytes already there), verified against the SHA-256 the farm listed, and only
then renamed over the final name, so a file under its final name is always
complete and verified.  A re-run skips files already present with the right
hash, using the hash cache so an unchanged file is not re-read.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, Iterable, List, Optional

import requests

from farmhand.transfer.cancel import CancelToken, ensure_token
from farmhand.transfer.client import StorageClient
from farmhand.transfer.errors import FarmUnreachable, TransferError
from farmhand.transfer.hashcache import HashCache
from farmhand.transfer.hashing import hash_file, new_hasher
from farmhand.transfer.pool import run_parallel
from farmhand.transfer.progress import ProgressCallback, ProgressTracker

PART_SUFFIX = ".part"
MAX_NETWORK_RETRIES = 5
# Small enough that a cancel takes effect quickly, large enough to keep syscalls cheap.
READ_SIZE = 256 * 1024


@dataclass
class DownloadReport:
    files_total: int = 0
    files_downloaded: int = 0
    files_skipped: int = 0
    bytes_total: int = 0
    bytes_received: int = 0
    bytes_resumed: int = 0
    paths: List[str] = field(default_factory=list)


class Downloader:
    """Fetches a task's output files into a local directory."""

    def __init__(self, client: StorageClient, cache: HashCache, *, workers: int = 4) -> None:
        self.client = client
        self.cache = cache
        self.workers = workers
        self._lock = threading.Lock()

    def download(
        self,
        task_id: int,
        dest: os.PathLike,
        *,
        frames: Optional[Iterable[int]] = None,
        only_new: bool = True,
        progress: Optional[ProgressCallback] = None,
        cancel: Optional[CancelToken] = None,
    ) -> DownloadReport:
        token = ensure_token(cancel)
        root = Path(dest).resolve()
        _prepare_folder(root)
        listed = select_outputs(self.client.list_outputs(task_id), frames)
        report = DownloadReport(files_total=len(listed), bytes_total=sum(int(f["size"]) for f in listed))
        tracker = ProgressTracker(
            progress, "downloading", files_total=len(listed), bytes_total=report.bytes_total
        )

        def fetch(entry: Dict[str, Any], inner: CancelToken) -> None:
            target = confined_target(root, entry["path"])
            size = int(entry["size"])
            if only_new and self._matches(target, size, entry["sha256"]):
                with self._lock:
                    report.files_skipped += 1
                tracker.skip_bytes(size, str(target))
            else:
                self._fetch_with_retries(task_id, entry, target, tracker, inner, report)
                with self._lock:
                    report.files_downloaded += 1
            with self._lock:
                report.paths.append(str(target))
            tracker.file_done(str(target))

        run_parallel(fetch, listed, workers=self.workers, cancel=token)
        report.paths.sort()
        tracker.finish()
        return report

    def _matches(self, target: Path, size: int, digest: str) -> bool:
        try:
            info = target.stat()
        except OSError:
            return False
        if info.st_size != size:
            return False
        known = self.cache.lookup(str(target), info.st_size, info.st_mtime_ns)
        if known is None:
            known = hash_file(str(target))
            self.cache.store(str(target), info.st_size, info.st_mtime_ns, known)
        return known == digest

    def _fetch_with_retries(
        self, task_id: int, entry, target: Path, tracker, token: CancelToken, report
    ) -> None:
        """Each retry resumes from the part file, so a dropped connection costs little."""
        for attempt in range(MAX_NETWORK_RETRIES + 1):
            try:
                self._fetch_file(task_id, entry, target, tracker, token, report)
                return
            except FarmUnreachable:
                if attempt == MAX_NETWORK_RETRIES:
                    raise
                token.sleep(min(30.0, 0.5 * 2.0**attempt))

    def _fetch_file(self, task_id: int, entry, target: Path, tracker, token: CancelToken, report) -> None:
        size, expected, relative = int(entry["size"]), entry["sha256"], entry["path"]
        part = target.with_name(target.name + PART_SUFFIX)
        target.parent.mkdir(parents=True, exist_ok=True)
        start = part.stat().st_size if part.exists() else 0
        if start > size:
            start = 0
            part.unlink()
        hasher = new_hasher()
        if start:
            _hash_prefix(part, start, hasher, token)
            tracker.skip_bytes(start, str(target))
            with self._lock:
                report.bytes_resumed += start
        if start < size or size == 0:
            hasher = self._receive(task_id, relative, part, start, hasher, target, tracker, token, report)
        token.raise_if_cancelled()
        _verify_and_place(part, target, size, expected, hasher.hexdigest())
        info = target.stat()
        self.cache.store(str(target), info.st_size, info.st_mtime_ns, expected)

    def _receive(
        self, task_id, relative: str, part: Path, start: int, hasher, target, tracker, token, report
    ):
        """Append the file's bytes from ``start`` to the part file; return the hasher of the whole part."""
        response = self.client.open_output(task_id, relative, start)
        try:
            if start and response.status_code != 206:
                # The farm ignored the range: start over rather than append a second copy.
                start, hasher = 0, new_hasher()
            with open(part, "r+b" if start else "wb") as stream:
                stream.seek(start)
                stream.truncate()
                try:
                    for block in response.iter_content(READ_SIZE):
                        token.raise_if_cancelled()
                        stream.write(block)
                        hasher.update(block)
                        tracker.add_bytes(len(block), str(target))
                        with self._lock:
                            report.bytes_received += len(block)
                except requests.RequestException as exc:
                    raise FarmUnreachable(f"download of {relative} broke off: {exc}") from exc
                stream.flush()
                os.fsync(stream.fileno())
        finally:
            response.close()
        return hasher


def select_outputs(files: List[Dict[str, Any]], frames: Optional[Iterable[int]]) -> List[Dict[str, Any]]:
    """All files, or only those of the given frames (files with no frame are then left out)."""
    if frames is None:
        return list(files)
    wanted = {int(f) for f in frames}
    return [f for f in files if f.get("frame") is not None and int(f["frame"]) in wanted]


def confined_target(root: Path, relative: str) -> Path:
    """Where an output lands locally; refuses anything that would escape ``root``."""
    if not relative or "\x00" in relative or "\\" in relative or relative.startswith("/"):
        raise TransferError(f"farm listed an unsafe output path {relative!r}")
    parts = relative.split("/")
    if any(part in ("", ".", "..") for part in parts):
        raise TransferError(f"farm listed an unsafe output path {relative!r}")
    target = root.joinpath(*parts)
    if root not in target.resolve().parents:
        raise TransferError(f"output {relative!r} would land outside {root}")
    return target


def _hash_prefix(part: Path, length: int, hasher, token: CancelToken) -> None:
    remaining = length
    with open(part, "rb") as stream:
        while remaining:
            token.raise_if_cancelled()
            block = stream.read(min(READ_SIZE * 4, remaining))
            if not block:
                break
            hasher.update(block)
            remaining -= len(block)


def _verify_and_place(part: Path, target: Path, size: int, expected: str, actual: str) -> None:
    got = part.stat().st_size
    if got != size or actual != expected:
        part.unlink()
        raise TransferError(
            f"download of {target} failed verification (got {got} of {size} bytes, sha256 {actual[:12]}..., "
            f"expected {expected[:12]}...); run the download again"
        )
    os.replace(part, target)


def _prepare_folder(root: Path) -> None:
    """Make the folder before asking the farm: a file in the way or no permission is the user's to fix."""
    try:
        root.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise TransferError(f"cannot download into {root}: it is a file, not a folder") from None
    except OSError as exc:
        raise TransferError(f"cannot download into {root}: {exc.strerror or exc}") from exc
