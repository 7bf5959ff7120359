"""The per-host ``scene_info_render`` block of task.json, in Fox's exact shapes.

Each host has its own layout on the farm (renderbus-protocol.md §10.4-10.7):
Maya is keyed by render layer, Houdini splits ROPs into render / cache /
distributed-simulation lists, 3ds Max has one ``common`` block plus the
renderer, Blender one ``common`` block.  Every value is a string because the
farm's analysers write strings.
"""

from __future__ import annotations

import posixpath
from typing import Any, Callable, Dict, List, Optional

from farmhand.frames import FrameSpec
from farmhand.model import OPTION_DISTRIBUTED, OPTION_RENDER, OPTION_SIMULATION, RenderUnit, SceneDescription

SceneInfo = Dict[str, Any]


def unit_frames(unit: RenderUnit, override: Optional[str]) -> FrameSpec:
    """The frames a unit renders: the job's override, else the unit's own."""
    return FrameSpec.parse(override or unit.frames)


def _size(value: Optional[int]) -> str:
    return "" if value is None else str(value)


def _flag(value: bool) -> str:
    return "1" if value else "0"


def maya(scene: SceneDescription, frames: Optional[str]) -> SceneInfo:
    info: SceneInfo = {}
    for unit in scene.units:
        spec = unit_frames(unit, frames)
        start, _, step = spec.ranges[0]
        info[unit.name] = {
            "renderable": _flag(unit.enabled),
            "env": dict(unit.settings.get("env", {})),
            "is_default_camera": str(unit.settings.get("is_default_camera", "1")),
            "option": str(unit.settings.get("option", "")),
            "common": {
                "image_format": unit.image_format,
                "image_file_prefix": unit.output,
                "renderer": unit.renderer or scene.renderer,
                "width": _size(unit.width),
                "height": _size(unit.height),
                "start": str(start),
                "end": str(spec.last),
                "by_frame": str(step),
                "frames": str(spec),
                "animation": str(bool(unit.settings.get("animation", len(spec) > 1))),
                "renumber_frames": str(bool(unit.settings.get("renumber_frames", False))),
                "all_camera": list(unit.all_cameras or scene.cameras),
                "render_camera": list(unit.cameras),
            },
        }
    return info


def _rop_entry(unit: RenderUnit, frames: Optional[str]) -> Dict[str, str]:
    entry = {
        "node": unit.name,
        "frames": str(unit_frames(unit, frames)),
        "option": str(unit.option),
        "render": _flag(unit.enabled),
    }
    if unit.height is not None and unit.width is not None:
        entry["height"] = str(unit.height)
        entry["width"] = str(unit.width)
    return entry


# distributedsim_node keys a Houdini reader may leave in unit.settings.
_DISTRIBUTED_KEYS = ("output_driver", "simControlName", "output_file", "num_slices", "sliceType")


def houdini(scene: SceneDescription, frames: Optional[str]) -> SceneInfo:
    rop_node: List[Dict[str, str]] = []
    geo_node: List[Dict[str, str]] = []
    distributed: List[Dict[str, str]] = []
    order = dependency_order(scene)
    for unit in scene.units:
        entry = _rop_entry(unit, frames)
        if unit.option == OPTION_SIMULATION:
            if unit.name in order:
                entry["geoDependencySort"] = str(order[unit.name])
            geo_node.append(entry)
        elif unit.option == OPTION_DISTRIBUTED:
            entry.update({key: str(unit.settings[key]) for key in _DISTRIBUTED_KEYS if key in unit.settings})
            distributed.append(entry)
        else:
            entry["option"] = str(OPTION_RENDER)
            rop_node.append(entry)
    return {"rop_node": rop_node, "geo_node": geo_node, "distributedsim_node": distributed}


def dependency_order(scene: SceneDescription) -> Dict[str, int]:
    """1-based position of each enabled cache ROP that an enabled unit depends on.

    Fox orders caches with ``geoDependencySort``; only caches something reads
    need an order, so an empty result means "no ordering required".
    """
    enabled = {unit.name: unit for unit in scene.enabled_units}
    needed = {dep for unit in enabled.values() for dep in unit.depends_on if dep in enabled}
    caches = [name for name in _topological(enabled) if name in needed]
    caches = [name for name in caches if enabled[name].option == OPTION_SIMULATION]
    return {name: index for index, name in enumerate(caches, start=1)}


