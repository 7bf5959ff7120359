"""Houdini ROPs -> :class:`RenderUnit` objects, for any source of node data.

The offline ``.hip`` reader and the in-host adapter (which asks ``hou``) both
present the scene through the small :class:`NodeView`/:class:`SceneView`
protocol below and share everything after it, so a ROP gets the same
option, frames, output, camera and dependencies whichever way it was read.
"""

from __future__ import annotations

import fnmatch
import math
from dataclasses import dataclass, field
from typing import Container, Dict, Iterable, List, Optional, Protocol, Tuple

from farmhand.frames import FrameSpec, FrameSpecError
from farmhand.model import OPTION_DISTRIBUTED, RenderUnit
from farmhand.scenes.hip_rops import TOP_FETCH, UNKNOWN_KIND, RopKind, base_type, is_routing, rop_kind


@dataclass
class Text:
    """A parm's text with scene variables and what could be evaluated expanded (frame tokens kept)."""

    value: str
    unresolved: Optional[str] = None


class NodeView(Protocol):
    path: str
    name: str
    type_name: str
    category: str
    bypassed: bool

    def text(self, parm: str, index: int = 0) -> Optional[Text]: ...

    def raw(self, parm: str, index: int = 0) -> Optional[str]: ...

    def number(self, parm: str, index: int = 0) -> Tuple[Optional[float], str]: ...

    def has_parm(self, parm: str) -> bool: ...

    def input_paths(self) -> List[Optional[str]]: ...


class SceneView(Protocol):
    current_frame: float

    def node(self, path: str) -> Optional[NodeView]: ...

    def nodes(self) -> Iterable[NodeView]: ...

    def resolve(self, node: NodeView, reference: str) -> Optional[str]: ...


@dataclass
class FileRead:
    """A file a non-ROP node reads: the scene's words for it and its expansion (frame tokens kept)."""

    node: str
    parm: str
    raw: str
    expanded: str
    unresolved: Optional[str] = None


@dataclass
class RopScan:
    units: List[RenderUnit] = field(default_factory=list)
    notes: List[Dict[str, str]] = field(default_factory=list)


def scan_rops(scene: SceneView, reads: List[FileRead], frames: Optional[str] = None) -> RopScan:
    """One unit per ROP in every context; ``frames`` (a Fox spec) overrides each ROP's own range."""
    result = RopScan()
    found: List[Tuple[NodeView, RopKind]] = []
    for node in scene.nodes():
        kind = rop_kind(node.category, node.type_name)
        if kind is not None:
            found.append((node, kind))
    for node, kind in found:
        result.units.append(_unit(scene, node, kind, frames, result.notes))
    _link_dependencies(scene, result.units, reads)
    return result


def _unit(scene: SceneView, node: NodeView, kind: RopKind, frames: Optional[str], notes: List) -> RenderUnit:
    unit = RenderUnit(name=node.path, kind="rop", node_type=node.type_name, enabled=not node.bypassed)
    source = node
    if node.category == "Top" and base_type(node.type_name) == TOP_FETCH:
        kind, source = _fetched(scene, node, unit)
    unit.option = kind.option
    unit.renderer = kind.renderer
    unit.settings.update({"role": kind.role, "category": node.category})
    if node.category == "Top" and unit.enabled:
        # A TOP node cooks inside its PDG graph (work items, @attributes); the farm runs ROPs.
        unit.enabled = False
        unit.low_confidence["enabled"] = (
            "a PDG (TOP) node: off by default; the ROP it cooks is listed on its own"
        )
    if kind is UNKNOWN_KIND and "option" not in unit.low_confidence:
        unit.low_confidence["option"] = (
            f"{source.type_name} is not a known ROP type; it is run as a general (non-image) ROP"
        )
    if kind.needs_gpu:
        unit.settings["needs_gpu"] = True
    _render_delegate(source, unit)
    _frames(scene, source, unit, frames)
    _output(scene, source, kind, unit)
    _camera(scene, source, kind, unit, notes)
    if kind.option == OPTION_DISTRIBUTED:
        _distributed(scene, source, unit)
    return unit


