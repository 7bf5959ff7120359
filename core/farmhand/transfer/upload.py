"""Uploading a plan: stat, hash (through the cache), ask the farm, send what it lacks.

The farm stores content by SHA-256, so the question "what must travel" is
answered per blob: present blobs cost nothing, partial ones resume at the
byte the farm says it holds (so a run killed with SIGKILL re-sends at most the
one chunk that was in flight), and duplicate files travel once.  Only after
every blob is verified on the farm are the files linked at their server paths.
"""

from __future__ import annotations

import os
import stat
import threading
from dataclasses import dataclass
from typing import Callable, Dict, List, Optional

from farmhand.transfer.cancel import CancelToken, ensure_token
from farmhand.transfer.chunk_reader import ChunkReader
from farmhand.transfer.client import CODE_PARAMETER_INVALID, StorageClient
from farmhand.transfer.errors import FarmRefused, FarmUnreachable, FileChangedError, TransferError
from farmhand.transfer.hashcache import HashCache
from farmhand.transfer.hashing import hash_file
from farmhand.transfer.plan import DEFAULT_CHUNK_SIZE, UploadItem, UploadPlan
from farmhand.transfer.pool import run_parallel
from farmhand.transfer.progress import ProgressCallback, ProgressTracker

# Requests per check/link call: keeps each signed body well below any size limit.
BATCH = 500
# Network failures tolerated per blob before giving up (each waits longer).
MAX_NETWORK_RETRIES = 5
# Times the farm may move our offset (another process uploading the same blob).
MAX_RESYNCS = 50
MAX_CHUNK_RETRIES = 2
# Another process uploading the same blob: wait this long between checks, and give
# up only after this many checks in a row without the farm gaining a byte.
BUSY_PAUSE = 0.5
MAX_BUSY_WAITS = 120

# Called as (event, digest, offset, length) with event "start" before a chunk
# is sent and "done" once the farm acknowledged it; tools and tests use it to
# see exactly which bytes travelled.
ChunkObserver = Callable[[str, str, int, int], None]


@dataclass
class LocalFile:
    item: UploadItem
    size: int
    mtime_ns: int
    digest: str = ""

    @property
    def path(self) -> str:
        return self.item.local


@dataclass
class UploadReport:
    files_total: int = 0
    files_uploaded: int = 0
    files_skipped: int = 0
    files_hashed: int = 0
    cache_hits: int = 0
    bytes_total: int = 0
    bytes_sent: int = 0
    bytes_skipped: int = 0
    bytes_hashed: int = 0
    chunks_sent: int = 0
    linked: int = 0


