"""The farm's database: one shared MetaData, SQLite (WAL) by default, any SQLAlchemy URL allowed.

Every module defines its tables on :data:`metadata` at import time, with
portable column types only, and queries through SQLAlchemy Core, so pointing
``db_url`` at PostgreSQL needs no code change.

SQLite detail: Python's sqlite3 opens transactions lazily and upgrades a read
to a write mid-transaction, which fails at once under WAL when another writer
got in between.  We therefore start every transaction with ``BEGIN IMMEDIATE``
(writers queue on ``busy_timeout`` instead of failing) and additionally run
write transactions of this process one at a time (:meth:`Database.write`).
"""

from __future__ import annotations

import threading
from contextlib import contextmanager
from typing import Iterator

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from farmhand.errors import FarmhandError

metadata = sa.MetaData()

SQLITE_BUSY_TIMEOUT_MS = 30_000


def create_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = sa.create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
        sa.event.listen(engine, "connect", _sqlite_connect)
        sa.event.listen(engine, "begin", _sqlite_begin)
        return engine
    return sa.create_engine(url, pool_pre_ping=True)


def _sqlite_connect(dbapi_connection, _record) -> None:
    # Let SQLAlchemy's "begin" event issue BEGIN instead of the sqlite3 module.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _sqlite_begin(connection: Connection) -> None:
    connection.exec_driver_sql("BEGIN IMMEDIATE")


class SchemaMismatch(FarmhandError):
    """The database was created by another version of the farm."""


class Database:
    """The engine plus the two ways the farm talks to it."""

    def __init__(self, url: str) -> None:
        self.engine = create_engine(url)
        self._write_lock = threading.Lock()

    def create_all(self) -> None:
        """Create missing tables, and refuse a database whose tables lack columns (no migrations yet)."""
        metadata.create_all(self.engine)
        inspector = sa.inspect(self.engine)
        for table in metadata.sorted_tables:
            present = {column["name"] for column in inspector.get_columns(table.name)}
            missing = [column.name for column in table.columns if column.name not in present]
            if missing:
                raise SchemaMismatch(
                    f"{self.engine.url.render_as_string(hide_password=True)}: table {table.name} lacks "
                    f"{', '.join(missing)}; it was made by an older farm (move the data directory aside)"
                )

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """A transaction that may write; committed on success, rolled back on error."""
        with self._write_lock, self.engine.begin() as connection:
            yield connection

    @contextmanager
    def read(self) -> Iterator[Connection]:
        with self.engine.connect() as connection:
            yield connection

    def dispose(self) -> None:
        self.engine.dispose()
