"""The submitter's "show me this node" callback: select a node by path in the session."""

from __future__ import annotations

import hou

from farmhand.errors import FarmhandError


class NodeNotFound(FarmhandError):
    """The node a validation message points to is no longer in the scene."""


def select_node(path: str) -> None:
    """Select ``path`` alone and show it in the network editor, if one is open."""
    node = hou.node(path)
    if node is None:
        raise NodeNotFound(f"node {path} is not in the scene (renamed or deleted since the scan?)")
    node.setSelected(True, clear_all_selected=True)
    node.setCurrent(True, clear_all_selected=True)
    if not hou.isUIAvailable():
        return
    editor = hou.ui.paneTabOfType(hou.paneTabType.NetworkEditor)
    if isinstance(editor, hou.NetworkEditor):
        editor.setCurrentNode(node)
