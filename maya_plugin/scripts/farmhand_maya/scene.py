"""Live Maya session -> :class:`SceneDescription`, through ``maya.cmds``.

Thin on purpose.  Maya answers "what is this value in this layer": making a
layer visible (``editRenderLayerGlobals -currentRenderLayer``) applies its
legacy adjustments or Render Setup overrides, so plain ``getAttr`` then
returns that layer's value.  Everything else -- path patterns for UDIMs and
sequences, Maya's moved-file search, output folders, the effective output
prefix -- is the core's code, the same the offline ``.ma``/``.mb`` reader
uses, so the panel and ``farmhand analyze`` agree.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from typing import Any, Dict, Iterator, List, Optional, Tuple

from maya import cmds

from farmhand.errors import FarmhandError
from farmhand.frames import FrameSpec
from farmhand.model import Dependency, RenderUnit, SceneDescription
from farmhand.paths import listing_cache
from farmhand.scenes import maya_attributes as A
from farmhand.scenes.maya_data import MayaNode, MayaReference
from farmhand.scenes.maya_dependencies import (
    Context,
    default_resolver,
    node_dependencies,
    reference_dependency,
)
from farmhand.scenes.maya_describe import effective_prefix, output_directories

MASTER_LAYER = "masterLayer"
DEFAULT_RENDER_LAYER = "defaultRenderLayer"
# file node attributes the core needs besides the path (tiling mode, sequences)
_FILE_EXTRAS = (A.UV_TILING_MODE, A.USE_FRAME_EXTENSION)
_EXTRA_TYPES: Dict[str, Tuple[A.Aliases, ...]] = {
    "cacheFile": (A.CACHE_FILE[1], A.CACHE_FILE[2]),
    "colorManagementGlobals": (("cfp", "configFilePath"), ("cfe", "cmConfigFileEnabled")),
}


class SceneNotSaved(FarmhandError):
    """The open scene has never been saved, so there is no file to submit."""


class Layer:
    def __init__(self, node: str, name: str, render_setup: bool, renderable: bool, order: int) -> None:
        self.node = node
        self.name = name
        self.render_setup = render_setup
        self.renderable = renderable
        self.order = order


def describe_session(frames: Optional[str] = None) -> SceneDescription:
    """Describe the open scene; ``frames`` (a Fox spec) sets the frames sequences resolve for."""
    scene_file = _text(cmds.file(query=True, sceneName=True))
    if not scene_file:
        raise SceneNotSaved(
            "save the scene first: the farm renders the saved file, and this one has no path yet"
        )
    root = _text(cmds.workspace(query=True, rootDirectory=True)).rstrip("/\\") or os.path.dirname(scene_file)
    description = SceneDescription(
        host="maya",
        scene_file=scene_file,
        host_version=_text(cmds.about(version=True)),
        project_root=root,
        plugins=_plugins(),
    )
    layers = _layers()
    renderable = sum(1 for layer in layers if layer.renderable)
    images = _rule_folder(root, "images")
    with _visible_layer_restored():
        for layer in layers:
            cmds.editRenderLayerGlobals(currentRenderLayer=layer.node)
            description.units.append(_unit(layer, renderable, images, scene_file))
    description.cameras = [name for name, _ in _cameras()]
    description.renderer = description.units[0].renderer if description.units else ""
    description.settings.update({"images_dir": images, "references": _reference_settings()})
    context = Context(
        scene_dir=os.path.dirname(scene_file),
        project_root=root,
        source_images=_rule_folder(root, "sourceImages"),
        frames=_dependency_frames(description, frames),
        scene_name=os.path.splitext(os.path.basename(scene_file))[0],
    )
    description.dependencies = _dependencies(context, scene_file)
    description.settings["moved_files"] = dict(context.moved)
    return description


# -- layers ---------------------------------------------------------------------
def _layers() -> List[Layer]:
    layers = []
    for index, node in enumerate(cmds.ls(type="renderLayer")):
        if ":" in node:
            continue  # came in with a reference
        setup = node[3:] if node.startswith("rs_") else ""
        render_setup = bool(setup) and cmds.objExists(setup) and cmds.nodeType(setup) == "renderSetupLayer"
        name = MASTER_LAYER if node == DEFAULT_RENDER_LAYER else (setup if render_setup else node)
        order = int(cmds.getAttr(node + ".displayOrder") or index)
        layers.append(Layer(node, name, render_setup, bool(cmds.getAttr(node + ".renderable")), order))
    layers.sort(key=lambda layer: (layer.node != DEFAULT_RENDER_LAYER, layer.order))
    return layers


@contextmanager
def _visible_layer_restored() -> Iterator[None]:
    """Put back the visible layer, and the "unsaved changes" flag the layer switches set.

    The scan only looks: it must not make the submitter ask the artist to save a scene they
    did not change.
    """
    current = _text(cmds.editRenderLayerGlobals(query=True, currentRenderLayer=True))
    was_modified = bool(cmds.file(query=True, modified=True))
    try:
        yield
    finally:
        if current:
            cmds.editRenderLayerGlobals(currentRenderLayer=current)
        if not was_modified:
            cmds.file(modified=False)


def _unit(layer: Layer, renderable_layers: int, images: str, scene_file: str) -> RenderUnit:
    """The visible layer as a render unit (the caller made ``layer`` visible)."""
    unit = RenderUnit(name=layer.name, kind="layer", enabled=layer.renderable, node_type="renderLayer")
    unit.renderer = _text(cmds.getAttr("defaultRenderGlobals.currentRenderer"))
    animation = bool(cmds.getAttr("defaultRenderGlobals.animation"))
    unit.frames = _frames(animation)
    cameras = _cameras()
    unit.all_cameras = [name for name, _ in cameras]
    unit.cameras = [name for name, on in cameras if on]
    unit.width = int(cmds.getAttr("defaultResolution.width"))
    unit.height = int(cmds.getAttr("defaultResolution.height"))
    prefix = _text(cmds.getAttr("defaultRenderGlobals.imageFilePrefix"))
    unit.output = effective_prefix(prefix, renderable_layers, len(unit.cameras))
    unit.image_format = _image_format(unit.renderer)
    unit.settings.update(
        {
            "layer_node": layer.node,
            "render_setup": layer.render_setup,
            "animation": animation,
            "image_file_prefix": prefix,
            "output_directories": output_directories(
                images, unit.output, scene_file, layer.name, unit.cameras
            ),
        }
    )
    return unit


def _frames(animation: bool) -> str:
    if not animation:
        frame = int(float(cmds.currentTime(query=True)) // 1)
        return str(FrameSpec.from_range(frame, frame, 1))
    start = int(float(cmds.getAttr("defaultRenderGlobals.startFrame")) // 1)
    end = int(float(cmds.getAttr("defaultRenderGlobals.endFrame")) // 1)
    step = max(1, int(float(cmds.getAttr("defaultRenderGlobals.byFrameStep"))))
    return str(FrameSpec.from_range(start, max(start, end), step))


def _cameras() -> List[Tuple[str, bool]]:
    cameras = []
    for shape in cmds.ls(type="camera"):
        parents = cmds.listRelatives(shape, parent=True) or [shape]
        cameras.append((parents[0], bool(cmds.getAttr(shape + ".renderable"))))
    return cameras


def _image_format(renderer: str) -> str:
    if renderer == "arnold":
        # no driver node yet (mtoa creates it when its settings are first opened): mtoa writes exr
        exists = cmds.objExists("defaultArnoldDriver")
        return _text(cmds.getAttr("defaultArnoldDriver.aiTranslator")) if exists else "exr"
    if renderer == "vray" and cmds.objExists("vraySettings"):
        return _text(cmds.getAttr("vraySettings.imageFormatStr"))
    fmt = int(cmds.getAttr("defaultRenderGlobals.imageFormat"))
    key = _text(cmds.getAttr("defaultRenderGlobals.imfPluginKey"))
    return A.image_format_name(fmt, key)[0]


# -- dependencies ------------------------------------------------------------
def _dependencies(context: Context, scene_file: str) -> List[Dependency]:
    resolver = default_resolver()
    found: List[Dependency] = []
    with listing_cache():  # one directory listing per folder for the whole scan
        for node in _path_nodes():
            found.extend(node_dependencies(node, context, resolver))
        for reference in _references():
            found.append(reference_dependency(reference, context, resolver))
        found.extend(_other_scene_files(found, context, resolver, scene_file))
    return found


def _path_nodes() -> Iterator[MayaNode]:
    """Every node of a type with path attributes, with those attributes read (short names, as files write)."""
    for node_type, entries in list(A.PATH_ATTRIBUTES.items()) + [(t, []) for t in _EXTRA_TYPES]:
        wanted = [entry.names for entry in entries] + list(_EXTRA_TYPES.get(node_type, ()))
        if node_type in A.SEQUENCE_NODE_TYPES:
            wanted += list(_FILE_EXTRAS)
        for name in _nodes_of_type(node_type):
            attrs = {}
            for aliases in wanted:
                value = _plug_value(name, aliases)
                if value is not None:
                    attrs[aliases[0]] = value
            yield MayaNode(name=name, type=node_type, attrs=attrs)


def _nodes_of_type(node_type: str) -> List[str]:
    try:
        return cmds.ls(type=node_type)
    except RuntimeError:  # the plug-in that defines the type is not loaded
        return []


def _plug_value(node: str, aliases: A.Aliases) -> Any:
    for alias in aliases:
        plug = f"{node}.{alias}"
        if cmds.objExists(plug):
            return cmds.getAttr(plug)
    return None


def _references() -> Iterator[MayaReference]:
    for node in cmds.ls(type="reference"):
        if node == "sharedReferenceNode" or node.startswith("_UNKNOWN_REF_NODE_"):
            continue
        try:
            path = _text(
                cmds.referenceQuery(node, filename=True, unresolvedName=True, withoutCopyNumber=True)
            )
        except RuntimeError:  # a reference node with no file (left over from a removed reference)
            continue
        parent = _text(cmds.referenceQuery(node, referenceNode=True, parent=True) or "")
        loaded = bool(cmds.referenceQuery(node, isLoaded=True))
        yield MayaReference(path=path, reference_node=node, parent=parent, deferred=not loaded)


def _reference_settings() -> List[Dict[str, Any]]:
    return [
        {
            "path": ref.path,
            "reference_node": ref.reference_node,
            "parent": ref.parent,
            "loaded": not ref.deferred,
        }
        for ref in _references()
    ]


def _other_scene_files(
    found: List[Dependency], context: Context, resolver: Any, scene_file: str
) -> List[Dependency]:
    """Files Maya lists for the scene (``file -q -list``) that no known node attribute named."""
    known = {os.path.normpath(scene_file)}
    for dep in found:
        known.add(os.path.normpath(dep.path))
        known.update(os.path.normpath(path) for path in dep.files)
    extra = []
    for path in _as_list(cmds.file(query=True, list=True)):
        if os.path.normpath(path) in known:
            continue
        known.add(os.path.normpath(path))
        dep = resolver(
            Dependency(path=path, kind="other"), base_dir=context.project_root, frames=context.frames or ()
        )
        dep.low_confidence["node"] = (
            "listed by Maya for the scene; the node that uses it is not known to Farmhand"
        )
        extra.append(dep)
    return extra


# -- session facts -------------------------------------------------------------
def _plugins() -> Dict[str, str]:
    plugins = {}
    for name in _as_list(cmds.pluginInfo(query=True, listPlugins=True)):
        plugins[name] = _text(cmds.pluginInfo(name, query=True, version=True))
    return plugins


def _rule_folder(root: str, rule: str) -> str:
    value = _text(cmds.workspace(fileRuleEntry=rule)) or rule.lower()
    return os.path.normpath(value if os.path.isabs(value) else os.path.join(root, value))


def _dependency_frames(description: SceneDescription, override: Optional[str]) -> Optional[List[int]]:
    if override:
        return FrameSpec.parse(override).frames()
    frames = {frame for unit in description.enabled_units for frame in FrameSpec.parse(unit.frames)}
    return sorted(frames) or None


def _text(value: object) -> str:
    if isinstance(value, (list, tuple)):
        value = value[0] if value else ""
    return "" if value is None else str(value)


def _as_list(value: object) -> List[str]:
    if value is None or isinstance(value, bool):
        return []
    if isinstance(value, (list, tuple)):
        return [str(item) for item in value]
    return [str(value)]
