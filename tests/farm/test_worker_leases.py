"""Leases on claimed frames against the real farm's database: stale and orphaned claims go back to waiting.

The farm here runs without workers; this test process plays a second worker
sharing the database (the README's worker API), so claims, leases and the
recovery rules are exercised exactly as another process would meet them.
"""

from __future__ import annotations

import subprocess
import sys

import pytest
from farm_jobs import BLENDER_TASK, frames_of, info, job, submit

from farmhand_farm.users import now_ms

FRAME_WAITING, FRAME_STARTED = 1, 2


@pytest.fixture(scope="module")
def database(farm):
    from farmhand_farm.db import Database

    opened = Database(f"sqlite:///{farm.data_dir / 'farm.db'}")
    yield opened
    opened.dispose()


@pytest.fixture
def claimed(farm, database):
    """A fresh one-record task claimed by this process; (task id, claim)."""
    return claim_new_task(farm, database, "tester")


def claim_new_task(farm, database, node):
    """Submit a one-record Blender task and claim its frame."""
    task_id = submit(farm, job(BLENDER_TASK, pre_frames="000", stop_after_test="0", frames_per_task="5"))
    return task_id, claim_of(farm, database, task_id, node)


def claim_of(farm, database, task_id, node):
    """Claim the waiting frame of ``task_id``; frames of other tasks claimed on the way are handed back."""
    from farmhand_farm.dispatch import FrameQueue
    from farmhand_farm.worker import queue as worker_queue

    frame_queue = FrameQueue(database, farm.data_dir)
    others = []
    while True:
        claim = frame_queue.claim_next(f"{node}/{len(others)}")
        assert claim is not None, f"the frame of task {task_id} was not claimable"
        if claim.task_id == task_id:
            break
        others.append(claim)
    for other in others:
        worker_queue.give_back(database, other)
    return claim


def status_of(farm, task_id, frame_id):
    return next(f["frameStatus"] for f in frames_of(farm, task_id) if f["id"] == frame_id)


def test_a_lease_that_stopped_beating_is_reaped(farm, database, claimed):
    from farmhand_farm.worker import leases, queue

    task_id, claim = claimed
    leases.take(database, claim.frame_id, claim.node_id, farm_pid=farm.process.pid)
    assert queue.reap_stale(database, lease_seconds=30) == []
    assert status_of(farm, task_id, claim.frame_id) == FRAME_STARTED
    with database.write() as conn:
        conn.execute(
            leases.frame_leases.update()
            .where(leases.frame_leases.c.frame_id == claim.frame_id)
            .values(heartbeat=now_ms() - 31_000)
        )
    assert queue.reap_stale(database, lease_seconds=30) == [claim.frame_id]
    assert status_of(farm, task_id, claim.frame_id) == FRAME_WAITING
    assert info(farm, task_id)["taskStatus"] == 0


def test_at_start_a_claim_of_a_dead_farm_process_is_recovered_and_a_live_one_kept(farm, database, claimed):
    from farmhand_farm.worker import leases, queue

    task_id, claim = claimed
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    leases.take(database, claim.frame_id, claim.node_id, farm_pid=int(dead.stdout))
    live_task, live = claim_new_task(farm, database, "live")
    leases.take(database, live.frame_id, live.node_id, farm_pid=farm.process.pid)
    recovered = queue.recover_at_start(database, lease_seconds=30)
    assert claim.frame_id in recovered and live.frame_id not in recovered
    assert status_of(farm, task_id, claim.frame_id) == FRAME_WAITING
    assert status_of(farm, live_task, live.frame_id) == FRAME_STARTED
    queue.give_back(database, live)


def test_a_started_frame_without_any_lease_is_recovered_at_start(farm, database, claimed):
    from farmhand_farm.worker import queue

    task_id, claim = claimed
    assert claim.frame_id in queue.recover_at_start(database, lease_seconds=30)
    assert status_of(farm, task_id, claim.frame_id) == FRAME_WAITING


def test_crashes_count_again_from_zero_after_the_user_restarts_the_frame(farm, database, claimed):
    from farmhand_farm.worker import leases, queue

    task_id, claim = claimed
    leases.take(database, claim.frame_id, claim.node_id, farm_pid=farm.process.pid)
    assert leases.release(database, claim.frame_id, claim.node_id, crashed=True) == 1
    leases.take(database, claim.frame_id, claim.node_id, farm_pid=farm.process.pid)
    assert leases.release(database, claim.frame_id, claim.node_id, crashed=True) == 2
    queue.give_back(database, claim)
    farm.client().restart_frames(task_id)  # recommit: a new generation of the frame
    again = claim_of(farm, database, task_id, "again")
    leases.take(database, again.frame_id, again.node_id, farm_pid=farm.process.pid)
    assert leases.release(database, again.frame_id, again.node_id, crashed=True) == 1
