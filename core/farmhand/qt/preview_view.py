"""The Preview section: the exact task.json and upload.json the farm will receive, read-only.

The text is what :meth:`JobFiles.text` writes byte for byte, built on a worker
thread (the upload list stats folders and the scene entry carries an MD5), so
what the artist reads here is what is sent.
"""

from __future__ import annotations

from typing import Dict, Optional

from Qt import QtGui, QtWidgets

PREVIEW_FILES = ("task.json", "upload.json")


class PreviewView(QtWidgets.QWidget):
    def __init__(self, parent: Optional[QtWidgets.QWidget] = None) -> None:
        super().__init__(parent)
        self.status = QtWidgets.QLabel("building the preview...")
        self.tabs = QtWidgets.QTabWidget()
        self.editors: Dict[str, QtWidgets.QPlainTextEdit] = {}
        fixed = QtGui.QFontDatabase.systemFont(QtGui.QFontDatabase.SystemFont.FixedFont)
        for name in PREVIEW_FILES:
            editor = QtWidgets.QPlainTextEdit()
            editor.setReadOnly(True)
            editor.setFont(fixed)
            editor.setLineWrapMode(QtWidgets.QPlainTextEdit.LineWrapMode.NoWrap)
            self.editors[name] = editor
            self.tabs.addTab(editor, name)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.tabs)

    def text(self, name: str) -> str:
        return self.editors[name].toPlainText()

    def show_pending(self) -> None:
        self.status.setText("updating...")

    def show_texts(self, texts: Dict[str, str]) -> None:
        for name, editor in self.editors.items():
            _replace_keeping_scroll(editor, texts.get(name, ""))
        self.status.setText("up to date: this is exactly what will be sent")

    def show_error(self, message: str) -> None:
        for editor in self.editors.values():
            editor.setPlainText("")
        self.status.setText(f"cannot build the job files: {message}")


def _replace_keeping_scroll(editor: QtWidgets.QPlainTextEdit, text: str) -> None:
    if editor.toPlainText() == text:
        return
    bar = editor.verticalScrollBar()
    position = bar.value()
    editor.setPlainText(text)
    bar.setValue(min(position, bar.maximum()))
