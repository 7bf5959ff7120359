"""Selection both ways between Maya and the submitter.

The submitter calls :func:`select_node` when the user double-clicks a
validation message or a dependency row; :func:`watch_selection` lets the
panel follow the artist's selection in Maya (highlighting the units and
dependencies of the selected nodes).  The scriptJob is tied to the panel's
lifetime by its id, so closing the panel can remove it.
"""

from __future__ import annotations

from typing import Callable, List

from maya import cmds

from farmhand.errors import FarmhandError


class NodeNotFound(FarmhandError):
    """The node a message points to is no longer in the scene."""


def select_node(name: str) -> None:
    """Select ``name`` alone (a node, or ``node.attribute`` for a plug's node)."""
    node = name.split(".", 1)[0]
    if not node or not cmds.objExists(node):
        raise NodeNotFound(f"node {node or name!r} is not in the scene (renamed or deleted since the scan?)")
    cmds.select(node, replace=True)


def selected_nodes() -> List[str]:
    return list(cmds.ls(selection=True) or [])


def watch_selection(callback: Callable[[List[str]], None]) -> int:
    """Call ``callback(selected node names)`` whenever Maya's selection changes; returns the job id."""

    def changed() -> None:
        callback(selected_nodes())

    job = cmds.scriptJob(event=("SelectionChanged", changed), protected=True)
    return int(job) if isinstance(job, int) else 0


def stop_watching(job: int) -> None:
    if job and cmds.scriptJob(exists=job):
        cmds.scriptJob(kill=job, force=True)
