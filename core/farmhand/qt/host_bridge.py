"""What the submitter asks of the host application, and nothing more.

The dialog is host-neutral; each host plugin subclasses :class:`HostBridge`
(a few lines over ``maya.cmds`` / ``hou`` / ``pymxs``) so the dialog can
select the node a validation tip is about and offer to save before
submitting, without importing any host module itself.
"""

from __future__ import annotations

from typing import Any, Optional


class HostBridge:
    """Host callbacks with safe defaults, so a host implements only what it supports.

    Every method is called on the UI thread (the host's main thread), which is
    the only thread host APIs may be called from.
    """

    def select_node(self, node: str) -> bool:
        """Select ``node`` in the host (and frame it if that is cheap); False when it is not found."""
        return False

    def scene_is_dirty(self) -> bool:
        """Whether the open scene has unsaved changes the farm would not see."""
        return False

    def save_scene(self) -> None:
        """Save the open scene to its current path (the path the scene description names)."""

    def parent_window(self) -> Optional[Any]:
        """The host's main window (a QWidget) to parent the dialog on, or None."""
        return None
