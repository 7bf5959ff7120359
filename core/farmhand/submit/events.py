"""What a running submission tells whoever shows it (CLI bar, Qt dialog, Blender panel).

One event type for every stage keeps the hosts' code to a single callback.
Callbacks run on the submission's worker thread: a UI must hand them to its
own thread (Qt signal, Blender timer) rather than touch widgets directly.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Optional

from farmhand.providers.base import TaskState
from farmhand.transfer.progress import ProgressEvent

STAGES = ("validate", "build", "create", "upload", "submit", "monitor", "download", "done")


@dataclass(frozen=True)
class SubmissionEvent:
    stage: str
    message: str = ""
    transfer: Optional[ProgressEvent] = None
    task: Optional[TaskState] = None
    level: str = "info"  # "info" | "warning" | "error"


EventCallback = Callable[[SubmissionEvent], None]
