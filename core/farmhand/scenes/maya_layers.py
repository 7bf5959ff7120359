"""Render layers of a Maya scene file and the values each layer overrides.

Two systems exist.  Legacy render layers keep per-layer values as
*adjustments* on the ``renderLayer`` node (``.adjs[i].val``, connected from
the overridden plug into ``.adjs[i].plg``); an adjustment on
``defaultRenderLayer`` holds the master value of a plug that another layer
overrides.  Render Setup (the default since Maya 2016.5) writes a
``renderSetupLayer`` per layer, linked to a legacy ``renderLayer`` that
carries ``.rndr``; its overrides hang below the layer through ``.lit ->
.pls`` connections (layer -> collection -> sub-collection -> override).

The result is a :class:`Layer` per layer with ``overrides`` keyed by
``(node name, attribute as the override names it)``; the describer looks a
value up there before the node's own value.  What cannot be evaluated from
the file (relative overrides, pattern selectors) is recorded in
``uncertain`` instead of being guessed silently.
"""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Tuple

from farmhand.scenes import maya_attributes as A
from farmhand.scenes.maya_data import MayaNode, MayaScene, split_plug

MASTER_LAYER = "masterLayer"
DEFAULT_RENDER_LAYER = "defaultRenderLayer"
RENDER_LAYER_MANAGER = "renderLayerManager"

_ABSOLUTE = {"absOverride", "absUniqueOverride"}
_RELATIVE = {"relOverride", "relUniqueOverride"}
_UNIQUE = {"absUniqueOverride", "relUniqueOverride"}
_ADJ_VALUE = re.compile(r"^adjs\[(\d+)\]\.val$")
_ADJ_PLUG = re.compile(r"^adjs\[(\d+)\]\.plg$")

OverrideKey = Tuple[str, str]  # (node name, attribute name)


@dataclass
class Layer:
    name: str  # as users and Fox know it: masterLayer or the layer's name
    node: str  # the legacy renderLayer node
    renderable: bool = True
    order: int = 0
    render_setup: bool = False
    overrides: Dict[OverrideKey, Any] = field(default_factory=dict)
    uncertain: Dict[str, str] = field(default_factory=dict)


def find_layers(scene: MayaScene) -> List[Layer]:
    """All render layers, master first then in display order."""
    setup_layers = scene.nodes_of_type("renderSetupLayer")
    if setup_layers:
        layers = _render_setup_layers(scene, setup_layers)
    else:
        layers = _legacy_layers(scene)
        # master values recorded on defaultRenderLayer apply where a layer has none of its own
        master_adjustments = _adjustments(scene, scene.node(DEFAULT_RENDER_LAYER))
        for layer in layers:
            for key, value in master_adjustments.items():
                layer.overrides.setdefault(key, value)
    layers.sort(key=lambda layer: (layer.node != DEFAULT_RENDER_LAYER, layer.order))
    return layers


def _renderable(node: Optional[MayaNode]) -> bool:
    if node is None:
        return True
    return truthy(node.get(A.LAYER_RENDERABLE, "yes"))


def _legacy_layers(scene: MayaScene) -> List[Layer]:
    layers = []
    for index, node in enumerate(scene.nodes_of_type("renderLayer")):
        if ":" in node.name:
            continue  # a layer that came in with a reference is not one of this scene's layers
        if node.name != DEFAULT_RENDER_LAYER and not _belongs_to_scene(scene, node):
            continue
        name = MASTER_LAYER if node.name == DEFAULT_RENDER_LAYER else node.name
        layer = Layer(name=name, node=node.name, renderable=_renderable(node), order=_order(node, index))
        layer.overrides.update(_adjustments(scene, node) if node.name != DEFAULT_RENDER_LAYER else {})
        layers.append(layer)
    if not any(layer.node == DEFAULT_RENDER_LAYER for layer in layers):
        layers.insert(0, Layer(name=MASTER_LAYER, node=DEFAULT_RENDER_LAYER))
    return layers


def _belongs_to_scene(scene: MayaScene, node: MayaNode) -> bool:
    """False for the master layer of an imported scene (``imported_scene_defaultRenderLayer``).

    Importing a scene brings its defaultRenderLayer along, renamed, still
    flagged global (``.g yes``) and listed by its own renamed
    renderLayerManager; Maya renders it as no layer of this scene (the
    aws-deadline ``referenced_layers`` bundle has a single layer).
    """
    if truthy(node.get(("g", "global"), "no")):
        return False
    managers = [split_plug(src)[0] for src in scene.sources_of(node.name, ("rlid", "identification"))]
    return not managers or RENDER_LAYER_MANAGER in managers


