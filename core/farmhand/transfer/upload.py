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
from typing import Callable, Dict, List, Optional, Tuple

from farmhand.transfer.cancel import CancelToken, ensure_token
from farmhand.transfer.chunk_reader import ChunkReader
from farmhand.transfer.client import CODE_PARAMETER_INVALID, StorageClient
from farmhand.transfer.errors import FarmRefused, FarmUnreachable, FileChangedError, TransferError
from farmhand.transfer.hashcache import HashCache
from farmhand.transfer.hashing import hash_file
from farmhand.transfer.plan import DEFAULT_CHUNK_SIZE, UploadItem, UploadPlan, check_chunk_size
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
        self.chunk_size = check_chunk_size(chunk_size)
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
            BlobSender(self, copies[0], tracker, inner, report).send(have)
            with self._lock:
                report.files_uploaded += len(copies)
            for local in copies:
                tracker.file_done(local.path)

        run_parallel(send_one, pending, workers=self.workers, cancel=token)

    def _observe(self, event: str, digest: str, offset: int, length: int) -> None:
        if self.chunk_observer is not None:
            self.chunk_observer(event, digest, offset, length)


class BlobSender:
    """Sends one blob from a given offset and owns that blob's retry budget.

    Every farm answer maps to the next offset: an acknowledged chunk moves on,
    an offset refusal resyncs to what the farm holds, a corrupt chunk is read
    again, a busy blob (another client sending it) is waited for, a network
    failure is followed by a fresh ``check``.  ``None`` means the farm holds
    the whole verified blob.
    """

    def __init__(self, uploader: Uploader, local: LocalFile, tracker, token: CancelToken, report) -> None:
        self.uploader = uploader
        self.local = local
        self.tracker = tracker
        self.token = token
        self.report = report
        self.network_failures = self.resyncs = self.chunk_failures = self.busy_waits = 0

    def send(self, offset: int) -> None:
        local = self.local
        _assert_unchanged(local, "before its upload")
        position: Optional[Tuple[int, bool]] = (offset, False)
        with ChunkReader(local.path, local.size, self.uploader.chunk_size) as reader:
            # An empty file is still sent, as one empty chunk, for the farm to store it.
            while position is not None and (position[0] < local.size or local.size == 0):
                self.token.raise_if_cancelled()
                offset, reread = position
                chunk, chunk_digest = reader.chunk(offset, fresh=reread)
                position = self._put(offset, chunk, chunk_digest)
        _assert_unchanged(local, "during its upload")

    def _put(self, offset: int, chunk: bytes, chunk_digest: str) -> Optional[Tuple[int, bool]]:
        local, uploader = self.local, self.uploader
        uploader._observe("start", local.digest, offset, len(chunk))
        with uploader._lock:
            self.report.bytes_sent += len(chunk)
            self.report.chunks_sent += 1
        try:
            answer = uploader.client.put_chunk(local.digest, local.size, offset, chunk, chunk_digest)
        except FarmRefused as refusal:
            return self._after_refusal(refusal, offset)
        except FarmUnreachable as failure:
            return self._after_network_failure(failure, offset)
        uploader._observe("done", local.digest, offset, len(chunk))
        self.tracker.add_bytes(len(chunk), local.path)
        return None if answer.get("complete") else (int(answer["received"]), False)

    def _after_refusal(self, refusal: FarmRefused, offset: int) -> Optional[Tuple[int, bool]]:
        reason, farm_has = _refusal_reason(refusal), _received(refusal)
        if reason == "busy":
            self.busy_waits = self.busy_waits + 1 if farm_has <= offset else 0
            if self.busy_waits > MAX_BUSY_WAITS:
                raise TransferError(
                    f"{self.local.path}: another upload of the same content makes no progress"
                ) from refusal
            self.token.sleep(BUSY_PAUSE)
            return self._ask_farm(offset)
        if reason == "offset" and self.resyncs < MAX_RESYNCS:
            self.resyncs += 1
            if farm_has == self.local.size:  # only a stored blob is reported at full size
                return self._skip_rest(offset)
            return self._resync_to(farm_has, offset), False
        if reason == "chunk-hash" and self.chunk_failures < MAX_CHUNK_RETRIES:
            self.chunk_failures += 1
            return offset, True  # read it from disk again rather than resend the same bytes
        if reason == "blob-hash":
            _assert_unchanged(self.local, "during its upload")
            raise TransferError(
                f"{self.local.path}: the farm's copy does not hash to {self.local.digest}; upload it again"
            ) from refusal
        raise refusal

    def _after_network_failure(self, failure: FarmUnreachable, offset: int) -> Optional[Tuple[int, bool]]:
        self.network_failures += 1
        if self.network_failures > MAX_NETWORK_RETRIES:
            raise failure
        self.token.sleep(min(30.0, 0.5 * 2.0 ** (self.network_failures - 1)))
        return self._ask_farm(offset)

    def _ask_farm(self, offset: int) -> Optional[Tuple[int, bool]]:
        """Where the farm stands on this blob now (another client may have finished it)."""
        farm_has = self.uploader._check({self.local.digest: [self.local]})[self.local.digest]
        if farm_has is None:
            return self._skip_rest(offset)
        return self._resync_to(farm_has, offset), False

    def _skip_rest(self, offset: int) -> None:
        self.tracker.skip_bytes(max(0, self.local.size - offset), self.local.path)
        return None

    def _resync_to(self, farm_has: int, offset: int) -> int:
        if not 0 <= farm_has <= self.local.size:
            raise TransferError(
                f"{self.local.path}: the farm reports {farm_has} bytes of a {self.local.size}-byte file"
            )
        if farm_has > offset:
            self.tracker.skip_bytes(farm_has - offset, self.local.path)
        return farm_has


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
