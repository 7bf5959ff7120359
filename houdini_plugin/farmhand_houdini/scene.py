"""The open Houdini session as a :class:`SceneDescription`, read through ``hou``.

Only the part that must talk to ``hou`` lives here: node and parm access
(wrapped as the core's :class:`NodeView`/:class:`SceneView`), Houdini's own
file-reference list, loaded HDA libraries and USD layers.  ROP
classification, frames, outputs and ordering are the core's
(:mod:`farmhand.scenes.houdini_units`), the same code the offline ``.hip``
reader uses, so the two cannot disagree on what a ROP is.

Every parm is evaluated on its own: one failing expression becomes a
reader note, never an exception that loses the whole scene.
"""

from __future__ import annotations

import os
import re
from typing import Dict, Iterable, Iterator, List, Optional, Tuple

import hou

from farmhand.model import Dependency, RenderUnit, SceneDescription
from farmhand.paths.variables import houdini_variables
from farmhand.scenes.hip_files import file_kind, written_not_read
from farmhand.scenes.houdini_dependencies import resolve_reads, union_frames
from farmhand.scenes.houdini_units import FileRead, NodeView, Text, scan_rops, scene_cameras

# Frame tokens survive expansion so sequences are expanded over the submitted frames, not the current one.
_FRAME_TOKEN = re.compile(r"\$\{F[1-9]?\}|\$\{FF\}|\$FF(?!\w)|\$F[1-9]?(?!\w)")
_PLACEHOLDER = "__farmhand_frame_token_{}__"
_PLACEHOLDER_BACK = re.compile(r"__farmhand_frame_token_(\d+)__")
_NOT_FILES = ("opdef:", "oplib:", "temp:", "op:")


class HouNodeView:
    """A :class:`~farmhand.scenes.houdini_units.NodeView` over a live node; failures go to ``notes``."""

    def __init__(self, node: hou.OpNode, notes: List[Dict[str, str]]) -> None:
        self.node = node
        self.notes = notes
        self.path = node.path()
        self.name = node.name()
        self.type_name = node.type().name()
        self.category = node.type().category().name()
        bypass = getattr(node, "isBypassed", None)
        self.bypassed = bool(bypass()) if callable(bypass) else False

    def _parm(self, name: str, index: int) -> Optional[hou.Parm]:
        parm_tuple = self.node.parmTuple(name)
        if parm_tuple is not None and index < len(parm_tuple):
            return parm_tuple[index]
        return self.node.parm(name) if index == 0 else None

    def has_parm(self, parm: str) -> bool:
        return self.node.parmTuple(parm) is not None or self.node.parm(parm) is not None

    def raw(self, parm: str, index: int = 0) -> Optional[str]:
        found = self._parm(parm, index)
        if found is None:
            return None
        try:
            return found.unexpandedString() if _is_string(found) else found.rawValue()
        except hou.Error:
            return found.rawValue()

    def text(self, parm: str, index: int = 0) -> Optional[Text]:
        found = self._parm(parm, index)
        if found is None:
            return None
        try:
            if not _is_string(found):
                return Text(found.evalAsString())
            try:
                unexpanded = found.unexpandedString()
            except hou.OperationFailed:  # an expression or keyframes: only its value now is known
                value = found.evalAsString()
                return Text(value, f"{found.path()} is an expression; evaluated at frame {hou.frame():g}")
            return Text(expand_at(self.node, unexpanded))
        except hou.Error as exc:
            return self._failed(found, exc)

    def number(self, parm: str, index: int = 0) -> Tuple[Optional[float], str]:
        found = self._parm(parm, index)
        if found is None:
            return None, ""
        try:
            return float(found.evalAsFloat()), ""
        except (hou.Error, TypeError, ValueError) as exc:
            self._note(found, exc)
            return None, f"{found.path()}: {_message(exc)}"

    def input_paths(self) -> List[Optional[str]]:
        return [upstream.path() if upstream is not None else None for upstream in self.node.inputs()]

    def _failed(self, parm: hou.Parm, exc: Exception) -> Text:
        self._note(parm, exc)
        return Text(parm.rawValue(), f"{parm.path()} could not be evaluated: {_message(exc)}")

    def _note(self, parm: hou.Parm, exc: Exception) -> None:
        message = f"cannot evaluate {parm.path()}: {_message(exc)}"
        self.notes.append({"message": message, "node": self.path, "attribute": parm.name(), "path": ""})


class HouSceneView:
    """A :class:`~farmhand.scenes.houdini_units.SceneView` over the session."""

    def __init__(self, notes: List[Dict[str, str]]) -> None:
        self.notes = notes
        self.current_frame = hou.frame()
        self._views: Dict[str, HouNodeView] = {}

    def node(self, path: str) -> Optional[HouNodeView]:
        if path not in self._views:
            found = hou.node(path)
            if not isinstance(found, hou.OpNode):
                return None
            self._views[path] = HouNodeView(found, self.notes)
        return self._views[path]

    def nodes(self) -> Iterable[HouNodeView]:
        root = hou.node("/")
        if root is None:
            return []
        # Not inside locked assets: their internal ROPs (a file cache's own writer) are not the user's ROPs.
        children = root.allSubChildren(recurse_in_locked_nodes=False)
        return [view for view in (self.node(n.path()) for n in children) if view is not None]

    def resolve(self, node: NodeView, reference: str) -> Optional[str]:
        base = hou.node(node.path)
        target = base.node(reference) if base is not None else None
        return target.path() if target is not None else None


