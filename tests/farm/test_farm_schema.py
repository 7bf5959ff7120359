"""The schema and the hand-written queries stay portable: they compile for PostgreSQL as well as SQLite."""

from __future__ import annotations

import importlib

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql


def _all_tables() -> sa.MetaData:
    from farmhand_farm.app import ROUTE_MODULES
    from farmhand_farm.db import metadata

    for name in ROUTE_MODULES:
        importlib.import_module(name)
    importlib.import_module("farmhand_farm.dispatch")
    return metadata


def test_every_table_creates_on_postgresql():
    metadata = _all_tables()
    statements = []
    engine = sa.create_mock_engine(
        "postgresql://",
        lambda sql, *args, **kwargs: statements.append(str(sql.compile(dialect=engine.dialect))),
    )
    metadata.create_all(engine, checkfirst=False)
    created = {
        text.split("(")[0].replace("CREATE TABLE", "").strip()
        for text in statements
        if "CREATE TABLE" in text
    }
    assert {
        "tasks",
        "frames",
        "task_labels",
        "projects",
        "render_envs",
        "users",
        "nonces",
        "sequences",
    } <= created
    assert not [text for text in statements if "AUTOINCREMENT" in text.upper() or "PRAGMA" in text.upper()]


def test_scheduling_and_search_queries_compile_for_postgresql():
    from farmhand_farm.dispatch import _next_frame_query
    from farmhand_farm.protocol.tasks import _matches

    dialect = postgresql.dialect()
    claim = str(_next_frame_query().compile(dialect=dialect))
    assert "ORDER BY" in claim and "CASE" in claim
    _all_tables()
    from farmhand_farm.protocol.store import tasks

    search = str(sa.select(tasks).where(_matches("shot")).compile(dialect=dialect))
    assert "CAST(tasks.id AS VARCHAR)" in search
