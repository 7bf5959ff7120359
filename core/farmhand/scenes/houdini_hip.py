"""Offline reader for Houdini scenes (``.hip``, ``.hipnc``, ``.hiplc``): ROPs and files, no Houdini needed.

Layers: :mod:`hip_container` splits the archive, :mod:`hip_records` builds
the node graph, :mod:`hip_expressions` evaluates what the file alone can
evaluate, :mod:`houdini_units` turns ROPs into units (shared with the
in-host adapter) and :mod:`hip_files` finds the files the scene reads.
Everything the file cannot settle is reported in ``low_confidence`` or
``reader_notes`` instead of being guessed.
"""

from __future__ import annotations

import os
from typing import Iterable, List, Optional, Tuple

from farmhand.frames import FrameSpec, FrameSpecError
from farmhand.model import Dependency, SceneDescription
from farmhand.paths import is_within
from farmhand.scenes import SceneReadError
from farmhand.scenes.hip_container import read_archive
from farmhand.scenes.hip_expressions import Evaluator, scene_variables
from farmhand.scenes.hip_files import hda_libraries, parm_reads
from farmhand.scenes.hip_records import HipGraph, HipNode, build_graph
from farmhand.scenes.houdini_dependencies import resolve_reads, union_frames
from farmhand.scenes.houdini_units import FileRead, NodeView, Text, scan_rops, scene_cameras


class HipNodeView:
    """A :class:`~farmhand.scenes.houdini_units.NodeView` over a parsed node."""

    def __init__(self, node: HipNode, evaluator: Evaluator) -> None:
        self.node = node
        self.evaluator = evaluator
        self.path = node.path
        self.name = node.name
        self.type_name = node.type
        self.category = node.category
        self.bypassed = node.bypassed

    def text(self, parm: str, index: int = 0) -> Optional[Text]:
        value = self.evaluator.string(self.node, parm, index)
        return None if value is None else Text(value.value, value.unresolved)

    def raw(self, parm: str, index: int = 0) -> Optional[str]:
        found = self.node.parms.get(parm)
        if found is None or index >= len(found.values):
            return None
        channel = found.channels[index]
        if channel and channel in self.node.channels and self.node.channels[channel].expression is not None:
            return self.node.channels[channel].expression
        return found.values[index]

    def number(self, parm: str, index: int = 0) -> Tuple[Optional[float], str]:
        return self.evaluator.number(self.node, parm, index)

    def has_parm(self, parm: str) -> bool:
        return parm in self.node.parms

    def input_paths(self) -> List[Optional[str]]:
        parent = self.node.parent_path.rstrip("/")
        return [f"{parent}/{name}" if name else None for name in self.node.inputs]


class HipSceneView:
    """A :class:`~farmhand.scenes.houdini_units.SceneView` over a parsed ``.hip``."""

    def __init__(self, graph: HipGraph, evaluator: Evaluator) -> None:
        self.graph = graph
        self.evaluator = evaluator
        self._views = {path: HipNodeView(node, evaluator) for path, node in graph.nodes.items()}
        self.current_frame = current_frame(graph)

    def node(self, path: str) -> Optional[HipNodeView]:
        return self._views.get(path)

    def nodes(self) -> Iterable[HipNodeView]:
        return [view for view in self._views.values() if not view.node.is_network_root]

    def resolve(self, node: NodeView, reference: str) -> Optional[str]:
        base = self.graph.node(node.path)
        return self.evaluator.relative_node(base, reference) if base is not None else None


def current_frame(graph: HipGraph) -> float:
    """``tcur`` is seconds from frame 1: frame = tcur * fps + 1."""
    try:
        seconds = float((graph.start.get("tcur") or ["0"])[0])
        fps = float((graph.start.get("fps") or ["24"])[0])
    except ValueError:
        return 1.0
    return round(seconds * fps + 1.0, 6)


def read(path: str, *, frames: Optional[str] = None) -> SceneDescription:
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as exc:
        raise SceneReadError(f"cannot read {path}: {exc.strerror or exc}") from exc
    if frames:
        try:
            FrameSpec.parse(frames)
        except FrameSpecError as exc:
            raise SceneReadError(f"bad frame range for {path}: {exc}") from exc
    graph = build_graph(read_archive(data, path), path)
    return describe(graph, path, frames)


def describe(graph: HipGraph, path: str, frames: Optional[str] = None) -> SceneDescription:
    """The scene description of an already parsed graph (also what the ``hou`` stand-in is built from)."""
    variables = scene_variables(graph, path)
    evaluator = Evaluator(graph, variables)
    view = HipSceneView(graph, evaluator)
    reads = file_reads(view)
    scan = scan_rops(view, [read for read, _ in reads], frames)
    scene = SceneDescription(
        host="houdini",
        scene_file=os.path.abspath(path),
        host_version=graph.variables.get("_HIP_SAVEVERSION", ""),
        project_root=variables["HIP"],
        units=scan.units,
        cameras=scene_cameras(view),
        reader_notes=scan.notes,
    )
    scene.settings.update(
        {
            "licence": graph.licence,
            "frame_range": playbar_range(graph),
            "fps": variables.get("FPS", ""),
            "save_platform": graph.variables.get("_HIP_SAVEPLATFORM", ""),
        }
    )
    job = variables.get("JOB", "")
    if job and is_within(variables["HIPFILE"], job):
        scene.project_root = job
    else:
        scene.low_confidence["project_root"] = (
            f"the saved $JOB {job!r} does not contain the scene; the scene's folder is used"
            if job
            else "the scene sets no $JOB; the scene's folder is used"
        )
    if not scene.host_version:
        scene.low_confidence["host_version"] = "the file has no _HIP_SAVEVERSION variable"
    renderers = sorted({unit.renderer for unit in scan.units if unit.renderer and unit.option == -1})
    scene.renderer = ",".join(renderers)
    dependency_frames = frames or union_frames(scene) or playbar_range(graph)
    written_by = {unit.output: unit.name for unit in scan.units if unit.output and unit.option != -1}
    base_dir = os.path.dirname(os.path.abspath(path))
    scene.dependencies = resolve_reads(reads, base_dir, dependency_frames, variables, written_by)
    scene.dependencies.extend(hda_dependencies(graph))
    return scene


def file_reads(view: HipSceneView) -> List[Tuple[FileRead, str]]:
    """Files read by non-ROP nodes, plus a file cache's own file when it loads from disk."""
    found: List[Tuple[FileRead, str]] = []
    for node in view.nodes():
        if node.category in ("Driver", "Top", "Manager"):
            continue
        found.extend(parm_reads(node, list(node.node.parms), _on(node.text("loadfromdisk"))))
    return found


def _on(text: Optional[Text]) -> bool:
    return text is not None and text.value in ("on", "1")


def hda_dependencies(graph: HipGraph) -> List[Dependency]:
    dependencies = []
    for library, op_types in hda_libraries(graph.fallbacks, graph.libraries):
        exists = os.path.isfile(library)
        dependency = Dependency(
            path=library,
            files=[library] if exists else [],
            missing=[] if exists else [library],
            node=", ".join(op_types),
            attribute=".OPfallbacks" if op_types else ".OPlibraries",
            kind="hda",
            exists=exists,
        )
        if not exists:
            dependency.low_confidence["path"] = "library path as saved on the artist's machine"
        dependencies.append(dependency)
    return dependencies


def playbar_range(graph: HipGraph) -> str:
    frange = graph.start.get("frange", [])
    try:
        start, end = (int(float(v)) for v in frange)
        return str(FrameSpec.from_range(start, max(start, end), 1))
    except (ValueError, FrameSpecError):
        return ""
