"""Every endpoint of seeds 001/002 and §7.1 (and the §7.2 alternate paths) answers the documented shape."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from farm_jobs import MAYA_TASK, create, frames_of, info, job, submit, upload
from farm_wire import call, data

SDK_PATHS = {
    "/api/render/common/queryPlatforms",
    "/api/render/setUp/queryUserProfile",
    "/api/render/setUp/queryUserSetting",
    "/api/render/setUp/updateUserSetting",
    "/api/render/transfer/getBid",
    "/api/render/hardwareConfig/list",
    "/api/render/handle/operate/sdk/taskRecord",
    "/api/render/handle/operate/sdk/loginRecord",
    "/api/render/submit/createTask",
    "/api/render/submit/task",
    "/api/rendering/task/renderingTask/stopTask",
    "/api/rendering/task/renderingTask/startTask",
    "/api/render/handle/abandonTask",
    "/api/render/handle/deleteTask",
    "/api/rendering/task/renderingTask/updateTaskUserLevel",
    "/api/render/handle/setTaskOverTimeStop",
    "/api/render/handle/fullSpeedRendering",
    "/api/render/handle/updateTaskLimit",
    "/api/render/handle/editTaskHardwareConfig",
    "/api/render/submit/queryAnalyseErrorDetail",
    "/api/render/handle/getTaskList/v2",
    "/api/render/handle/queryTaskFrames",
    "/api/render/handle/queryAllFrameStats",
    "/api/render/handle/recommitTasks",
    "/api/render/handle/recommitTaskFrames",
    "/api/render/handle/stopTaskFrames",
    "/api/render/handle/queryTaskInfo/v2",
    "/api/render/plugin/querySoftwareList",
    "/api/render/plugin/querySoftwareDetail",
    "/api/render/transfer/getServerInfo",
    "/api/render/transfer/getRaySyncUserKey",
    "/api/render/handle/loadTaskProcessImg",
    "/api/render/handle/loadingFrameThumbnail",
    "/api/render/handle/showLog",
    "/api/render/submit/getUserPackNodeInfo",
    "/api/render/project/add",
    "/api/render/project/delete",
    "/api/render/project/getList",
    "/api/render/project/list",
    "/api/render/handle/addTaskLabel",
    "/api/render/handle/deleteTaskLabel",
    "/api/render/plugin/addUserPluginConfig",
    "/api/render/plugin/editUserPluginConfig",
    "/api/render/plugin/deleteUserPluginConfig",
    "/api/render/plugin/setDefaultUserPluginConfig",
    "/api/render/plugin/getUserPluginConfig",
    "/api/render/submit/taskJsonFile",
    "/api/render/transfer/getConfig",
    "/api/render/file/operate/getOutputUserDirFile",
}
DOCUMENTED_ALTERNATES = {
    "/api/render/handle/stopTask",
    "/api/render/handle/startTask",
    "/api/render/handle/getTaskList",
    "/api/render/handle/queryTaskInfo",
    "/api/render/user/getRaySyncUserKey",
    "/api/render/task/deleteTaskLabel",
}
PAGE_KEYS = {"pageCount", "pageNum", "total", "size", "items"}


def test_every_documented_path_is_routed(tmp_path):
    # A fresh interpreter: create_app is meant to run once per process (route modules register there).
    code = (
        "import json, sys\n"
        "from farmhand_farm.app import create_app\n"
        "from farmhand_farm.settings import FarmSettings\n"
        "app = create_app(FarmSettings(data_dir=sys.argv[1], credentials={'a': 'b'}))\n"
        "print(json.dumps([route.path for route in app.routes]))\n"
    )
    command = [sys.executable, "-c", code, str(tmp_path)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    routed = set(json.loads(result.stdout))
    assert routed >= SDK_PATHS | DOCUMENTED_ALTERNATES


@pytest.mark.parametrize("path", sorted(SDK_PATHS | DOCUMENTED_ALTERNATES))
def test_every_path_answers_the_envelope_and_refuses_a_wrong_signature(farm, path):
    assert call(farm, path, {}, key="wrong")["code"] == 611


def test_account_shapes(farm):
    profile = data(farm, "/api/render/setUp/queryUserProfile")
    assert (
        isinstance(profile["userId"], int) and profile["shareMainCapital"] == 0 and profile["mainUserId"] == 0
    )
    setting = data(farm, "/api/render/setUp/queryUserSetting")
    assert setting["singleNodeRenderFrames"] == "1" and isinstance(setting["taskOverTimeSec"], int)
    assert data(farm, "/api/render/setUp/updateUserSetting", {"taskOverTimeSec": 7200}) is None
    setting = data(farm, "/api/render/setUp/queryUserSetting")
    assert (setting["taskOverTimeSec"], setting["taskOverTime"]) == (7200, 2)
    bids = data(farm, "/api/render/transfer/getBid")
    assert {"config_bid", "input_bid", "output_bid", "parent_input_bid"} <= set(bids)
    assert all(isinstance(bids[key], str) for key in ("config_bid", "input_bid", "output_bid"))
    config = data(farm, "/api/render/transfer/getConfig")
    line = config["resqEngines"][0]["respTaskEngineLines"][0]
    assert line["server"] == "127.0.0.1" and line["port"] == str(farm.port) and line["isDefault"] == 1
    key = data(farm, "/api/render/transfer/getRaySyncUserKey")
    assert {"raySyncUserKey", "userName", "platform"} <= set(key) and farm.access_key not in json.dumps(key)
    assert data(farm, "/api/render/user/getRaySyncUserKey") == key
    assert data(farm, "/api/render/transfer/getServerInfo", {"zone": 1})["raysyncTransfer"] is None
    assert data(farm, "/api/render/submit/getUserPackNodeInfo") == []
    logins = data(farm, "/api/render/handle/operate/sdk/loginRecord", {"pageNum": 1, "pageSize": 5})
    assert set(logins) == PAGE_KEYS and logins["total"] >= 1 and logins["items"][0]["loginTime"] > 0


def test_catalogue_shapes(farm):
    software = data(farm, "/api/render/plugin/querySoftwareList")
    assert software["defaultCgId"] in [s["cgId"] for s in software["renderInfoList"]]
    detail = data(farm, "/api/render/plugin/querySoftwareDetail", {"cgId": 2004, "osName": "linux"})
    assert "20.0.653" in [v["cgVersion"] for v in detail["cgVersion"]]
    version_ids = {v["id"] for v in detail["cgVersion"]}
    assert detail["cgPlugin"] and all(p["cvId"] in version_ids for p in detail["cgPlugin"])
    plugin = detail["cgPlugin"][0]["pluginVersions"][0]
    assert plugin["pluginVersion"].startswith(plugin["pluginName"] + " ")
    assert (
        data(farm, "/api/render/plugin/querySoftwareDetail", {"cgId": 2001, "osName": "linux"})["cgVersion"]
        == []
    )
    assert call(farm, "/api/render/plugin/querySoftwareDetail", {"cgId": 1, "osName": "linux"})["code"] == 600
    assert (
        call(farm, "/api/render/plugin/querySoftwareDetail", {"cgId": 2000, "osName": "mac"})["code"] == 600
    )
    errors = data(farm, "/api/render/submit/queryAnalyseErrorDetail", {"codes": ["50001", "15024", "424242"]})
    assert [(e["code"], e["type"]) for e in errors] == [("50001", 0), ("15024", 1)]
    assert call(farm, "/api/render/submit/queryAnalyseErrorDetail", {"language": 0})["code"] == 601


def test_hardware_marks_the_current_config_of_a_task(farm):
    task_id = submit(farm, job(MAYA_TASK, hardwareConfigIds=["303"]))
    configs = data(farm, "/api/render/hardwareConfig/list", {"cloneTask": "false", "taskIds": [str(task_id)]})
    assert [c["id"] for c in configs if c["current"]] == [303]
    data(farm, "/api/render/handle/abandonTask", {"taskIds": [task_id]})


def test_create_task_shapes_and_validation(farm):
    created = data(farm, "/api/render/submit/createTask", {"count": 3, "taskUserLevel": 60, "labels": ["x"]})
    ids = created["taskIdList"]
    assert len(ids) == 3 and ids == sorted(ids) and len(set(ids)) == 3
    assert created["aliasTaskIdList"] == [f"2W{i}" for i in ids]
    assert call(farm, "/api/render/submit/createTask", {"taskUserLevel": 50})["code"] == 601
    assert call(farm, "/api/render/submit/createTask", {"count": "1", "taskUserLevel": 50})["code"] == 600
    assert call(farm, "/api/render/submit/createTask", {"count": 0, "taskUserLevel": 50})["code"] == 600
    assert (
        data(farm, "/api/render/task/createTask", {"count": 1, "taskUserLevel": 50})["taskIdList"][0]
        > ids[-1]
    )


def test_task_json_file_names_are_restricted_and_files_confined(farm):
    task_id = create(farm)
    for name in ("../../credentials.json", "task.txt", "/etc/passwd"):
        body = {"taskId": task_id, "fileName": name, "content": "{}"}
        assert call(farm, "/api/render/submit/taskJsonFile", body)["code"] == 600
    assert upload(farm, task_id, {"asset": []}, "upload.json")["data"] is None
    assert (farm.data_dir / "tasks" / str(task_id) / "cfg" / "upload.json").read_text() == '{"asset": []}'


def test_task_list_filters_and_paging(farm):
    first = submit(farm, job(MAYA_TASK, input_cg_file="D:/a/alpha_scene.ma"))
    second = submit(farm, job(MAYA_TASK, input_cg_file="D:/a/beta_scene.ma"))
    data(farm, "/api/rendering/task/renderingTask/stopTask", {"taskIds": [second]})
    page = data(
        farm, "/api/render/handle/getTaskList/v2", {"pageNum": 1, "pageSize": 1, "searchKeyword": "_scene"}
    )
    assert set(page) == PAGE_KEYS and page["total"] == 2 and page["pageCount"] == 2
    assert [item["id"] for item in page["items"]] == [second]
    beyond = data(
        farm, "/api/render/handle/getTaskList", {"pageNum": 3, "pageSize": 1, "searchKeyword": "_scene"}
    )
    assert beyond["items"] == [] and beyond["total"] == 2
    stopped = data(
        farm, "/api/render/handle/getTaskList/v2", {"pageNum": 1, "pageSize": 10, "statusList": [10]}
    )
    assert second in [item["id"] for item in stopped["items"]] and first not in [
        i["id"] for i in stopped["items"]
    ]
    labelled = create(farm, labels=["farmhand-req-abc123"])
    found = data(
        farm, "/api/render/handle/getTaskList/v2", {"pageNum": 1, "pageSize": 5, "searchKeyword": "req-abc"}
    )
    assert [item["id"] for item in found["items"]] == [labelled]  # clients find their own tasks by label
    by_id = data(
        farm, "/api/render/handle/getTaskList/v2", {"pageNum": 1, "pageSize": 10, "searchKeyword": str(first)}
    )
    assert [item["id"] for item in by_id["items"]] == [first]
    record = data(
        farm, "/api/render/handle/operate/sdk/taskRecord", {"platform": 2, "pageNum": 1, "pageSize": 50}
    )
    assert {first, second} <= {item["taskId"] for item in record["items"]}
    bad_date = {"pageNum": 1, "pageSize": 1, "startTime": "yesterday"}
    assert call(farm, "/api/render/handle/getTaskList/v2", bad_date)["code"] == 600
    data(farm, "/api/render/handle/abandonTask", {"taskIds": [first, second]})


def test_task_info_shape_and_documented_path(farm):
    task_id = submit(farm, job(MAYA_TASK))
    page = data(farm, "/api/render/handle/queryTaskInfo", {"taskIds": [task_id]})
    assert set(page) == PAGE_KEYS and page["total"] == 1
    item = page["items"][0]
    for key in (
        "id",
        "taskStatus",
        "statusText",
        "isOpen",
        "outputFileName",
        "userId",
        "respRenderingTaskList",
    ):
        assert key in item
    assert item["statusText"] == "render_task_status_0"
    sub = item["respRenderingTaskList"][0]
    assert sub["respRenderingTaskList"] == [] and sub["layerParentId"] == task_id
    assert call(farm, "/api/render/handle/queryTaskInfo/v2", {"taskIds": "1"})["code"] == 600
    assert call(farm, "/api/render/handle/queryTaskInfo/v2", {})["code"] == 601
    data(farm, "/api/render/handle/abandonTask", {"taskIds": [task_id]})


def test_frame_pages_stats_thumbnail_progress(farm):
    task_id = submit(farm, job(MAYA_TASK, enable_layered="0"))
    page = data(farm, "/api/render/handle/queryTaskFrames", {"taskId": task_id, "pageNum": 2, "pageSize": 3})
    assert page["total"] == 7 and page["pageCount"] == 3 and len(page["items"]) == 3
    assert (
        data(farm, "/api/render/handle/queryTaskFrames", {"taskId": task_id, "pageNum": 9, "pageSize": 3})[
            "items"
        ]
        == []
    )
    found = data(farm, "/api/render/handle/queryTaskFrames", {"taskId": task_id, "searchKeyword": "11"})
    assert [f["frameIndex"] for f in found["items"]] == ["11"]
    frame = frames_of(farm, task_id)[0]
    assert frame["frameStatusText"] == "task_frame_status_1" and frame["taskId"] == task_id
    stats = data(farm, "/api/render/handle/queryAllFrameStats")
    assert set(stats) == {
        "executingFramesTotal",
        "doneFramesTotal",
        "failedFramesTotal",
        "waitingFramesTotal",
        "abandonFramesTotal",
        "totalFrames",
    }
    assert (
        call(farm, "/api/render/handle/loadingFrameThumbnail", {"id": frame["id"], "frameStatus": 4})["code"]
        == 600
    )
    progress = data(farm, "/api/render/handle/loadTaskProcessImg", {"taskId": task_id, "frameType": 5})
    assert len(progress["grabInfo"][0]) == 7
    log = data(farm, "/api/render/handle/showLog", {"id": frame["id"], "pageNum": 1, "pageSize": 1})
    assert log["items"] == [] and log["total"] == 0
    assert call(farm, "/api/render/handle/showLog", {"id": 10**9})["code"] == 404
    data(farm, "/api/render/handle/abandonTask", {"taskIds": [task_id]})


def test_task_settings_endpoints(farm):
    task_id = submit(farm, job(MAYA_TASK))
    assert (
        data(
            farm,
            "/api/rendering/task/renderingTask/updateTaskUserLevel",
            {"taskId": task_id, "taskUserLevel": 60},
        )
        is None
    )
    assert (
        data(farm, "/api/render/handle/setTaskOverTimeStop", {"taskIds": [task_id], "overTime": 60})
        == "SUCCESS"
    )
    assert data(farm, "/api/render/handle/fullSpeedRendering", {"taskIds": [task_id]}) == "成功"
    assert data(farm, "/api/render/handle/updateTaskLimit", {"taskId": task_id, "taskLimit": 2}) is None
    body = {
        "taskIds": [task_id],
        "hardwareConfigIds": [337],
        "model": "1080Ti",
        "ram": "64GB",
        "gpuNum": "2*GPU",
    }
    assert data(farm, "/api/render/handle/editTaskHardwareConfig", body) is None
    task = info(farm, task_id)
    assert (task["taskUserLevel"], task["overTimeStop"], task["taskLimit"], task["taskRam"]) == (
        60,
        60,
        2,
        64,
    )
    assert task["hardwareConfigIds"] == ["337"]
    assert task["respRenderingTaskList"][0]["taskUserLevel"] == 60
    data(farm, "/api/render/handle/abandonTask", {"taskIds": [task_id]})


def test_projects_and_task_labels(farm):
    assert data(farm, "/api/render/project/add", {"newName": "镜头01", "status": 0}) is None
    assert data(farm, "/api/render/project/add", {"newName": "镜头01", "status": 1}) is None  # retry-safe
    names = [p["projectName"] for p in data(farm, "/api/render/project/list", {"flag": 0})["projectNameList"]]
    assert names.count("镜头01") == 1
    assert (
        data(farm, "/api/render/project/getList")["projectNameList"]
        == data(farm, "/api/render/project/list", {"flag": 2})["projectNameList"]
    )
    assert data(farm, "/api/render/project/delete", {"delName": "镜头01"}) is None
    assert call(farm, "/api/render/project/delete", {"delName": "镜头01"})["code"] == 404
    task_id = create(farm, labels=["a"])
    data(farm, "/api/render/handle/addTaskLabel", {"label": "b", "taskIds": [task_id]})
    labels = json.loads(info(farm, task_id)["labels"])
    assert sorted(labels.values()) == ["a", "b"]
    label_id = next(int(k) for k, v in labels.items() if v == "a")
    data(farm, "/api/render/task/deleteTaskLabel", {"taskIds": [task_id], "labelIds": [label_id]})
    data(farm, "/api/render/handle/deleteTaskLabel", {"taskIds": [task_id], "labelNames": ["b"]})
    assert info(farm, task_id)["labels"] == "{}"


def test_render_environments(farm):
    detail = data(farm, "/api/render/plugin/querySoftwareDetail", {"cgId": 2000, "osName": "windows"})
    version = next(v for v in detail["cgVersion"] if v["cgVersion"] == "2024")
    plugin_id = next(p for p in detail["cgPlugin"] if p["cvId"] == version["id"])["pluginVersions"][0][
        "pluginId"
    ]
    env = {
        "cgId": 2000,
        "cgName": "Maya",
        "cgVersion": "2024",
        "editName": "lookdev",
        "renderSystem": 0,
        "pluginIds": [plugin_id],
    }
    assert data(farm, "/api/render/plugin/addUserPluginConfig", env) == {"editName": "lookdev"}
    assert call(farm, "/api/render/plugin/addUserPluginConfig", env)["code"] == 600
    assert (
        call(farm, "/api/render/plugin/addUserPluginConfig", dict(env, editName="x", cgVersion="1999"))[
            "code"
        ]
        == 600
    )
    assert (
        call(farm, "/api/render/plugin/addUserPluginConfig", dict(env, editName="x", pluginIds=[1]))["code"]
        == 600
    )
    assert (
        call(farm, "/api/render/plugin/addUserPluginConfig", dict(env, editName="x", renderSystem="0"))[
            "code"
        ]
        == 600
    )
    listed = data(farm, "/api/render/plugin/getUserPluginConfig", {"cgIds": [2000], "osName": 0})
    assert [(e["editName"], e["isDefault"]) for e in listed] == [("lookdev", 0)]
    assert listed[0]["respUserPluginInfoVos"][0]["pluginId"] == plugin_id
    assert data(farm, "/api/render/plugin/getUserPluginConfig", {"osName": 1}) == []
    data(farm, "/api/render/plugin/editUserPluginConfig", dict(env, projectPath="D:/proj", pluginIds=[]))
    data(farm, "/api/render/plugin/setDefaultUserPluginConfig", {"editName": "lookdev"})
    listed = data(farm, "/api/render/plugin/getUserPluginConfig", {"cgId": 2000, "osName": 0})
    assert (listed[0]["projectPath"], listed[0]["isDefault"], listed[0]["respUserPluginInfoVos"]) == (
        "D:/proj",
        1,
        [],
    )
    data(farm, "/api/render/plugin/deleteUserPluginConfig", {"editName": "lookdev"})
    assert call(farm, "/api/render/plugin/deleteUserPluginConfig", {"editName": "lookdev"})["code"] == 404


def test_output_tree_is_listed_and_confined(farm):
    task_id = submit(farm, job(MAYA_TASK, enable_layered="0", input_cg_file="D:/p/out_test.ma"))
    user_id = info(farm, task_id)["userId"]
    folder = farm.data_dir / "output" / str(user_id) / f"{task_id}_out_test"
    (folder / "beauty").mkdir(parents=True)
    (folder / "beauty" / "out_test.0001.exr").write_bytes(b"x" * 10)
    (farm.data_dir / "output" / str(user_id) / "other_task").mkdir()
    top = data(farm, "/api/render/file/operate/getOutputUserDirFile", {"treePath": "/", "taskId": task_id})
    assert [(e["fileName"], e["directory"], e["filePath"]) for e in top] == [
        (f"{task_id}_out_test", True, f"/{task_id}_out_test")
    ]
    inner = data(
        farm, "/api/render/file/operate/getOutputUserDirFile", {"treePath": f"/{task_id}_out_test/beauty"}
    )
    assert [(e["fileName"], e["fileSize"], e["fileType"]) for e in inner] == [
        ("out_test.0001.exr", 10, "exr")
    ]
    everything = data(farm, "/api/render/file/operate/getOutputUserDirFile", {"treePath": "/"})
    assert {e["fileName"] for e in everything} == {f"{task_id}_out_test", "other_task"}
    for escape in ("/../../", "/../credentials.json", "a\\..\\..", "/x\x00"):
        assert (
            call(farm, "/api/render/file/operate/getOutputUserDirFile", {"treePath": escape})["code"] == 600
        )
    foreign = {"treePath": "/other_task", "taskId": task_id}
    assert call(farm, "/api/render/file/operate/getOutputUserDirFile", foreign)["code"] == 600
    data(farm, "/api/render/handle/abandonTask", {"taskIds": [task_id]})


def test_clone_copies_the_job_files(farm):
    original = create(farm)
    upload(farm, original, job(MAYA_TASK))
    clone = data(
        farm, "/api/render/submit/createTask", {"count": 1, "taskUserLevel": 50, "cloneOriginalId": original}
    )
    clone_id = clone["taskIdList"][0]
    cfg = farm.data_dir / "tasks"
    assert (cfg / str(clone_id) / "cfg" / "task.json").read_bytes() == (
        cfg / str(original) / "cfg" / "task.json"
    ).read_bytes()
    assert info(farm, clone_id)["cloneOriginalId"] == original
    missing = {"count": 1, "taskUserLevel": 50, "cloneOriginalId": 5}
    assert call(farm, "/api/render/submit/createTask", missing)["code"] == 404
