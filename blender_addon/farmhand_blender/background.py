"""Farm work off Blender's main thread, and the one road its results take back.

``bpy`` may only be touched from the main thread, and hashing, uploading, following a task and
downloading frames take seconds to hours.  So every such piece of work runs on a worker thread
that only puts :class:`~farmhand.submit.events.SubmissionEvent` objects (and its final outcome)
on a :class:`queue.Queue`; :func:`tick`, registered with ``bpy.app.timers`` and therefore run on
the main thread, drains the queue into a :class:`JobView` that the panel draws, and drives the
window manager's progress bar.  ``bpy`` as a Python module has no event loop, so tests call
:func:`tick` themselves, which runs exactly what the timer runs.
"""

from __future__ import annotations

import queue
import threading
import time
from dataclasses import dataclass, field
from typing import Callable, List, Optional

import bpy

from farmhand.model import SceneDescription
from farmhand.options import JobOptions
from farmhand.providers.base import FarmProvider, TaskState
from farmhand.submit.events import SubmissionEvent
from farmhand.submit.pipeline import Submission, SubmissionResult
from farmhand.transfer.cancel import CancelToken
from farmhand.transfer.progress import ProgressEvent

# Seconds between timer calls while work is running: often enough for a smooth bar, rare enough
# to cost nothing (the worker's events are already throttled to about ten per second).
TICK_INTERVAL = 0.2
PROGRESS_STEPS = 1000
MAX_LOG_LINES = 200


@dataclass
class JobView:
    """What the panel shows about the current (or last) background job; main thread only."""

    kind: str = ""  # "submit" | "download"
    running: bool = False
    stage: str = ""
    message: str = ""
    transfer: Optional[ProgressEvent] = None
    task: Optional[TaskState] = None
    task_id: str = ""
    downloaded: List[str] = field(default_factory=list)
    error: str = ""
    cancelled: bool = False
    log: List[str] = field(default_factory=list)
    started: float = 0.0
    finished: float = 0.0

    @property
    def fraction(self) -> float:
        """Progress of the current stage: bytes while transferring, frames while rendering."""
        if self.stage in ("upload", "download") and self.transfer is not None:
            return self.transfer.fraction
        if self.task is not None and self.task.frames_total:
            return self.task.frames_done / self.task.frames_total
        return 0.0


class BackgroundJob:
    """One worker thread, its event queue and its cancel token."""

    def __init__(self, kind: str, cancel: CancelToken) -> None:
        self.kind = kind
        self.cancel = cancel
        self.events: queue.Queue[SubmissionEvent] = queue.Queue()
        self.thread: Optional[threading.Thread] = None
        self.view = JobView(kind=kind, running=True, started=time.monotonic())
        self._outcome: Optional[Callable[[], None]] = None

    def start(self) -> BackgroundJob:
        """Start the worker thread (each kind of job knows its own work)."""
        raise NotImplementedError

    def post(self, event: SubmissionEvent) -> None:
        """The worker's only way to report (any thread)."""
        self.events.put(event)

    def drain(self) -> bool:
        """Apply queued events to the view (main thread); True while the worker is still running."""
        alive = self.thread is not None and self.thread.is_alive()
        while True:
            try:
                event = self.events.get_nowait()
            except queue.Empty:
                break
            apply_event(self.view, event)
        if not alive and self.view.running:
            self.finish()
        return alive

    def finish(self) -> None:
        self.view.running = False
        self.view.finished = time.monotonic()
        self.view.cancelled = self.cancel.cancelled
        if self._outcome is not None:
            self._outcome()


def apply_event(view: JobView, event: SubmissionEvent) -> None:
    view.stage = event.stage
    if event.transfer is not None:
        view.transfer = event.transfer
    if event.task is not None:
        view.task = event.task
    if event.message:
        view.message = event.message
        view.log.append(f"{event.level}: {event.message}" if event.level != "info" else event.message)
        del view.log[:-MAX_LOG_LINES]


class SubmitJob(BackgroundJob):
    """A :class:`Submission` run on a worker thread, its farm provider made there too.

    Making the provider can itself be slow (the ``local`` profile may start the local farm and
    wait for it to listen), so the thread does it rather than the operator.
    """

    def __init__(
        self,
        scene: SceneDescription,
        options: JobOptions,
        provider_factory: Callable[[], FarmProvider],
        *,
        download_dir: Optional[str] = None,
    ) -> None:
        super().__init__("submit", CancelToken())
        self.scene, self.options = scene, options
        self.provider_factory = provider_factory
        self.download_dir = download_dir
        self.submission: Optional[Submission] = None
        self.error: Optional[BaseException] = None
        self._outcome = self._read_outcome

    def start(self) -> SubmitJob:
        self.thread = threading.Thread(target=self._run, name="farmhand-submission", daemon=True)
        self.thread.start()
        return self

    def _run(self) -> None:
        try:
            self.post(SubmissionEvent("create", "connecting to the farm"))
            provider = self.provider_factory()
            self.submission = Submission(
                self.scene,
                self.options,
                provider,
                on_event=self.post,
                cancel=self.cancel,
                wait=True,  # follow the task so the panel shows its frames
                download_dir=self.download_dir,
            )
            self.submission.run()
        except BaseException as exc:  # reported through the view; a worker must not die silently
            self.error = exc
            self.post(SubmissionEvent("done", str(exc), level="error"))

    def _read_outcome(self) -> None:
        """The thread has ended, so the submission's result is final and safe to read."""
        if self.submission is not None:
            result: SubmissionResult = self.submission.result
            self.view.task_id = result.task_id
            self.view.downloaded = list(result.downloaded)
            if result.final is not None:
                self.view.task = result.final
        if self.error is not None:
            self.view.error = str(self.error) or type(self.error).__name__