class Uploader:
    """Runs one upload plan against a farm's storage endpoints."""

    def __init__(
        self,
        client: StorageClient,
        cache: HashCache,
        *,
        workers: int = 4,
        chunk_size: int = DEFAULT_CHUNK_SIZE,
        chunk_observer: Optional[ChunkObserver] = None,
    ) -> None:
        self.client = client
        self.cache = cache
        self.workers = workers
        self.chunk_size = chunk_size
        self.chunk_observer = chunk_observer
        self._lock = threading.Lock()

    def upload(
        self,
        plan: UploadPlan,
        progress: Optional[ProgressCallback] = None,
        cancel: Optional[CancelToken] = None,
    ) -> UploadReport:
        token = ensure_token(cancel)
        report = UploadReport()
        files = [_stat(item) for item in plan.items]
        report.files_total = len(files)
        report.bytes_total = sum(f.size for f in files)
        tracker = ProgressTracker(progress, "hashing", files_total=len(files), bytes_total=report.bytes_total)
        self._hash_all(files, tracker, token, report)
        token.raise_if_cancelled()
        blobs = _unique_blobs(files)
        received = self._check(blobs)
        tracker.start_phase("uploading", files_total=len(files), bytes_total=report.bytes_total)
        self._send_all(blobs, received, tracker, token, report)
        token.raise_if_cancelled()
        report.linked = self._link(files)
        tracker.finish()
        return report

    # -- hashing ---------------------------------------------------------------

    def _hash_all(self, files: List[LocalFile], tracker: ProgressTracker, token: CancelToken, report) -> None:
        missing = []
        for local in files:
            cached = self.cache.lookup(local.path, local.size, local.mtime_ns)
            if cached:
                local.digest = cached
                report.cache_hits += 1
                tracker.skip_bytes(local.size, local.path)
                tracker.file_done(local.path)
            else:
                missing.append(local)

        def hash_one(local: LocalFile, inner: CancelToken) -> None:
            local.digest = hash_file(
                local.path, cancel=inner, on_bytes=lambda n: tracker.add_bytes(n, local.path)
            )
            _assert_unchanged(local, "while it was being hashed")
            self.cache.store(local.path, local.size, local.mtime_ns, local.digest)
            with self._lock:
                report.files_hashed += 1
                report.bytes_hashed += local.size
            tracker.file_done(local.path)

        run_parallel(hash_one, missing, workers=self.workers, cancel=token)
        tracker.finish()

    # -- asking the farm -------------------------------------------------------

    def _check(self, blobs: Dict[str, List[LocalFile]]) -> Dict[str, Optional[int]]:
        """Bytes the farm holds per digest; None for a stored (verified) blob."""
        received: Dict[str, Optional[int]] = {}
        digests = list(blobs)
        for start in range(0, len(digests), BATCH):
            batch = digests[start : start + BATCH]
            answer = self.client.check({"hash": d, "size": blobs[d][0].size} for d in batch)
            for state in answer:
                received[state["hash"]] = None if state["state"] == "present" else int(state["received"])
        return received

    def _link(self, files: List[LocalFile]) -> int:
        linked = 0
        for start in range(0, len(files), BATCH):
            batch = files[start : start + BATCH]
            linked += self.client.link(
                {"server": f.item.server, "hash": f.digest, "size": f.size} for f in batch
            )
        return linked

    # -- sending ---------------------------------------------------------------

    def _send_all(self, blobs, received, tracker: ProgressTracker, token: CancelToken, report) -> None:
        pending = []
        for digest, copies in blobs.items():
            size = copies[0].size
            farm_has = received.get(digest, 0)
            have = size if farm_has is None else min(farm_has, size)
            tracker.skip_bytes(have + size * (len(copies) - 1), copies[0].path)
            if farm_has is None:
                with self._lock:
                    report.files_skipped += len(copies)
                    report.bytes_skipped += size * len(copies)
                for local in copies:
                    tracker.file_done(local.path)
            else:
                with self._lock:
                    report.bytes_skipped += have + size * (len(copies) - 1)
                pending.append((digest, copies, have))

        def send_one(job, inner: CancelToken) -> None:
            digest, copies, have = job
            self._send_blob(copies[0], have, tracker, inner, report)
            with self._lock:
                report.files_uploaded += len(copies)
            for local in copies:
                tracker.file_done(local.path)

        run_parallel(send_one, pending, workers=self.workers, cancel=token)

    def _send_blob(self, local: LocalFile, offset: int, tracker, token: CancelToken, report) -> None:
        _assert_unchanged(local, "before its upload")
        network_failures = resyncs = chunk_failures = busy_waits = 0
        sent_empty = False
        fresh = False
        with (
            open(local.path, "rb") as stream,
            ChunkReader(stream, local.path, local.size, self.chunk_size) as reader,
        ):
            # An empty file still needs one (empty) chunk for the farm to store it.
            while offset < local.size or (local.size == 0 and not sent_empty):
                sent_empty = True
                token.raise_if_cancelled()
                chunk, chunk_digest = reader.chunk(offset, fresh=fresh)
                fresh = False
                length = len(chunk)
                self._observe("start", local.digest, offset, length)
                with self._lock:
                    report.bytes_sent += length
                    report.chunks_sent += 1
                try:
                    answer = self.client.put_chunk(local.digest, local.size, offset, chunk, chunk_digest)
                except FarmRefused as refusal:
                    reason = _refusal_reason(refusal)
                    if reason == "busy":
                        busy_waits = busy_waits + 1 if offset >= _received(refusal) else 0
                        if busy_waits > MAX_BUSY_WAITS:
                            raise TransferError(
                                f"{local.path}: another upload of the same content makes no progress"
                            ) from refusal
                        token.sleep(BUSY_PAUSE)
                        farm_has = self._check({local.digest: [local]})[local.digest]
                        if farm_has is None:
                            tracker.skip_bytes(local.size - offset, local.path)
                            break
                        offset = self._resync_to(farm_has, offset, local, tracker)
                        continue
                    if reason == "offset" and resyncs < MAX_RESYNCS:
                        resyncs += 1
                        offset = self._resync(refusal, offset, local, tracker)
                        continue
                    if reason == "chunk-hash" and chunk_failures < MAX_CHUNK_RETRIES:
                        chunk_failures += 1
                        fresh = True  # read it from disk again rather than resend the same bytes
                        continue
                    if reason == "blob-hash":
                        _assert_unchanged(local, "during its upload")
                        raise TransferError(
                            f"{local.path}: the farm's copy does not hash to {local.digest}; upload it again"
                        ) from refusal
                    raise
                except FarmUnreachable:
                    # Network failure: ask the farm where it stands, then go on from there.
                    network_failures += 1
                    if network_failures > MAX_NETWORK_RETRIES:
                        raise
                    token.sleep(min(30.0, 0.5 * 2.0 ** (network_failures - 1)))
                    farm_has = self._check({local.digest: [local]})[local.digest]
                    if farm_has is None:
                        break
                    offset = farm_has
                    continue
                self._observe("done", local.digest, offset, length)
                tracker.add_bytes(length, local.path)
                offset = int(answer["received"])
                if answer.get("complete"):
                    break
        _assert_unchanged(local, "during its upload")

    def _resync(self, refusal: FarmRefused, offset: int, local: LocalFile, tracker) -> int:
        return self._resync_to(_received(refusal), offset, local, tracker)

    def _resync_to(self, farm_has: int, offset: int, local: LocalFile, tracker) -> int:
        if not 0 <= farm_has <= local.size:
            raise TransferError(
                f"{local.path}: the farm reports {farm_has} bytes of a {local.size}-byte file"
            )
        if farm_has > offset:
            tracker.skip_bytes(farm_has - offset, local.path)
        return farm_has

    def _observe(self, event: str, digest: str, offset: int, length: int) -> None:
        if self.chunk_observer is not None:
            self.chunk_observer(event, digest, offset, length)


