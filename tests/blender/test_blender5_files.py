"""Blender 5 files (zstd-compressed, new DNA) read offline agree with Blender 5.0.1's own answer.

The fixture in tests/data/blender5 was written by bpy 5.0.1 with ``make_blender5_fixture.py``,
which also recorded the in-host adapter's description (``inhost.json``) inside that Blender.
"""

from __future__ import annotations

import json
import os

from conftest import ROOT, dependencies_view, scene_view, units_view

from farmhand.model import SceneDescription
from farmhand.scenes import read_scene
from farmhand.scenes.blender_bat import LIBRARY_5_NOTE

FIXTURE = os.path.join(ROOT, "tests", "data", "blender5")


def recorded_inhost() -> SceneDescription:
    """Blender 5.0.1's description, with the folder it was generated in mapped to this checkout."""
    with open(os.path.join(FIXTURE, "inhost.json"), encoding="utf-8") as handle:
        data = json.load(handle)
    generated_in = os.path.dirname(data["scene_file"])
    text = json.dumps(data).replace(json.dumps(generated_in)[1:-1], json.dumps(FIXTURE)[1:-1])
    return SceneDescription.from_json(text)


def test_blender5_file_is_zstd_compressed_and_read_offline():
    with open(os.path.join(FIXTURE, "main.blend"), "rb") as handle:
        assert handle.read(4) == b"\x28\xb5\x2f\xfd"
    offline = read_scene(os.path.join(FIXTURE, "main.blend"))
    inhost = recorded_inhost()
    assert (offline.host_version, inhost.host_version) == ("5.0", "5.0")
    assert scene_view(offline) == scene_view(inhost)
    assert units_view(offline) == units_view(inhost)


def test_textures_of_linked_blender5_libraries_are_not_left_behind():
    offline = dependencies_view(read_scene(os.path.join(FIXTURE, "main.blend")))
    inhost = dependencies_view(recorded_inhost())
    assert set(offline) == set(inhost)
    library_texture = ("//textures/lib_color.png", 'bpy.data.images["lib_color.png"]')
    assert inhost[library_texture][2] == (os.path.join(FIXTURE, "lib", "textures", "lib_color.png"),)
    # BAT 1.x cannot follow links into a Blender 5 library: it is traced whole and flagged.
    assert offline[library_texture][:6] == inhost[library_texture][:6]
    assert offline[library_texture][6] == (("files", LIBRARY_5_NOTE),)
    for key in set(inhost) - {library_texture}:
        assert offline[key] == inhost[key]