# Hydra render delegates a USD render ROP names in its ``renderer`` parm.
_DELEGATES = {
    "BRAY_HdKarma": "karma",
    "BRAY_HdKarmaXPU": "karma_xpu",
    "HdArnoldRendererPlugin": "arnold",
    "HdRedshiftRendererPlugin": "redshift",
    "HdPrmanLoaderRendererPlugin": "renderman",
}


def _render_delegate(node: NodeView, unit: RenderUnit) -> None:
    if base_type(node.type_name) not in ("usdrender_rop", "usdrender"):
        return
    delegate = node.text("renderer")
    if delegate is not None and delegate.value and not delegate.unresolved:
        unit.settings["render_delegate"] = delegate.value
        unit.renderer = _DELEGATES.get(delegate.value, delegate.value)


def _fetched(scene: SceneView, node: NodeView, unit: RenderUnit) -> Tuple[RopKind, NodeView]:
    reference = node.text("roppath")
    target_path = scene.resolve(node, reference.value) if reference and not reference.unresolved else None
    target = scene.node(target_path) if target_path else None
    if target is None:
        unit.low_confidence["option"] = "the ROP this ropfetch cooks could not be found in the scene"
        return UNKNOWN_KIND, node
    unit.settings["fetches"] = target.path
    return rop_kind(target.category, target.type_name) or UNKNOWN_KIND, target


# -- frames ---------------------------------------------------------------


def _frames(scene: SceneView, node: NodeView, unit: RenderUnit, override: Optional[str]) -> None:
    trange = node.text("trange")
    mode = trange.value if trange else None
    start, start_doubt = node.number("f", 0)
    end, end_doubt = node.number("f", 1)
    step, step_doubt = node.number("f", 2)
    doubts = [d for d in (start_doubt, end_doubt, step_doubt) if d]
    range_spec = _spec(start, end, step if step is not None else 1.0, doubts)
    if range_spec is not None:
        unit.settings["frame_range"] = range_spec
    if mode is not None:
        unit.settings["trange"] = mode
    if override:
        unit.frames = override
        return
    if mode in ("off", "0"):
        current = int(math.floor(scene.current_frame))
        unit.frames = str(FrameSpec.from_range(current, current, 1))
        unit.low_confidence["frames"] = (
            f"Valid Frame Range is 'Render Current Frame': only frame {current} renders"
            + (f"; the ROP's range is {range_spec}" if range_spec else "")
        )
        return
    if range_spec is None:
        unit.low_confidence["frames"] = "the ROP has no usable frame range"
        return
    unit.frames = range_spec
    if mode is None:
        doubts.append("the ROP has no Valid Frame Range parm; its f1-f3 range is used")
    if doubts:
        unit.low_confidence["frames"] = "; ".join(doubts)


def _spec(start: Optional[float], end: Optional[float], step: float, doubts: List[str]) -> Optional[str]:
    if start is None or end is None:
        return None
    if not all(float(v).is_integer() for v in (start, end, step)) or step <= 0:
        doubts.append(f"fractional or invalid range {start:g}-{end:g} step {step:g}; whole frames used")
    first, last = int(math.floor(start)), int(math.ceil(end))
    try:
        return str(FrameSpec.from_range(first, max(first, last), max(1, int(round(step)))))
    except FrameSpecError as exc:
        doubts.append(str(exc))
        return None


# -- output -----------------------------------------------------------------


