"""Session state of the add-on that must not be saved in the .blend.

The last analysis (cached because it walks every datablock and stats every file) and the farm
connection checks live here, in Python, for the lifetime of the Blender session.  Connection
checks run on a thread and hand their answer back through a queue that the main thread drains,
like the submission's events in :mod:`.background`.
"""

from __future__ import annotations

import queue
import threading
from dataclasses import dataclass
from typing import Callable, Dict, Optional, Tuple

import bpy

from .analysis import Analysis

CHECKING, CONNECTED, FAILED = "checking", "connected", "failed"


@dataclass
class Connection:
    status: str
    message: str = ""


def check_profile(profile: str) -> str:
    """Reach the profile's farm and return who we are there (worker thread; raises on failure)."""
    from farmhand.providers import provider_for

    provider = provider_for(profile)
    client = getattr(provider, "client", None)
    if client is not None:
        return f"{provider.name}: signed in as user {client.user_id()}"
    provider.tasks()
    return f"{provider.name}: reachable"


class AddonState:
    def __init__(self, checker: Callable[[str], str] = check_profile) -> None:
        self.analysis: Optional[Analysis] = None
        self.analysed_file = ""
        self.stale = True
        self.connections: Dict[str, Connection] = {}
        self._answers: queue.Queue[Tuple[str, Connection]] = queue.Queue()
        self._checker = checker

    def mark_stale(self) -> None:
        self.stale = True

    def store(self, analysis: Analysis) -> None:
        self.analysis = analysis
        self.analysed_file = bpy.data.filepath
        self.stale = False

    def current_analysis(self) -> Optional[Analysis]:
        """The cached analysis if it belongs to the open file (another file's would mislead)."""
        if self.analysis is not None and self.analysed_file == bpy.data.filepath:
            return self.analysis
        return None

    # -- connection checks ---------------------------------------------------------------------
    def check_connection(self, profile: str) -> threading.Thread:
        self.connections[profile] = Connection(CHECKING, "checking...")
        thread = threading.Thread(
            target=self._check, args=(profile,), name="farmhand-connection", daemon=True
        )
        thread.start()
        return thread

    def _check(self, profile: str) -> None:
        try:
            answer = Connection(CONNECTED, self._checker(profile))
        except Exception as exc:  # any failure is the answer the user asked for
            answer = Connection(FAILED, str(exc) or type(exc).__name__)
        self._answers.put((profile, answer))

    def drain_connections(self) -> bool:
        """Apply finished checks (main thread); True while a check is still under way."""
        while True:
            try:
                profile, answer = self._answers.get_nowait()
            except queue.Empty:
                break
            self.connections[profile] = answer
        return any(c.status == CHECKING for c in self.connections.values())

    def reset(self) -> None:
        self.analysis = None
        self.analysed_file = ""
        self.stale = True


STATE = AddonState()
