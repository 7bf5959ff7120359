"""The Progress section: stage, hashing/upload bar, frame progress, downloads, log, Cancel.

Everything here is fed by :class:`SubmissionEvent` objects that already
crossed to the UI thread; the tracker upstream throttles transfer events to a
few per second, so each one may redraw freely.
"""

from __future__ import annotations

from typing import List, Optional

from Qt import QtWidgets

from farmhand.humanize import human_bytes, human_eta, human_rate
from farmhand.providers.base import TaskState
from farmhand.submit import SubmissionEvent
from farmhand.transfer.progress import ProgressEvent

BAR_RANGE = 1000
LOG_LINES = 5000


class ProgressView(QtWidgets.QWidget):
    def __init__(self, parent: Optional[QtWidgets.QWidget] = None) -> None:
        super().__init__(parent)
        self.stage = QtWidgets.QLabel("not started")
        self.transfer_bar = QtWidgets.QProgressBar()
        self.transfer_bar.setRange(0, BAR_RANGE)
        self.transfer_text = QtWidgets.QLabel()
        self.frames_bar = QtWidgets.QProgressBar()
        self.frames_text = QtWidgets.QLabel()
        self.frames = QtWidgets.QTreeWidget()
        self.frames.setHeaderLabels(["Frame", "Status"])
        self.frames.setRootIsDecorated(False)
        self.downloads = QtWidgets.QListWidget()
        self.log = QtWidgets.QPlainTextEdit()
        self.log.setReadOnly(True)
        self.log.setMaximumBlockCount(LOG_LINES)
        self.cancel_button = QtWidgets.QPushButton("Cancel")
        self.cancel_button.setEnabled(False)
        self.downloaded: List[str] = []
        self._layout()

    def _layout(self) -> None:
        layout = QtWidgets.QVBoxLayout(self)
        form = QtWidgets.QFormLayout()
        form.addRow("Stage", self.stage)
        form.addRow("Transfer", self.transfer_bar)
        form.addRow("", self.transfer_text)
        form.addRow("Frames", self.frames_bar)
        form.addRow("", self.frames_text)
        layout.addLayout(form)
        split = QtWidgets.QSplitter()
        split.addWidget(self.frames)
        split.addWidget(self.downloads)
        layout.addWidget(split, 1)
        layout.addWidget(self.log, 1)
        row = QtWidgets.QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.cancel_button)
        layout.addLayout(row)

    def reset(self) -> None:
        self.stage.setText("starting")
        self.transfer_bar.setValue(0)
        self.transfer_text.clear()
        self.frames_bar.setValue(0)
        self.frames_text.clear()
        self.frames.clear()
        self.downloads.clear()
        self.downloaded = []
        self.log.clear()

    def handle(self, event: SubmissionEvent) -> None:
        self.stage.setText(event.stage)
        if event.message:
            self.log.appendPlainText(f"[{event.stage}] {event.level}: {event.message}")
        if event.transfer is not None:
            self._show_transfer(event.transfer)
        if event.task is not None:
            self._show_task(event.task)

    def _show_transfer(self, progress: ProgressEvent) -> None:
        self.transfer_bar.setValue(int(progress.fraction * BAR_RANGE))
        self.transfer_bar.setFormat(f"{progress.phase} %p%")
        self.transfer_text.setText(
            f"{progress.files_done}/{progress.files_total} files, "
            f"{human_bytes(progress.bytes_done)} of {human_bytes(progress.bytes_total)}"
            f" ({human_bytes(progress.bytes_skipped)} already on the farm), "
            f"{human_rate(progress.rate)}, ETA {human_eta(progress.eta)}"
        )
        current = progress.current_file
        if progress.phase == "downloading" and current and current not in self.downloaded:
            self.downloaded.append(current)
            self.downloads.addItem(current)

    def _show_task(self, task: TaskState) -> None:
        self.frames_bar.setRange(0, max(1, task.frames_total))
        self.frames_bar.setValue(task.frames_done)
        failed = f", {task.frames_failed} failed" if task.frames_failed else ""
        done = f"{task.frames_done}/{task.frames_total} frames done"
        self.frames_text.setText(f"{done}{failed} ({task.status})")
        self.frames.clear()
        for record in task.frames:
            self.frames.addTopLevelItem(QtWidgets.QTreeWidgetItem([record.label, record.status]))

    def show_downloaded(self, files: List[str]) -> None:
        """The submission's final list of written files (authoritative over the live one)."""
        self.downloaded = list(files)
        self.downloads.clear()
        self.downloads.addItems(self.downloaded)
