"""Opening the shared Qt submitter (``farmhand.qt``) from a Python panel, the shelf or the ROP menu.

``farmhand.qt`` is imported only when a panel opens: the rest of the
package (and ``hython`` batch use) works without Qt.  The submitter gets
the host's three callbacks: rescan the scene, select a node, and the
Houdini main window as parent.
"""

from __future__ import annotations

from typing import Any, List, Optional

import hou

from farmhand.errors import FarmhandError
from farmhand.model import SceneDescription
from farmhand_houdini.scene import describe_session
from farmhand_houdini.selection import select_node


class HoudiniHost:
    """What the shared submitter asks of a host."""

    name = "houdini"

    def __init__(self, preselect: Optional[List[str]] = None) -> None:
        self.preselect = list(preselect or [])

    def describe(self, frames: Optional[str] = None) -> SceneDescription:
        scene = describe_session(frames)
        if self.preselect:  # the ROP menu entry: only the clicked ROP and its inputs start enabled
            for unit in scene.units:
                unit.enabled = unit.enabled and unit.name in self.preselect
        return scene

    def select_node(self, path: str) -> None:
        select_node(path)

    def parent_window(self) -> Any:
        return hou.qt.mainWindow() if hou.isUIAvailable() else None


def _qt() -> Any:
    try:
        import farmhand.qt as submitter  # type: ignore[import-not-found,import-untyped,unused-ignore]
    except ImportError as exc:
        raise FarmhandError(f"the Farmhand submitter UI is not installed here: {exc}") from exc
    return submitter


def open_submitter(preselect: Optional[List[str]] = None) -> Any:
    """Shelf tool and ROP menu: a floating submitter window."""
    return _qt().open_submitter(HoudiniHost(preselect))


def create_interface() -> Any:
    """Python panel (farmhand.pypanel): the submitter as a widget docked in a pane."""
    return _qt().create_submitter_widget(HoudiniHost())