def _output(scene: SceneView, node: NodeView, kind: RopKind, unit: RenderUnit) -> None:
    for parm in kind.outputs:
        text = node.text(parm)
        if text is None:
            continue
        unit.settings["output_parm"] = parm
        if text.value:
            _set_output(unit, text)
            return
    if base_type(node.type_name) in ("usdrender_rop", "usdrender"):
        settings = _render_settings_node(scene, node)
        if settings is not None:
            for parm in ("picture", "productName"):
                text = settings.text(parm)
                if text is not None and text.value:
                    unit.settings["output_parm"] = f"{settings.path}/{parm}"
                    _set_output(unit, text)
                    return
    if kind.outputs or kind is not UNKNOWN_KIND:
        unit.low_confidence.setdefault("output", "the ROP's output could not be read from the scene")


def _set_output(unit: RenderUnit, text: Text) -> None:
    unit.output = text.value
    if text.unresolved:
        unit.low_confidence["output"] = text.unresolved


_RENDER_SETTINGS_TYPES = ("karmarenderproperties", "karmarendersettings", "rendersettings", "renderproduct")


def _render_settings_node(scene: SceneView, node: NodeView) -> Optional[NodeView]:
    """The render-settings LOP upstream of a USD render ROP (its own LOP path or wired input)."""
    loppath = node.text("loppath")
    start: List[Optional[str]] = []
    if loppath and loppath.value and not loppath.unresolved:
        start.append(scene.resolve(node, loppath.value))
    start.extend(node.input_paths())
    seen = set()
    queue = [path for path in start if path]
    while queue:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        upstream = scene.node(path)
        if upstream is None:
            continue
        if base_type(upstream.type_name) in _RENDER_SETTINGS_TYPES:
            return upstream
        queue.extend(p for p in upstream.input_paths() if p)
    return None


# -- camera and resolution ------------------------------------------------------


def _camera(scene: SceneView, node: NodeView, kind: RopKind, unit: RenderUnit, notes: List) -> None:
    is_usd = base_type(node.type_name) in ("usdrender_rop", "usdrender")
    settings = _render_settings_node(scene, node) if is_usd else None
    camera_text = node.text(kind.camera_parm) if kind.camera_parm else None
    if (camera_text is None or not camera_text.value) and settings is not None:
        camera_text = settings.text("camera")
    if camera_text is not None and camera_text.value:
        unit.cameras = [camera_text.value]
        if camera_text.unresolved:
            unit.low_confidence["cameras"] = camera_text.unresolved
        elif not _camera_exists(scene, camera_text.value, is_usd):
            where = (
                "no camera LOP in the scene creates it (it may come from a USD layer)"
                if is_usd
                else "no such node"
            )
            unit.low_confidence["cameras"] = f"camera {camera_text.value}: {where}"
            notes.append(_note(f"camera {camera_text.value} of {node.path}: {where}", node.path, "camera"))
    camera = scene.node(unit.cameras[0]) if unit.cameras and not is_usd else None
    doubts: List[str] = []
    size = _resolution(node, camera, settings, doubts)
    if size is not None:
        unit.width, unit.height = size
    if doubts:
        unit.low_confidence["width"] = unit.low_confidence["height"] = "; ".join(doubts)


def scene_cameras(scene: SceneView) -> List[str]:
    """Object camera nodes, then the USD camera prims LOP camera nodes create (``primpath``)."""
    objects: List[str] = []
    prims: List[str] = []
    for node in scene.nodes():
        if node.category == "Object" and node.type_name == "cam":
            objects.append(node.path)
        elif node.category == "Lop" and base_type(node.type_name) == "camera":
            prim = node.text("primpath")
            if prim is not None and prim.value and not prim.unresolved and prim.value not in prims:
                prims.append(prim.value)
    return objects + prims


def _camera_exists(scene: SceneView, camera: str, is_usd: bool) -> bool:
    """An object camera is a node; a USD camera is a prim some LOP camera node creates."""
    if not is_usd:
        return scene.node(camera) is not None
    return camera in scene_cameras(scene)


