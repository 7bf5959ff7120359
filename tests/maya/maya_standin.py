"""A stand-in for the part of ``maya.cmds`` the Farmhand adapter uses, answering from a scene file.

Maya cannot run here, so the adapter is exercised against this object, which
answers every query from a scene parsed by the offline ``.ma`` reader the way
Maya answers it for that scene once opened:

* ``getAttr`` returns the value in the *visible* render layer (Maya applies
  the layer's adjustments / Render Setup overrides when a layer is made
  visible), or the attribute's documented default when the file did not
  write it; empty strings come back as ``None`` as Maya returns them;
* ``ls(type=...)`` raises ``RuntimeError`` for a type no loaded plug-in
  defines, as Maya does;
* the project is the folder of the workspace.mel Maya would set.

It knows nothing about any test: there is no answer in here that is not
derived from the scene file.
"""

from __future__ import annotations

import os
import sys
import types
from typing import Any, Dict, List, Optional, Tuple

from farmhand.scenes import maya_attributes as A
from farmhand.scenes import maya_workspace
from farmhand.scenes.maya_data import MayaScene
from farmhand.scenes.maya_layers import find_layers, layer_value, truthy

# Node types Maya defines itself (ls -type on them never raises).
BUILTIN_TYPES = {
    "file", "psdFileTex", "imagePlane", "audio", "camera", "renderLayer", "reference", "cacheFile",
    "diskCache", "colorManagementGlobals", "assemblyReference", "svgToPoly", "transform", "mesh",
}  # fmt: skip

# (long name) -> (aliases, kind, default) of the attributes the adapter reads
_SCHEMA: Dict[str, Tuple[A.Aliases, str, Any]] = {
    "currentRenderer": (A.CURRENT_RENDERER, "string", "mayaSoftware"),
    "animation": (A.ANIMATION, "bool", False),
    "startFrame": (A.START_FRAME, "float", 1.0),
    "endFrame": (A.END_FRAME, "float", 10.0),
    "byFrameStep": (A.BY_FRAME, "float", 1.0),
    "imageFilePrefix": (A.IMAGE_FILE_PREFIX, "string", ""),
    "imageFormat": (A.IMAGE_FORMAT, "int", 7),
    "imfPluginKey": (A.IMF_PLUGIN_KEY, "string", ""),
    "renderable": (A.CAMERA_RENDERABLE + A.LAYER_RENDERABLE, "bool", True),
    "displayOrder": (A.DISPLAY_ORDER, "int", 0),
    "outTime": (A.CURRENT_TIME, "float", 1.0),
    "aiTranslator": (("ai_translator", "aiTranslator"), "string", "exr"),
    "uvTilingMode": (A.UV_TILING_MODE, "int", 0),
    "useFrameExtension": (A.USE_FRAME_EXTENSION, "bool", False),
    "width": (A.WIDTH, "int", None),  # default depends on the Maya version
    "height": (A.HEIGHT, "int", None),
}


