""" "Submit with Farmhand" in a ROP's right-click menu: which nodes it applies to and what it preselects.

The entry opens the submitter with the clicked ROP and every ROP wired into
it (directly or through merge/fetch nodes) preselected, because a render
that depends on caches is submitted together with them.
"""

from __future__ import annotations

from typing import Any, Dict, List

import hou

from farmhand.scenes.hip_rops import rop_kind
from farmhand.scenes.houdini_units import wired_rops
from farmhand_houdini.scene import HouSceneView


def is_submittable(node: hou.OpNode) -> bool:
    """True for nodes Farmhand can submit (OPmenu.xml shows the entry only for these)."""
    return rop_kind(node.type().category().name(), node.type().name()) is not None


def preselection(node_path: str) -> List[str]:
    """The ROP at ``node_path`` followed by every ROP wired into it, nearest first."""
    view = HouSceneView([])
    node = view.node(node_path)
    if node is None:
        return []
    return [node.path] + wired_rops(view, node)


def submit_from_menu(kwargs: Dict[str, Any]) -> None:
    """OPmenu.xml's script: ``kwargs["node"]`` is the node that was right-clicked."""
    from farmhand_houdini.panel import open_submitter

    open_submitter(preselect=preselection(kwargs["node"].path()))
