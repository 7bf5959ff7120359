"""Open the shared Qt submitter (``farmhand.qt``) for the open Maya scene.

``farmhand.qt`` is imported only when the panel opens, so batch Maya
(``mayapy``, render nodes) never needs Qt.  The submitter gets the host's
callbacks: describe the scene, select a node, follow the selection, and the
Maya main window as parent.
"""

from __future__ import annotations

from typing import Any, Callable, List, Optional

from farmhand.errors import FarmhandError
from farmhand.model import SceneDescription
from farmhand_maya.scene import describe_session
from farmhand_maya.selection import select_node, stop_watching, watch_selection


class MayaHost:
    """What the shared submitter asks of a host."""

    name = "maya"

    def describe(self, frames: Optional[str] = None) -> SceneDescription:
        return describe_session(frames)

    def select_node(self, name: str) -> None:
        select_node(name)

    def watch_selection(self, callback: Callable[[List[str]], None]) -> int:
        return watch_selection(callback)

    def stop_watching(self, job: int) -> None:
        stop_watching(job)

    def parent_window(self) -> Any:
        try:
            from maya import OpenMayaUI
            from Qt import QtCompat, QtWidgets  # type: ignore[import-not-found,import-untyped,unused-ignore]
        except ImportError:
            return None
        pointer = OpenMayaUI.MQtUtil.mainWindow()
        return QtCompat.wrapInstance(int(pointer), QtWidgets.QWidget) if pointer else None


def _qt() -> Any:
    try:
        import farmhand.qt as submitter  # type: ignore[import-not-found,import-untyped,unused-ignore]
    except ImportError as exc:
        raise FarmhandError(f"the Farmhand submitter UI is not installed here: {exc}") from exc
    return submitter


def open_submitter() -> Any:
    """Menu entry and shelf button: the submitter window for the open scene."""
    return _qt().open_submitter(MayaHost())
