"""Renderer command lines per host, the missing-renderer messages, and where uploaded files are found."""

from __future__ import annotations

import json
import stat
import sys
from pathlib import Path

import pytest

from farmhand_farm.dispatch import FrameClaim
from farmhand_farm.worker.blender_paths import camera_name, output_pattern, stored_location
from farmhand_farm.worker.config import WorkerConfig
from farmhand_farm.worker.renderers import MissingRenderer, commands_for, require_renderer
from farmhand_farm.worker.request import RequestError, build_request, scene_location


def claim_for(tmp_path: Path, spec: str, unit: str = "", cameras=()) -> FrameClaim:
    from farmhand.frames import FrameSpec

    return FrameClaim(
        frame_id=7, node_id="n/1/w1/1", task_id=1000001, job_id=1000001, user_id=100001, unit=unit,
        frames=FrameSpec.parse(spec).frames(), frame_spec=spec, frame_block="", tiles=1, frame_type=5,
        cameras=list(cameras), cfg_dir=tmp_path / "cfg", input_root=tmp_path / "input",
        output_dir=tmp_path / "out", log_path=tmp_path / "7.log",
    )  # fmt: skip


def executable(tmp_path: Path, name: str) -> str:
    """A file with the renderer's name and the execute bit: the commands are only built, never run."""
    path = tmp_path / "bin" / name
    path.parent.mkdir(exist_ok=True)
    path.write_text("#!/bin/sh\nexit 1\n")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return str(path)


def stored_scene(tmp_path: Path, server: str, task: dict) -> None:
    scene = tmp_path / "input" / server.lstrip("/")
    scene.parent.mkdir(parents=True, exist_ok=True)
    scene.write_bytes(b"scene")
    (tmp_path / "cfg").mkdir(exist_ok=True)
    (tmp_path / "cfg" / "task.json").write_text(json.dumps(task))


MAYA = {
    "task_info": {"cg_id": "2000", "input_cg_file": "D:/proj/shot.ma"},
    "scene_info_render": {"beauty": {"common": {"renderer": "arnold", "render_camera": ["shotCam"]}}},
}


def test_maya_renders_each_frame_run_with_layer_camera_and_output_folder(tmp_path):
    stored_scene(tmp_path, "/D/proj/shot.ma", MAYA)
    config = WorkerConfig(renderers={"maya": executable(tmp_path, "Render")})
    request = build_request(claim_for(tmp_path, "1-3[1],7", unit="beauty"), tmp_path / "stage", MAYA)
    title, commands = commands_for(request, config)
    scene = str(tmp_path / "input" / "D" / "proj" / "shot.ma")
    common = [config.renderers["maya"], "-r", "arnold", "-rl", "beauty", "-cam", "shotCam"]
    common += ["-rd", str(tmp_path / "stage")]
    assert commands == [
        common + ["-s", "1", "-e", "3", "-b", "1", scene],
        common + ["-s", "7", "-e", "7", "-b", "1", scene],
    ]
    assert title == "Maya Render"


@pytest.mark.parametrize(
    ("cg_id", "scene", "renderer", "variable"),
    [
        ("2000", "D:/a.ma", "Maya's command-line renderer (Render)", "FARMHAND_FARM_MAYA_RENDER"),
        ("2001", "C:/a.max", "3ds Max's command-line renderer (3dsmaxcmd)", "FARMHAND_FARM_MAX_CMD"),
        ("2004", "/j/a.hip", "Houdini's hython", "FARMHAND_FARM_HOUDINI_HYTHON"),
        ("2004", "/j/a.usd", "Houdini's husk", "FARMHAND_FARM_HOUDINI_HUSK"),
    ],
)
def test_a_missing_renderer_is_named_with_its_variable(cg_id, scene, renderer, variable):
    with pytest.raises(MissingRenderer) as caught:
        require_renderer({"task_info": {"cg_id": cg_id, "input_cg_file": scene}}, WorkerConfig())
    assert f"{renderer} is not configured on this farm (set {variable} to its path" in str(caught.value)


def test_a_configured_path_that_is_not_executable_is_named(tmp_path):
    config = WorkerConfig(renderers={"maya": str(tmp_path / "no" / "Render")})
    with pytest.raises(MissingRenderer, match=f"not an executable file at {tmp_path / 'no' / 'Render'}"):
        require_renderer(MAYA, config)


def test_blender_needs_no_configuration_and_unknown_hosts_are_refused():
    require_renderer({"task_info": {"cg_id": "2007"}}, WorkerConfig())
    with pytest.raises(RequestError, match="cg_id 9999"):
        require_renderer({"task_info": {"cg_id": "9999"}}, WorkerConfig())


