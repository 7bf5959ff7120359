"""The Renderbus protocol as a farm provider: Farmhand's local farm and the Renderbus cloud.

Both speak the same signed API, so one provider serves both; only the transfer
engine differs (Farmhand's HTTP storage for the local farm, the vendor's
Raysync/Aspera tooling for the cloud).  Job files always travel through
``taskJsonFile`` after the ids are known, so task.json carries the real
task, user and project ids.
"""

from __future__ import annotations

from typing import Any, Dict, Iterable, List, Mapping, Optional

from farmhand.api import RenderbusClient
from farmhand.api.statuses import LEGACY_RESTART_FRAME_STATUS
from farmhand.errors import FarmhandError
from farmhand.frames import FrameSpec, FrameSpecError
from farmhand.jobfiles import JOB_FILE_NAMES, JobFiles
from farmhand.options import JobOptions
from farmhand.providers.base import (
    ABANDONED,
    DONE,
    FAILED,
    RENDERING,
    STOPPED,
    WAITING,
    Capabilities,
    FarmProvider,
    FrameState,
    TaskState,
    UploadSummary,
)
from farmhand.transfer import TransferEngine, UploadPlan
from farmhand.transfer.cancel import CancelToken
from farmhand.transfer.progress import ProgressCallback

# Renderbus task status code -> Farmhand state (renderbus-protocol.md §8.1).
TASK_STATES = {
    0: WAITING,
    8: WAITING,
    50: WAITING,
    100: WAITING,
    5: RENDERING,
    10: STOPPED,
    15: STOPPED,
    20: STOPPED,
    23: STOPPED,
    40: STOPPED,
    25: DONE,
    30: FAILED,
    45: FAILED,
    35: ABANDONED,
}
# Renderbus frame status code -> Farmhand state (§8.2).
FRAME_STATES = {
    1: WAITING,
    6: WAITING,
    7: WAITING,
    9: WAITING,
    10: WAITING,
    2: RENDERING,
    3: STOPPED,
    4: DONE,
    5: FAILED,
    11: FAILED,
}
# ``farmhand restart --which`` -> legacy restart_type (0 failed, 1 abandoned, 2 done, 3 started, 4 waiting).
RESTART_TYPES = {"failed": 0, "abandoned": 1, "done": 2, "started": 3, "waiting": 4}


class RenderbusProvider(FarmProvider):
    capabilities = Capabilities(
        notes="Renderbus protocol: layers/ROPs as sub-tasks, frames per task, restarts"
    )

    def __init__(
        self,
        client: RenderbusClient,
        engine: TransferEngine,
        *,
        name: str = "Renderbus",
        poll_interval: tuple = (10.0, 60.0),
    ) -> None:
        self.client = client
        self.engine = engine
        self.name = name
        self.poll_interval = poll_interval

    # -- submission -------------------------------------------------------------
    def create_task(self, job: JobFiles, options: JobOptions) -> str:
        project_id = self.client.ensure_project(options.project_name) if options.project_name else 0
        labels = [options.job_name] if options.job_name else None
        task_id = self.client.create_task_id(task_user_level=options.priority, labels=labels)
        info = job.task["task_info"]
        info.update(task_id=str(task_id), user_id=str(self.client.user_id()), project_id=str(project_id))
        for name in JOB_FILE_NAMES:
            self.client.upload_task_json(task_id, job.text(name), name)
        return str(task_id)

    def upload(
        self, task_id: str, job: JobFiles, progress: Optional[ProgressCallback], cancel: CancelToken
    ) -> UploadSummary:
        plan = UploadPlan.from_entries(job.upload["asset"], source="upload.json")
        report = self.engine.upload(plan, progress, cancel)
        return UploadSummary(
            files_total=report.files_total,
            files_uploaded=report.files_uploaded,
            bytes_uploaded=report.bytes_sent,
            bytes_skipped=report.bytes_skipped,
        )

    def submit(self, task_id: str) -> None:
        self.client.submit_task(task_number(task_id))

    # -- following --------------------------------------------------------------
    def status(self, task_id: str) -> TaskState:
        info = self.client.get_task(task_number(task_id))
        state = task_state(info)
        ids = [task_number(task_id)] + [int(sub["id"]) for sub in info.get("respRenderingTaskList") or []]
        seen = set()
        for each in ids:
            for frame in map(frame_state, self.client.iter_frames(each)):
                # A layered parent may list its sub-tasks' frames itself (Farmhand's farm does): once each.
                if frame.record_id and frame.record_id in seen:
                    continue
                seen.add(frame.record_id)
                state.frames.append(frame)
        return state

    def frame_log(self, task_id: str, record_id: str) -> List[str]:
        task_number(task_id)
        return [str(line) for line in self.client.iter_render_log(int(record_id))]

    def tasks(self) -> List[TaskState]:
        return [task_state(item) for item in self.client.iter_tasks()]

    def download(
        self,
        task_id: str,
        destination: str,
        *,
        frames: Optional[Iterable[int]] = None,
        progress: Optional[ProgressCallback] = None,
        cancel: Optional[CancelToken] = None,
    ) -> List[str]:
        number = task_number(task_id)
        self.client.get_task(number)  # an unknown task is an error, not an empty download
        report = self.engine.download(number, destination, frames=frames, progress=progress, cancel=cancel)
        return list(report.paths)

    # -- control ----------------------------------------------------------------
    def stop(self, task_id: str) -> None:
        self.client.stop_tasks([task_number(task_id)])

    def start(self, task_id: str) -> None:
        self.client.start_tasks([task_number(task_id)])

    def restart(self, task_id: str, which: str = "failed") -> None:
        if which == "all":
            self.client.restart_frames(task_number(task_id))
            return
        status = LEGACY_RESTART_FRAME_STATUS[RESTART_TYPES[which]]
        self.client.restart_failed_frames([task_number(task_id)], status=[status])


def task_number(task_id: str) -> int:
    """Renderbus task ids are numbers; a typo must read as one, not as a crash inside the client."""
    try:
        return int(str(task_id).strip())
    except ValueError:
        raise FarmhandError(f"task id {task_id!r} is not a number (like 1000042)") from None


def task_state(info: Mapping[str, Any]) -> TaskState:
    code = int(info.get("taskStatus", 0) or 0)
    return TaskState(
        task_id=str(info.get("id", "")),
        status=TASK_STATES.get(code, WAITING),
        frames_total=int(info.get("totalFrames") or 0),
        frames_done=int(info.get("doneFrames") or 0),
        frames_failed=int(info.get("failedFrames") or 0),
        farm_status=str(info.get("statusText") or code),
    )


def frame_state(record: Dict[str, Any]) -> FrameState:
    label = str(record.get("frameIndex", ""))
    try:
        numbers = FrameSpec.parse(label).frames()
    except FrameSpecError:
        numbers = []  # e.g. Houdini's "/out/geo110-200[1]" echo: no frame numbers to download by
    return FrameState(
        label=label,
        status=FRAME_STATES.get(int(record.get("frameStatus") or 1), WAITING),
        record_id=str(record.get("id", "")),
        frames=numbers,
        unit=str(record.get("layerName") or ""),
    )