def _stat(item: UploadItem) -> LocalFile:
    try:
        info = os.stat(item.local)
    except OSError as exc:
        raise TransferError(f"cannot upload {item.local}: {exc.strerror}") from exc
    if not stat.S_ISREG(info.st_mode):
        raise TransferError(f"cannot upload {item.local}: not a regular file")
    return LocalFile(item=item, size=info.st_size, mtime_ns=info.st_mtime_ns)


def _assert_unchanged(local: LocalFile, when: str) -> None:
    try:
        info = os.stat(local.path)
    except OSError as exc:
        raise FileChangedError(f"{local.path} disappeared {when}") from exc
    if (info.st_size, info.st_mtime_ns) != (local.size, local.mtime_ns):
        raise FileChangedError(f"{local.path} changed {when}; save it and submit again")


def _unique_blobs(files: List[LocalFile]) -> Dict[str, List[LocalFile]]:
    blobs: Dict[str, List[LocalFile]] = {}
    for local in files:
        blobs.setdefault(local.digest, []).append(local)
    return blobs


def _received(refusal: FarmRefused) -> int:
    data = refusal.data if isinstance(refusal.data, dict) else {}
    return int(data.get("received", 0))


def _refusal_reason(refusal: FarmRefused) -> str:
    if refusal.code != CODE_PARAMETER_INVALID or not isinstance(refusal.data, dict):
        return ""
    return str(refusal.data.get("reason", ""))
