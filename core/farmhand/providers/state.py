"""What a provider must remember between processes, kept in SQLite under $FARMHAND_HOME.

Rentaflop only names a job once it renders, so Farmhand's own task id maps to
Rentaflop's ids here; SRP's webhook receiver runs in another process than the
submitter and needs the per-task callback secrets and the record of callbacks
already processed.  SQLite (standard library) gives multi-process safety; the
file is owner-only because it describes the user's jobs.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from pathlib import Path
from typing import Any, Dict, Optional

from farmhand.config import farmhand_home

SCHEMA = (
    "CREATE TABLE IF NOT EXISTS records (kind TEXT, key TEXT, data TEXT NOT NULL, PRIMARY KEY (kind, key))",
    "CREATE TABLE IF NOT EXISTS claims (kind TEXT, key TEXT, done INTEGER NOT NULL, PRIMARY KEY (kind, key))",
)


def default_state_path() -> Path:
    return farmhand_home() / "providers.sqlite3"


class ProviderState:
    """Small JSON records by (kind, key), and once-only claims for idempotent processing."""

    def __init__(self, path: Optional[os.PathLike] = None) -> None:
        self.path = Path(path) if path else default_state_path()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        new = not self.path.exists()
        self._db = sqlite3.connect(str(self.path), timeout=30, check_same_thread=False, isolation_level=None)
        if new:
            os.chmod(self.path, 0o600)
        self._lock = threading.Lock()
        with self._lock:
            self._db.execute("PRAGMA journal_mode=WAL")
            for statement in SCHEMA:
                self._db.execute(statement)

    def put(self, kind: str, key: str, data: Dict[str, Any]) -> None:
        with self._lock:
            self._db.execute(
                "INSERT OR REPLACE INTO records (kind, key, data) VALUES (?, ?, ?)",
                (kind, key, json.dumps(data)),
            )

    def get(self, kind: str, key: str) -> Optional[Dict[str, Any]]:
        with self._lock:
            row = self._db.execute(
                "SELECT data FROM records WHERE kind = ? AND key = ?", (kind, key)
            ).fetchone()
        return json.loads(row[0]) if row else None

    def update(self, kind: str, key: str, **changes: Any) -> Dict[str, Any]:
        record = self.get(kind, key) or {}
        record.update(changes)
        self.put(kind, key, record)
        return record

    def claim(self, kind: str, key: str) -> bool:
        """True for the first caller only (in any process); others see the work as taken."""
        with self._lock:
            cursor = self._db.execute(
                "INSERT OR IGNORE INTO claims (kind, key, done) VALUES (?, ?, 0)", (kind, key)
            )
        return cursor.rowcount == 1

    def release(self, kind: str, key: str) -> None:
        """Give a claim back after a failure, so a later delivery can try again."""
        with self._lock:
            self._db.execute("DELETE FROM claims WHERE kind = ? AND key = ? AND done = 0", (kind, key))

    def complete(self, kind: str, key: str) -> None:
        with self._lock:
            self._db.execute("UPDATE claims SET done = 1 WHERE kind = ? AND key = ?", (kind, key))

    def close(self) -> None:
        with self._lock:
            self._db.close()
