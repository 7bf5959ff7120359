"""Turn a parsed Maya scene (``.ma`` or ``.mb``) into a :class:`SceneDescription`.

This is where values get their meaning: Maya's defaults for what the file
leaves out, the render layers and their overrides, renderable cameras, the
effective output prefix, and the file dependencies.  Every value that the
file alone cannot pin down (a default, an expression, a pattern override, a
file found by Maya's moved-file search) is recorded in ``low_confidence``
with the reason, per unit or per dependency, so validation can ask the user
to confirm in Maya rather than trusting a guess.
"""

from __future__ import annotations

import os
from typing import Any, Dict, List, Optional, Tuple

from farmhand.frames import FrameSpec
from farmhand.model import RenderUnit, SceneDescription
from farmhand.paths.output import expand_output_prefix
from farmhand.scenes import maya_attributes as A
from farmhand.scenes import maya_dependencies, maya_renderman, maya_workspace
from farmhand.scenes.maya_data import MayaScene
from farmhand.scenes.maya_layers import Layer, find_layers, layer_value, truthy

RENDER_GLOBALS = "defaultRenderGlobals"
RESOLUTION = "defaultResolution"
_LAYER_TOKENS = ("<RenderLayer>", "<Layer>")


def describe(scene: MayaScene, *, frames: Optional[str] = None) -> SceneDescription:
    """The scene's units, cameras, plug-ins and dependencies; ``frames`` overrides the frames
    sequences are resolved for (the job's frames), not the units' own ranges."""
    root, rules, found_workspace = maya_workspace.project_for(scene.path)
    description = SceneDescription(
        host="maya",
        scene_file=os.path.abspath(scene.path),
        host_version=_version(scene),
        project_root=root,
        plugins=dict(scene.plugins),
    )
    if not found_workspace:
        description.low_confidence["project_root"] = (
            "no workspace.mel next to or above the scene; used its folder"
        )
    images = maya_workspace.rule_path(root, rules, "images")
    description.cameras = [name for name, _ in _cameras(scene, None)]
    description.units = _units(scene, images)
    description.renderer = description.units[0].renderer
    if any(node.type.startswith("apply") and "Override" in node.type for node in scene.nodes):
        description.low_confidence["units"] = (
            "saved with a Render Setup layer other than masterLayer visible: the file's values may be that "
            "layer's overrides; open the scene in Maya to confirm"
        )
    description.settings.update(_scene_settings(scene, rules, images))
    description.reader_notes.extend(
        {"message": note, "node": "", "attribute": "", "path": scene.path} for note in scene.notes
    )
    _add_dependencies(description, scene, rules, frames)
    return description


def _units(scene: MayaScene, images: str) -> List[RenderUnit]:
    layers = find_layers(scene)
    renderable = sum(1 for layer in layers if layer.renderable)
    return [_unit(scene, layer, renderable, images) for layer in layers]


def _add_dependencies(
    description: SceneDescription, scene: MayaScene, rules: Dict[str, str], frames: Optional[str]
) -> None:
    context = maya_dependencies.Context(
        scene_dir=os.path.dirname(description.scene_file),
        project_root=description.project_root,
        source_images=maya_workspace.rule_path(description.project_root, rules, "sourceImages"),
        frames=_frames_for_dependencies(description, frames),
        scene_name=os.path.splitext(os.path.basename(scene.path))[0],
    )
    description.dependencies = maya_dependencies.collect(scene, context, maya_dependencies.default_resolver())
    description.settings["moved_files"] = dict(context.moved)


def _version(scene: MayaScene) -> str:
    product = scene.file_info.get("product", "")
    if product.startswith("Maya") and any(ch.isdigit() for ch in product):
        return product.split()[-1]
    return scene.maya_version


def _scene_settings(scene: MayaScene, rules: Dict[str, str], images: str) -> Dict[str, Any]:
    return {
        "maya_version": scene.maya_version,
        "file_format": scene.format,
        "file_info": dict(scene.file_info),
        "time_unit": scene.time_unit,
        "fps": A.TIME_UNITS.get(scene.time_unit),
        "images_dir": images,
        "workspace_rules": {name: rules[name] for name in sorted(rules) if name in A_RULES},
        "references": [
            {
                "path": ref.path,
                "namespace": ref.namespace,
                "reference_node": ref.reference_node,
                "parent": ref.parent,
                "depth": ref.depth,
                "loaded": not ref.deferred,
            }
            for ref in scene.references
        ],
        "plugin_node_types": dict(scene.plugin_node_types),
    }


