"""Blender's rules that Farmhand restates, on cases chosen by hand (no bpy needed).

Each rule is also checked against real Blender elsewhere: output paths against
``RenderSettings.frame_path`` and image users against Cycles renders (``tests/blender``).
"""

from __future__ import annotations

import pytest

from farmhand.frames import FrameSpec
from farmhand.scenes.blender_common import rendering_cameras, sequence_pattern


@pytest.mark.parametrize(
    "bindings, frames, expected",
    [
        ([], "1-10[1]", ["Main"]),
        ([(5, "A")], "1-3[1]", ["A"]),  # before the first marker: the first marker's camera
        ([(5, "A"), (8, "B")], "1-7[1]", ["A"]),
        ([(5, "A"), (8, "B")], "6-9[1]", ["A", "B"]),
        ([(5, "A"), (8, "B")], "8-20[1]", ["B"]),
        ([(5, "A"), (8, "B"), (12, "C")], "1-20[4]", ["A", "B", "C"]),  # 1,5 A; 9 B; 13,17 C
        ([(5, "A"), (8, "B"), (12, "C")], "1-20[10]", ["A", "B"]),  # 1 A; 11 B
        ([(5, "A"), (5, "B")], "1-10[1]", ["A"]),  # one frame, two markers: the first listed
        ([(1, "A"), (2, "B"), (3, "A")], "1-3[1]", ["A", "B"]),
    ],
)
def test_rendering_cameras_follow_the_markers(bindings, frames, expected):
    assert rendering_cameras("Main", bindings, FrameSpec.parse(frames)) == expected


def test_no_scene_camera_and_no_markers_renders_with_no_camera():
    assert rendering_cameras("", [], FrameSpec.parse("1")) == []


@pytest.mark.parametrize(
    "written, pattern",
    [
        ("//imgseq/000210.png", "//imgseq/######.png"),
        ("//clothsim.030.abc", "//clothsim.###.abc"),
        ("//v2/shot_v3.0012.exr", "//v2/shot_v3.####.exr"),  # the last digits of the name only
        ("//plain.png", "//plain.png"),
    ],
)
def test_sequence_pattern_takes_the_last_digits_of_the_file_name(written, pattern):
    assert sequence_pattern(written) == pattern
