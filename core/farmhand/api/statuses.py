"""Task and frame status codes of the Renderbus API (reference §8), complete.

The vendor downloader lacks 15, 50 and 100 and crashes on them; this table has
every documented code so callers can always name a status.
"""

from __future__ import annotations

TASK_STATUS = {
    0: "waiting",
    5: "rendering",
    8: "preprocessing",
    10: "stopped",
    15: "stopped by user",
    20: "stopped for arrears",
    23: "stopped on timeout",
    25: "done",
    30: "done with failed frames",
    35: "abandoned",
    40: "test frames done",
    45: "failed",
    50: "analysing",
    100: "updating",
}

#: States after which a task no longer changes on its own (the SDK's list plus 40 and 15).
TASK_END_STATUSES = frozenset({10, 15, 20, 23, 25, 30, 35, 40, 45})

FRAME_STATUS = {
    1: "waiting",
    2: "running",
    3: "stopped",
    4: "done",
    5: "failed",
    6: "waiting for preprocessing",
    7: "waiting for the photon frame",
    9: "waiting for the photon job",
    10: "waiting for the simulation job",
    11: "timed out",
}

#: Frame states accepted by ``recommitTasks.status``, by the legacy ``restart_type`` (§8.4).
LEGACY_RESTART_FRAME_STATUS = {0: 5, 1: 3, 2: 4, 3: 2, 4: 1}


def task_status_name(code: object) -> str:
    """Readable name of a task status, ``"unknown (<code>)"`` for anything undocumented."""
    try:
        return TASK_STATUS[int(code)]  # type: ignore[call-overload]
    except (KeyError, TypeError, ValueError):
        return f"unknown ({code})"
