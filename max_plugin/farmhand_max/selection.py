"""Selecting the object a validation tip is about (double-click in the submitter)."""

from __future__ import annotations

from typing import Any


def select_node(name: str, rt: Any = None) -> bool:
    if rt is None:
        from pymxs import runtime as rt
    node = rt.getNodeByName(name)
    if node is None:
        return False
    rt.select(node)
    return True
