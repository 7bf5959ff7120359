"""Task and frame status codes (renderbus-protocol.md §8) and how a task's status follows its frames."""

from __future__ import annotations

from typing import Dict, Iterable, Optional, Tuple

# Task status (§8.1)
TASK_WAITING = 0
TASK_RENDERING = 5
TASK_PRE_RENDERING = 8
TASK_STOP = 10
TASK_USER_STOP = 15
TASK_ARREARAGE_STOP = 20
TASK_TIME_OUT_STOP = 23
TASK_FINISHED = 25
TASK_FINISHED_HAS_FAILED = 30
TASK_ABANDON = 35
TASK_FINISHED_TEST = 40
TASK_FAILED = 45
TASK_ANALYSE = 50
TASK_UPDATING = 100

# Frame status (§8.2)
FRAME_WAITING = 1
FRAME_STARTED = 2
FRAME_ABORTED = 3
FRAME_DONE = 4
FRAME_ERROR = 5
FRAME_PREDONEWAITING = 6
FRAME_PHOTONDONEWAITING = 7
FRAME_PREDONEJOBWAITING = 9
FRAME_GOPJOBWAITING = 10
FRAME_TIMEOUT = 11

# Frame type (§8.3)
TYPE_PRIORITY = 4
TYPE_MAIN = 5
TYPE_SIMULATION = 8

PENDING_FRAMES = (FRAME_WAITING, FRAME_PREDONEWAITING, FRAME_PHOTONDONEWAITING, FRAME_PREDONEJOBWAITING)
FAILED_FRAMES = (FRAME_ERROR, FRAME_TIMEOUT)
# States a user or the farm halted; frame progress does not move a task out of them.
HALTED_TASKS = (TASK_STOP, TASK_USER_STOP, TASK_ARREARAGE_STOP, TASK_TIME_OUT_STOP, TASK_ABANDON)
ACTIVE_TASKS = (TASK_WAITING, TASK_RENDERING, TASK_PRE_RENDERING, TASK_ANALYSE, TASK_FINISHED_TEST)
FINISHED_TASKS = (TASK_FINISHED, TASK_FINISHED_HAS_FAILED, TASK_FAILED)
STARTABLE_TASKS = (TASK_STOP, TASK_USER_STOP, TASK_ARREARAGE_STOP, TASK_TIME_OUT_STOP, TASK_FINISHED_TEST)

# Legacy python-api restart_type (§8.4) -> frame states to restart.
LEGACY_RESTART_STATUS: Dict[int, Tuple[int, ...]] = {
    0: FAILED_FRAMES,
    1: (FRAME_ABORTED,),
    2: (FRAME_DONE,),
    3: (FRAME_STARTED,),
    4: (FRAME_WAITING,),
}

Counts = Dict[Tuple[int, int], int]  # (frame type, frame status) -> number of frame records


def _total(counts: Counts, statuses: Iterable[int], types: Optional[Iterable[int]] = None) -> int:
    wanted = set(statuses)
    kinds = set(types) if types is not None else None
    return sum(
        n for (kind, state), n in counts.items() if state in wanted and (kinds is None or kind in kinds)
    )


def derive(current: Optional[int], counts: Counts, hold: bool, job_open: bool) -> Optional[int]:
    """The status a task should have given its frames.

    Unsubmitted (None) and halted tasks keep their status.  ``hold`` is
    ``stop_after_test``: once the priority frames are through, the task pauses at 40.
    ``job_open``: some frame of the whole job can still run; when none can, frames
    waiting on an earlier stage (10) are stuck behind a failure and count as failed.
    """
    if current is None or current in HALTED_TASKS:
        return current
    if _total(counts, (FRAME_STARTED,)):
        return TASK_RENDERING
    blocked = 0 if job_open else _total(counts, (FRAME_GOPJOBWAITING,))
    pending = _total(counts, PENDING_FRAMES + (FRAME_GOPJOBWAITING,)) - blocked
    done = _total(counts, (FRAME_DONE,))
    failed = _total(counts, FAILED_FRAMES) + blocked
    if pending:
        priority_open = _total(counts, PENDING_FRAMES, (TYPE_PRIORITY,))
        if hold and not priority_open and _total(counts, (FRAME_DONE,) + FAILED_FRAMES, (TYPE_PRIORITY,)):
            return TASK_FINISHED_TEST
        return TASK_RENDERING if done or failed else TASK_WAITING
    if not failed:
        return TASK_FINISHED
    return TASK_FAILED if not done else TASK_FINISHED_HAS_FAILED
