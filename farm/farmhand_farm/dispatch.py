"""The worker-facing side of the farm: take the next frame to render, report how it went.

Rendering itself belongs to a worker (a later module, in this process or
another one sharing the database).  The contract, all through :class:`FrameQueue`:

1. ``claim = queue.claim_next(node_id)`` atomically picks the most urgent
   waiting frame record and marks it started (frame status 2, task status 5).
   ``None`` means nothing is runnable.  Order: full-speed tasks, then user
   priority (taskUserLevel), then priority/simulation frames before the rest,
   then older tasks, then frame order.  Tasks that are stopped, abandoned,
   deleted, paused after their priority frames (40) or at their node limit are
   skipped; so are frames waiting for an earlier stage (status 10, e.g. renders
   behind a Houdini cache).  Jobs past their whole-task timeout (``overTimeStop``)
   are stopped here (status 23).  The per-frame timeout is ``task_info.job_stop_time``
   in ``claim.cfg_dir / "task.json"``; report it with ``mark_failed(..., timed_out=True)``.
2. While rendering, ``append_log(claim, text)`` adds to the frame's log (the
   ``showLog`` endpoint pages it) and ``still_wanted(claim)`` says whether the
   user stopped the task meanwhile (then drop the work).
3. ``mark_done(claim, outputs)`` or ``mark_failed(claim, error)`` finish it;
   both return False if the claim was revoked (task stopped, frame re-queued),
   in which case the result must be discarded.  Outputs go under
   ``claim.output_dir``; paths are recorded relative to it.

Task statuses (25 / 30 / 45 / 40) follow from the frames automatically.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import List, Optional, Sequence

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from farmhand.frames import FrameSpec
from farmhand_farm.db import Database
from farmhand_farm.protocol import lifecycle
from farmhand_farm.protocol import status as st
from farmhand_farm.protocol.store import frames, tasks
from farmhand_farm.users import now_ms


@dataclass(frozen=True)
class FrameClaim:
    frame_id: int
    node_id: str
    task_id: int  # owner of the frame (the layer's sub-task in a layered job)
    job_id: int  # the submitted task: its job files are in cfg_dir
    user_id: int
    unit: str  # Maya layer, Houdini ROP path, or "" for the whole scene
    frames: List[int]
    frame_spec: str
    frame_block: str  # tile number ("" = whole frame)
    tiles: int
    frame_type: int
    cameras: List[str]
    cfg_dir: Path
    input_root: Path
    output_dir: Path
    log_path: Path


class FrameQueue:
    def __init__(self, database: Database, data_dir: Path) -> None:
        self.db = database
        self.data_dir = Path(data_dir)

    def claim_next(self, node_id: str) -> Optional[FrameClaim]:
        """Also enforces whole-task timeouts: workers poll this, so overdue jobs stop (23) in time."""
        with self.db.write() as conn:
            now = now_ms()
            lifecycle.stop_overdue(conn, now)
            row = conn.execute(_next_frame_query().limit(1)).first()
            if row is None:
                return None
            conn.execute(
                frames.update()
                .where(frames.c.id == row.frame_id)
                .values(status=st.FRAME_STARTED, node_id=node_id, start_time=now, end_time=None)
            )
            for task_id in {row.task_id, row.parent_id} - {0}:
                conn.execute(
                    tasks.update()
                    .where(tasks.c.id == task_id, tasks.c.start_time.is_(None))
                    .values(start_time=now)
                )
            lifecycle.refresh(conn, row.task_id)
            return self._claim(row, node_id)

    def _claim(self, row: sa.Row, node_id: str) -> FrameClaim:
        job_id = row.parent_id or row.task_id
        output_root = self.data_dir / "output" / str(row.user_id)
        spec = FrameSpec.parse(row.frames_spec)
        return FrameClaim(
            frame_id=row.frame_id,
            node_id=node_id,
            task_id=row.task_id,
            job_id=job_id,
            user_id=row.user_id,
            unit=row.unit,
            frames=spec.frames(),
            frame_spec=row.frames_spec,
            frame_block=row.frame_block,
            tiles=row.tiles,
            frame_type=row.frame_type,
            cameras=[c for c in row.render_camera.split(",") if c],
            cfg_dir=self.data_dir / "tasks" / str(job_id) / "cfg",
            input_root=self.data_dir / "input" / str(row.user_id),
            output_dir=output_root / (row.output_file_name or str(row.task_id)),
            log_path=self.data_dir / "tasks" / str(row.task_id) / "logs" / f"{row.frame_id}.log",
        )

    def still_wanted(self, claim: FrameClaim) -> bool:
        with self.db.read() as conn:
            return _owned(conn, claim) is not None

    def append_log(self, claim: FrameClaim, text: str) -> None:
        claim.log_path.parent.mkdir(parents=True, exist_ok=True)
        with open(claim.log_path, "a", encoding="utf-8") as log:
            log.write(text if text.endswith("\n") else text + "\n")

    def mark_done(self, claim: FrameClaim, outputs: Sequence[str] = ()) -> bool:
        return self._finish(claim, st.FRAME_DONE, outputs=json.dumps(list(outputs)))

    def mark_failed(self, claim: FrameClaim, error: str, timed_out: bool = False) -> bool:
        return self._finish(claim, st.FRAME_TIMEOUT if timed_out else st.FRAME_ERROR, error=error)

    def _finish(self, claim: FrameClaim, state: int, **values: str) -> bool:
        with self.db.write() as conn:
            if _owned(conn, claim) is None:
                return False
            conn.execute(
                frames.update()
                .where(frames.c.id == claim.frame_id)
                .values(status=state, end_time=now_ms(), **values)
            )
            lifecycle.refresh(conn, claim.task_id)
            return True


def _owned(conn: Connection, claim: FrameClaim) -> Optional[sa.Row]:
    return conn.execute(
        sa.select(frames.c.id).where(
            frames.c.id == claim.frame_id,
            frames.c.status == st.FRAME_STARTED,
            frames.c.node_id == claim.node_id,
        )
    ).first()


def _next_frame_query() -> sa.Select:
    running = (
        sa.select(sa.func.count())
        .where(frames.c.task_id == tasks.c.id, frames.c.status == st.FRAME_STARTED)
        .correlate(tasks)
        .scalar_subquery()
    )
    early = frames.c.frame_type.in_((st.TYPE_PRIORITY, st.TYPE_SIMULATION))
    return (
        sa.select(
            frames.c.id.label("frame_id"),
            frames.c.task_id,
            frames.c.unit,
            frames.c.frames_spec,
            frames.c.frame_block,
            frames.c.frame_type,
            tasks.c.parent_id,
            tasks.c.user_id,
            tasks.c.tiles,
            tasks.c.render_camera,
            tasks.c.output_file_name,
        )
        .join(tasks, tasks.c.id == frames.c.task_id)
        .where(
            frames.c.status == st.FRAME_WAITING,
            tasks.c.status.in_((st.TASK_WAITING, st.TASK_RENDERING)),
            tasks.c.is_deleted == 0,
            sa.or_(tasks.c.test_hold == 0, early),
            sa.or_(tasks.c.task_limit.is_(None), running < tasks.c.task_limit),
        )
        .order_by(
            tasks.c.full_speed.desc(),
            tasks.c.task_user_level.desc(),
            sa.case((early, 0), else_=1),
            sa.func.coalesce(sa.func.nullif(tasks.c.parent_id, 0), tasks.c.id),
            frames.c.task_id,
            frames.c.seq,
        )
    )