def expand_at(node: hou.OpNode, text: str) -> str:
    """Expands variables and backticks as ``node`` sees them, keeping frame tokens."""
    tokens: List[str] = []

    def protect(match: re.Match) -> str:
        tokens.append(match.group(0))
        return _PLACEHOLDER.format(len(tokens) - 1)

    protected = _FRAME_TOKEN.sub(protect, text)
    previous = hou.pwd()
    hou.setPwd(node)
    try:
        expanded = hou.text.expandString(protected)
    finally:
        hou.setPwd(previous)
    return _PLACEHOLDER_BACK.sub(lambda m: tokens[int(m.group(1))], expanded)


def describe_session(frames: Optional[str] = None) -> SceneDescription:
    """The open scene; ``frames`` (Fox spec) overrides every ROP's range and drives sequence expansion."""
    notes: List[Dict[str, str]] = []
    view = HouSceneView(notes)
    reads = list(file_references(view))
    scan = scan_rops(view, [read for read, _ in reads], frames)
    scene_file = hou.hipFile.path()
    variables = houdini_variables(scene_file, job=hou.getenv("JOB") or "")
    scene = SceneDescription(
        host="houdini",
        scene_file=scene_file,
        host_version=hou.applicationVersionString(),
        project_root=variables.get("JOB", ""),
        units=scan.units,
        cameras=scene_cameras(view),
        reader_notes=notes,
    )
    scene.renderer = ",".join(sorted({u.renderer for u in scan.units if u.renderer and u.option == -1}))
    start, end = hou.playbar.frameRange()
    scene.settings.update({"frame_range": f"{int(start)}-{int(end)}[1]", "fps": f"{hou.fps():g}"})
    written_by = {unit.output: unit.name for unit in scan.units if unit.output and unit.option != -1}
    dependency_frames = frames or union_frames(scene)
    base_dir = os.path.dirname(scene_file)
    scene.dependencies = resolve_reads(reads, base_dir, dependency_frames, variables, written_by)
    scene.dependencies.extend(hda_dependencies())
    scene.dependencies.extend(usd_layer_dependencies(view, scan.units, notes))
    return scene


def file_references(view: HouSceneView) -> Iterator[Tuple[FileRead, str]]:
    """Houdini's own list of file parms, minus outputs and built-in locations."""
    for parm, raw in hou.fileReferences():
        if parm is None or raw.startswith(_NOT_FILES):
            continue
        node = view.node(parm.node().path())
        if node is None or node.category in ("Driver", "Top"):
            continue
        loading = node.text("loadfromdisk")
        loads = loading is not None and loading.value in ("on", "1")
        if written_not_read(node.category, node.type_name, parm.name(), loads):
            continue
        text = node.text(parm.tuple().name(), _component_index(parm)) or Text(raw)
        kind = file_kind(raw) or "other"
        yield FileRead(node.path, parm.name(), raw, text.value, text.unresolved), kind


def _component_index(parm: hou.Parm) -> int:
    for index, component in enumerate(parm.tuple()):
        if component.name() == parm.name():
            return index
    return 0


def hda_dependencies() -> List[Dependency]:
    """Loaded HDA libraries outside the installation that define a node type used in the scene."""
    install = (hou.getenv("HFS") or "").replace("\\", "/").rstrip("/")
    found = []
    for library in hou.hda.loadedFiles():
        normal = library.replace("\\", "/")
        if library == "Embedded" or (install and normal.startswith(install + "/")):
            continue
        used = [
            d.nodeTypeCategory().name() + "/" + d.nodeTypeName()
            for d in hou.hda.definitionsInFile(library)
            if d.nodeType().instances()
        ]
        if used:
            exists = os.path.isfile(library)
            found.append(
                Dependency(
                    path=library,
                    files=[library] if exists else [],
                    missing=[] if exists else [library],
                    node=", ".join(used),
                    attribute="hou.hda.loadedFiles",
                    kind="hda",
                    exists=exists,
                )
            )
    return found


def usd_layer_dependencies(
    view: HouSceneView, units: List[RenderUnit], notes: List[Dict[str, str]]
) -> List[Dependency]:
    """Layers on disk in the stages USD ROPs render or write (composing every LOP would cook them all)."""
    seen: Dict[str, Dependency] = {}
    for node in _usd_sources(view, units):
        try:
            layers = node.stage().GetUsedLayers()
        except Exception as exc:  # USD raises its own error types; one stage must not stop the scan
            message = f"cannot compose the stage of {node.path()}: {_message(exc)}"
            notes.append({"message": message, "node": node.path(), "attribute": "", "path": ""})
            continue
        for layer in layers:
            real = getattr(layer, "realPath", "")
            if real and not layer.anonymous and real not in seen:
                exists = os.path.isfile(real)
                seen[real] = Dependency(
                    path=real,
                    files=[real] if exists else [],
                    missing=[] if exists else [real],
                    node=node.path(),
                    attribute="stage layer",
                    kind="usd",
                    exists=exists,
                )
    return list(seen.values())


def _usd_sources(view: HouSceneView, units: List[RenderUnit]) -> List[hou.LopNode]:
    sources: Dict[str, hou.LopNode] = {}
    for unit in units:
        rop = view.node(unit.name)
        if rop is None or rop.category != "Lop":
            continue
        for path in rop.input_paths():
            source = view.node(path) if path else None
            if source is not None and isinstance(source.node, hou.LopNode):
                sources[source.path] = source.node
    return list(sources.values())


def _is_string(parm: hou.Parm) -> bool:
    return parm.parmTemplate().type() == hou.parmTemplateType.String


def _message(exc: Exception) -> str:
    text = getattr(exc, "instanceMessage", None)
    return str(text() if callable(text) else exc).strip() or type(exc).__name__
