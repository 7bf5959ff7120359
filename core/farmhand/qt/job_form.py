"""The Job section: farm profile, project, name, priority, frames and how the task is followed.

The frames field is checked on every keystroke with the same parser the job
builder uses, and a parse error shows the exact character, so the user never
learns about a typo from the farm.
"""

from __future__ import annotations

import dataclasses
from typing import List, Optional

from Qt import QtCore, QtGui, QtWidgets

from farmhand.frames import FrameSpec, FrameSpecError
from farmhand.humanize import caret_line
from farmhand.options import JobOptions

PRIORITIES = ((50, "Normal (50)"), (60, "High (60)"))


class JobForm(QtWidgets.QWidget):
    """Edits the part of :class:`JobOptions` an artist chooses; ``changed`` fires on every edit."""

    changed = QtCore.Signal()

    def __init__(
        self,
        profiles: List[str],
        default_profile: str,
        options: JobOptions,
        parent: Optional[QtWidgets.QWidget] = None,
    ) -> None:
        super().__init__(parent)
        self._base = options
        self.frame_error: Optional[FrameSpecError] = None
        self._build(profiles, default_profile, options)

    def _build(self, profiles: List[str], default_profile: str, options: JobOptions) -> None:
        layout = QtWidgets.QFormLayout(self)
        self.profile = QtWidgets.QComboBox()
        self.profile.addItems(profiles)
        if default_profile in profiles:
            self.profile.setCurrentText(default_profile)
        self.project = QtWidgets.QLineEdit(options.project_name)
        self.job_name = QtWidgets.QLineEdit(options.job_name)
        self.priority = QtWidgets.QComboBox()
        for value, label in PRIORITIES:
            self.priority.addItem(label, value)
        self.priority.setCurrentIndex(max(0, self.priority.findData(options.priority)))
        self.frames = QtWidgets.QLineEdit(options.frames or "")
        self.frames.setPlaceholderText("each render unit's own frames, e.g. 1-100[1] or 1,5,10-20[2]")
        self.frame_message = QtWidgets.QLabel()
        self.frame_message.setFont(QtGui.QFontDatabase.systemFont(QtGui.QFontDatabase.SystemFont.FixedFont))
        self.frame_message.setStyleSheet("color: #d9534f;")
        self.frame_message.setVisible(False)
        self.frames_per_task = QtWidgets.QSpinBox()
        self.frames_per_task.setRange(1, 100000)
        self.frames_per_task.setValue(max(1, options.frames_per_task))
        self.wait = QtWidgets.QCheckBox("Follow the task until it ends")
        self.wait.setChecked(True)
        self.download_dir = QtWidgets.QLineEdit()
        self.download_dir.setPlaceholderText("leave empty to keep the frames on the farm")
        browse = QtWidgets.QPushButton("Browse...")
        browse.clicked.connect(self._browse_download_dir)
        download_row = QtWidgets.QHBoxLayout()
        download_row.addWidget(self.download_dir)
        download_row.addWidget(browse)
        for label, widget in (
            ("Farm profile", self.profile),
            ("Project", self.project),
            ("Job name", self.job_name),
            ("Priority", self.priority),
            ("Frames", self.frames),
            ("", self.frame_message),
            ("Frames per task", self.frames_per_task),
            ("", self.wait),
        ):
            layout.addRow(label, widget)
        layout.addRow("Download frames to", download_row)
        self._connect()

    def _connect(self) -> None:
        # Following the task and the download folder do not change the job files: no refresh.
        for line in (self.project, self.job_name):
            line.textChanged.connect(self.changed)
        self.frames.textChanged.connect(self._check_frames)
        self.profile.currentIndexChanged.connect(self.changed)
        self.priority.currentIndexChanged.connect(self.changed)
        self.frames_per_task.valueChanged.connect(self.changed)

    def _check_frames(self, text: str) -> None:
        self.frame_error = frame_spec_error(text)
        error = self.frame_error
        if error is None:
            self.frame_message.setVisible(False)
            self.frames.setStyleSheet("")
        else:
            where = f"{error.reason} at position {error.position}"
            self.frame_message.setText(f"{caret_line(text, error.position)}\n{where}")
            self.frame_message.setVisible(True)
            self.frames.setStyleSheet("border: 1px solid #d9534f;")
        self.changed.emit()

    def _browse_download_dir(self) -> None:
        current = self.download_dir.text()
        chosen = QtWidgets.QFileDialog.getExistingDirectory(self, "Download frames to", current)
        if chosen:
            self.download_dir.setText(chosen)

    # -- reading -----------------------------------------------------------------
    def options(self) -> JobOptions:
        """A fresh JobOptions: the caller's base options with this form's fields applied."""
        frames = self.frames.text().strip()
        return dataclasses.replace(
            self._base,
            project_name=self.project.text().strip(),
            job_name=self.job_name.text().strip(),
            priority=int(self.priority.currentData()),
            frames=frames or None,
            frames_per_task=self.frames_per_task.value(),
            extra_files=list(self._base.extra_files),
            exclude_patterns=list(self._base.exclude_patterns),
            hardware_config_ids=list(self._base.hardware_config_ids),
        )

    def profile_name(self) -> str:
        return self.profile.currentText()


def frame_spec_error(text: str) -> Optional[FrameSpecError]:
    """The parse error of a frames field, or None when it is empty (scene frames) or valid."""
    if not text.strip():
        return None
    try:
        FrameSpec.parse(text)
    except FrameSpecError as exc:
        return exc
    return None
