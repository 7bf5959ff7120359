"""What the worker pool needs from the protocol's frame tables beyond ``dispatch.FrameQueue``.

``FrameQueue`` claims and finishes frames; a pool also has to give a frame
back (a renderer crashed, the farm is shutting down) and, when the farm
starts, take back the frames a dead farm left "started".  These operate on
the same ``frames``/``tasks`` tables and keep task status in line through
``lifecycle.refresh``, exactly like ``FrameQueue`` does.
"""

from __future__ import annotations

import os
from typing import List

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from farmhand.localfarm import process_alive
from farmhand_farm.db import Database
from farmhand_farm.dispatch import FrameClaim
from farmhand_farm.protocol import lifecycle
from farmhand_farm.protocol import status as st
from farmhand_farm.protocol.store import frames, tasks
from farmhand_farm.users import now_ms
from farmhand_farm.worker.leases import HOST, frame_leases


def has_runnable(database: Database) -> bool:
    """A cheap read before ``claim_next`` (which takes the write lock): is any frame waiting at all?"""
    query = (
        sa.select(frames.c.id)
        .join(tasks, tasks.c.id == frames.c.task_id)
        .where(
            frames.c.status == st.FRAME_WAITING,
            tasks.c.status.in_((st.TASK_WAITING, st.TASK_RENDERING)),
            tasks.c.is_deleted == 0,
        )
        .limit(1)
    )
    with database.read() as conn:
        return conn.execute(query).first() is not None


def all_blocks_done(database: Database, claim: FrameClaim, others_only: bool = False) -> bool:
    """Whether every tile record of the claim's frame (same unit and frames) is done; or every other one."""
    query = sa.select(sa.func.count()).where(
        frames.c.id != (claim.frame_id if others_only else -1),
        frames.c.task_id == claim.task_id,
        frames.c.unit == claim.unit,
        frames.c.frames_spec == claim.frame_spec,
        frames.c.frame_block != "",
        frames.c.status == st.FRAME_DONE,
    )
    with database.read() as conn:
        return int(conn.execute(query).scalar_one()) >= claim.tiles - (1 if others_only else 0)


def give_back(database: Database, claim: FrameClaim) -> bool:
    """Started -> waiting, if the claim is still ours (a revoked claim is left alone)."""
    with database.write() as conn:
        moved = _requeue(
            conn,
            [claim.frame_id],
            sa.and_(frames.c.status == st.FRAME_STARTED, frames.c.node_id == claim.node_id),
        )
        return bool(moved)


def recover_at_start(database: Database, lease_seconds: float) -> List[int]:
    """Frames left "started" by a farm that died: no live lease -> back to waiting. Returns their ids."""
    with database.write() as conn:
        started = conn.execute(
            sa.select(frames.c.id, frames.c.node_id.label("frame_node"), frame_leases)
            .outerjoin(frame_leases, frame_leases.c.frame_id == frames.c.id)
            .where(frames.c.status == st.FRAME_STARTED)
        ).all()
        stale = now_ms() - int(lease_seconds * 1000)
        orphans = [row.id for row in started if not _alive(row, stale)]
        return _requeue(conn, orphans, frames.c.status == st.FRAME_STARTED)


def reap_stale(database: Database, lease_seconds: float) -> List[int]:
    """Frames whose worker stopped heart-beating (another process that died) -> back to waiting."""
    stale = now_ms() - int(lease_seconds * 1000)
    with database.write() as conn:
        rows = conn.execute(
            sa.select(frames.c.id)
            .join(frame_leases, frame_leases.c.frame_id == frames.c.id)
            .where(
                frames.c.status == st.FRAME_STARTED,
                frame_leases.c.node_id == frames.c.node_id,
                frame_leases.c.heartbeat < stale,
            )
        ).all()
        return _requeue(conn, [row.id for row in rows], frames.c.status == st.FRAME_STARTED)


def stop_overdue(database: Database) -> List[int]:
    """Whole-task timeouts (``lifecycle.stop_overdue``) also while every worker is busy rendering.

    ``FrameQueue.claim_next`` applies them when a worker asks for work, but a
    busy pool does not ask; the revoked claims then stop their renders.
    """
    with database.write() as conn:
        return lifecycle.stop_overdue(conn, now_ms())


def _alive(row: sa.Row, stale: int) -> bool:
    """A lease is alive if it names the frame's current node, beats, and its farm process still runs."""
    if not row.node_id or row.node_id != row.frame_node or (row.heartbeat or 0) < stale:
        return False
    dead_here = row.host == HOST and (row.farm_pid == os.getpid() or not process_alive(row.farm_pid))
    return not dead_here


def _requeue(conn: Connection, frame_ids: List[int], condition) -> List[int]:
    if not frame_ids:
        return []
    owners = conn.execute(
        sa.select(frames.c.id, frames.c.task_id).where(frames.c.id.in_(frame_ids), condition)
    ).all()
    ids = [row.id for row in owners]
    if ids:
        conn.execute(
            frames.update()
            .where(frames.c.id.in_(ids))
            .values(status=st.FRAME_WAITING, node_id="", start_time=None, end_time=None)
        )
        conn.execute(frame_leases.update().where(frame_leases.c.frame_id.in_(ids)).values(node_id=""))
        for task_id in {row.task_id for row in owners}:
            lifecycle.refresh(conn, task_id)
    return ids