class DownloadJob(BackgroundJob):
    """Fetch a task's finished outputs into a folder."""

    def __init__(self, provider_factory: Callable[[], FarmProvider], task_id: str, destination: str) -> None:
        super().__init__("download", CancelToken())
        self.provider_factory, self.task_id, self.destination = provider_factory, task_id, destination
        self.view.task_id = task_id
        self._files: List[str] = []
        self._error = ""
        self._outcome = self._read_outcome

    def start(self) -> DownloadJob:
        self.thread = threading.Thread(target=self._run, name="farmhand-download", daemon=True)
        self.thread.start()
        return self

    def _run(self) -> None:
        try:
            self.post(SubmissionEvent("download", f"downloading task {self.task_id}"))
            self._files = self.provider_factory().download(
                self.task_id,
                self.destination,
                progress=lambda event: self.post(SubmissionEvent("download", transfer=event)),
                cancel=self.cancel,
            )
            self.post(SubmissionEvent("done", f"{len(self._files)} file(s) downloaded"))
        except Exception as exc:  # shown in the panel; the thread must not die silently
            self._error = str(exc) or type(exc).__name__
            self.post(SubmissionEvent("done", str(exc), level="error"))

    def _read_outcome(self) -> None:
        self.view.downloaded = list(self._files)
        self.view.error = self._error


# ------------------------------------------------------------------------------------------------
# The main-thread side: one job at a time, a timer, Blender's progress bar
# ------------------------------------------------------------------------------------------------


class Runner:
    """The add-on's current job and the progress bar it drives."""

    def __init__(self) -> None:
        self.job: Optional[BackgroundJob] = None
        self.last_view = JobView()
        self._bar_open = False

    @property
    def busy(self) -> bool:
        return self.job is not None and self.job.view.running

    @property
    def view(self) -> JobView:
        return self.job.view if self.job is not None else self.last_view

    def run(self, job: BackgroundJob) -> BackgroundJob:
        if self.busy:
            raise RuntimeError("a Farmhand job is already running")
        self.job = job
        job.start()
        self._begin_bar()
        if not bpy.app.timers.is_registered(tick):
            bpy.app.timers.register(tick, first_interval=TICK_INTERVAL)
        return job

    def cancel(self) -> bool:
        if not self.busy or self.job is None:
            return False
        self.job.cancel.cancel("cancelled in Blender")
        return True

    def step(self) -> bool:
        """Drain the current job once; True while it still runs."""
        if self.job is None:
            return False
        alive = self.job.drain()
        self._update_bar(self.job.view)
        if not self.job.view.running:
            self._end_bar()
            self.last_view = self.job.view
        return alive or self.job.view.running

    def _begin_bar(self) -> None:
        manager = _window_manager()
        if manager is not None:
            manager.progress_begin(0, PROGRESS_STEPS)
            self._bar_open = True

    def _update_bar(self, view: JobView) -> None:
        manager = _window_manager()
        if manager is not None and self._bar_open:
            manager.progress_update(int(view.fraction * PROGRESS_STEPS))

    def _end_bar(self) -> None:
        manager = _window_manager()
        if manager is not None and self._bar_open:
            manager.progress_end()
        self._bar_open = False


RUNNER = Runner()


def _window_manager():
    return getattr(bpy.context, "window_manager", None)


def tick() -> Optional[float]:
    """The ``bpy.app.timers`` callback: apply the worker's news, redraw, come back while it runs."""
    running = RUNNER.step()
    _redraw_sidebars()
    return TICK_INTERVAL if running else None


def _redraw_sidebars() -> None:
    manager = _window_manager()
    for window in getattr(manager, "windows", ()):
        for area in window.screen.areas:
            if area.type == "VIEW_3D":
                for region in area.regions:
                    if region.type == "UI":
                        region.tag_redraw()


def stop_timer() -> None:
    """Unregistering the add-on must not leave a timer calling into unloaded code."""
    if bpy.app.timers.is_registered(tick):
        bpy.app.timers.unregister(tick)
    if RUNNER.busy:
        RUNNER.cancel()
