"""The submitter dialog: job, render units, dependencies, validation, preview and progress.

It owns no farm logic: it edits copies of the scene's units and the job
options, asks a background worker for the validation report and the exact
job files whenever they change (debounced), and runs the shared
:class:`~farmhand.submit.Submission` pipeline off the UI thread.  Hosts give it
a :class:`SceneDescription` and a :class:`HostBridge`; everything else is here.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Tuple

from Qt import QtCore, QtWidgets

from farmhand.config import LOCAL_PROFILE, Config, ConfigError, load_config
from farmhand.errors import FarmhandError
from farmhand.jobfiles import build_job
from farmhand.model import SceneDescription
from farmhand.options import JobOptions
from farmhand.qt.background import LatestOnlyWorker, Relay
from farmhand.qt.dependencies_view import DependenciesPanel
from farmhand.qt.host_bridge import HostBridge
from farmhand.qt.job_form import JobForm
from farmhand.qt.preview_view import PREVIEW_FILES, PreviewView
from farmhand.qt.progress_view import ProgressView
from farmhand.qt.runner import ProviderFactory, SubmissionRunner
from farmhand.qt.tips_view import TipsView, tips_summary
from farmhand.qt.units_model import OPTION, UnitsModel, UnitsView
from farmhand.submit import SubmissionEvent, ValidationFailed
from farmhand.transfer.errors import TransferCancelled
from farmhand.validate import ValidationReport, validate
from farmhand.validate.tips import Tip

# Long enough to coalesce a burst of keystrokes or checkbox clicks, short enough to feel live.
PREVIEW_DELAY_MS = 250


def default_provider_factory(profile: str) -> Any:
    """``farmhand.providers.provider_for``, imported only when a submission starts."""
    from farmhand.providers import provider_for

    return provider_for(profile)


@dataclass
class Preview:
    """What the worker computes for one state of the form."""

    report: ValidationReport
    texts: Dict[str, str] = field(default_factory=dict)
    error: str = ""


def build_preview(scene: SceneDescription, options: JobOptions, profile: Optional[str] = None) -> Preview:
    """Validate and build the job files (runs on the worker thread: it stats and hashes files).

    With a ``profile``, what that farm says about the job (``farm_checks``) comes first.
    """
    from farmhand.providers import farm_checks

    farm_tips = farm_checks(profile, scene, options) if profile else []
    report = validate(scene, options)
    report.tips[:0] = farm_tips
    try:
        job = build_job(scene, options, report)
    except (FarmhandError, ValueError, OSError) as exc:
        return Preview(report, error=str(exc))
    return Preview(report, {name: job.text(name) for name in PREVIEW_FILES})


class SubmitterDialog(QtWidgets.QDialog):
    """Submit one scene to a farm.

    ``finished_submission`` carries the :class:`SubmissionRunner` when a run
    ends (its ``submission.result`` on success, ``error`` otherwise).
    """

    finished_submission = QtCore.Signal(object)

    def __init__(
        self,
        scene: SceneDescription,
        *,
        host: Optional[HostBridge] = None,
        provider_factory: Optional[ProviderFactory] = None,
        options: Optional[JobOptions] = None,
        config: Optional[Config] = None,
        parent: Optional[QtWidgets.QWidget] = None,
    ) -> None:
        host = host or HostBridge()
        super().__init__(parent if parent is not None else host.parent_window())
        self.host = host
        self.setWindowTitle(f"Farmhand: submit {scene.scene_file}")
        self.scene = scene
        self.provider_factory = provider_factory or default_provider_factory
        self.report: Optional[ValidationReport] = None
        self.runner: Optional[SubmissionRunner] = None
        self._refresh_pending = False
        self._build_error = ""
        self._config_problem = ""
        options = options or JobOptions()
        self._build(options, config)
        self._worker = LatestOnlyWorker(self._on_preview)
        self._relay = Relay(self)
        self._relay.connect_queued(self._on_event)
        self._debounce = QtCore.QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(PREVIEW_DELAY_MS)
        self._debounce.timeout.connect(self._request_preview)
        self.destroyed.connect(self._worker.stop)
        self._connect()
        self.schedule_refresh()

    # -- construction ------------------------------------------------------------
    def _build(self, options: JobOptions, config: Optional[Config]) -> None:
        profiles, default = self._profiles(config)
        self.job = JobForm(profiles, default, options)
        self.units_model = UnitsModel(self.scene.units, self)
        self.units_view = UnitsView(self.units_model)
        self.units_view.setColumnHidden(OPTION, not any(u.kind == "rop" for u in self.scene.units))
        self.dependencies = DependenciesPanel(
            self.scene.dependencies, options.extra_files, options.exclude_patterns
        )
        self.tips = TipsView()
        self.preview = PreviewView()
        self.progress = ProgressView()
        self.tabs = QtWidgets.QTabWidget()
        for widget, title in (
            (self.job, "Job"),
            (self.units_view, "Render units"),
            (self.dependencies, "Dependencies"),
            (self.tips, "Validation"),
            (self.preview, "Preview"),
            (self.progress, "Progress"),
        ):
            self.tabs.addTab(widget, title)
        self.status = QtWidgets.QLabel(self._config_problem)
        self.status.setWordWrap(True)
        self.submit_button = QtWidgets.QPushButton("Submit")
        self.submit_button.setDefault(True)
        self.close_button = QtWidgets.QPushButton("Close")
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        row = QtWidgets.QHBoxLayout()
        row.addWidget(self.status, 1)
        row.addWidget(self.submit_button)
        row.addWidget(self.close_button)
        layout.addLayout(row)
        self.resize(1000, 700)

    def _profiles(self, config: Optional[Config]) -> Tuple[List[str], str]:
        try:
            config = config or load_config()
        except ConfigError as exc:
            self._config_problem = str(exc)
            return [LOCAL_PROFILE], LOCAL_PROFILE
        return config.names(), config.default_profile

    def _connect(self) -> None:
        self.job.changed.connect(self.schedule_refresh)
        self.units_model.edited.connect(self.schedule_refresh)
        self.dependencies.changed.connect(self.schedule_refresh)
        self.tips.tip_activated.connect(self.select_tip_node)
        self.submit_button.clicked.connect(self.submit)
        self.close_button.clicked.connect(self.close)
        self.progress.cancel_button.clicked.connect(self.cancel)

    # -- the state being edited ----------------------------------------------------
    def current_scene(self) -> SceneDescription:
        """The scene with the user's unit edits applied (a copy; the host's object is untouched)."""
        return dataclasses.replace(self.scene, units=self.units_model.units())

    def current_options(self) -> JobOptions:
        options = self.job.options()
        options.extra_files = self.dependencies.extra_files()
        options.exclude_patterns = self.dependencies.exclude_patterns()
        return options

    # -- validation and preview (background, debounced) ---------------------------
    @property
    def checking(self) -> bool:
        """True from an edit until the validation and preview for it are shown."""
        return self._refresh_pending or self.preview.filling

    def schedule_refresh(self) -> None:
        self._refresh_pending = True
        self.preview.show_pending()
        self._debounce.start()
        self.update_submit_state()

    def _request_preview(self) -> None:
        scene, options, profile = self.current_scene(), self.current_options(), self.job.profile_name()
        self._worker.request(lambda: build_preview(scene, options, profile))

    def _on_preview(self, delivery: Tuple[int, Optional[Preview], Optional[BaseException]]) -> None:
        generation, preview, error = delivery
        if generation != self._worker.generation or self._debounce.isActive():
            return  # a newer state of the form is on its way
        self._refresh_pending = False
        if preview is None:
            self._build_error = f"{type(error).__name__}: {error}"
            self.report = None
        else:
            self.show_tips(preview.report.tips)
            self.report = preview.report
            self._build_error = preview.error
        if self._build_error:
            self.preview.show_error(self._build_error)
        else:
            self.preview.show_texts(preview.texts)  # type: ignore[union-attr]
        self.update_submit_state()

    def show_tips(self, tips: List[Tip]) -> None:
        self.tips.set_tips(tips)
        self.tabs.setTabText(self.tabs.indexOf(self.tips), f"Validation ({tips_summary(tips)})")

    # -- submit button -----------------------------------------------------------
    def blocking_reasons(self) -> List[str]:
        """Why Submit is disabled right now (empty when it is enabled)."""
        reasons = []
        if self.runner is not None:
            reasons.append("a submission is running")
        error = self.job.frame_error
        if error is not None:
            reasons.append(f"job frames: {error.reason} at position {error.position}")
        for name, unit_error in self.units_model.frame_errors().items():
            reasons.append(f"{name} frames: {unit_error.reason} at position {unit_error.position}")
        if self._refresh_pending:
            reasons.append("checking the scene...")
        elif self.report is None:
            reasons.append("the scene could not be checked")
        elif self.report.has_errors:
            reasons.append(f"{len(self.report.errors)} validation error(s); see Validation")
        elif self._build_error:
            reasons.append(f"the job files cannot be built: {self._build_error}")
        return reasons

    def update_submit_state(self) -> None:
        reasons = self.blocking_reasons()
        self.submit_button.setEnabled(not reasons)
        self.status.setText(reasons[0] if reasons else self._config_problem or "ready to submit")

    # -- host callbacks ------------------------------------------------------------
    def select_tip_node(self, tip: Tip) -> None:
        if tip.node and not self.host.select_node(tip.node):
            self.status.setText(f"{tip.node} was not found in the open scene")

    def _confirm_save(self) -> bool:
        """Offer to save a modified scene: the farm renders the file on disk, not the open scene."""
        if not self.host.scene_is_dirty():
            return True
        buttons = QtWidgets.QMessageBox.StandardButton
        answer = QtWidgets.QMessageBox.question(
            self,
            "Unsaved changes",
            "The scene has unsaved changes the farm would not see. Save it before submitting?",
            buttons.Save | buttons.Cancel,
        )
        if answer != buttons.Save:
            return False
        self.host.save_scene()
        return True

    # -- running -------------------------------------------------------------------
    def submit(self) -> None:
        if self.blocking_reasons() or not self._confirm_save():
            return
        self.progress.reset()
        self.tabs.setCurrentWidget(self.progress)
        self.runner = SubmissionRunner(self._relay)
        self.progress.cancel_button.setEnabled(True)
        self.update_submit_state()
        download_dir = self.job.download_dir.text().strip()
        self.runner.start(
            self.current_scene(),
            self.current_options(),
            self.job.profile_name(),
            self.provider_factory,
            wait=self.job.wait.isChecked() or bool(download_dir),
            download_dir=download_dir or None,
        )

    def cancel(self) -> None:
        if self.runner is not None:
            self.runner.cancel.cancel()
            self.progress.cancel_button.setEnabled(False)
            self.status.setText("cancelling...")

    def _on_event(self, event: SubmissionEvent) -> None:
        self.progress.handle(event)
        if event.stage == "done" and self.runner is not None:
            self._finish(self.runner)

    def _finish(self, runner: SubmissionRunner) -> None:
        self.runner = None
        self.progress.cancel_button.setEnabled(False)
        error = runner.error
        if isinstance(error, ValidationFailed):
            self.show_tips(error.report.tips)
            self.tabs.setCurrentWidget(self.tips)
        elif error is None and runner.submission is not None:
            self.progress.show_downloaded(runner.submission.result.downloaded)
        self.update_submit_state()
        self.status.setText(_outcome(runner))
        self.finished_submission.emit(runner)

    def closeEvent(self, event: Any) -> None:
        if self.runner is not None:
            self.runner.cancel.cancel("the submitter was closed")
        self._worker.stop()
        super().closeEvent(event)


def _outcome(runner: SubmissionRunner) -> str:
    error = runner.error
    if isinstance(error, TransferCancelled) or (error is not None and runner.cancel.cancelled):
        return "cancelled"
    if error is not None:
        return f"failed: {error}"
    result = runner.submission.result if runner.submission else None
    return f"task {result.task_id}: {result.status}" if result else "finished"
