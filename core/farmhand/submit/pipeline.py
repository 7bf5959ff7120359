"""Collect → validate → build → create → upload → submit → monitor → download, as one object.

Hosts and the CLI drive the same :class:`Submission`: give it a scene, the
user's options and a farm provider, call :meth:`run` (or :meth:`start` for a
background thread), listen to its events, cancel it with its token.  It
validates before the farm hears of the job, so a scene with errors never
costs a task id (the official SDK creates the task first).
"""

from __future__ import annotations

import logging
import os
import threading
from dataclasses import dataclass, field
from typing import Any, Callable, List, Optional, Set

from farmhand.errors import FarmhandError
from farmhand.jobfiles import JobFiles, build_job, write_job
from farmhand.model import SceneDescription
from farmhand.options import JobOptions
from farmhand.providers.base import DONE, FarmProvider, TaskState, UploadSummary
from farmhand.submit.events import EventCallback, SubmissionEvent
from farmhand.transfer.cancel import CancelToken
from farmhand.transfer.progress import ProgressEvent
from farmhand.validate import ValidationReport, validate
from farmhand.validate.tips import Tip

log = logging.getLogger("farmhand.submit")


class ValidationFailed(FarmhandError):
    """The scene has errors; nothing was uploaded and no task was created."""

    def __init__(self, report: ValidationReport) -> None:
        lines = "\n".join(f"  {tip.describe()}" for tip in report.errors)
        super().__init__(f"the scene has {len(report.errors)} error(s); nothing was submitted:\n{lines}")
        self.report = report


@dataclass
class SubmissionResult:
    task_id: str = ""
    status: str = ""
    upload: UploadSummary = field(default_factory=UploadSummary)
    downloaded: List[str] = field(default_factory=list)
    report: ValidationReport = field(default_factory=ValidationReport)
    job_dir: str = ""
    final: Optional[TaskState] = None


