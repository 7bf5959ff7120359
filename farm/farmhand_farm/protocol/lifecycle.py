"""Task state changes: refreshing a task from its frames, stop/start/abandon/delete, re-rendering frames.

Every function takes an open write connection, so a caller can combine them in
one transaction.  Parents of layered jobs (``is_open`` 1) have no frames of
their own; their status follows the frames of all their sub-tasks.
"""

from __future__ import annotations

from typing import Iterable, List, Optional, Sequence

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from farmhand_farm.envelope import NOT_FOUND, ApiError
from farmhand_farm.protocol import status as st
from farmhand_farm.protocol.store import frames, tasks
from farmhand_farm.users import now_ms


def load_tasks(conn: Connection, user_id: int, task_ids: Sequence[int]) -> List[sa.Row]:
    """The user's tasks with these ids; one unknown id fails the whole request (nothing half-done)."""
    wanted = list(dict.fromkeys(int(i) for i in task_ids))
    rows = conn.execute(sa.select(tasks).where(tasks.c.id.in_(wanted), tasks.c.user_id == user_id)).all()
    found = {row.id for row in rows}
    missing = [i for i in wanted if i not in found]
    if missing:
        raise ApiError(NOT_FOUND, f"task {', '.join(map(str, missing))} does not exist")
    return sorted(rows, key=lambda row: wanted.index(row.id))


def family(conn: Connection, rows: Iterable[sa.Row]) -> List[sa.Row]:
    """The given tasks plus the sub-tasks of any parent among them, each once."""
    result = {row.id: row for row in rows}
    parents = [row.id for row in result.values() if row.is_open]
    if parents:
        for child in conn.execute(sa.select(tasks).where(tasks.c.parent_id.in_(parents))):
            result[child.id] = child
    return list(result.values())


def leaf_ids(conn: Connection, task_id: int) -> List[int]:
    """Tasks that own frames for ``task_id``: itself, or its sub-tasks when it is a parent."""
    children = conn.execute(sa.select(tasks.c.id).where(tasks.c.parent_id == task_id)).scalars().all()
    return list(children) or [task_id]


def frame_counts(conn: Connection, task_ids: Sequence[int]) -> st.Counts:
    query = (
        sa.select(frames.c.frame_type, frames.c.status, sa.func.count())
        .where(frames.c.task_id.in_(list(task_ids)))
        .group_by(frames.c.frame_type, frames.c.status)
    )
    return {(kind, state): int(n) for kind, state, n in conn.execute(query)}


def refresh(conn: Connection, task_id: int) -> None:
    """Bring a task's whole job in line with its frames: release the next stage, then update statuses.

    The job is the task's parent when it is a layer of a layered job: stages span its sub-tasks.
    """
    row = conn.execute(sa.select(tasks).where(tasks.c.id == task_id)).one()
    root_id = row.parent_id or row.id
    leaves = leaf_ids(conn, root_id)
    _release_stages(conn, leaves)
    job_open = _any_open(conn, leaves)
    members = conn.execute(sa.select(tasks).where(tasks.c.id.in_(leaves + [root_id]))).all()
    for member in sorted(members, key=lambda member: member.is_open):  # the parent last
        _refresh_one(conn, member, job_open)


def _refresh_one(conn: Connection, row: sa.Row, job_open: bool) -> None:
    if row.is_open:
        members = conn.execute(sa.select(tasks).where(tasks.c.parent_id == row.id)).all()
        hold = any(member.test_hold for member in members)
        counts = frame_counts(conn, [member.id for member in members])
    else:
        hold, counts = bool(row.test_hold), frame_counts(conn, [row.id])
    new = st.derive(row.status, counts, hold, job_open)
    if new == row.status:
        return
    values = {"status": new}
    if new in st.FINISHED_TASKS:
        values["completed_date"] = now_ms()
    elif new in st.ACTIVE_TASKS:
        values["completed_date"] = None
    conn.execute(tasks.update().where(tasks.c.id == row.id).values(**values))


def _release_stages(conn: Connection, leaves: List[int]) -> None:
    """Frames waiting on an earlier stage (10) start once every frame before their stage is done."""
    open_stage = conn.execute(
        sa.select(sa.func.min(frames.c.stage)).where(
            frames.c.task_id.in_(leaves), frames.c.status != st.FRAME_DONE
        )
    ).scalar()
    if open_stage is not None:
        conn.execute(
            frames.update()
            .where(
                frames.c.task_id.in_(leaves),
                frames.c.status == st.FRAME_GOPJOBWAITING,
                frames.c.stage <= open_stage,
            )
            .values(status=st.FRAME_WAITING)
        )


def _any_open(conn: Connection, leaves: List[int]) -> bool:
    """Whether some frame of the job can still run or is running (else stage-waiting frames are stuck)."""
    open_states = st.PENDING_FRAMES + (st.FRAME_STARTED,)
    query = (
        sa.select(frames.c.id).where(frames.c.task_id.in_(leaves), frames.c.status.in_(open_states)).limit(1)
    )
    return conn.execute(query).first() is not None


def set_status(conn: Connection, rows: Iterable[sa.Row], new: int, allowed: Sequence[int]) -> List[int]:
    """Move the tasks whose status is in ``allowed`` to ``new``; returns the ids that moved."""
    moved = [row.id for row in rows if row.status in allowed]
    if moved:
        conn.execute(tasks.update().where(tasks.c.id.in_(moved)).values(status=new))
    return moved


