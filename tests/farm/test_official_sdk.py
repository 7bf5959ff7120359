"""Conformance: the vendor's own SDK (rayvision-api 3.0.4.3) runs its whole workflow against our farm.

The SDK only imports on Python <= 3.11 with its 2020 pins, so it lives in its own
virtual environment, built on first use at ``<repo>/.venv-rayvision`` (never in
.venv).  The workflow script is sdk_workflow.py next to this file; the farm is started
as users start it, with ``farmhand farm serve``.
"""

from __future__ import annotations

import fcntl
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from farm_wire import data

REPO = Path(__file__).resolve().parents[2]
SDK_VENV = REPO / ".venv-rayvision"
SDK_REQUIREMENT = "rayvision-api==3.0.4.3"
STAMP = SDK_VENV / ".installed-rayvision-api-3.0.4.3"
WORKFLOW = Path(__file__).with_name("sdk_workflow.py")

pytestmark = pytest.mark.slow


def _python311() -> str:
    if sys.version_info[:2] == (3, 11):
        return sys.executable
    found = shutil.which("python3.11")
    if not found:
        pytest.fail("the official SDK needs Python 3.11 (python3.11 not found on PATH)")
    return found


@pytest.fixture(scope="session")
def sdk_python() -> Path:
    """The SDK venv's interpreter, creating the venv once (a lock keeps parallel runs from racing)."""
    SDK_VENV.parent.mkdir(parents=True, exist_ok=True)
    with open(Path(tempfile.gettempdir()) / "farmhand-venv-rayvision.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not STAMP.exists():
            shutil.rmtree(SDK_VENV, ignore_errors=True)
            subprocess.run([_python311(), "-m", "venv", str(SDK_VENV)], check=True)
            result = subprocess.run(
                [str(SDK_VENV / "bin" / "pip"), "install", "-q", SDK_REQUIREMENT],
                capture_output=True,
                text=True,
            )
            if result.returncode != 0:
                pytest.fail(f"cannot install {SDK_REQUIREMENT} into {SDK_VENV}:\n{result.stderr[-2000:]}")
            STAMP.write_text("ok\n")
    return SDK_VENV / "bin" / "python"


@pytest.fixture(scope="module")
def workflow(sdk_python, farm_via_cli, tmp_path_factory):
    farm = farm_via_cli
    logs = tmp_path_factory.mktemp("sdk-logs")
    result = subprocess.run(
        [str(sdk_python), str(WORKFLOW), farm.domain, farm.access_id, farm.access_key, str(logs)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_login_triple_gives_the_sdk_its_user_info(workflow):
    assert workflow["user_info"] == {
        "user_id": workflow["profile_user_id"],
        "user_name": "farmhand",
        "config_bid": "30201",
        "input_bid": "10201",
    }
    assert workflow["platforms"] == [{"platform": 2, "name": "query_platform_w2"}]


def test_catalogue_answers_what_the_check_step_indexes(workflow):
    assert {"Maya", "3ds Max", "Houdini", "Blender"} <= set(workflow["software"])
    assert "2023" in workflow["maya_versions"]
    for config in workflow["hardware"]:
        for key in ("notSupportCgId", "notSupportCode", "notSupportCgVersions", "notSupportPluginList"):
            assert isinstance(config[key], list)
        assert config["platform"] == 2
    assert [entry["code"] for entry in workflow["error_detail"]] == ["10012"]
    assert workflow["error_detail"][0]["type"] == 0


def test_create_upload_submit_makes_one_layered_task(workflow, farm_via_cli):
    farm = farm_via_cli
    task_id = workflow["task_id"]
    assert workflow["uploads"] == [None, None, None, None]
    for name in ("task.json", "upload.json", "asset.json", "tips.json"):
        assert (farm.data_dir / "tasks" / str(task_id) / "cfg" / name).is_file()
    listed = [item["id"] for item in workflow["task_list"]["items"]]
    assert listed == [task_id]
    info = workflow["task_info"]["items"][0]
    assert info["isOpen"] == 1
    assert info["outputFileName"] == f"{task_id}_shot010"
    layers = sorted(sub["layerName"] for sub in info["respRenderingTaskList"])
    assert layers == ["beauty", "defaultRenderLayer"]  # the unrenderable layer got no sub-task
    assert workflow["small_task_ids"] == [sub["id"] for sub in info["respRenderingTaskList"]]
    assert all(sub["layerParentId"] == task_id for sub in info["respRenderingTaskList"])


def test_frames_are_priority_first_then_chunked(workflow):
    frames = [(f["frameIndex"], f["frameType"], f["frameStatus"]) for f in workflow["frames"]["items"]]
    assert frames == [("1", 4, 1), ("2-3[1]", 5, 1), ("4-5[1]", 5, 1)]
    assert workflow["all_frames"] == ["1", "2-3[1]", "4-5[1]"]
    assert workflow["frame_stats"]["totalFrames"] == 6


def test_stop_start_abandon_move_parent_and_layers(workflow):
    assert workflow["after_stop"] == [10, 10, 10]
    assert workflow["after_start"] == [0, 0, 0]
    assert workflow["after_abort"] == [35, 35, 35]


def test_labels_envs_and_misc(workflow):
    assert workflow["labels"]["projectNameList"][0]["projectName"] == "sdk_project"
    assert workflow["env_added"] == {"editName": "sdk_env"}
    assert workflow["envs"][0]["isDefault"] == 1 and workflow["envs"][0]["respUserPluginInfoVos"] == []
    assert workflow["overtime"] == "SUCCESS"
    assert workflow["transfer_config_engines"] == ["FarmhandHTTP"]


def test_wrong_key_is_611_and_replay_is_610_through_the_sdk(workflow):
    assert workflow["wrong_key_code"] == 611
    assert workflow["replay_code"] == 610


def test_what_the_sdk_did_is_stored(workflow, farm_via_cli):
    farm = farm_via_cli
    """Read back with our own signed calls: the deleted task sits in the recycle bin with its label."""
    task_id = workflow["task_id"]
    assert data(farm, "/api/render/handle/getTaskList/v2", {"pageNum": 1, "pageSize": 10})["items"] == []
    recycled = data(
        farm, "/api/render/handle/getTaskList/v2", {"pageNum": 1, "pageSize": 10, "recycleFlag": 1}
    )
    assert [item["id"] for item in recycled["items"]] == [task_id]
    assert set(json.loads(recycled["items"][0]["labels"]).values()) == {"sdk", "urgent"}
    assert data(farm, "/api/render/plugin/getUserPluginConfig", {"osName": 1}) == []