class Submission:
    """One submission of one scene to one farm."""

    def __init__(
        self,
        scene: SceneDescription,
        options: JobOptions,
        provider: FarmProvider,
        *,
        on_event: Optional[EventCallback] = None,
        cancel: Optional[CancelToken] = None,
        wait: bool = False,
        download_dir: Optional[str] = None,
        job_dir: Optional[str] = None,
    ) -> None:
        self.scene = scene
        self.options = options
        self.provider = provider
        self.on_event = on_event
        self.cancel = cancel or CancelToken()
        self.wait = wait or bool(download_dir)
        self.download_dir = download_dir
        self.job_dir = job_dir
        self.result = SubmissionResult()
        self.error: Optional[BaseException] = None
        self._thread: Optional[threading.Thread] = None

    # -- driving -------------------------------------------------------------
    def start(self) -> threading.Thread:
        """Run in a background thread (hosts must never block their UI thread)."""
        self._thread = threading.Thread(target=self._run_catching, name="farmhand-submission", daemon=True)
        self._thread.start()
        return self._thread

    def join(self, timeout: Optional[float] = None) -> SubmissionResult:
        if self._thread is not None:
            self._thread.join(timeout)
        if self.error is not None:
            raise self.error
        return self.result

    def _run_catching(self) -> None:
        try:
            self.run()
        except BaseException as exc:  # reported to the UI through the event and join()
            self.error = exc
            self._emit("done", str(exc), level="error")

    def run(self) -> SubmissionResult:
        job = self.prepare()
        message = f"creating a task on {self.provider.name}"
        task_id = self._step("create", message, lambda: self.provider.create_task(job, self.options))
        self.result.task_id = task_id
        message = f"task {task_id}: sending what the farm lacks of {len(job.upload['asset'])} file(s)"
        sent = self._step(
            "upload", message, lambda: self.provider.upload(task_id, job, self._on_transfer, self.cancel)
        )
        self.result.upload = sent
        self._emit(
            "upload", f"{sent.files_uploaded} file(s) sent, {sent.bytes_skipped} byte(s) already on the farm"
        )
        self._step("submit", f"submitting task {task_id}", lambda: self.provider.submit(task_id))
        self.result.status = "submitted"
        if self.wait:
            self.result.final = self.monitor(task_id)
            self.result.status = self.result.final.status
        self._emit("done", f"task {task_id}: {self.result.status}")
        return self.result

    def prepare(self) -> JobFiles:
        """Validate and build the job files; raise before any farm call if there are errors."""
        self._emit("validate", "checking the scene")
        tips: List[Tip] = self.provider.check(self.scene, self.options)
        uses_scene = self.provider.capabilities.uses_scene
        report = validate(self.scene, self.options) if uses_scene else ValidationReport()
        report.tips[:0] = tips
        self.result.report = report
        for tip in report.tips:
            self._emit("validate", tip.describe(), level=tip.severity)
        if report.has_errors:
            raise ValidationFailed(report)
        if self.download_dir:
            _make_download_folder(self.download_dir)
        self._emit("build", "writing the job files")
        job = build_job(self.scene, self.options, report)
        if self.job_dir:
            write_job(job, self.job_dir)
            self.result.job_dir = self.job_dir
        return job

    # -- monitoring -------------------------------------------------------------
    def monitor(self, task_id: str) -> TaskState:
        """Poll until the task ends, downloading frames as they finish."""
        fetched: Set[int] = set()
        low, high = self.provider.poll_interval
        interval = low
        while True:
            self.cancel.raise_if_cancelled()
            state = self.provider.status(task_id)
            self._emit("monitor", f"{state.frames_done}/{state.frames_total} frames done", task=state)
            new = self._new_done_frames(state, fetched)
            if self.download_dir and new:
                self._download(task_id, new)
                fetched.update(new)
            if state.finished:
                if self.download_dir and state.status == DONE:
                    self._download(task_id, None)
                return state
            progressed = bool(new)
            interval = low if progressed else min(high, interval * 1.5)
            self.cancel.sleep(interval)

    @staticmethod
    def _new_done_frames(state: TaskState, fetched: Set[int]) -> List[int]:
        done = {frame for record in state.frames if record.status == DONE for frame in record.frames}
        return sorted(done - fetched)

    def _download(self, task_id: str, frames: Optional[List[int]]) -> None:
        if self.download_dir is None:
            return
        os.makedirs(self.download_dir, exist_ok=True)
        what = "remaining outputs" if frames is None else f"frames {frames[0]}..{frames[-1]}"
        self._emit("download", f"downloading {what}")
        files = self.provider.download(
            task_id, self.download_dir, frames=frames, progress=self._on_transfer, cancel=self.cancel
        )
        for path in files:
            if path not in self.result.downloaded:
                self.result.downloaded.append(path)

    # -- events ------------------------------------------------------------------
    def _step(self, stage: str, message: str, action: Callable[[], Any]) -> Any:
        """One farm call: stop first if the user cancelled, announce it, then do it."""
        self.cancel.raise_if_cancelled()
        self._emit(stage, message)
        return action()

    def _on_transfer(self, event: ProgressEvent) -> None:
        stage = "download" if event.phase == "downloading" else "upload"
        self._emit(stage, "", transfer=event)

    def _emit(self, stage: str, message: str = "", **kwargs) -> None:
        if message:
            log.debug("%s: %s", stage, message)
        if self.on_event is not None:
            self.on_event(SubmissionEvent(stage, message, **kwargs))


def _make_download_folder(path: str) -> None:
    """Before the farm hears of the job: a file in the way must not surface only after the render."""
    if os.path.exists(path) and not os.path.isdir(path):
        raise FarmhandError(f"cannot download into {path}: it is a file, not a folder")
    try:
        os.makedirs(path, exist_ok=True)
    except OSError as exc:
        raise FarmhandError(f"cannot download into {path}: {exc.strerror or exc}") from exc
