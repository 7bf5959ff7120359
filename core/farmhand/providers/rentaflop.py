"""Rentaflop as a farm provider: whole ``.blend`` jobs through an S3 presigned POST.

Rentaflop renders what the saved file says (active scene, its frame range, its
enabled view layers); it takes no frame, layer or camera choices.  ``check``
turns every such choice into a tip before anything is sent.  A job with
dependencies travels as one zip laid out relative to the project's common
folder (see :mod:`farmhand.providers.archives`).

Rentaflop names a job only when rendering starts, so Farmhand hands out its
own task id at creation and keeps the mapping to Rentaflop's upload and job
ids in :class:`~farmhand.providers.state.ProviderState`; ids it does not know
are taken to be Rentaflop job ids (a job submitted elsewhere).
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
from typing import Any, Dict, Iterable, List, Optional

from farmhand.config import farmhand_home
from farmhand.errors import FarmhandError
from farmhand.frames import FrameSpec
from farmhand.jobfiles import JobFiles
from farmhand.model import SceneDescription
from farmhand.options import JobOptions
from farmhand.providers.archives import pack_project, safe_extract
from farmhand.providers.base import (
    DONE,
    FAILED,
    RENDERING,
    STOPPED,
    WAITING,
    Capabilities,
    FarmProvider,
    TaskState,
    UploadSummary,
)
from farmhand.providers.http_fetch import fetch_file
from farmhand.providers.rentaflop_client import RentaflopClient
from farmhand.providers.rentaflop_upload import post_file
from farmhand.providers.state import ProviderState
from farmhand.transfer.cancel import CancelToken, ensure_token
from farmhand.transfer.progress import ProgressCallback
from farmhand.validate.tips import ERROR, WARNING, Tip

KIND = "rentaflop"
JOB_STATES = {"Finished": DONE, "Stopped": STOPPED, "Failed": FAILED, "In progress": RENDERING}
CHECK = "farm_capabilities"
# Absolute paths as a .blend stores them; Blender's own relative paths start with "//".
_ABSOLUTE = re.compile(r"^(/(?!/)|[A-Za-z]:[\\/]|\\\\)")


class RentaflopProvider(FarmProvider):
    capabilities = Capabilities(
        hosts=("blender",),
        unit_selection=False,
        frame_selection=False,
        frame_downloads=False,
        restart=False,
        notes="whole .blend jobs: the active scene's saved frames and view layers; outputs as one archive",
    )

    def __init__(
        self,
        client: RentaflopClient,
        *,
        name: str = "Rentaflop",
        state: Optional[ProviderState] = None,
        blender_version: str = "",
        workdir: Optional[str] = None,
        poll_interval: tuple = (5.0, 60.0),
    ) -> None:
        self.client = client
        self.name = name
        self.state = state or ProviderState()
        self.blender_version = blender_version
        self.workdir = workdir or str(farmhand_home() / "rentaflop")
        self.poll_interval = poll_interval

    # -- what it can do ----------------------------------------------------------
    def check(self, scene: SceneDescription, options: JobOptions) -> List[Tip]:
        tips = super().check(scene, options)
        if scene.host != "blender":
            return tips
        if options.frames:
            tips.append(_tip(ERROR, "renders the frame range saved in the .blend; remove the frame override"))
        active = scene.settings.get("active_scene")
        for unit in scene.units:
            tips.extend(_unit_tips(unit, active, check_frames=not options.frames))
        for dependency in scene.dependencies:
            if _ABSOLUTE.match(dependency.path):
                message = "unpacks the project on its own machine, where absolute paths do not exist; "
                message += "make paths relative (File > External Data > Make Paths Relative)"
                tips.append(
                    Tip(WARNING, f"Rentaflop {message}", CHECK, node=dependency.node, path=dependency.path)
                )
        tips.extend(_version_tips(options.cg_version or self.blender_version or scene.host_version))
        return tips

    # -- submission --------------------------------------------------------------
    def create_task(self, job: JobFiles, options: JobOptions) -> str:
        """Checks the service is up and records the job; Rentaflop itself names it at render time."""
        self.client.health()
        task_id = f"rf-{secrets.token_hex(6)}"
        software = job.task.get("software_config", {})
        version = options.cg_version or self.blender_version or str(software.get("cg_version", ""))
        self.state.put(KIND, task_id, {"blender_version": version, "name": options.job_name})
        return task_id

    def upload(
        self, task_id: str, job: JobFiles, progress: Optional[ProgressCallback], cancel: CancelToken
    ) -> UploadSummary:
        files = [entry["local"] for entry in job.upload["asset"]]
        path, scene_member = self._payload(task_id, files, cancel)
        try:
            size = os.path.getsize(path)
            target = self.client.upload(os.path.basename(path))
            post_file(target["url"], target["fields"], path, progress=progress, cancel=cancel)
            upload_id = self.client.confirm_upload(str(target["filename"]))
        finally:
            if path != files[0]:
                shutil.rmtree(os.path.dirname(path), ignore_errors=True)
        self.state.update(KIND, task_id, upload_id=upload_id, s3_key=target["filename"], scene=scene_member)
        return UploadSummary(files_total=len(files), files_uploaded=len(files), bytes_uploaded=size)

    def _payload(self, task_id: str, files: List[str], cancel: CancelToken):
        """The bare .blend when it has no dependencies, else a project zip named after it."""
        scene = files[0]
        if len(files) == 1:
            return scene, os.path.basename(scene)
        stem = os.path.splitext(os.path.basename(scene))[0]
        archive = os.path.join(self.workdir, task_id, f"{stem}.zip")
        return archive, pack_project(files, scene, archive, cancel)

    def submit(self, task_id: str) -> None:
        record = self._record(task_id)
        if not record.get("upload_id"):
            raise FarmhandError(f"task {task_id}: nothing was uploaded; submit the scene again")
        job_id = self.client.render(record["upload_id"], record["blender_version"])
        self.state.update(KIND, task_id, job_id=job_id)

    # -- following ---------------------------------------------------------------
    def status(self, task_id: str) -> TaskState:
        answer = self.client.progress(self._job_id(task_id))
        farm_status = str(answer.get("job_status", ""))
        total = int(answer.get("total_frames") or 0)
        done = int(answer.get("frames_completed") or 0)
        status = JOB_STATES.get(farm_status, RENDERING)
        if status == RENDERING and done == 0:
            status = WAITING
        return TaskState(task_id, status, frames_total=total, frames_done=done, farm_status=farm_status)

    def download(
        self,
        task_id: str,
        destination: str,
        *,
        frames: Optional[Iterable[int]] = None,
        progress: Optional[ProgressCallback] = None,
        cancel: Optional[CancelToken] = None,
    ) -> List[str]:
        if frames is not None:
            raise FarmhandError("Rentaflop delivers a job's outputs as one archive; frames cannot be chosen")
        cancel = ensure_token(cancel)
        job_id = self._job_id(task_id)
        archive = os.path.join(destination, f".rentaflop-{_safe_name(job_id)}.archive")
        fetch_file(
            lambda: self.client.download_url(job_id),
            archive,
            session=self.client.session,
            progress=progress,
            cancel=cancel,
        )
        files = safe_extract(archive, destination, cancel)
        os.unlink(archive)
        return files

    def stop(self, task_id: str) -> None:
        raise FarmhandError("Rentaflop's API cannot stop jobs; stop it on portal.rentaflop.com")

    def start(self, task_id: str) -> None:
        raise FarmhandError("Rentaflop's API cannot restart jobs; submit the scene again")

    def restart(self, task_id: str, which: str = "failed") -> None:
        raise FarmhandError("Rentaflop's API cannot re-render frames; submit the scene again")

    # -- ids ---------------------------------------------------------------------
    def _record(self, task_id: str) -> Dict[str, Any]:
        record = self.state.get(KIND, task_id)
        if record is None:
            raise FarmhandError(f"no Rentaflop task {task_id} was submitted from this machine")
        return record

    def _job_id(self, task_id: str) -> str:
        record = self.state.get(KIND, task_id)
        if record is None:
            return task_id  # a Rentaflop job id given directly
        if not record.get("job_id"):
            raise FarmhandError(f"task {task_id} has not started rendering on Rentaflop yet")
        return str(record["job_id"])


def _tip(severity: str, message: str, **subject: str) -> Tip:
    return Tip(severity, f"Rentaflop {message}", CHECK, **subject)


def _unit_tips(unit, active: Optional[str], *, check_frames: bool) -> List[Tip]:
    """What Rentaflop would render differently from what this unit asks for."""
    scene_name = unit.settings.get("scene", "")
    if active and scene_name and scene_name != active:
        if unit.enabled:
            return [
                _tip(
                    WARNING, f"renders only the active scene {active!r}; this one is skipped", unit=unit.name
                )
            ]
        return []
    if not unit.enabled:
        message = "renders the view layers enabled in the saved file; to skip this one, turn off "
        message += "'Use for Rendering' in Blender and save"
        return [_tip(WARNING, message, unit=unit.name)]
    saved = _saved_frames(unit.settings)
    if check_frames and saved and unit.frames and FrameSpec.parse(unit.frames).to_fox() != saved:
        message = f"renders the saved frames {saved}, not {unit.frames}; change the range in Blender and save"
        return [_tip(ERROR, message, unit=unit.name)]
    return []


def _version_tips(version: str) -> List[Tip]:
    if not version:
        return [_tip(ERROR, "needs a Blender version: set blender_version in the profile")]
    if len(version.split(".")) < 3:
        message = f"lists full Blender versions (e.g. 3.4.1); the file says only {version!r}: "
        return [_tip(WARNING, message + "set blender_version in the profile if Rentaflop refuses it")]
    return []


def _saved_frames(settings: Dict[str, Any]) -> str:
    try:
        start, end = int(settings["frame_start"]), int(settings["frame_end"])
        step = max(int(settings.get("frame_step", 1)), 1)
    except (KeyError, TypeError, ValueError):
        return ""
    return FrameSpec.from_range(start, max(start, end), step).to_fox()


def _safe_name(text: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in text)[:64]
