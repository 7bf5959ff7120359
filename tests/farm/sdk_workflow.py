"""The official SDK's whole workflow against our farm; runs inside the rayvision-api virtual environment.

Usage: python sdk_workflow.py DOMAIN ACCESS_ID ACCESS_KEY LOG_DIR
Prints one JSON object with what each step returned; any exception fails the run (exit code 1).
This file is executed by the SDK's interpreter, not imported by pytest.
"""

import json
import sys
import traceback

from rayvision_api import RayvisionAPI
from rayvision_api.exception import RayvisionAPIError

TASK_JSON = {
    "task_info": {
        "enable_layered": "1",
        "input_cg_file": "D:/proj/scenes/shot010.ma",
        "is_picture": "1",
        "task_id": "",
        "frames_per_task": "2",
        "pre_frames": "100",
        "job_stop_time": "259200",
        "task_stop_time": "0",
        "time_out": "43200",
        "stop_after_test": "2",
        "project_name": "sdk_project",
        "project_id": "",
        "channel": "4",
        "cg_id": "2000",
        "platform": "2",
        "tiles_type": "block",
        "tiles": "1",
        "is_layer_rendering": "1",
        "is_distribute_render": "0",
        "distribute_render_node": "3",
        "input_project_path": "D:/proj",
        "render_layer_type": "0",
        "user_id": "",
        "os_name": "0",
        "ram": "64",
        "hardwareConfigId": "",
        "hardwareConfigIds": ["301"],
        "graphics_cards_num": "2",
    },
    "software_config": {"cg_name": "Maya", "cg_version": "2023", "plugins": {"mtoa": "5.3.4"}},
    "scene_info": {},
    "scene_info_render": {
        "defaultRenderLayer": {
            "renderable": "1",
            "common": {"frames": "1-5[1]", "render_camera": ["cameraShape1"], "all_camera": ["cameraShape1"]},
        },
        "beauty": {
            "renderable": "1",
            "common": {"frames": "1-5[1]", "render_camera": ["cameraShape1"], "all_camera": ["cameraShape1"]},
        },
        "off": {"renderable": "0", "common": {"frames": "1-5[1]"}},
    },
}
UPLOAD_JSON = {"asset": [{"local": "D:/proj/scenes/shot010.ma", "server": "/D/proj/scenes/shot010.ma"}]}
ASSET_JSON = {"asset": ["D:/proj/scenes/shot010.ma"], "missing": []}
TIPS_JSON = {"10012": ["D:/proj/tex/missing.png"]}