def _order(node: MayaNode, fallback: int) -> int:
    try:
        return int(float(node.get(A.DISPLAY_ORDER, fallback)))
    except (TypeError, ValueError):
        return fallback


def _adjustments(scene: MayaScene, node: Optional[MayaNode]) -> Dict[OverrideKey, Any]:
    """Legacy per-layer values: ``.adjs[i].val`` with the plug connected into ``.adjs[i].plg``."""
    if node is None:
        return {}
    values = {}
    for attr, value in node.attrs.items():
        match = _ADJ_VALUE.match(attr)
        if match:
            values[match.group(1)] = value
    if not values:
        return {}
    overrides: Dict[OverrideKey, Any] = {}
    for src, dst in scene.connections:
        dst_node, dst_attr = split_plug(dst)
        if dst_node != node.name:
            continue
        match = _ADJ_PLUG.match(dst_attr)
        if match and match.group(1) in values:
            overrides[split_plug(src)] = values[match.group(1)]
    return overrides


def _render_setup_layers(scene: MayaScene, setup_layers: List[MayaNode]) -> List[Layer]:
    """Layers from Render Setup's own override nodes.

    Legacy ``.adjs`` left on the renderLayer nodes of a Render Setup scene are
    not applied: Maya renders such a scene by its overrides (the aws-deadline
    ``layers`` bundle, made in Maya 2023, lists camera1 as renderable in
    masterLayer although defaultRenderLayer keeps an adjustment of
    cameraShape1.rnd to 0).
    """
    master = scene.node(DEFAULT_RENDER_LAYER)
    layers = [Layer(name=MASTER_LAYER, node=DEFAULT_RENDER_LAYER, renderable=_renderable(master))]
    owners = _owning_layers(scene)
    for index, setup in enumerate(setup_layers):
        legacy_name = _legacy_of(scene, setup)
        legacy = scene.node(legacy_name)
        layer = Layer(
            name=setup.name,
            node=legacy_name,
            renderable=_renderable(legacy),
            order=_order(legacy, index + 1) if legacy else index + 1,
            render_setup=True,
        )
        for override in owners.get(setup.name, []):
            _apply_override(scene, layer, override)
        layers.append(layer)
    return layers


def _legacy_of(scene: MayaScene, setup: MayaNode) -> str:
    for src in scene.sources_of(setup.name, ("lrl", "legacyRenderLayer")):
        return split_plug(src)[0]
    return "rs_" + setup.name


def _owning_layers(scene: MayaScene) -> Dict[str, List[MayaNode]]:
    """renderSetupLayer name -> its override nodes, following ``parent.lit -> child.pls``."""
    parent_of: Dict[str, str] = {}
    for src, dst in scene.connections:
        src_node, src_attr = split_plug(src)
        dst_node, dst_attr = split_plug(dst)
        if src_attr in ("lit", "listItems") and dst_attr in ("pls", "parentList"):
            parent_of[dst_node] = src_node
    layer_names = {node.name for node in scene.nodes_of_type("renderSetupLayer")}
    owners: Dict[str, List[MayaNode]] = {}
    for node in scene.nodes:
        if node.type not in _ABSOLUTE and node.type not in _RELATIVE:
            continue
        cursor, hops = node.name, 0
        while cursor in parent_of and cursor not in layer_names and hops < 64:
            cursor, hops = parent_of[cursor], hops + 1
        if cursor in layer_names:
            owners.setdefault(cursor, []).append(node)
    return owners


def _apply_override(scene: MayaScene, layer: Layer, override: MayaNode) -> None:
    attribute = override.get(A.OVERRIDE_ATTRIBUTE)
    if not attribute or not isinstance(attribute, str):
        return  # unset, or a damaged file gave it several values: nothing to apply
    if not truthy(override.get(A.OVERRIDE_ENABLED, "yes")):
        return
    value = override.get(A.OVERRIDE_VALUE)
    if value is None and _value_is_connected(scene, override):
        layer.uncertain[attribute] = f"override {override.name} takes its value from a connection"
        return
    if value is None and override.type in _ABSOLUTE:
        value = override.unwritten_default(A.OVERRIDE_VALUE)  # Maya writes no value equal to the default
    if override.type in _UNIQUE:
        target = override.get(A.OVERRIDE_TARGET)
        targets = [target] if target and isinstance(target, str) else []
    else:
        targets, exact = _collection_members(scene, override.name)
        if not exact:
            layer.uncertain[attribute] = f"override {override.name} applies to a pattern-selected collection"
    for target in targets:
        if override.type in _RELATIVE:
            value = _relative_value(scene, layer, override, target, attribute)
            if value is None:
                continue
        layer.overrides[(target, attribute)] = value


