"""The legacy ``Fox`` API (seed 000) against the real farm, with real sample scenes."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from farmhand.api.legacy import Fox, LegacyError, legacy_statuses, parse_render_server
from farmhand.api.statuses import LEGACY_RESTART_FRAME_STATUS

SAMPLES = Path("/work/shared/samples")
HIP = SAMPLES / "houdini/karma_aovs_for_prman_denoiser.1.0.hip"
ROP = "/stage/usdrender_rop3"
MAYA = next(iter(sorted((SAMPLES / "maya").rglob("layers_no_variation.ma"))), None)
MAX = SAMPLES / "max/01-teapot_no_cams_vray.max"


@pytest.fixture(scope="module")
def fox(farm, tmp_path_factory):
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("FARMHAND_HOME", str(tmp_path_factory.mktemp("farmhand-home")))
        yield Fox(farm.domain, farm.access_id, farm.access_key)


def test_render_server_mapping():
    assert parse_render_server("www2.renderbus.com") == ("https", "task.renderbus.com", "2", True)
    assert parse_render_server("https://www6.foxrenderfarm.com/") == (
        "https",
        "jop.foxrenderfarm.com",
        "6",
        True,
    )
    assert parse_render_server("127.0.0.1:8123") == ("http", "127.0.0.1:8123", "2", False)
    assert parse_render_server("https://farm.example:9443") == ("https", "farm.example:9443", "2", False)
    cloud = Fox("www3.renderbus.com", "id", "key")
    assert cloud.client.platform == "3" and cloud.client.transport.min_interval == 10.0
    with pytest.raises(LegacyError, match="vendor's transfer tools"):
        cloud.download(1, "/tmp/nowhere")


def test_legacy_statuses():
    assert legacy_statuses("Start") == (5, 8) and legacy_statuses("System_Done") == (25,)
    assert legacy_statuses(35) == (35,)
    with pytest.raises(LegacyError, match="task_status 'Rendering'"):
        legacy_statuses("Rendering")


def test_users_and_projects(fox):
    assert fox.get_users()["userName"]
    project_id = fox.create_project("legacy-hou", "houdini 19.0", plugin_name="karma builtin")
    (project,) = fox.get_projects("legacy-hou")
    assert project["projectId"] == project_id
    assert project["renderEnv"]["cgVersion"].startswith("19.0")
    assert project["renderEnv"]["respUserPluginInfoVos"][0]["pluginName"] == "karma"
    assert fox.create_project("legacy-hou", "houdini 19.0") == project_id  # updates, no second project
    with pytest.raises(LegacyError, match="not supported by the farm"):
        fox.create_project("legacy-bad", "houdini 3")
    with pytest.raises(LegacyError, match="unknown software 'nuke'"):
        fox.create_project("legacy-bad", "nuke 13")


def test_upload_houdini_submission_and_task_control(fox, tmp_path):
    report = fox.upload([str(HIP)])
    assert report.files_total == 1
    rop_info = [{"rop": ROP, "frames": "1-3[1]", "option": "-1"}]
    task_id = fox.submit_houdini(project_name="legacy-hou", input_scene_path=str(HIP), rop_info=rop_info)
    (task,) = fox.get_tasks(task_id=task_id, has_frames=1)
    assert [f["frameIndex"] for f in task["frames"]] == ["1", "2", "3"]
    assert task["projectName"] == "legacy-hou"
    assert task_id in [
        t["id"] for t in fox.get_tasks(task_filter={"project_name": "legacy-hou", "task_status": "Wait"})
    ]
    assert task_id not in [
        t["id"] for t in fox.get_tasks(project_name="legacy-hou", task_filter={"task_status": 25})
    ]
    fox.stop_tasks(task_id)
    fox.restart_tasks(task_id, restart_type=1)
    assert all(f["frameStatus"] == 1 for f in fox.get_tasks(task_id=task_id, has_frames=1)[0]["frames"])
    assert fox.download(task_id, str(tmp_path)) == []
    fox.delete_tasks([task_id])
    assert task_id not in [t["id"] for t in fox.get_tasks()]


def test_houdini_unknown_rop_and_bad_option_are_named(fox):
    with pytest.raises(LegacyError, match=r"rop_info\[0\]: no ROP '/out/nothing'"):
        fox.submit_houdini("legacy-hou", str(HIP), [{"rop": "/out/nothing", "frames": "1", "option": "-1"}])
    with pytest.raises(LegacyError, match="option must be -1"):
        fox.submit_houdini("legacy-hou", str(HIP), [{"rop": ROP, "frames": "1", "option": "7"}])


@pytest.mark.skipif(MAYA is None, reason="Maya sample not available")
def test_maya_layer_and_camera(fox):
    fox.create_project("legacy-maya", "maya 2023")
    task_id = fox.submit_task(
        project_name="legacy-maya",
        input_scene_path=str(MAYA),
        frames="1-4[1]",
        render_layer="layerTheFIrst",
        camera="persp",
    )
    (task,) = fox.get_tasks(task_id=task_id, has_frames=1)
    assert task["totalFrames"] == 4 and task["projectName"] == "legacy-maya"
    with pytest.raises(LegacyError, match="render_layer: no 'nope'"):
        fox.submit_task("legacy-maya", str(MAYA), "1", render_layer="nope")
    with pytest.raises(LegacyError, match="camera: no 'cam9'"):
        fox.submit_task("legacy-maya", str(MAYA), "1", camera="cam9")


def test_max_from_legacy_arguments(fox):
    fox.create_project("legacy-max", "3ds Max 2020")
    task_id = fox.submit_max(
        project_name="legacy-max",
        input_scene_path=str(MAX),
        frames="1-2[1]",
        image_width="320",
        image_height="640",
        output_file_name="helloworld",
        output_file_format=".tga",
        camera="Camera001",
    )
    (task,) = fox.get_tasks(task_id=task_id, has_frames=1)
    assert len(task["frames"]) == 2 and task["cgId"] == 2001


def test_restart_types_map_to_frame_states():
    assert LEGACY_RESTART_FRAME_STATUS == {0: 5, 1: 3, 2: 4, 3: 2, 4: 1}
    with pytest.raises(LegacyError, match="restart_type must be 0-4"):
        Fox("127.0.0.1:1", "id", "key").restart_tasks(1, restart_type=9)


def test_blender_job_renders_and_downloads_end_to_end(farm_factory, tmp_path, monkeypatch):
    """A bpy-made scene read offline, submitted with submit_blender, rendered by a worker, downloaded."""
    pytest.importorskip("bpy")
    maker = Path(__file__).parents[1] / "farm" / "make_tiny_blend.py"
    subprocess.run([sys.executable, str(maker), str(tmp_path / "proj"), "4", "48"], check=True, timeout=120)
    blend = tmp_path / "proj" / "shot.blend"
    monkeypatch.setenv("FARMHAND_HOME", str(tmp_path / "home"))
    server = farm_factory(env={"FARMHAND_FARM_WORKERS": "1"})
    fox = Fox(server.domain, server.access_id, server.access_key)
    fox.create_project("legacy-blend", "blender 4.5")
    task_id = fox.submit_blender(project_name="legacy-blend", input_scene_path=str(blend), frames="1-2[1]")
    deadline = time.monotonic() + 120
    while fox.get_tasks(task_id=task_id)[0]["taskStatus"] not in (25, 30, 45):
        assert time.monotonic() < deadline, "the render did not finish"
        time.sleep(0.3)
    (task,) = fox.get_tasks(task_id=task_id, has_frames=1)
    assert task["taskStatus"] == 25 and [f["frameStatus"] for f in task["frames"]] == [4, 4]
    frame_id = task["frames"][0]["id"]
    assert fox.client.frame_thumbnail(frame_id) == "SUCCESS"
    log_lines = list(fox.client.iter_render_log(frame_id, page_size=7))
    assert any("Blender" in line for line in log_lines) and len(log_lines) > 7
    assert fox.client.output_files("/", task_id)[0]["directory"] is True
    paths = fox.download(task_id, str(tmp_path / "out"))
    assert sorted(Path(p).name for p in paths) == ["cube_0001.png", "cube_0002.png"]
    assert all(Path(p).stat().st_size > 0 for p in paths)