def stop(conn: Connection, rows: Sequence[sa.Row]) -> None:
    """Stop (10): running frames go back to waiting so the task resumes cleanly on start."""
    members = family(conn, rows)
    moved = set_status(conn, members, st.TASK_STOP, st.ACTIVE_TASKS)
    _requeue_started(conn, moved)


def start(conn: Connection, rows: Sequence[sa.Row]) -> None:
    """Start (0) stopped tasks and tasks paused after their priority frames."""
    members = family(conn, rows)
    moved = [row.id for row in members if row.status in st.STARTABLE_TASKS]
    if moved:
        conn.execute(
            tasks.update()
            .where(tasks.c.id.in_(moved))
            .values(status=st.TASK_WAITING, test_hold=0, completed_date=None)
        )
    for member in members:
        if member.id in moved and not member.is_open:
            refresh(conn, member.id)


def abandon(conn: Connection, rows: Sequence[sa.Row]) -> None:
    """Abandon (35): every frame not yet rendered is aborted."""
    members = family(conn, rows)
    allowed = st.ACTIVE_TASKS + (
        st.TASK_STOP,
        st.TASK_USER_STOP,
        st.TASK_ARREARAGE_STOP,
        st.TASK_TIME_OUT_STOP,
    )
    moved = set_status(conn, members, st.TASK_ABANDON, allowed)
    _abort_open_frames(conn, moved)


def delete(conn: Connection, rows: Sequence[sa.Row]) -> None:
    """Delete: the task leaves the lists (recycle bin) and none of its frames runs again."""
    members = family(conn, rows)
    ids = [row.id for row in members]
    _abort_open_frames(conn, ids)
    conn.execute(tasks.update().where(tasks.c.id.in_(ids)).values(is_deleted=1))


def stop_overdue(conn: Connection, now: int) -> List[int]:
    """Stop (23) the jobs that have run longer than their ``overTimeStop`` (task_stop_time) seconds."""
    overdue = conn.execute(
        sa.select(tasks).where(
            tasks.c.parent_id == 0,
            tasks.c.status.in_(st.ACTIVE_TASKS),
            tasks.c.over_time_stop > 0,
            tasks.c.start_time.isnot(None),
            tasks.c.start_time + tasks.c.over_time_stop * 1000 < now,
        )
    ).all()
    members = family(conn, overdue)
    moved = set_status(conn, members, st.TASK_TIME_OUT_STOP, st.ACTIVE_TASKS)
    _requeue_started(conn, moved)
    return [row.id for row in overdue]


def _requeue_started(conn: Connection, task_ids: Sequence[int]) -> None:
    if task_ids:
        conn.execute(
            frames.update()
            .where(frames.c.task_id.in_(list(task_ids)), frames.c.status == st.FRAME_STARTED)
            .values(status=st.FRAME_WAITING, node_id="", start_time=None)
        )


def _abort_open_frames(conn: Connection, task_ids: Sequence[int]) -> None:
    if task_ids:
        open_states = st.PENDING_FRAMES + (st.FRAME_STARTED, st.FRAME_GOPJOBWAITING)
        conn.execute(
            frames.update()
            .where(frames.c.task_id.in_(list(task_ids)), frames.c.status.in_(open_states))
            .values(status=st.FRAME_ABORTED, end_time=now_ms())
        )


def recommit(
    conn: Connection, row: sa.Row, statuses: Sequence[int], frame_ids: Optional[Sequence[int]] = None
) -> int:
    """Render again the frames of ``row`` in ``statuses`` (and, if given, with these ids).

    The task becomes waiting again unless it was never submitted; returns how
    many frame records were re-queued.
    """
    owners = leaf_ids(conn, row.id)
    query = frames.update().where(frames.c.task_id.in_(owners), frames.c.status.in_(list(statuses)))
    if frame_ids is not None:
        query = query.where(frames.c.id.in_(list(frame_ids)))
    result = conn.execute(
        query.values(
            status=st.FRAME_WAITING,
            recommit_flag=frames.c.recommit_flag + 1,
            start_time=None,
            end_time=None,
            node_id="",
            error="",
        )
    )
    count = int(result.rowcount or 0)
    if count and row.status is not None:
        affected = [row.id] + [o for o in owners if o != row.id]
        conn.execute(
            tasks.update()
            .where(tasks.c.id.in_(affected), tasks.c.status.isnot(None))
            .values(status=st.TASK_WAITING, completed_date=None)
        )
        for owner in owners:
            refresh(conn, owner)
    return count


def stop_frames(
    conn: Connection, row: sa.Row, statuses: Optional[Sequence[int]], frame_ids: Optional[Sequence[int]]
) -> int:
    """Abort selected frames that have not finished (stopTaskFrames)."""
    owners = leaf_ids(conn, row.id)
    open_states = st.PENDING_FRAMES + (st.FRAME_STARTED, st.FRAME_GOPJOBWAITING)
    wanted = [s for s in (statuses or open_states) if s in open_states]
    query = frames.update().where(frames.c.task_id.in_(owners), frames.c.status.in_(wanted))
    if frame_ids is not None:
        query = query.where(frames.c.id.in_(list(frame_ids)))
    count = int(conn.execute(query.values(status=st.FRAME_ABORTED, end_time=now_ms())).rowcount or 0)
    for owner in owners:
        refresh(conn, owner)
    return count
