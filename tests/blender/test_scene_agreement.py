"""In-host (bpy) and offline (BAT, bpy subprocess) analysis of one bpy-built scene must agree."""

from __future__ import annotations

import json
import os
import pathlib
import subprocess
import sys

import pytest
from conftest import dependencies_view, scene_view, units_view

from farmhand.model import SceneDescription
from farmhand.scenes import SceneReadError, blender_bat, blender_subprocess, read_scene

pytestmark = pytest.mark.blender  # real bpy, in this process or a child


def _by_node(scene: SceneDescription):
    return {dep.node: dep for dep in scene.dependencies}


def test_inhost_reads_render_settings_of_every_scene_and_view_layer(inhost):
    units = {unit.name: unit for unit in inhost.units}
    assert {name: unit.enabled for name, unit in units.items()} == {
        "Shot/Beauty": True,
        "Shot/Holdout": False,
        "Alt/ViewLayer": True,
    }
    beauty = units["Shot/Beauty"]
    assert (beauty.frames, beauty.renderer, beauty.image_format) == ("1-3[1]", "CYCLES", "PNG")
    assert (beauty.width, beauty.height, beauty.settings["resolution_percentage"]) == (64, 48, 50)
    assert (beauty.settings["render_width"], beauty.settings["render_height"]) == (32, 24)
    assert beauty.settings["device"] == "GPU"
    assert beauty.settings["view_layer"] == "Beauty" and beauty.settings["scene"] == "Shot"
    folder = os.path.dirname(inhost.scene_file)
    assert beauty.output == os.path.join(folder, "render", "shot_####.png")
    assert beauty.settings["first_output_file"] == os.path.join(folder, "render", "shot_0001.png")
    # Frame 1 renders with the first marker's camera; the stored scene camera is that one too.
    assert beauty.cameras == ["CamB", "CamA"]
    # frame order, not creation order; the hidden camera is bound but never renders
    assert beauty.settings["marker_cameras"] == ["CamB", "CamA", "CamHidden", "CamC"]
    assert beauty.all_cameras == ["CamA", "CamB", "CamC", "CamHidden", "LibCam"]
    alt = units["Alt/ViewLayer"]
    assert (alt.frames, alt.renderer, alt.image_format, alt.cameras) == (
        "10-20[5]",
        "BLENDER_WORKBENCH",
        "OPEN_EXR",
        ["CamC"],
    )
    assert alt.output == os.path.join(folder, "render", "alt", "####.exr")
    assert alt.settings["use_single_layer"] and "enabled" in alt.low_confidence
    assert not beauty.settings["use_single_layer"] and "enabled" not in beauty.low_confidence
    assert inhost.settings["active_scene"] == "Shot" and inhost.renderer == "CYCLES"
    assert "unsaved_changes" not in inhost.settings  # background Blender cannot tell


def test_inhost_lists_every_external_file_with_its_datablock(inhost, built):
    deps = _by_node(inhost)

    def files(node):
        return [os.path.relpath(path, built) for path in deps[node].files]

    assert files('bpy.data.images["diffuse.png"]') == ["textures/diffuse.png"]
    assert files('bpy.data.images["udim.1001.png"]') == ["textures/udim.1001.png", "textures/udim.1002.png"]
    assert deps['bpy.data.images["udim.1001.png"]'].path == "//textures/udim.<UDIM>.png"
    # The image user reads frames 1-3; frame 4 is on disk but never used.
    assert files('bpy.data.images["frame.0001.png"]') == [f"seq/frame.000{n}.png" for n in (1, 2, 3)]
    assert files('bpy.data.images["lib_color.png"]') == ["lib/textures/lib_color.png"]
    assert deps['bpy.data.images["lib_color.png"]'].path == "//textures/lib_color.png"  # relative to lib
    assert files('bpy.data.libraries["lib.blend"]') == ["lib/lib.blend"]
    assert files('bpy.data.sounds["beep.wav"]') == ["audio/beep.wav"]
    assert [d.kind for d in inhost.dependencies if d.path == "//fonts/mono.woff2"] == ["font"]
    assert files('bpy.data.cache_files["waving.abc"]') == ["caches/waving.abc"]
    missing = deps['bpy.data.images["missing"]']
    assert (missing.files, missing.missing, missing.exists) == (
        [],
        [f"{built}/textures/not_there.png"],
        False,
    )
    assert missing.attribute == "filepath" and missing.kind == "texture"
    assert 'bpy.data.images["packed"]' not in deps
    ies = deps['bpy.data.lights["Spot"].node_tree.nodes["Profile"]']
    assert (ies.kind, ies.path, ies.files, len(ies.missing)) == ("ies", "//ies/profile.ies", [], 1)
    assert files('bpy.data.volumes["Smoke"]') == [f"vdb/smoke.000{n}.vdb" for n in (2, 3, 4)]
    assert 'bpy.data.volumes["Unread"]' not in deps
    (note,) = [n for n in inhost.reader_notes if n["node"] == 'bpy.data.volumes["Unread"]']
    assert "reads no file" in note["message"] and note["path"] == "//vdb/smoke.0001.vdb"
    assert files('bpy.data.objects["Deformed"].modifiers["Point Cache"]') == ["caches/anim.mdd"]
    strips = 'bpy.data.scenes["Shot"].sequence_editor.strips_all'
    assert files(f'{strips}["Plate"]') == ["seq/frame.0001.png", "seq/frame.0002.png"]  # its two elements
    assert files(f'{strips}["Beep"]') == ["audio/beep.wav"]
    assert all(not dep.path.startswith(os.path.dirname(sys.executable)) for dep in inhost.dependencies)
    broken = {'bpy.data.images["missing"]', 'bpy.data.lights["Spot"].node_tree.nodes["Profile"]'}
    assert all(dep.exists for dep in inhost.dependencies if dep.node not in broken)


