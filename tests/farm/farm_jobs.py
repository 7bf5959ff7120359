"""Job files and submission helpers for the farm tests (signed calls to the real server)."""

from __future__ import annotations

import copy
import json
from typing import Any, Dict

from farm_wire import call, data

MAYA_TASK: Dict[str, Any] = {
    "task_info": {
        "enable_layered": "1",
        "input_cg_file": "D:/proj/scenes/shot010.ma",
        "frames_per_task": "1",
        "pre_frames": "000",
        "stop_after_test": "2",
        "project_name": "",
        "cg_id": "2000",
        "platform": "2",
        "tiles": "1",
        "ram": "64",
        "hardwareConfigIds": ["301"],
    },
    "software_config": {"cg_name": "Maya", "cg_version": "2023", "plugins": {}},
    "scene_info": {},
    "scene_info_render": {
        "defaultRenderLayer": {
            "renderable": "1",
            "common": {"frames": "1-4[1]", "render_camera": ["camShape"]},
        },
        "fx": {"renderable": "1", "common": {"frames": "10-12[1]", "render_camera": ["camShape"]}},
        "disabled": {"renderable": "0", "common": {"frames": "1-100[1]"}},
    },
}

HOUDINI_TASK: Dict[str, Any] = {
    "task_info": {
        "enable_layered": "0",
        "input_cg_file": "/jobs/fx/flip.hip",
        "cg_id": "2004",
        "pre_frames": "000",
    },
    "software_config": {"cg_name": "Houdini", "cg_version": "20.0.653", "plugins": {}},
    "scene_info_render": {
        "rop_node": [{"node": "/out/mantra1", "frames": "1-3[1]", "option": "-1", "render": "1"}],
        "geo_node": [{"node": "/out/filecache1", "frames": "1-3[1]", "option": "0", "render": "1"}],
        "distributedsim_node": [],
    },
}

MAX_TASK: Dict[str, Any] = {
    "task_info": {"enable_layered": "0", "input_cg_file": "C:/max/room.max", "cg_id": "2001", "tiles": "4"},
    "software_config": {"cg_name": "3ds Max", "cg_version": "2020", "plugins": {}},
    "scene_info_render": {"common": {"frames": "0", "renderable_camera": ["Camera001"]}, "renderer": {}},
}

BLENDER_TASK: Dict[str, Any] = {
    "task_info": {
        "enable_layered": "0",
        "input_cg_file": "/home/a/cube.blend",
        "cg_id": "2007",
        "pre_frames": "100",
        "stop_after_test": "1",
        "frames_per_task": "2",
    },
    "software_config": {"cg_name": "Blender", "cg_version": "4.2", "plugins": {}},
    "scene_info_render": {"common": {"frames": "1-5[1]"}},
}


def job(template: Dict[str, Any], **task_info: str) -> Dict[str, Any]:
    document = copy.deepcopy(template)
    document["task_info"].update(task_info)
    return document


def create(farm: Any, **body: Any) -> int:
    request = {"count": 1, "taskUserLevel": 50}
    request.update(body)
    return data(farm, "/api/render/submit/createTask", request)["taskIdList"][0]


def upload(farm: Any, task_id: int, document: Dict[str, Any], name: str = "task.json") -> Dict[str, Any]:
    body = {"taskId": task_id, "fileName": name, "content": json.dumps(document)}
    return call(farm, "/api/render/submit/taskJsonFile", body)


def submit(farm: Any, document: Dict[str, Any], **create_body: Any) -> int:
    task_id = create(farm, **create_body)
    assert upload(farm, task_id, document)["code"] == 200
    data(farm, "/api/render/submit/task", {"taskId": task_id})
    return task_id


def info(farm: Any, task_id: int) -> Dict[str, Any]:
    return data(farm, "/api/render/handle/queryTaskInfo/v2", {"taskIds": [task_id]})["items"][0]


def frames_of(farm: Any, task_id: int) -> list:
    return data(
        farm, "/api/render/handle/queryTaskFrames", {"taskId": task_id, "pageNum": 1, "pageSize": 1000}
    )["items"]
