"""The farm-provider interface the submission pipeline drives.

Every farm (Farmhand's local farm, the Renderbus cloud, Rentaflop, SRP) sits
behind the same small set of verbs, so the panels and the CLI never change
with the farm.  What a farm cannot do is declared in :class:`Capabilities`
and turned into validation tips before anything is uploaded.
"""

from __future__ import annotations

import abc
from dataclasses import dataclass, field
from typing import Iterable, List, Optional

from farmhand.errors import FarmhandError
from farmhand.jobfiles import JobFiles
from farmhand.model import SceneDescription
from farmhand.options import JobOptions
from farmhand.transfer.cancel import CancelToken
from farmhand.transfer.progress import ProgressCallback
from farmhand.validate.tips import ERROR, Tip

# Task states as the pipeline and the UI see them, whatever the farm calls them.
WAITING, RENDERING, DONE, FAILED, STOPPED, ABANDONED = (
    "waiting",
    "rendering",
    "done",
    "failed",
    "stopped",
    "abandoned",
)
FINAL_STATES = (DONE, FAILED, STOPPED, ABANDONED)


@dataclass(frozen=True)
class Capabilities:
    """What a farm can do; the UI offers only these."""

    hosts: tuple = ("maya", "houdini", "max", "blender")
    unit_selection: bool = True  # renders chosen layers / ROPs separately
    frame_selection: bool = True  # honours a frame spec other than the scene's
    frame_downloads: bool = True  # frames can be fetched as they finish
    restart: bool = True
    # False for farms that render a stored parametric scene (SRP): the open
    # scene's own problems (cameras, missing textures) do not concern them.
    uses_scene: bool = True
    notes: str = ""


@dataclass
class FrameState:
    """One frame record: ``label`` is the farm's frameIndex ("7", "2-4[1]")."""

    label: str
    status: str
    record_id: str = ""
    frames: List[int] = field(default_factory=list)
    unit: str = ""  # the render layer / ROP the frame belongs to, when the farm says


@dataclass
class TaskState:
    task_id: str
    status: str
    frames_total: int = 0
    frames_done: int = 0
    frames_failed: int = 0
    farm_status: str = ""
    frames: List[FrameState] = field(default_factory=list)

    @property
    def finished(self) -> bool:
        return self.status in FINAL_STATES


class Unsupported(FarmhandError, NotImplementedError):
    """The chosen farm has no such operation (a user's request, not a defect: one line in the CLI)."""


@dataclass
class UploadSummary:
    files_total: int = 0
    files_uploaded: int = 0
    bytes_uploaded: int = 0
    bytes_skipped: int = 0


class FarmProvider(abc.ABC):
    """A farm the pipeline can submit to."""

    name = "abstract"
    capabilities = Capabilities()
    # Seconds between status polls: the legacy Renderbus service refuses more
    # than one request per 10 s, the local farm answers as fast as it renders.
    poll_interval = (1.0, 10.0)

    def check(self, scene: SceneDescription, options: JobOptions) -> List[Tip]:
        """Tips for what this farm cannot do with this scene (shown with validation)."""
        return capability_tips(self.capabilities, self.name, scene, options)

    @abc.abstractmethod
    def create_task(self, job: JobFiles, options: JobOptions) -> str:
        """Allocate a task on the farm and deliver the job files; returns its id."""

    @abc.abstractmethod
    def upload(
        self, task_id: str, job: JobFiles, progress: Optional[ProgressCallback], cancel: CancelToken
    ) -> UploadSummary:
        """Send the scene and dependencies the farm lacks."""

    @abc.abstractmethod
    def submit(self, task_id: str) -> None:
        """Start rendering."""

    @abc.abstractmethod
    def status(self, task_id: str) -> TaskState: ...

    @abc.abstractmethod
    def download(
        self,
        task_id: str,
        destination: str,
        *,
        frames: Optional[Iterable[int]] = None,
        progress: Optional[ProgressCallback] = None,
        cancel: Optional[CancelToken] = None,
    ) -> List[str]:
        """Fetch outputs (all, or only the given frames); returns the local files written."""

    def stop(self, task_id: str) -> None:
        raise Unsupported(f"{self.name} cannot stop tasks")

    def start(self, task_id: str) -> None:
        raise Unsupported(f"{self.name} cannot restart stopped tasks")

    def restart(self, task_id: str, which: str = "failed") -> None:
        raise Unsupported(f"{self.name} cannot restart frames")

    def frame_log(self, task_id: str, record_id: str) -> List[str]:
        """The render log of one frame record (``FrameState.record_id``): why a frame failed."""
        raise Unsupported(f"{self.name} does not share render logs")

    def tasks(self) -> List[TaskState]:
        return []


def capability_tips(
    capabilities: Capabilities, farm: str, scene: SceneDescription, options: JobOptions
) -> List[Tip]:
    """Errors for a job that asks a farm for what it declares it cannot do."""
    tips = []
    if scene.host not in capabilities.hosts:
        hosts = ", ".join(capabilities.hosts)
        tips.append(Tip(ERROR, f"{farm} renders only {hosts} scenes", "farm_capabilities"))
    if options.frames and not capabilities.frame_selection:
        tips.append(
            Tip(
                ERROR,
                f"{farm} renders the scene's own frames; remove the frame override",
                "farm_capabilities",
            )
        )
    return tips