def _topological(units: Dict[str, RenderUnit]) -> List[str]:
    ordered: List[str] = []
    visiting: set = set()

    def visit(name: str) -> None:
        if name in ordered or name not in units:
            return
        if name in visiting:
            raise ValueError(f"ROP dependency cycle through {name}")
        visiting.add(name)
        for dependency in units[name].depends_on:
            visit(dependency)
        visiting.discard(name)
        ordered.append(name)

    for name in units:
        visit(name)
    return ordered


# Extensions the Max analyser advertises for outputs and render elements.
MAX_OUTPUT_TYPES = [".tga", ".tif", ".jpg", ".png", ".exr", ".rla", ".rpf"]


def max_common(scene: SceneDescription, unit: RenderUnit, frames: Optional[str]) -> Dict[str, Any]:
    settings = unit.settings
    spec = unit_frames(unit, frames)
    output = unit.output.replace("\\", "/")
    basename, extension = posixpath.splitext(posixpath.basename(output))
    return {
        "width": _size(unit.width),
        "height": _size(unit.height),
        "output_file": output,
        "output_file_basename": basename,
        "output_file_type": extension or (unit.image_format and "." + unit.image_format.lstrip(".")),
        "all_output_file_type": list(MAX_OUTPUT_TYPES),
        "all_element_type": list(MAX_OUTPUT_TYPES),
        "rend_save_file": str(settings.get("rend_save_file", "true")).lower(),
        "rend_timeType": str(settings.get("rend_timeType", "3" if len(spec) > 1 else "1")),
        "frames": str(spec),
        "animation_range": str(settings.get("animation_range", f"{spec.first}-{spec.last}")),
        "all_camera": list(unit.all_cameras or scene.cameras),
        "renderable_camera": list(unit.cameras),
        "element_active": str(settings.get("element_active", "0")),
        "element_type": str(settings.get("element_type", extension)),
        "element_list": list(settings.get("element_list", [])),
        "element_path_list": list(settings.get("element_path_list", [])),
        "gamma": str(settings.get("gamma", "0")),
        "gamma_val": str(settings.get("gamma_val", "2.2")),
        "in_gamma": str(settings.get("in_gamma", "2.2")),
        "out_gamma": str(settings.get("out_gamma", "2.2")),
        "global_proxy": str(settings.get("global_proxy", "false")),
        "net_render": str(settings.get("net_render", "0")),
        "is_picture": "1" if len(spec) > 1 else "0",
        "cgv": scene.host_version,
        "CurrentProjectFolder": scene.project_root.replace("\\", "/"),
        "Faces": str(settings.get("Faces", "")),
        "Vertices": str(settings.get("Vertices", "")),
        "Peak_Memory": str(settings.get("Peak_Memory", "")),
    }


def max_renderer(scene: SceneDescription, unit: RenderUnit) -> Dict[str, str]:
    name = unit.renderer or scene.renderer
    return {
        "name": name,
        "renderer": str(unit.settings.get("renderer_class", name)),
        "renderer_orign": str(unit.settings.get("renderer_orign", name)),
    }


def max_(scene: SceneDescription, frames: Optional[str]) -> SceneInfo:
    unit = _first_enabled(scene)
    return {"common": max_common(scene, unit, frames), "renderer": max_renderer(scene, unit)}


def blender(scene: SceneDescription, frames: Optional[str]) -> SceneInfo:
    unit = _first_enabled(scene)
    enabled = scene.enabled_units
    scene_names = _unique(str(u.settings.get("scene", u.name.split("/")[0])) for u in enabled)
    camera = unit.cameras[0] if unit.cameras else ""
    return {
        "common": {
            "frames": str(unit_frames(unit, frames)),
            "width": _size(unit.width),
            "height": _size(unit.height),
            "Render_Format": unit.image_format,
            "Output_path": unit.output,
            "scene_name": scene_names,
            # Fox's analyser writes str(scene.camera), a bpy repr; the farm parses that form.
            "camera_name": f'<bpy_struct, Object("{camera}")>' if camera else "None",
            "render_engine": unit.renderer or scene.renderer,
            "view_layers": [str(u.settings.get("view_layer", u.name.split("/")[-1])) for u in enabled],
        }
    }


def _first_enabled(scene: SceneDescription) -> RenderUnit:
    units = scene.enabled_units or scene.units
    if not units:
        raise ValueError(f"{scene.scene_file}: the scene has no render unit")
    return units[0]


def _unique(values) -> List[str]:
    seen: List[str] = []
    for value in values:
        if value not in seen:
            seen.append(value)
    return seen


BUILDERS: Dict[str, Callable[[SceneDescription, Optional[str]], SceneInfo]] = {
    "maya": maya,
    "houdini": houdini,
    "max": max_,
    "blender": blender,
}