def main() -> int:
    domain, access_id, access_key, log_dir = sys.argv[1:5]
    api = RayvisionAPI(
        access_id=access_id,
        access_key=access_key,
        domain=domain,
        platform="2",
        protocol="http",
        log_folder=log_dir,
    )
    out = {
        "user_info": {k: api.user_info.get(k) for k in ("user_id", "user_name", "config_bid", "input_bid")}
    }
    out["platforms"] = api.query.platforms()
    out["profile_user_id"] = api.user.query_user_profile()["userId"]
    out["hardware"] = api.user.get_hardware_config()
    out["software"] = [s["cgName"] for s in api.query.supported_software()["renderInfoList"]]
    out["maya_versions"] = [
        v["cgVersion"] for v in api.query.supported_plugin("maya", "windows")["cgVersion"]
    ]
    out["error_detail"] = api.query.error_detail(code="10012", language=1)
    out["label_added"] = api.tag.add_label("sdk_project", 0)
    out["labels"] = api.tag.get_label_list()
    out["project_list"] = api.tag.get_list(flag=2)
    task_id = api.task.create_task(count=1, task_user_level=50, labels=["sdk"])["taskIdList"][0]
    out["task_id"] = task_id
    for name, document in (
        ("task.json", TASK_JSON),
        ("upload.json", UPLOAD_JSON),
        ("asset.json", ASSET_JSON),
        ("tips.json", TIPS_JSON),
    ):
        out.setdefault("uploads", []).append(
            api.transmit.upload_json_content(task_id, json.dumps(document), name)
        )
    out["submit"] = api.submit(task_id)
    out["task_list"] = api.query.get_task_list(page_num=1, page_size=10)
    out["task_info"] = api.query.task_info([task_id])
    out["small_task_ids"] = api.query.get_small_task_id(task_id)
    sub_id = out["small_task_ids"][0]
    out["frames"] = api.query.task_frames(sub_id, page_num=1, page_size=100)
    out["all_frames"] = sorted(api.query.get_all_frames(sub_id))
    out["frame_stats"] = api.query.all_frame_status()
    out["stop"] = api.task.stop_task([task_id])
    out["after_stop"] = _statuses(api, task_id)
    out["start"] = api.task.start_task([task_id])
    out["after_start"] = _statuses(api, task_id)
    out["restart_failed"] = api.query.restart_failed_frames([task_id])
    out["restart_frames"] = api.query.get_custome_frames(sub_id, ["1"])
    out["restart_all"] = api.query.restart_frame(sub_id, select_all=1)
    out["add_task_tag"] = api.tag.add_task_tag("urgent", [task_id])
    env = {
        "cgId": 2000,
        "cgName": "Maya",
        "cgVersion": "2023",
        "renderLayerType": 0,
        "editName": "sdk_env",
        "renderSystem": 1,
        "pluginIds": [_plugin_id(api)],
    }
    out["env_added"] = api.env.add_render_env(env)
    out["env_updated"] = api.env.update_render_env(dict(env, pluginIds=[]))
    out["env_default"] = api.env.set_default_render_env("sdk_env")
    out["envs"] = api._connect.post(api._connect.url.getUserPluginConfig, {"cgId": 2000, "osName": 1})
    out["env_deleted"] = api.env.delete_render_env("sdk_env")
    out["overtime"] = api.task.set_task_overtime_top([task_id], 3600)
    out["full_speed"] = api.task.full_speed([task_id])
    out["output_files"] = api.transmit.get_output_files(task_id=task_id)
    out["transfer_config_engines"] = [
        e["engineName"] for e in api.transmit.get_transfer_config()["resqEngines"]
    ]
    out["raysync_user"] = api.query.get_raysync_user_key()["userName"]
    out["abort"] = api.task.abort_task([task_id])
    out["after_abort"] = _statuses(api, task_id)
    out["delete"] = api.task.delete_task([task_id])
    out["wrong_key_code"] = _error_code(lambda: _wrong_key(domain, access_id, log_dir))
    out["replay_code"] = _error_code(lambda: _replayed(api))
    print(json.dumps(out))
    return 0


def _statuses(api, task_id):
    item = api.query.task_info([task_id])["items"][0]
    return [item["taskStatus"]] + [sub["taskStatus"] for sub in item["respRenderingTaskList"]]


def _plugin_id(api):
    detail = api.query.supported_plugin("maya", "windows")
    version_id = next(v["id"] for v in detail["cgVersion"] if v["cgVersion"] == "2023")
    plugin = next(p for p in detail["cgPlugin"] if p["cvId"] == version_id and p["pluginName"] == "mtoa")
    return plugin["pluginVersions"][0]["pluginId"]


def _error_code(action):
    try:
        action()
    except RayvisionAPIError as error:
        return error.error_code
    return None


def _wrong_key(domain, access_id, log_dir):
    RayvisionAPI(
        access_id=access_id,
        access_key="wrong",
        domain=domain,
        platform="2",
        protocol="http",
        log_folder=log_dir,
    )


def _replayed(api):
    """Freeze the SDK's clock and nonce: the second identical request is a replay (every retry too)."""
    import rayvision_api.connect as connect
    import rayvision_api.signature as signature

    frozen_time = connect.time.time()

    class FrozenClock:
        @staticmethod
        def time():
            return frozen_time

    real_time, real_nonce = connect.time, signature.generate_nonce
    connect.time, signature.generate_nonce = FrozenClock, lambda: "777777"
    try:
        api.query.platforms()
        api.query.platforms()
    finally:
        connect.time, signature.generate_nonce = real_time, real_nonce


if __name__ == "__main__":
    try:
        sys.exit(main())
    except Exception:
        traceback.print_exc()
        sys.exit(1)