def test_offline_bat_agrees_with_inhost(inhost, built):
    offline = blender_bat.read(os.path.join(built, "shot.blend"))
    assert scene_view(offline) == scene_view(inhost)
    assert units_view(offline) == units_view(inhost)
    assert dependencies_view(offline) == dependencies_view(inhost)


def test_bpy_subprocess_fallback_agrees_with_inhost(inhost, built):
    offline = blender_subprocess.read(os.path.join(built, "shot.blend"))
    assert scene_view(offline) == scene_view(inhost)
    assert units_view(offline) == units_view(inhost)
    assert dependencies_view(offline) == dependencies_view(inhost)


def test_read_scene_falls_back_to_bpy_when_bat_is_not_installed(inhost, built):
    probe = (
        "import sys; sys.modules['blender_asset_tracer'] = None\n"
        "from farmhand.scenes import read_scene\n"
        "print('JSON' + read_scene(sys.argv[1], frames='2').to_json(indent=None))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, os.path.join(built, "shot.blend")],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    text = next(line for line in done.stdout.splitlines() if line.startswith("JSON"))[4:]
    fallback = SceneDescription.from_json(text)
    bat = read_scene(os.path.join(built, "shot.blend"), frames="2")
    assert units_view(fallback) == units_view(bat)
    assert dependencies_view(fallback) == dependencies_view(bat)
    assert {tuple(unit.cameras) for unit in bat.units if unit.name.startswith("Shot/")} == {("CamB",)}
    sequence = _by_node(bat)['bpy.data.images["frame.0001.png"]']
    assert [os.path.basename(path) for path in sequence.files] == ["frame.0002.png"]
    assert {unit.frames for unit in bat.units} == {"2"}


def test_the_render_output_rule_matches_blenders_frame_path(built):
    from farmhand.scenes.blender_common import output_file, output_pattern

    with open(os.path.join(built, "frame_paths.json"), encoding="utf-8") as handle:
        cases = json.load(handle)
    assert len(cases) == 30
    for filepath, file_format, use_extension, answers in cases:
        pattern = output_pattern(filepath, file_format, use_extension, built)
        for frame, expected in answers.items():
            assert output_file(pattern, int(frame)) == expected, (filepath, file_format, use_extension, frame)


def test_imtype_numbers_name_the_format_blender_saved(built):
    from blender_asset_tracer import blendfile

    from farmhand.scenes.blender_common import IMTYPES

    folder = os.path.join(built, "formats")
    names = sorted(name[: -len(".blend")] for name in os.listdir(folder))
    assert "PNG" in names and "FFMPEG" in names
    for name in names:
        scene = blendfile.open_cached(pathlib.Path(folder, f"{name}.blend")).find_blocks_from_code(b"SC")[0]
        assert IMTYPES[scene.get((b"r", b"im_format", b"imtype"))] == name
    blendfile.close_all_cached()


def test_a_file_that_is_not_a_blend_is_refused_by_both_paths(tmp_path):
    fake = tmp_path / "notes.blend"
    fake.write_text("just text\n")
    with pytest.raises(SceneReadError, match="not a .blend file"):
        read_scene(str(fake))
    with pytest.raises(SceneReadError, match="notes.blend"):
        blender_subprocess.read(str(fake))


@pytest.mark.timeout(120)
def test_a_list_that_loops_back_on_itself_does_not_hang_the_reader(built, tmp_path):
    """Damage BAT happily reads: the first timeline marker's ``next`` pointing at itself."""
    from blender_asset_tracer import blendfile

    damaged = tmp_path / "looping.blend"
    damaged.write_bytes(pathlib.Path(built, "shot.blend").read_bytes())
    opened = blendfile.BlendFile(damaged)
    marker = next(
        scene.get_pointer((b"markers", b"first"))
        for scene in opened.find_blocks_from_code(b"SC")
        if scene.get_pointer((b"markers", b"first")) is not None
    )
    offset, _ = marker.abs_offset((b"next",))
    pointer = marker.addr_old.to_bytes(opened.header.pointer_size, "little")
    opened.close()
    with open(damaged, "r+b") as handle:
        handle.seek(offset)
        handle.write(pointer)
    scene = read_scene(str(damaged))
    # Only the first marker in the list ("back", made first, bound to CamA) is left: the loop is cut.
    assert scene.unit("Shot/Beauty").settings["marker_cameras"] == ["CamA"]


def test_marker_camera_rule_matches_blenders_camera_switching(built):
    from farmhand.frames import FrameSpec
    from farmhand.scenes.blender_common import rendering_cameras

    with open(os.path.join(built, "camera_switches.json"), encoding="utf-8") as handle:
        recorded = json.load(handle)
    bindings = [tuple(binding) for binding in recorded["bindings"]]
    assert len(bindings) == 4 and len(set(recorded["cameras"].values())) == 3  # CamHidden never renders
    for frame, camera in recorded["cameras"].items():
        assert rendering_cameras("unused", bindings, FrameSpec.parse(frame)) == [camera], frame
