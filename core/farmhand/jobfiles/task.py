"""task.json: ``task_info`` + ``software_config`` + the host's scene block."""

from __future__ import annotations

import copy
from typing import Any, Dict

from farmhand.frames import FrameSpec
from farmhand.jobfiles.scene_info import BUILDERS, dependency_order
from farmhand.jobfiles.software import CG_IDS, CG_NAMES
from farmhand.model import SceneDescription
from farmhand.options import JobOptions
from farmhand.paths import is_windows_path, normalize

# Hosts whose scene_info must carry the same block as scene_info_render (§10.6, §10.7).
_MIRRORED = ("max", "blender")


def build_task(scene: SceneDescription, options: JobOptions) -> Dict[str, Any]:
    scene_info_render = BUILDERS[scene.host](scene, options.frames)
    return {
        "task_info": build_task_info(scene, options),
        "software_config": {
            "cg_name": CG_NAMES[scene.host],
            "cg_version": options.cg_version or scene.host_version,
            "plugins": dict(scene.plugins),
        },
        "scene_info": copy.deepcopy(scene_info_render) if scene.host in _MIRRORED else {},
        "scene_info_render": scene_info_render,
        "additional_info": _additional_info(options),
    }


def build_task_info(scene: SceneDescription, options: JobOptions) -> Dict[str, Any]:
    """Fox's task_info template with this job's values; every value a string (§10.2)."""
    info: Dict[str, Any] = {
        "enable_layered": _flag(_layered(scene, options)),
        "input_cg_file": normalize(scene.scene_file),
        "is_picture": _flag(_frame_count(scene, options) > 1),
        "task_id": options.task_id,
        "frames_per_task": str(options.frames_per_task),
        "pre_frames": options.pre_frames,
        "job_stop_time": str(options.job_stop_time),
        "task_stop_time": str(options.task_stop_time),
        "time_out": str(options.time_out),
        "stop_after_test": "1" if options.stop_after_test else "2",
        "project_name": options.project_name,
        "project_id": options.project_id,
        "channel": "4",
        "cg_id": CG_IDS[scene.host],
        "platform": options.platform,
        "tiles_type": options.tiles_type,
        "tiles": str(options.tiles),
        "is_layer_rendering": "1",
        "is_distribute_render": _flag(any(u.option == 1 for u in scene.enabled_units)),
        "distribute_render_node": str(scene.settings.get("distribute_render_node", "3")),
        "input_project_path": normalize(scene.project_root) if scene.project_root else "",
        "render_layer_type": str(scene.settings.get("render_layer_type", "0")),
        "user_id": options.user_id,
        "os_name": _os_name(scene, options),
        "ram": options.ram,
        "hardwareConfigId": options.hardware_config_ids[0] if options.hardware_config_ids else "",
        "hardwareConfigIds": [str(i) for i in options.hardware_config_ids],
        "graphics_cards_num": options.graphics_cards_num,
    }
    if scene.host == "max":
        info["version"] = "2"
    if scene.host == "houdini" and dependency_order(scene):
        info["multi_node"] = "0"
        info["geo_node_dependency"] = "1"
    return info


def _additional_info(options: JobOptions) -> Dict[str, str]:
    return {"job_name": options.job_name} if options.job_name else {}


def _flag(value: bool) -> str:
    return "1" if value else "0"


def _layered(scene: SceneDescription, options: JobOptions) -> bool:
    if options.enable_layered is not None:
        return options.enable_layered
    return scene.host == "maya"


def _frame_count(scene: SceneDescription, options: JobOptions) -> int:
    specs = [options.frames or unit.frames for unit in scene.enabled_units]
    return max((len(FrameSpec.parse(spec)) for spec in specs if spec), default=0)


def _os_name(scene: SceneDescription, options: JobOptions) -> str:
    if options.os_name is not None:
        return options.os_name
    if scene.host == "max":
        return "1"  # 3ds Max renders on Windows nodes only
    return "1" if is_windows_path(scene.scene_file) else "0"