def _resolution(
    node: NodeView, camera: Optional[NodeView], settings: Optional[NodeView], doubts: List[str]
) -> Optional[Tuple[int, int]]:
    if node.has_parm("override_res"):  # USD render ROP
        mode = node.text("override_res")
        if mode is not None and mode.value == "specific":
            return _pair(node, "res_user", doubts)
        base = _pair(settings, "resolution", doubts)
        if mode is not None and mode.value == "scale" and base is not None:
            return _scaled(base, node.number("res_scale")[0], 100.0)
        return base
    base = _pair(camera, "res", doubts)
    override = node.text("override_camerares")
    if override is not None and override.value in ("on", "1"):
        fraction = node.text("res_fraction")
        if fraction is not None and fraction.value == "specific":
            return _pair(node, "res_override", doubts)
        if fraction is not None and base is not None:
            try:
                return _scaled(base, float(fraction.value), 1.0)
            except ValueError:
                doubts.append(f"resolution fraction {fraction.value!r} is not a number")
                return None
    return base


def _pair(node: Optional[NodeView], parm: str, doubts: List[str]) -> Optional[Tuple[int, int]]:
    if node is None or not node.has_parm(parm):
        return None
    first, first_doubt = node.number(parm, 0)
    second, second_doubt = node.number(parm, 1)
    doubts.extend(d for d in (first_doubt, second_doubt) if d)
    if first is None or second is None:
        doubts.append(f"{node.path} {parm} could not be evaluated")
        return None
    return int(round(first)), int(round(second))


def _scaled(size: Tuple[int, int], factor: Optional[float], unit: float) -> Optional[Tuple[int, int]]:
    if factor is None:
        return None
    return int(round(size[0] * factor / unit)), int(round(size[1] * factor / unit))


_SLICE_TYPES = {"0": "volume", "volume": "volume", "1": "particle", "particle": "particle"}


def _distributed(scene: SceneView, node: NodeView, unit: RenderUnit) -> None:
    """Fox's distributedsim_node fields from an HQueue Simulation ROP.

    Parm names (``hq_driver``, ``hq_sim_controls``, ``slice_type`` with
    ``num_slices`` or ``slicediv1-3``) follow a public farm integration; no
    sample scene has one, so the unit says so.
    """
    unit.low_confidence["option"] = (
        "distributed simulation settings read from hq_sim parms (no sample to verify)"
    )
    for parm, key in (("hq_driver", "output_driver"), ("hq_sim_controls", "simControlName")):
        text = node.text(parm)
        if text is not None and text.value and not text.unresolved:
            unit.settings[key] = scene.resolve(node, text.value) or text.value
    driver = scene.node(unit.settings.get("output_driver", ""))
    kind = rop_kind(driver.category, driver.type_name) if driver is not None else None
    for parm in kind.outputs if kind is not None and driver is not None else ():
        output = driver.text(parm) if driver is not None else None
        if output is not None and output.value:
            unit.settings["output_file"] = output.value
            break
    slice_type = node.text("slice_type")
    slicing = _SLICE_TYPES.get(slice_type.value) if slice_type is not None else None
    if slicing is None:
        return
    unit.settings["sliceType"] = slicing
    if slicing == "particle":
        count, _ = node.number("num_slices")
    else:
        divisions = [node.number("slicediv", i)[0] for i in range(3)]
        count = None if None in divisions else float(math.prod(int(d or 0) for d in divisions))
    if count is not None:
        unit.settings["num_slices"] = int(count)


# -- dependencies between ROPs -------------------------------------------------


def _link_dependencies(scene: SceneView, units: List[RenderUnit], reads: List[FileRead]) -> None:
    by_path = {unit.name: unit for unit in units}
    for unit in units:
        node = scene.node(unit.name)
        if node is None:
            continue
        for upstream in _upstream_rops(scene, node, by_path):
            _add(unit, upstream)
    _link_file_reads(scene, units, reads)


def wired_rops(scene: SceneView, node: NodeView) -> List[str]:
    """Every ROP wired above ``node`` (through other ROPs too), nearest first: what a ROP menu preselects."""
    rops = {n.path for n in scene.nodes() if rop_kind(n.category, n.type_name) is not None}
    return _upstream_rops(scene, node, rops, transitive=True)


