"""Leases on claimed frames: who renders a frame, since when it last said so, how often it crashed.

The protocol's ``frames`` table says a frame is started and by which node;
it cannot say whether that node is still alive.  A lease row adds the
heartbeat (and the host and process ids) so a frame whose worker died —
renderer killed, farm killed, machine rebooted — can be handed out again
instead of staying "started" for ever.  The crash count survives the lease
so a scene that kills its renderer every time ends as a failed frame, not a
retry loop.
"""

from __future__ import annotations

import socket
from typing import Any, Dict, Optional

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from farmhand_farm.db import Database, metadata
from farmhand_farm.protocol.store import frames
from farmhand_farm.users import now_ms

frame_leases = sa.Table(
    "frame_leases",
    metadata,
    sa.Column("frame_id", sa.Integer, primary_key=True, autoincrement=False),
    # Empty node_id: no live claim (the row only keeps the crash count).
    sa.Column("node_id", sa.String(256), nullable=False, default=""),
    sa.Column("host", sa.String(256), nullable=False, default=""),
    sa.Column("farm_pid", sa.Integer, nullable=False, default=0),
    sa.Column("render_pid", sa.Integer, nullable=True),
    sa.Column("heartbeat", sa.BigInteger, nullable=False, default=0),
    sa.Column("crashes", sa.Integer, nullable=False, default=0),
    # The frame's recommit_flag when the crashes were counted: a user's restart starts a fresh count.
    sa.Column("generation", sa.Integer, nullable=False, default=0),
)

HOST = socket.gethostname()


def take(database: Database, frame_id: int, node_id: str, farm_pid: int) -> None:
    values: Dict[str, Any] = {"node_id": node_id, "host": HOST, "farm_pid": farm_pid, "render_pid": None}
    values["heartbeat"] = now_ms()
    with database.write() as conn:
        generation = conn.execute(
            sa.select(frames.c.recommit_flag).where(frames.c.id == frame_id)
        ).scalar_one_or_none()
        values["generation"] = int(generation or 0)
        fresh = frame_leases.c.generation != values["generation"]
        values["crashes"] = sa.case((fresh, 0), else_=frame_leases.c.crashes)
        if not _update(conn, frame_id, values):
            values["crashes"] = 0
            conn.execute(frame_leases.insert().values(frame_id=frame_id, **values))


def beat(database: Database, frame_id: int, node_id: str, render_pid: Optional[int] = None) -> None:
    values = {"heartbeat": now_ms()}
    if render_pid is not None:
        values["render_pid"] = render_pid
    with database.write() as conn:
        conn.execute(
            frame_leases.update()
            .where(frame_leases.c.frame_id == frame_id, frame_leases.c.node_id == node_id)
            .values(**values)
        )


def release(database: Database, frame_id: int, node_id: str, crashed: bool = False) -> int:
    """End the lease; returns the frame's crash count (including this one)."""
    with database.write() as conn:
        values: Dict[str, Any] = {"node_id": "", "render_pid": None}
        if crashed:
            values["crashes"] = frame_leases.c.crashes + 1
        conn.execute(
            frame_leases.update()
            .where(frame_leases.c.frame_id == frame_id, frame_leases.c.node_id == node_id)
            .values(**values)
        )
        return crashes(conn, frame_id)


def crashes(conn: Connection, frame_id: int) -> int:
    count = conn.execute(
        sa.select(frame_leases.c.crashes).where(frame_leases.c.frame_id == frame_id)
    ).scalar_one_or_none()
    return int(count or 0)


def _update(conn: Connection, frame_id: int, values: dict) -> bool:
    result = conn.execute(frame_leases.update().where(frame_leases.c.frame_id == frame_id).values(**values))
    return bool(result.rowcount)
