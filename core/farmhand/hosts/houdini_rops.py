"""The legacy ``submit_houdini(rop_info=[...])`` list, derived from a scene description.

Fox runs the entries in list order, so a cache ROP must come before every
ROP that reads what it writes: the list is the enabled ROPs in a
topological order of ``depends_on``, otherwise in scene order.
"""

from __future__ import annotations

from typing import Dict, List

from farmhand.errors import FarmhandError
from farmhand.model import RenderUnit, SceneDescription


class RopOrderError(FarmhandError):
    """The ROPs depend on each other in a cycle, so no submission order exists."""


def rop_info(scene: SceneDescription) -> List[Dict[str, str]]:
    """``[{"rop": "/out/mantra1", "frames": "1-20[1]", "option": "-1"}, ...]`` for the enabled ROPs."""
    units = [unit for unit in scene.enabled_units if unit.kind == "rop"]
    missing = [unit.name for unit in units if unit.option is None or not unit.frames]
    if missing:
        raise FarmhandError(f"ROP(s) without an option or frame range: {', '.join(missing)}")
    return [{"rop": unit.name, "frames": unit.frames, "option": str(unit.option)} for unit in ordered(units)]


def ordered(units: List[RenderUnit]) -> List[RenderUnit]:
    """Depth-first topological order; dependencies on ROPs not being submitted are ignored."""
    by_name = {unit.name: unit for unit in units}
    result: List[RenderUnit] = []
    done: set = set()
    visiting: List[str] = []

    def visit(unit: RenderUnit) -> None:
        if unit.name in done:
            return
        if unit.name in visiting:
            cycle = visiting[visiting.index(unit.name) :] + [unit.name]
            raise RopOrderError(f"ROP dependency cycle: {' -> '.join(cycle)}")
        visiting.append(unit.name)
        for name in unit.depends_on:
            if name in by_name:
                visit(by_name[name])
        visiting.pop()
        done.add(unit.name)
        result.append(unit)

    for unit in units:
        visit(unit)
    return result
