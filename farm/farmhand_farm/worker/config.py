"""How the farm's worker pool is set up: how many renders at once, where the host renderers live.

Values come from the farm's settings (``serve --workers N``) and the
environment, so an installation can point the farm at Maya's ``Render`` or
Houdini's ``hython`` without code.  A renderer that is not configured is
``None``: tasks for it fail at once with a message naming the variable to set.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Dict, Mapping, Optional

from farmhand.errors import FarmhandError

ENV_WORKERS = "FARMHAND_FARM_WORKERS"
# Renderer executables, by the name tasks know them under.
RENDERER_ENV: Dict[str, str] = {
    "maya": "FARMHAND_FARM_MAYA_RENDER",
    "hython": "FARMHAND_FARM_HOUDINI_HYTHON",
    "husk": "FARMHAND_FARM_HOUDINI_HUSK",
    "max": "FARMHAND_FARM_MAX_CMD",
}
RENDERER_TITLES: Dict[str, str] = {
    "maya": "Maya's command-line renderer (Render)",
    "hython": "Houdini's hython",
    "husk": "Houdini's husk",
    "max": "3ds Max's command-line renderer (3dsmaxcmd)",
}


class WorkerConfigError(FarmhandError):
    """A worker setting (``--workers``, ``$FARMHAND_FARM_WORKERS``) that makes no sense."""


def default_workers() -> int:
    """One render per two cores, at least one: a render already uses every core it gets."""
    return max(1, (os.cpu_count() or 2) // 2)


def workers_from_env(environ: Optional[Mapping[str, str]] = None) -> Optional[int]:
    text = (environ if environ is not None else os.environ).get(ENV_WORKERS, "").strip()
    if not text:
        return None
    if not text.isdigit():
        raise WorkerConfigError(f"{ENV_WORKERS} must be a whole number of concurrent renders, not {text!r}")
    return int(text)


@dataclass
class WorkerConfig:
    workers: int = 1
    # name in RENDERER_ENV -> executable path (absent: not configured)
    renderers: Dict[str, str] = field(default_factory=dict)
    # A claim whose heartbeat is older than this belongs to a dead worker.
    lease_seconds: float = 30.0
    heartbeat_seconds: float = 5.0
    # How often a running render checks for stop/abandon/restart, and how often idle workers look for work.
    poll_seconds: float = 0.3
    # A renderer killed by a signal is retried this many times before the frame fails.
    crash_retries: int = 2

    @classmethod
    def build(cls, workers: int, environ: Optional[Mapping[str, str]] = None) -> WorkerConfig:
        env = environ if environ is not None else os.environ
        renderers = {name: env[var] for name, var in RENDERER_ENV.items() if env.get(var, "").strip()}
        return cls(workers=workers, renderers=renderers)

    @property
    def render_threads(self) -> int:
        """Threads each render may use, so concurrent renders share the machine instead of fighting."""
        return max(1, (os.cpu_count() or 1) // max(1, self.workers))


def resolve_workers(explicit: Optional[int]) -> int:
    """``serve --workers N``, else ``$FARMHAND_FARM_WORKERS``, else one per two cores."""
    if explicit is not None:
        if explicit < 0:
            raise WorkerConfigError("--workers must be 0 (no rendering) or more")
        return explicit
    from_env = workers_from_env()
    return default_workers() if from_env is None else from_env
