"""Open the shared Qt submitter (``farmhand.qt``) for the open Maya scene.

This module is imported only when the artist opens the submitter (menu or
shelf), so batch Maya (``mayapy``, render nodes) never imports Qt.  The
dialog gets a :class:`MayaBridge`: select a node, say whether the scene has
unsaved changes and save it, and the Maya main window as parent.
"""

from __future__ import annotations

from typing import Any, List, Optional

from maya import cmds

from farmhand.qt import HostBridge, SubmitterDialog  # type: ignore[import-not-found,unused-ignore]
from farmhand_maya.scene import describe_session
from farmhand_maya.selection import NodeNotFound, select_node

# Open dialogs, kept referenced so Python does not collect them while Maya shows them.
_OPEN: List[Any] = []


class MayaBridge(HostBridge):  # type: ignore[misc,unused-ignore]
    """The submitter's host callbacks, over maya.cmds (always called on Maya's main thread)."""

    def select_node(self, node: str) -> bool:
        try:
            select_node(node)
        except NodeNotFound:
            return False
        return True

    def scene_is_dirty(self) -> bool:
        return bool(cmds.file(query=True, modified=True))

    def save_scene(self) -> None:
        cmds.file(save=True)

    def parent_window(self) -> Optional[Any]:
        try:
            from maya import OpenMayaUI
            from Qt import QtCompat, QtWidgets  # type: ignore[import-not-found,import-untyped,unused-ignore]
        except ImportError:
            return None
        pointer = OpenMayaUI.MQtUtil.mainWindow()
        return QtCompat.wrapInstance(int(pointer), QtWidgets.QWidget) if pointer else None


def open_submitter(frames: Optional[str] = None) -> Any:
    """Menu entry and shelf button: scan the open scene and show the submitter for it."""
    dialog = SubmitterDialog(describe_session(frames), host=MayaBridge())
    _OPEN[:] = [d for d in _OPEN if d.isVisible()] + [dialog]
    dialog.show()
    return dialog