def test_houdini_hip_runs_the_rop_script_in_hython_and_usd_runs_husk(tmp_path):
    hip = {"task_info": {"cg_id": "2004", "input_cg_file": "/jobs/fx.hip"}}
    stored_scene(tmp_path, "/jobs/fx.hip", hip)
    config = WorkerConfig(
        renderers={"hython": executable(tmp_path, "hython"), "husk": executable(tmp_path, "husk")}
    )
    request = build_request(claim_for(tmp_path, "1-5[2]", unit="/out/mantra1"), tmp_path / "stage", hip)
    (command,) = commands_for(request, config)[1]
    assert command[0] == config.renderers["hython"] and command[1].endswith("houdini_render.py")
    assert command[3:] == ["/out/mantra1", "1", "5", "2", str(tmp_path / "stage")]
    usd = {"task_info": {"cg_id": "2004", "input_cg_file": "/jobs/shot.usda"}}
    stored_scene(tmp_path, "/jobs/shot.usda", usd)
    request = build_request(claim_for(tmp_path, "10-12[1]"), tmp_path / "stage", usd)
    (command,) = commands_for(request, config)[1]
    assert command[:7] == [config.renderers["husk"], "-f", "10", "-n", "3", "-i", "1"]
    assert command[-2:] == [str(tmp_path / "stage" / "shot.$F4.exr"), str(tmp_path / "input/jobs/shot.usda")]


def test_max_renders_the_claimed_frames_into_the_output_folder(tmp_path):
    task = {
        "task_info": {"cg_id": "2001", "input_cg_file": "C:/max/room.max"},
        "scene_info_render": {
            "common": {"output_file": "C:/out/room.exr", "renderable_camera": ["Camera001"]}
        },
    }
    stored_scene(tmp_path, "/C/max/room.max", task)
    config = WorkerConfig(renderers={"max": executable(tmp_path, "3dsmaxcmd.exe")})
    (command,) = commands_for(build_request(claim_for(tmp_path, "3-4[1]"), tmp_path / "s", task), config)[1]
    assert command[1:] == [
        str(tmp_path / "input/C/max/room.max"),
        "-frames:3,4",
        f"-outputName:{tmp_path / 's' / 'room.exr'}",
        "-cam:Camera001",
    ]


def test_blender_runs_the_bpy_runner_in_the_farms_interpreter(tmp_path):
    task = {"task_info": {"cg_id": "2007", "input_cg_file": "/home/a/shot.blend"}}
    stored_scene(tmp_path, "/home/a/shot.blend", task)
    (command,) = commands_for(
        build_request(claim_for(tmp_path, "1-2[1]"), tmp_path / "s", task), WorkerConfig()
    )[1]
    assert command[:3] == [sys.executable, "-m", "farmhand_farm.worker.blender_runner"]
    assert command[command.index("--frames") + 1] == "1,2"


def test_the_scene_must_be_in_the_users_input_storage(tmp_path):
    with pytest.raises(RequestError, match="was not uploaded"):
        scene_location(tmp_path / "input", {"task_info": {"input_cg_file": "/home/a/shot.blend"}}, None)
    with pytest.raises(RequestError, match="refused server path"):
        scene_location(tmp_path / "input", {}, {"scene": [{"local": "x", "server": "/a/../../etc/passwd"}]})


def test_stored_locations_of_scene_paths(tmp_path):
    root = tmp_path / "input"
    assert stored_location(root, "D:\\proj\\tex\\wood.png") == root / "D" / "proj" / "tex" / "wood.png"
    assert stored_location(root, "/home/a/tex/w.png") == root / "home" / "a" / "tex" / "w.png"
    assert stored_location(root, "//tex/wood.png") is None  # relative to the stored .blend already
    assert stored_location(root, "<builtin>") is None
    assert stored_location(root, "") is None


def test_camera_and_output_naming_from_task_json():
    assert camera_name('<bpy_struct, Object("Cam.001")>') == "Cam.001"
    assert camera_name("None") == "" and camera_name("Camera") == "Camera"
    assert output_pattern("//render/shot_####") == "shot_####"
    assert output_pattern("C:\\out\\beauty.") == "beauty."
    assert output_pattern("/tmp/") == ""


def test_blender_without_bpy_in_the_farms_python_fails_naming_it(monkeypatch):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "bpy" else real(name, *a)
    )
    with pytest.raises(MissingRenderer, match="the bpy module is not installed in the farm's Python"):
        require_renderer({"task_info": {"cg_id": "2007"}}, WorkerConfig())