def _upstream_rops(
    scene: SceneView, node: NodeView, rops: Container[str], transitive: bool = False
) -> List[str]:
    """ROPs wired above ``node``, looking through merge/null/switch and following fetch sources."""
    found: List[str] = []
    queue = [p for p in node.input_paths() if p]
    seen = set()
    while queue:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        upstream = scene.node(path)
        if upstream is None:
            continue
        if path in rops:
            found.append(path)
            if not transitive:
                continue
        if is_routing(upstream.category, upstream.type_name) and base_type(upstream.type_name) == "fetch":
            source = upstream.text("source")
            target = scene.resolve(upstream, source.value) if source and not source.unresolved else None
            if target:
                queue.append(target)
        queue.extend(p for p in upstream.input_paths() if p)
    return found


def _link_file_reads(scene: SceneView, units: List[RenderUnit], reads: List[FileRead]) -> None:
    """A ROP that reads a file another ROP writes depends on that ROP.

    A ROP with a SOP path reads what is wired above that SOP; an object
    renderer (Mantra, Redshift...) reads the objects its candidate-object
    pattern names, whose visibility the file alone cannot settle (flagged).
    """
    writers: Dict[str, str] = {}
    for unit in units:
        if unit.output and unit.option != -1:
            writers.setdefault(unit.output, unit.name)
    readers: Dict[str, List[FileRead]] = {}
    for read in reads:
        writer = writers.get(read.expanded)
        if writer is not None:
            readers.setdefault(writer, []).append(read)
    for writer, writer_reads in readers.items():
        for unit in units:
            node = scene.node(unit.name)
            if unit.name == writer or node is None:
                continue
            hits, doubt = _reads_of(scene, node, writer_reads)
            if hits:
                _add(unit, writer)
                if doubt or any(r.unresolved for r in hits):
                    reason = doubt or "through an expression evaluated only in part"
                    unit.low_confidence["depends_on"] = f"{hits[0].node} reads {writer}'s output {reason}"


def _reads_of(scene: SceneView, node: NodeView, reads: List[FileRead]) -> Tuple[List[FileRead], str]:
    """The reads ``node`` consumes and, when that is inferred rather than wired, why it is uncertain."""
    source = _sop_source(scene, node)
    if source is not None:
        upstream = _upstream_nodes(scene, source)
        return [r for r in reads if r.node in upstream], ""
    candidates = node.text("vobject") if node.category == "Driver" else None
    if candidates is None or candidates.unresolved:
        return [], ""
    patterns = candidates.value.split()
    hits = [r for r in reads if r.node.startswith("/obj/") and _matches(r.node.split("/")[2], patterns)]
    return hits, "in an object its candidate objects include (object visibility is not evaluated)"


def _matches(name: str, patterns: List[str]) -> bool:
    return any(fnmatch.fnmatchcase(name, pattern) for pattern in patterns if not pattern.startswith("^"))


def _sop_source(scene: SceneView, node: NodeView) -> Optional[str]:
    soppath = node.text("soppath")
    if soppath is not None and soppath.value and not soppath.unresolved:
        return scene.resolve(node, soppath.value)
    return None


def _upstream_nodes(scene: SceneView, path: str) -> set:
    seen = set()
    queue = [path]
    while queue:
        current = queue.pop()
        if current in seen:
            continue
        seen.add(current)
        node = scene.node(current)
        if node is not None:
            queue.extend(p for p in node.input_paths() if p)
    return seen


def _add(unit: RenderUnit, dependency: str) -> None:
    if dependency != unit.name and dependency not in unit.depends_on:
        unit.depends_on.append(dependency)


def _note(message: str, node: str, attribute: str, path: str = "") -> Dict[str, str]:
    return {"message": message, "node": node, "attribute": attribute, "path": path}