A_RULES = ("images", "sourceImages", "scene", "mayaAscii", "mayaBinary", "renderData")


# -- units ------------------------------------------------------------------
def _unit(scene: MayaScene, layer: Layer, renderable_layers: int, images: str) -> RenderUnit:
    unit = RenderUnit(name=layer.name, kind="layer", enabled=layer.renderable, node_type="renderLayer")
    unit.low_confidence.update(layer.uncertain)
    unit.renderer = _text(_value(scene, layer, unit, RENDER_GLOBALS, A.CURRENT_RENDERER, "renderer"))
    unit.frames, animation = _frames(scene, layer, unit)
    cameras = _cameras(scene, layer)
    unit.all_cameras = [name for name, _ in cameras]
    unit.cameras = [name for name, renderable in cameras if renderable]
    width, height = A.default_resolution(scene.maya_version)
    unit.width = _int(_value(scene, layer, unit, RESOLUTION, A.WIDTH, "width", width), width)
    unit.height = _int(_value(scene, layer, unit, RESOLUTION, A.HEIGHT, "height", height), height)
    prefix = _text(_value(scene, layer, unit, RENDER_GLOBALS, A.IMAGE_FILE_PREFIX, "output", ""))
    unit.output = effective_prefix(prefix, renderable_layers, len(unit.cameras))
    unit.image_format = _image_format(scene, layer, unit)
    unit.settings.update(
        {
            "layer_node": layer.node,
            "render_setup": layer.render_setup,
            "animation": animation,
            "image_file_prefix": prefix,
            "output_directories": output_directories(
                images, unit.output, scene.path, layer.name, unit.cameras
            ),
        }
    )
    if unit.renderer in ("renderman", "renderMan"):
        _renderman_output(scene, unit)
    return unit


def _renderman_output(scene: MayaScene, unit: RenderUnit) -> None:
    found = maya_renderman.output_settings(scene)
    unit.settings.update(found)
    if found:
        unit.low_confidence["output"] = (
            "RenderMan names images with rmanGlobals.imageOutputDir/imageFileFormat "
            "(settings renderman_image_*), not Maya's prefix"
        )


def _value(
    scene: MayaScene,
    layer: Layer,
    unit: RenderUnit,
    node: str,
    aliases: A.Aliases,
    field: str,
    default: Any = None,
) -> Any:
    if default is None:
        default = A.RENDER_GLOBAL_DEFAULTS.get(aliases[1]) if len(aliases) > 1 else None
    value, source = layer_value(scene, layer, node, aliases, default)
    if source == "default" and aliases[-1] not in A.STABLE_DEFAULTS:
        unit.low_confidence.setdefault(field, f"{node}.{aliases[1]} not written in the file: Maya's default")
    if _driven(scene, node, aliases):
        unit.low_confidence[field] = (
            f"{node}.{aliases[1]} is driven by a connection (animation or expression)"
        )
    return value


def _driven(scene: MayaScene, node: str, aliases: A.Aliases) -> bool:
    return any(
        not src.split(".", 1)[0].lstrip(":").startswith("rs_") for src in scene.sources_of(node, aliases)
    )


def _frames(scene: MayaScene, layer: Layer, unit: RenderUnit) -> Tuple[str, bool]:
    animation = truthy(_value(scene, layer, unit, RENDER_GLOBALS, A.ANIMATION, "animation", False))
    if not animation:
        current, source = layer_value(scene, None, "time1", A.CURRENT_TIME, 1)
        frame = _frame_number(current, unit)
        if source == "default":
            unit.low_confidence["frames"] = "animation is off and time1 has no current time: frame 1 assumed"
        return str(FrameSpec.from_range(frame, frame, 1)), False
    start = _frame_number(_value(scene, layer, unit, RENDER_GLOBALS, A.START_FRAME, "frames"), unit)
    end = _frame_number(_value(scene, layer, unit, RENDER_GLOBALS, A.END_FRAME, "frames"), unit)
    step = max(1, _frame_number(_value(scene, layer, unit, RENDER_GLOBALS, A.BY_FRAME, "frames"), unit))
    if end < start:
        unit.low_confidence["frames"] = f"end frame {end} is before start frame {start}"
        end = start
    return str(FrameSpec.from_range(start, end, step)), True


