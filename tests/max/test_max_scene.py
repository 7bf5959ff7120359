"""Offline .max reading on the public samples (scene-formats.md §3 gives what each holds)."""

from __future__ import annotations

import contextlib
import random
import shutil
from pathlib import Path

import pytest

from farmhand.jobfiles import build_job
from farmhand.scenes import SceneReadError, read_scene

SAMPLES = Path(__file__).resolve().parents[2] / ".." / "shared" / "samples" / "max"
CGRU = SAMPLES / "cgru-scene.max"
TEAPOT = SAMPLES / "01-teapot_no_cams_vray.max"
ALYSSON = SAMPLES / "08-extended_header_length_alysson_claret.max"


def test_cgru_render_data():
    scene = read_scene(str(CGRU))
    unit = scene.units[0]
    assert (scene.host, scene.host_version, scene.renderer) == ("max", "2011", "scanline")
    assert (unit.width, unit.height, unit.frames) == (640, 480, "3-15[1]")
    assert unit.all_cameras == ["Camera01", "Camera02"] and unit.cameras == ["Camera01"]
    assert "cameras" in unit.low_confidence and "frames" in unit.low_confidence
    assert unit.output == "C:/cg/tools/cgru/examples/3D Studio Max/render/img.0000.jpg"
    assert unit.image_format == "jpg"
    batch = scene.settings["batch_render"]
    assert [(b["name"], b["enabled"], b["camera"], b["frames"]) for b in batch] == [
        ("res320x240", True, "Camera01", "3-6[1]"),
        ("def", False, "Camera02", "3-15[1]"),
        ("View_7-12", True, "Camera01", "7-12[1]"),
    ]
    assert (batch[0]["width"], batch[0]["height"]) == (320, 240)


def test_cgru_outputs_are_not_inputs():
    scene = read_scene(str(CGRU))
    assert [d.path for d in scene.dependencies] == [
        r"C:\Users\tima\Documents\3dsMax\renderpresets\mypreset_a.rps"
    ]
    assert scene.dependencies[0].attribute == "BatchRender"


def test_teapot_vray_and_the_resolved_copy_is_one_dependency():
    scene = read_scene(str(TEAPOT))
    assert (scene.renderer, scene.plugins, scene.host_version) == ("vray", {"vray": "3.00.08"}, "2016")
    assert scene.units[0].cameras == [] and (scene.units[0].width, scene.units[0].height) == (320, 240)
    assert [d.path for d in scene.dependencies] == [
        r"C:\Users\Vadim\Documents\3dsMax\sceneassets\images\BARK5.jpg"
    ]
    assert scene.dependencies[0].kind == "texture" and not scene.dependencies[0].exists


def test_texture_found_by_name_next_to_the_scene(tmp_path):
    shutil.copy(TEAPOT, tmp_path / "teapot.max")
    (tmp_path / "bark5.JPG").write_bytes(b"jpeg")
    dependency = read_scene(str(tmp_path / "teapot.max")).dependencies[0]
    assert dependency.files == [str(tmp_path / "bark5.JPG")] and dependency.exists
    assert "next to the scene" in dependency.low_confidence["files"]


def test_material_names_are_not_files():
    scene = read_scene(str(ALYSSON))
    names = sorted(Path(d.path.replace("\\", "/")).name for d in scene.dependencies)
    assert names == ["NoImage.png", "T_CH_FNPCbot01_cm.tga", "T_CH_FNPCbot01_ns.tga", "Xoliulshader_2.0.fx"]
    assert (scene.host_version, scene.settings["saved_as_version"]) == ("2012", "2010")


def test_task_json_common_from_a_real_file():
    common = build_job(read_scene(str(CGRU))).task["scene_info_render"]["common"]
    assert common["output_file_basename"] == "img.0000" and common["output_file_type"] == ".jpg"
    assert common["frames"] == "3-15[1]" and common["renderable_camera"] == ["Camera01"]
    assert common["cgv"] == "2011" and common["animation_range"] == "3-15"


@pytest.mark.parametrize("cut", [100, 4096, 60_000])
def test_truncated_files_give_a_clear_error(tmp_path, cut):
    broken = tmp_path / "broken.max"
    broken.write_bytes(CGRU.read_bytes()[:cut])
    with pytest.raises(SceneReadError, match="broken.max"):
        read_scene(str(broken))


def test_not_a_max_file(tmp_path):
    fake = tmp_path / "fake.max"
    fake.write_text("hello")
    with pytest.raises(SceneReadError, match="not a readable 3ds Max scene"):
        read_scene(str(fake))


def test_damaged_files_never_escape_as_tracebacks(tmp_path):
    """Random byte damage: every outcome is a description or a SceneReadError, nothing else."""
    rng = random.Random(7)
    data = CGRU.read_bytes()
    target = tmp_path / "damaged.max"
    for _ in range(60):
        damaged = bytearray(data)
        for _ in range(rng.randint(1, 40)):
            damaged[rng.randrange(len(damaged))] = rng.randrange(256)
        target.write_bytes(bytes(damaged[: rng.randrange(len(damaged))] if rng.random() < 0.3 else damaged))
        with contextlib.suppress(SceneReadError):
            read_scene(str(target))
