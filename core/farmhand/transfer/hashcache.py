"""A persistent cache of content hashes keyed on (path, size, mtime_ns).

Re-submitting an unchanged 2 GB project must hash nothing: a cache hit costs
one ``os.stat`` and one indexed SQLite lookup.  The database lives under
``$FARMHAND_HOME`` (see farmhand.config) and is shared by every process (the
CLI, a host panel, a background submitter), so it runs in WAL mode with a
busy timeout and keeps each transaction to one statement; inside a process
the threads share one connection under a lock.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from pathlib import Path
from typing import Optional

from farmhand.config import farmhand_home
from farmhand.transfer.hashing import HASH_NAME

SCHEMA = """
CREATE TABLE IF NOT EXISTS file_hashes (
    path TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    algorithm TEXT NOT NULL,
    digest TEXT NOT NULL
)
"""


def default_cache_path() -> Path:
    return farmhand_home() / "hash-cache.sqlite3"


class HashCache:
    """Thread- and process-safe lookup of known file digests."""

    def __init__(self, path: Optional[os.PathLike] = None, *, algorithm: str = HASH_NAME) -> None:
        self.path = Path(path) if path is not None else default_cache_path()
        self.algorithm = algorithm
        self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        # One connection shared under a lock: a lookup takes microseconds next to
        # hashing, and per-thread connections would pile up in a long-lived host
        # process that starts a new worker pool for every submission.
        self._lock = threading.Lock()
        self._db: Optional[sqlite3.Connection] = self._open()

    def lookup(self, path: str, size: int, mtime_ns: int) -> Optional[str]:
        """The digest recorded for exactly this (path, size, mtime_ns), else None."""
        with self._lock:
            row = (
                self._connection()
                .execute(
                    "SELECT digest FROM file_hashes"
                    " WHERE path = ? AND size = ? AND mtime_ns = ? AND algorithm = ?",
                    (_key(path), size, mtime_ns, self.algorithm),
                )
                .fetchone()
            )
        return row[0] if row else None

    def store(self, path: str, size: int, mtime_ns: int, digest: str) -> None:
        """Record a digest; an older entry for the same path is replaced."""
        with self._lock:
            self._connection().execute(
                "INSERT OR REPLACE INTO file_hashes (path, size, mtime_ns, algorithm, digest)"
                " VALUES (?, ?, ?, ?, ?)",
                (_key(path), size, mtime_ns, self.algorithm, digest),
            )

    def close(self) -> None:
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None

    def _connection(self) -> sqlite3.Connection:
        if self._db is None:
            raise ValueError(f"hash cache {self.path} is closed")
        return self._db

    def _open(self) -> sqlite3.Connection:
        # isolation_level=None: autocommit, so every statement is its own short
        # transaction and no process holds the write lock while it hashes.
        connection = sqlite3.connect(
            str(self.path), timeout=30.0, isolation_level=None, check_same_thread=False
        )
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=NORMAL")
        connection.execute(SCHEMA)
        return connection

    def __enter__(self) -> HashCache:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def _key(path: str) -> str:
    return os.path.normcase(os.path.abspath(path))
