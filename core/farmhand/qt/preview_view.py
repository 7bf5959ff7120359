"""The Preview section: the exact task.json and upload.json the farm will receive, read-only.

The text is what :meth:`JobFiles.text` writes byte for byte, built on a worker
thread (the upload list stats folders and the scene entry carries an MD5), so
what the artist reads here is what is sent.  A 20,000-file upload.json is
over a megabyte; handing it to the editor in one call blocks the UI for a
fifth of a second, so it is appended in slices from the event loop instead.
"""

from __future__ import annotations

from typing import Dict, List, Optional

from Qt import QtCore, QtGui, QtWidgets

PREVIEW_FILES = ("task.json", "upload.json")
# About 5 ms of editor work per slice; keeps every event-loop turn short.
SLICE_CHARS = 32 * 1024


class PreviewView(QtWidgets.QWidget):
    def __init__(self, parent: Optional[QtWidgets.QWidget] = None) -> None:
        super().__init__(parent)
        self.status = QtWidgets.QLabel("building the preview...")
        self.tabs = QtWidgets.QTabWidget()
        self.editors: Dict[str, QtWidgets.QPlainTextEdit] = {}
        self._shown: Dict[str, str] = {}
        self._slices: List[tuple] = []
        self._feeder = QtCore.QTimer(self)
        self._feeder.setInterval(0)
        self._feeder.timeout.connect(self._feed)
        fixed = QtGui.QFontDatabase.systemFont(QtGui.QFontDatabase.SystemFont.FixedFont)
        for name in PREVIEW_FILES:
            editor = QtWidgets.QPlainTextEdit()
            editor.setReadOnly(True)
            editor.setUndoRedoEnabled(False)
            editor.setFont(fixed)
            editor.setLineWrapMode(QtWidgets.QPlainTextEdit.LineWrapMode.NoWrap)
            self.editors[name] = editor
            self.tabs.addTab(editor, name)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.tabs)

    @property
    def filling(self) -> bool:
        """True while a large text is still being handed to the editors."""
        return bool(self._slices)

    def text(self, name: str) -> str:
        return self.editors[name].toPlainText()

    def show_pending(self) -> None:
        self.status.setText("updating...")

    def show_texts(self, texts: Dict[str, str]) -> None:
        self._slices = []
        for name, editor in self.editors.items():
            text = texts.get(name, "")
            if self._shown.get(name) == text:
                continue
            self._shown[name] = text
            editor.clear()
            self._slices += [(editor, text[i : i + SLICE_CHARS]) for i in range(0, len(text), SLICE_CHARS)]
        self.status.setText("loading the preview...")
        self._feed()
        if self._slices:
            self._feeder.start()

    def show_error(self, message: str) -> None:
        self._slices = []
        self._feeder.stop()
        self._shown = {}
        for editor in self.editors.values():
            editor.clear()
        self.status.setText(f"cannot build the job files: {message}")

    def _feed(self) -> None:
        if self._slices:
            editor, piece = self._slices.pop(0)
            cursor = QtGui.QTextCursor(editor.document())
            cursor.movePosition(QtGui.QTextCursor.MoveOperation.End)
            cursor.insertText(piece)
        if not self._slices:
            self._feeder.stop()
            self.status.setText("up to date: this is exactly what will be sent")