def _relative_value(
    scene: MayaScene, layer: Layer, override: MayaNode, target: str, attribute: str
) -> Optional[float]:
    """A relative override's result: the plug's own value times ``multiply`` plus ``offset``."""
    aliases = _ALIASES.get(attribute, (attribute,))
    base, source = layer_value(scene, None, target, aliases, A.RENDER_GLOBAL_DEFAULTS.get(aliases[-1]))
    multiply = override.get(("mul", "multiply"), 1)
    offset = override.get(("ofs", "offset"), 0)
    try:
        result = float(_scalar(base)) * float(_scalar(multiply)) + float(_scalar(offset))
    except (TypeError, ValueError):
        layer.uncertain[attribute] = f"relative override {override.name} on a non-numeric value not evaluated"
        return None
    if source == "default":
        layer.uncertain[attribute] = (
            f"relative override {override.name} applied to Maya's default {target}.{attribute} {base}"
        )
    return result


def _scalar(value: Any) -> Any:
    return value[0] if isinstance(value, list) and value else value


# long attribute name -> every name the file may write it under
_ALIASES: Dict[str, A.Aliases] = {
    name: aliases
    for aliases in (A.START_FRAME, A.END_FRAME, A.BY_FRAME, A.WIDTH, A.HEIGHT, A.CAMERA_RENDERABLE)
    for name in aliases
}


def _value_is_connected(scene: MayaScene, override: MayaNode) -> bool:
    return bool(scene.sources_of(override.name, A.OVERRIDE_VALUE))


def _collection_members(scene: MayaScene, override_name: str) -> Tuple[List[str], bool]:
    """Nodes the collection holding ``override_name`` selects, and whether that is exact."""
    collection = _parent_collection(scene, override_name)
    if collection is None:
        return [], False
    selector = _selector_of(scene, collection)
    if selector is None:
        return [], False
    names: List[str] = []
    static = selector.get(A.SELECTOR_STATIC) or ""
    names.extend(_member_name(scene, name) for name in str(static).split("\n") if name.strip())
    pattern = selector.get(A.SELECTOR_PATTERN) or ""
    exact = not str(pattern).strip()
    if not exact:
        names.extend(_pattern_members(scene, str(pattern)))
    return names, exact


def _member_name(scene: MayaScene, path: str) -> str:
    """A selector's DAG path (``|camera1|cameraShape1``) as the node's name in the scene."""
    node = scene.node(path.strip())
    return node.name if node is not None else path.strip().lstrip("|")


def _parent_collection(scene: MayaScene, node_name: str) -> Optional[str]:
    for src in scene.sources_of(node_name, ("pls", "parentList")):
        node, attr = split_plug(src)
        if attr in ("lit", "listItems"):
            return node
    return None


def _selector_of(scene: MayaScene, collection: str) -> Optional[MayaNode]:
    for src in scene.sources_of(collection, ("sel", "selector")):
        return scene.node(split_plug(src)[0])
    return None


def _pattern_members(scene: MayaScene, pattern: str) -> List[str]:
    includes: List[str] = []
    excludes: List[str] = []
    for part in (piece.strip() for piece in pattern.split(",")):
        if not part:
            continue
        (excludes if part.startswith("-") else includes).append(part.lstrip("-").replace("::", ""))
    members = []
    for node in scene.nodes:
        short = node.name.rsplit(":", 1)[-1]
        if any(fnmatch.fnmatchcase(short, p) for p in includes) and not any(
            fnmatch.fnmatchcase(short, p) for p in excludes
        ):
            members.append(node.name)
    return members


def layer_value(
    scene: MayaScene, layer: Optional[Layer], node_name: str, aliases: A.Aliases, default: Any = None
) -> Tuple[Any, str]:
    """A plug's value for ``layer`` and where it came from: "override", "file" or "default"."""
    if layer is not None:
        for alias in aliases:
            key = (node_name, alias)
            if key in layer.overrides:
                return layer.overrides[key], "override"
    node = scene.node(node_name)
    if node is not None:
        value = node.get(aliases)
        if value is not None:
            return value, "file"
    return default, "default"


def truthy(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, list):
        value = value[0] if value else ""
    text = str(value).strip().lower()
    if text in ("yes", "on", "true"):
        return True
    if text in ("no", "off", "false", ""):
        return False
    try:
        return float(text) != 0.0
    except ValueError:
        return True