def _frame_number(value: Any, unit: RenderUnit) -> int:
    try:
        number = float(_text(value))
    except ValueError:
        unit.low_confidence["frames"] = f"frame value {value!r} is not a number: frame 1 used"
        return 1
    if number != number or number in (float("inf"), float("-inf")):
        unit.low_confidence["frames"] = f"frame value {value!r} is not a finite number: frame 1 used"
        return 1
    if number != int(number):
        unit.low_confidence["frames"] = f"fractional frame {number} rounded down"
    return int(number // 1)


def _cameras(scene: MayaScene, layer: Optional[Layer]) -> List[Tuple[str, bool]]:
    """(camera transform name, renderable in ``layer``) for every camera in the file."""
    cameras = []
    for node in scene.nodes_of_type("camera"):
        value, _ = layer_value(scene, layer, node.name, A.CAMERA_RENDERABLE, "yes")
        if layer is not None and node.parent:
            parent_value, source = layer_value(scene, layer, node.parent, A.CAMERA_RENDERABLE, None)
            if source == "override":
                value = parent_value
        cameras.append((node.parent or node.name, truthy(value)))
    return cameras


def _image_format(scene: MayaScene, layer: Layer, unit: RenderUnit) -> str:
    renderer = unit.renderer
    if renderer == "arnold":
        value, source = layer_value(
            scene, layer, "defaultArnoldDriver", ("ai_translator", "aiTranslator"), "exr"
        )
        if source == "default":
            unit.low_confidence["image_format"] = "defaultArnoldDriver.aiTranslator not written: mtoa's exr"
        return _text(value)
    if renderer == "vray":
        value, source = layer_value(scene, layer, "vraySettings", ("imageFormatStr",), "png")
        if source == "default":
            unit.low_confidence["image_format"] = "vraySettings.imageFormatStr not written: assumed png"
        return _text(value)
    if renderer in ("renderman", "renderMan"):
        driver_format = maya_renderman.image_format(scene)
        if driver_format:
            return driver_format
    if renderer in ("redshift", "renderman", "renderMan"):
        unit.low_confidence["image_format"] = (
            f"{renderer} keeps its format on its own settings node: not read"
        )
    fmt = _int(_value(scene, layer, unit, RENDER_GLOBALS, A.IMAGE_FORMAT, "image_format", 7), 7)
    key, _ = layer_value(scene, layer, RENDER_GLOBALS, A.IMF_PLUGIN_KEY, "")
    name, known = A.image_format_name(fmt, _text(key))
    if not known:
        unit.low_confidence["image_format"] = f"imageFormat {fmt} is not in Farmhand's table"
    return name


def effective_prefix(prefix: str, renderable_layers: int, renderable_cameras: int) -> str:
    """The prefix Maya renders with: ``<Scene>`` when empty, layer/camera folders when several.

    With several renderable layers (or cameras) and no token naming them,
    Maya writes each into its own sub-folder; the aws-deadline submitter
    reports this as ``<Layer>/<Scene>`` / ``<Layer>/<Camera>/<Scene>``.
    """
    result = prefix or "<Scene>"
    if renderable_cameras > 1 and "<Camera>" not in result:
        result = "<Camera>/" + result
    if renderable_layers > 1 and not any(token in result for token in _LAYER_TOKENS):
        result = "<Layer>/" + result
    return result


def output_directories(
    images: str, prefix: str, scene_path: str, layer: str, cameras: List[str]
) -> List[str]:
    """Folders the layer's images land in: the images rule plus the prefix's folder part.

    Tokens without a value here (``<RenderPass>``, ``<Version>``) stay in the
    folder name, so the user sees them rather than a shortened path.
    """
    scene_name = os.path.splitext(os.path.basename(scene_path))[0]
    folders: List[str] = []
    for camera in cameras or [""]:
        expanded = expand_output_prefix(
            prefix, scene=scene_name, layer=layer, camera=camera.replace(":", "_")
        )
        head = os.path.dirname(expanded.text.replace("\\", "/"))
        folder = os.path.normpath(os.path.join(images, head)) if head else images
        if folder not in folders:
            folders.append(folder)
    return folders


def _frames_for_dependencies(description: SceneDescription, override: Optional[str]) -> Optional[List[int]]:
    """Frames sequences are resolved for: the job's frames, else every enabled layer's frames."""
    if override:
        return FrameSpec.parse(override).frames()
    specs = [FrameSpec.parse(unit.frames) for unit in description.units if unit.enabled and unit.frames]
    if not specs:
        return None
    return sorted({frame for spec in specs for frame in spec})


def _text(value: Any) -> str:
    if isinstance(value, list):
        value = value[0] if value else ""
    return "" if value is None else str(value)


def _int(value: Any, fallback: int) -> int:
    try:
        return int(float(_text(value)))
    except ValueError:
        return fallback
