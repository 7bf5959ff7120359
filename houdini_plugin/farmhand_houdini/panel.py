"""Opening the shared Qt submitter (``farmhand.qt``) from the shelf, the ROP menu or a Python panel.

``farmhand.qt`` (and Qt) is imported only when a submitter opens, so
``hython`` batch use of the package never needs Qt.  The dialog gets a
:class:`HoudiniHost`: the host callbacks ``farmhand.qt.HostBridge``
describes (select a node, unsaved changes, save, main window), answered
through ``hou``.
"""

from __future__ import annotations

from typing import Any, List, Optional

import hou

from farmhand.errors import FarmhandError
from farmhand.model import SceneDescription
from farmhand_houdini.scene import describe_session
from farmhand_houdini.selection import NodeNotFound, select_node

# Open dialogs, kept referenced so Python does not collect them while Houdini shows them.
_OPEN: List[Any] = []


class HoudiniHost:
    """The submitter's host callbacks over ``hou`` (called on Houdini's main thread)."""

    def __init__(self, preselect: Optional[List[str]] = None) -> None:
        self.preselect = list(preselect or [])

    def describe(self, frames: Optional[str] = None) -> SceneDescription:
        scene = describe_session(frames)
        if self.preselect:  # from the ROP menu: only the clicked ROP and the ROPs wired into it start enabled
            for unit in scene.units:
                unit.enabled = unit.enabled and unit.name in self.preselect
        return scene

    def select_node(self, node: str) -> bool:
        try:
            select_node(node)
        except NodeNotFound:
            return False
        return True

    def scene_is_dirty(self) -> bool:
        return bool(hou.hipFile.hasUnsavedChanges())

    def save_scene(self) -> None:
        hou.hipFile.save()

    def parent_window(self) -> Optional[Any]:
        return hou.qt.mainWindow() if hou.isUIAvailable() else None


def _qt() -> Any:
    try:
        import farmhand.qt as submitter  # type: ignore[import-not-found,import-untyped,unused-ignore]
    except ImportError as exc:
        raise FarmhandError(f"the Farmhand submitter UI is not installed here: {exc}") from exc
    return submitter


def open_submitter(preselect: Optional[List[str]] = None, frames: Optional[str] = None) -> Any:
    """Shelf tool and ROP menu: scan the session and show the submitter in its own window."""
    submitter = _qt()
    host = HoudiniHost(preselect)
    dialog = submitter.SubmitterDialog(host.describe(frames), host=host)
    _OPEN[:] = [d for d in _OPEN if d.isVisible()] + [dialog]
    dialog.show()
    return dialog


def create_interface() -> Any:
    """Python panel (farmhand.pypanel): the submitter widget; the pane tab's layout embeds it."""
    submitter = _qt()
    host = HoudiniHost()
    return submitter.SubmitterDialog(host.describe(), host=host)
