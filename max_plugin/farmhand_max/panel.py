"""Opening the shared Qt submitter from the Farmhand macroScript.

Imported only when the artist clicks the toolbar button or menu entry, so
Max's batch modes never load Qt.  3ds Max 2024+ ships PySide, which Qt.py
wraps.  The dialog is given the Max main window as parent and a bridge that
selects objects and saves the scene on Max's main thread.
"""

from __future__ import annotations

from typing import Any, List, Optional

from farmhand.qt import HostBridge, SubmitterDialog  # type: ignore[import-not-found,unused-ignore]
from farmhand_max.scene import describe_session, runtime
from farmhand_max.selection import select_node

# Open dialogs, kept referenced so Python does not collect them while Max shows them.
_OPEN: List[Any] = []


class MaxBridge(HostBridge):  # type: ignore[misc,unused-ignore]
    def select_node(self, node: str) -> bool:
        return select_node(node)

    def scene_is_dirty(self) -> bool:
        return bool(runtime().getSaveRequired())

    def save_scene(self) -> None:
        rt = runtime()
        rt.saveMaxFile(rt.maxFilePath + rt.maxFileName, quiet=True)

    def parent_window(self) -> Optional[Any]:
        try:
            from qtmax import GetQMaxMainWindow  # Max 2022+
        except ImportError:
            return None
        return GetQMaxMainWindow()


def open_submitter(frames: Optional[str] = None) -> Any:
    rt = runtime()
    if not str(rt.maxFileName):
        rt.messageBox("Save the scene first: the farm renders the saved file.", title="Farmhand")
        return None
    dialog = SubmitterDialog(describe_session(frames), host=MaxBridge())
    _OPEN[:] = [d for d in _OPEN if d.isVisible()] + [dialog]
    dialog.show()
    return dialog