class SceneCmds:
    """``maya.cmds`` for one opened scene."""

    def __init__(self, scene: MayaScene) -> None:
        self.scene = scene
        for name, node_type in A.DEFAULT_NODE_TYPES.items():
            scene.ensure_node(name, node_type)  # every Maya scene has its default nodes
        self.layers = {layer.node: layer for layer in find_layers(scene)}
        self.visible = "defaultRenderLayer"
        self.root, self.rules, _ = maya_workspace.project_for(scene.path)
        self.selection: List[str] = []
        self.jobs: Dict[int, Any] = {}
        self.modified = False  # a scene just opened has no unsaved changes

    # -- scene and session ----------------------------------------------------
    def file(
        self,
        *args: str,
        query: bool = False,
        sceneName: bool = False,
        list: bool = False,
        modified: Optional[bool] = None,
    ) -> Any:
        if not query and modified is not None:
            self.modified = modified
            return None
        if modified:
            return self.modified
        if sceneName:
            return os.path.abspath(self.scene.path)
        if list:
            return [os.path.abspath(self.scene.path)] + [ref.path for ref in self.scene.references]
        raise NotImplementedError(args)

    def about(self, version: bool = False) -> str:
        product = self.scene.file_info.get("product", "")
        return product.split()[-1] if product else self.scene.maya_version

    def workspace(
        self, *args: str, query: bool = False, rootDirectory: bool = False, fileRuleEntry: str = ""
    ) -> str:
        if rootDirectory:
            return self.root.replace("\\", "/") + "/"
        if fileRuleEntry:
            return self.rules.get(fileRuleEntry, "")
        raise NotImplementedError(args)

    def pluginInfo(
        self, name: str = "", query: bool = False, listPlugins: bool = False, version: bool = False
    ) -> Any:
        if listPlugins:
            return sorted(self.scene.plugins) or None
        return self.scene.plugins[name]

    def currentTime(self, query: bool = False) -> float:
        return float(self._value("time1", "outTime"))

    # -- nodes ----------------------------------------------------------------
    def ls(self, *args: str, type: str = "", selection: bool = False) -> List[str]:
        if selection:
            return list(self.selection)
        present = [node.name for node in self.scene.nodes if node.type == type]
        if not present and type not in BUILTIN_TYPES and type not in self.scene.plugin_node_types:
            raise RuntimeError(f"Unknown object type: {type}")
        return present

    def listRelatives(self, node: str, parent: bool = False) -> Optional[List[str]]:
        found = self.scene.node(node)
        return [found.parent] if parent and found is not None and found.parent else None

    def nodeType(self, name: str) -> str:
        found = self.scene.node(name)
        if found is None:
            raise RuntimeError(f"No object matches name: {name}")
        return found.type

    def objExists(self, name: str) -> bool:
        node_name, _, attr = name.partition(".")
        node = self.scene.node(node_name)
        if node is None or not attr:
            return node is not None
        if attr in node.attrs or attr in _SCHEMA or attr in node.dynamic.values():
            return True
        return any(attr in entry.names for entry in A.PATH_ATTRIBUTES.get(node.type, ()))

    def getAttr(self, plug: str) -> Any:
        node_name, _, attr = plug.partition(".")
        if not self.objExists(plug):
            raise ValueError(f"No object matches name: {plug}")
        return self._value(node_name, attr)

    def _value(self, node_name: str, attr: str) -> Any:
        aliases, kind, default = _SCHEMA.get(attr, ((attr,), "string", ""))
        if default is None:
            default = A.default_resolution(self.scene.maya_version)[0 if attr == "width" else 1]
        layer = self.layers.get(self.visible)
        value, source = layer_value(self.scene, layer, node_name, aliases, default)
        node = self.scene.node(node_name)
        if attr == "renderable" and node is not None and node.type == "camera" and source != "override":
            parent_value, parent_source = layer_value(self.scene, layer, node.parent, aliases, None)
            if parent_source == "override":
                value = parent_value  # Render Setup collections may select the camera's transform
        return _typed(value, kind)

    # -- render layers ------------------------------------------------------------
    def editRenderLayerGlobals(self, query: bool = False, currentRenderLayer: Any = None) -> Any:
        if query:
            return self.visible
        if currentRenderLayer not in self.layers:
            raise RuntimeError(f"{currentRenderLayer} is not a render layer")
        if currentRenderLayer != self.visible:
            self.modified = True  # Maya marks the scene changed when the visible layer changes
        self.visible = currentRenderLayer
        return None

    # -- references -------------------------------------------------------------------
    def referenceQuery(
        self,
        node: str,
        filename: bool = False,
        unresolvedName: bool = False,
        withoutCopyNumber: bool = False,
        referenceNode: bool = False,
        parent: bool = False,
        isLoaded: bool = False,
    ) -> Any:
        record = next((ref for ref in self.scene.references if ref.reference_node == node), None)
        if record is None:
            raise RuntimeError(f"Reference node '{node}' is not associated with a reference file.")
        if filename:
            return record.path
        if referenceNode and parent:
            return record.parent or None
        if isLoaded:
            return not record.deferred
        raise NotImplementedError(node)

    # -- selection ----------------------------------------------------------------------
    def select(self, *names: str, replace: bool = False, clear: bool = False) -> None:
        for name in names:
            if self.scene.node(name) is None:
                raise ValueError(f"No object matches name: {name}")
        self.selection = [] if clear else list(names)
        for event, callback in list(self.jobs.values()):
            if event == "SelectionChanged":
                callback()

    def scriptJob(
        self, event: Any = None, protected: bool = False, exists: int = 0, kill: int = 0, force: bool = False
    ) -> Any:
        if event is not None:
            job = max(self.jobs, default=0) + 1
            self.jobs[job] = tuple(event)
            return job
        if exists:
            return exists in self.jobs
        if kill:
            del self.jobs[kill]
        return None


def _typed(value: Any, kind: str) -> Any:
    if isinstance(value, list):
        return value
    if kind == "bool":
        return truthy(value)
    if kind == "int":
        return int(float(value))
    if kind == "float":
        return float(value)
    return None if value in (None, "") else str(value)


def install(cmds: SceneCmds) -> None:
    """Make ``from maya import cmds`` give ``cmds`` (tests remove it again with ``uninstall``)."""
    maya = types.ModuleType("maya")
    maya.cmds = cmds  # type: ignore[attr-defined]
    sys.modules["maya"] = maya
    sys.modules["maya.cmds"] = cmds  # type: ignore[assignment]


def uninstall() -> None:
    for name in [
        name for name in sys.modules if name == "maya" or name.startswith(("maya.", "farmhand_maya"))
    ]:
        del sys.modules[name]
