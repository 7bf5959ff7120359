"""A persistent cache of content hashes keyed on (path, size, mtime_ns).

Re-submitting an unchanged 2 GB project must hash nothing: a cache hit costs
one ``os.stat`` and one indexed SQLite lookup.  The database lives under
``$FARMHAND_HOME`` (default: the user data directory, see farmhand.config) and is shared by every process
(the CLI, a host panel, a background submitter), so it runs in WAL mode with a
busy timeout, keeps each transaction to one statement, and gives each thread
its own connection (sqlite3 connections must not be shared across threads).
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
        self._local = threading.local()
        self._connections: list = []
        self._guard = threading.Lock()
        self._connection().execute(SCHEMA)

    def lookup(self, path: str, size: int, mtime_ns: int) -> Optional[str]:
        """The digest recorded for exactly this (path, size, mtime_ns), else None."""
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
        self._connection().execute(
            "INSERT OR REPLACE INTO file_hashes (path, size, mtime_ns, algorithm, digest)"
            " VALUES (?, ?, ?, ?, ?)",
            (_key(path), size, mtime_ns, self.algorithm, digest),
        )

    def close(self) -> None:
        with self._guard:
            for connection in self._connections:
                connection.close()
            self._connections.clear()
        self._local = threading.local()

    def _connection(self) -> sqlite3.Connection:
        connection = getattr(self._local, "connection", None)
        if connection is None:
            # isolation_level=None: autocommit, so every statement is its own short
            # transaction and no writer holds the lock while it hashes.
            connection = sqlite3.connect(
                str(self.path), timeout=30.0, isolation_level=None, check_same_thread=False
            )
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=NORMAL")
            self._local.connection = connection
            with self._guard:
                self._connections.append(connection)
        return connection

    def __enter__(self) -> HashCache:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def _key(path: str) -> str:
    return os.path.normcase(os.path.abspath(path))
