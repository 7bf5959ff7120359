"""The pymxs adapter against a stand-in built from the real samples: it must agree with the offline reader."""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "max_plugin"))

from farmhand_max.scene import describe_session, render_frames  # noqa: E402
from farmhand_max.selection import select_node  # noqa: E402

from farmhand.scenes import read_scene  # noqa: E402

from .pymxs_standin import Runtime, Time  # noqa: E402

SAMPLES = ROOT.parent / "shared" / "samples" / "max"
NAMES = ["cgru-scene.max", "01-teapot_no_cams_vray.max", "08-extended_header_length_alysson_claret.max"]


@pytest.mark.parametrize("name", NAMES)
def test_adapter_agrees_with_the_offline_reader(name):
    sample = SAMPLES / name
    live, offline = describe_session(rt=Runtime(str(sample))), read_scene(str(sample))
    for field in ("host", "host_version", "renderer", "plugins", "cameras"):
        assert getattr(live, field) == getattr(offline, field), field
    live_unit, offline_unit = live.units[0], offline.units[0]
    for field in ("width", "height", "output", "image_format", "all_cameras", "renderer"):
        assert getattr(live_unit, field) == getattr(offline_unit, field), field
    assert [d.path for d in live.dependencies] == [
        d.path for d in offline.dependencies if d.kind == "texture"
    ]
    assert all(d.node.startswith("Map #") and d.attribute == "filename" for d in live.dependencies)


def test_render_time_types_pick_the_frames_max_renders():
    rt = Runtime(str(SAMPLES / "cgru-scene.max"))
    assert str(render_frames(rt)) == "3"  # single frame: the current frame
    rt.rendTimeType = 2
    assert str(render_frames(rt)) == "3-15[1]"  # active time segment
    rt.rendTimeType, rt.rendStart, rt.rendEnd, rt.rendNThFrame = 3, Time(5), Time(11), 2
    assert str(render_frames(rt)) == "5-11[2]"
    rt.rendTimeType, rt.rendPickupFrames = 4, "1,3,5-12"
    assert str(render_frames(rt)) == "1,3,5-12[1]"


def test_batch_views_and_cameras_come_through():
    scene = describe_session(rt=Runtime(str(SAMPLES / "cgru-scene.max")))
    assert [(v["name"], v["enabled"], v["camera"], v["frames"]) for v in scene.settings["batch_render"]] == [
        ("res320x240", True, "Camera01", "3-6[1]"),
        ("def", False, "Camera02", "3-15[1]"),
        ("View_7-12", True, "Camera01", "7-12[1]"),
    ]
    unit = scene.units[0]
    assert unit.cameras == ["Camera01"] and unit.all_cameras == ["Camera01", "Camera02"]
    assert unit.settings["rend_save_file"] == "true" and unit.settings["element_list"] == []


def test_frames_override_and_selection():
    rt = Runtime(str(SAMPLES / "cgru-scene.max"))
    assert describe_session("1-4[1]", rt=rt).units[0].frames == "1-4[1]"
    assert select_node("Camera02", rt=rt) and rt.selection[0].name == "Camera02"
    assert not select_node("NoSuchNode", rt=rt)


def test_mzp_bundle_carries_the_core_and_the_installer(tmp_path):
    sys.path.insert(0, str(ROOT / "max_plugin"))
    import build

    archive = build.build(str(tmp_path))
    with zipfile.ZipFile(archive) as bundle:
        names = set(bundle.namelist())
        run = bundle.read("mzp.run").decode()
    assert {"mzp.run", "farmhand_startup.ms", "farmhand/farmhand.mcr"} <= names
    assert "farmhand/python/farmhand_max/scene.py" in names and "farmhand/python/farmhand/model.py" in names
    assert {
        "farmhand/python/Qt.py",
        "farmhand/python/requests/__init__.py",
        "farmhand/python/yaml/__init__.py",
    } <= names
    assert not [n for n in names if "__pycache__" in n or n.endswith(".pyc")]
    assert "$userStartupScripts" in run and not list(tmp_path.glob(".farmhand-*"))
