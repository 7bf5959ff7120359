"""What the user chooses about a job, as opposed to what the scene says.

Kept apart from :class:`~farmhand.model.SceneDescription` so one analysed scene
can be submitted many ways (other frames, other project, other hardware)
without being analysed again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import List, Optional


@dataclass
class JobOptions:
    """Submission choices; every field has the Fox default."""

    project_name: str = ""
    job_name: str = ""
    priority: int = 50  # Renderbus taskUserLevel: 50 normal, 60 high
    frames: Optional[str] = None  # overrides every unit's frames (Fox spec)
    frames_per_task: int = 1
    pre_frames: str = "000"
    stop_after_test: bool = False
    platform: str = "2"
    os_name: Optional[str] = None  # "0" Linux, "1" Windows; None = follow the scene's paths
    ram: str = "64"
    graphics_cards_num: str = "2"
    hardware_config_ids: List[str] = field(default_factory=list)
    tiles: int = 1
    tiles_type: str = "block"
    enable_layered: Optional[bool] = None  # None = one sub-task per unit when there are several
    job_stop_time: int = 259200
    task_stop_time: int = 0
    time_out: int = 43200
    cg_version: str = ""  # overrides the host version the scene reports
    extra_files: List[str] = field(default_factory=list)
    exclude_patterns: List[str] = field(default_factory=list)
    # Filled in by the submission pipeline once the farm has answered.
    task_id: str = ""
    user_id: str = ""
    project_id: str = ""
