"""The farm's content-addressed input store: verified blobs and resumable partials.

A blob lives at ``store/<h[:2]>/<hash>`` only after its whole content hashed
to its name; until then it is ``partial/<hash>.part`` and is never reported
as present.  How many bytes of a partial are committed (written, fsynced,
chunk hash checked) is recorded in the database, not read from the file size,
so bytes of a chunk that was cut off by a dropped connection or a farm crash
are truncated away before the next chunk is appended.
"""

from __future__ import annotations

import hashlib
import os
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Optional, Tuple

import sqlalchemy as sa

from farmhand_farm.db import Database, metadata
from farmhand_farm.envelope import PARAMETER_INVALID, ApiError

MAX_CHUNK = 64 * 1024 * 1024
HASH_PATTERN = re.compile(r"^[0-9a-f]{64}$")
READ_BLOCK = 4 * 1024 * 1024

storage_partials = sa.Table(
    "storage_partials",
    metadata,
    sa.Column("hash", sa.String(64), primary_key=True),
    sa.Column("size", sa.BigInteger, nullable=False),
    # Bytes of partial/<hash>.part that are fsynced and chunk-verified.
    sa.Column("received", sa.BigInteger, nullable=False),
    sa.Column("updated_at", sa.BigInteger, nullable=False),
)


@dataclass(frozen=True)
class BlobState:
    state: str  # "present" | "partial" | "absent"
    received: int


def refuse(message: str, reason: str, received: Optional[int] = None) -> ApiError:
    """A 600 the client can act on: ``reason`` says what to do, ``received`` where to resume."""
    data = {"reason": reason}
    if received is not None:
        data["received"] = received
    return ApiError(PARAMETER_INVALID, message, data)


def check_digest(value: object) -> str:
    if not isinstance(value, str) or not HASH_PATTERN.match(value):
        raise refuse(f"not a SHA-256 hex digest: {str(value)[:80]!r}", "hash")
    return value


def check_size(value: object, what: str = "size") -> int:
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise refuse(f"{what} must be a non-negative integer", what)
    try:
        number = int(value)
    except ValueError:
        raise refuse(f"{what} must be a non-negative integer, got {value!r}", what) from None
    if number < 0:
        raise refuse(f"{what} must be a non-negative integer, got {value!r}", what)
    return number


class BlobStore:
    """Disk layout and commit rules; callers serialise work per digest."""

    def __init__(self, data_dir: Path, database: Database) -> None:
        self.store_dir = Path(data_dir) / "store"
        self.partial_dir = Path(data_dir) / "partial"
        self.db = database
        self.store_dir.mkdir(parents=True, exist_ok=True)
        self.partial_dir.mkdir(parents=True, exist_ok=True)

    def blob_path(self, digest: str) -> Path:
        return self.store_dir / digest[:2] / digest

    def partial_path(self, digest: str) -> Path:
        return self.partial_dir / f"{digest}.part"

    def state(self, digest: str, size: int) -> BlobState:
        if self.blob_path(digest).is_file():
            return BlobState("present", size)
        row = self._partial_row(digest)
        if row is not None and row.size == size:
            return BlobState("partial", int(row.received))
        return BlobState("absent", 0)

    def open_for_chunk(self, digest: str, size: int, offset: int, length: int):
        """Check the offset against what is committed; return the partial file positioned there."""
        if length > MAX_CHUNK:
            raise refuse(f"chunk of {length} bytes is over the {MAX_CHUNK}-byte limit", "size")
        if self.blob_path(digest).is_file():
            raise refuse("blob is already stored", "offset", size)
        row = self._partial_row(digest)
        committed = 0
        if row is not None and row.size == size:
            committed = int(row.received)
        elif row is not None:
            self.discard(digest)  # an earlier upload claimed another size: it cannot be the same content
        if offset != committed:
            raise refuse(
                f"offset {offset} does not match the {committed} bytes received", "offset", committed
            )
        if offset + length > size:
            raise refuse(f"chunk ends at {offset + length}, past the blob size {size}", "size", committed)
        stream = open(self.partial_path(digest), "ab+")  # noqa: SIM115 - the caller closes it after the body
        stream.truncate(committed)
        stream.seek(committed)
        return stream

    def commit_chunk(self, digest: str, size: int, received: int, offset: int) -> bool:
        """Record committed bytes; at full size verify and publish. True when the blob is stored.

        ``offset`` is where this chunk started: a blob finished by its first chunk
        never had a partial row, which saves a database write per small file.
        """
        if received < size:
            self._save_partial(digest, size, received)
            return False
        partial = self.partial_path(digest)
        actual = hash_path(partial)
        if actual != digest:
            self.discard(digest)
            raise refuse(f"uploaded content hashes to {actual}, not {digest}; blob discarded", "blob-hash", 0)
        target = self.blob_path(digest)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.chmod(partial, 0o444)  # stored blobs are hard-linked into inputs: keep them immutable
        os.replace(partial, target)
        _fsync_dir(target.parent)
        if offset > 0:
            with self.db.write() as connection:
                connection.execute(storage_partials.delete().where(storage_partials.c.hash == digest))
        return True

    def sweep(self, max_age_seconds: float) -> int:
        """At start-up: drop partials idle longer than ``max_age_seconds``, and part files with no record.

        No upload is in flight while the farm starts, so a part file without a
        row is a first chunk that was cut off; an old row is an upload nobody
        will resume.  Returns how many partials were removed.
        """
        cutoff = int((time.time() - max_age_seconds) * 1000)
        with self.db.read() as connection:
            rows = connection.execute(sa.select(storage_partials.c.hash, storage_partials.c.updated_at)).all()
        known = {row.hash for row in rows}
        stale = [row.hash for row in rows if row.updated_at < cutoff]
        for digest in stale:
            self.discard(digest)
        orphans = [p for p in self.partial_dir.glob("*.part") if p.name[: -len(".part")] not in known]
        for orphan in orphans:
            orphan.unlink(missing_ok=True)
        return len(stale) + len(orphans)

    def discard(self, digest: str) -> None:
        self.partial_path(digest).unlink(missing_ok=True)
        with self.db.write() as connection:
            connection.execute(storage_partials.delete().where(storage_partials.c.hash == digest))

    def _partial_row(self, digest: str):
        with self.db.read() as connection:
            return connection.execute(
                sa.select(storage_partials).where(storage_partials.c.hash == digest)
            ).first()

    def _save_partial(self, digest: str, size: int, received: int) -> None:
        values = {"size": size, "received": received, "updated_at": int(time.time() * 1000)}
        with self.db.write() as connection:
            updated = connection.execute(
                storage_partials.update().where(storage_partials.c.hash == digest).values(**values)
            ).rowcount
            if not updated:
                connection.execute(storage_partials.insert().values(hash=digest, **values))


def hash_path(path: Path) -> str:
    hasher = hashlib.sha256()
    buffer = bytearray(max(1, min(READ_BLOCK, path.stat().st_size)))
    view = memoryview(buffer)
    with open(path, "rb", buffering=0) as stream:
        while True:
            count = stream.readinto(buffer)
            if not count:
                return hasher.hexdigest()
            hasher.update(view[:count])


def _fsync_dir(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def chunk_limits(size: int, offset: int, content_length: Optional[str]) -> Tuple[int, int]:
    """(declared length, most bytes this chunk may carry) from the request headers."""
    most = min(MAX_CHUNK, max(0, size - offset))
    if content_length is None:
        return -1, most
    return check_size(content_length, "Content-Length"), most
