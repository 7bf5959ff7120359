"""The Maya Binary (IFF) walker on the public samples and on small hand-built files."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest

from farmhand.scenes import SceneReadError, read_scene
from farmhand.scenes.maya_binary import parse, parse_bytes

SAMPLES = Path(__file__).resolve().parents[3] / "shared" / "samples" / "maya"
CGRU = SAMPLES / "cgru-scene.mb"
REFERENCED = SAMPLES / "aws-deadline-maya" / "cube" / "scene" / "scene_file_to_reference.mb"
needs_samples = pytest.mark.skipif(not SAMPLES.is_dir(), reason="shared samples not present")


# -- a minimal FOR4 writer, following the layout in scene-formats.md §1.8 -------------
def chunk(tag: bytes, payload: bytes) -> bytes:
    return tag + struct.pack(">I", len(payload)) + payload + b"\0" * (-len(payload) % 4)


def group(form: bytes, *children: bytes) -> bytes:
    body = form + b"".join(children)
    return b"FOR4" + struct.pack(">I", len(body)) + body


def string_attr(name: str, value: str) -> bytes:
    return chunk(b"STR ", name.encode() + b"\0" + b" " + value.encode() + b"\0")


def small_scene() -> bytes:
    head = group(
        b"HEAD",
        chunk(b"VERS", b"2024"),
        chunk(b"FINF", b"product\0Maya 2024\0"),
        chunk(b"PLUG", b"gpuCache\x001.0\x00\x00gpuCache\x00\x00\x10\x00\x01"),
        chunk(b"FREF", b"props/chair.mb\0chair\0chairRN\0mayaBinary\0"),
    )
    texture = group(b"RTFT", chunk(b"CREA", b"\x00file1\0"), string_attr("ftn", "tex/wood.png"))
    gpu = group(
        b"\x00\x10\x00\x01", chunk(b"CREA", b"\x00gpuShape\0gpu\0"), string_attr("cfn", "cache/a.abc")
    )
    globals_ = group(b"SLCT", chunk(b"SLCT", b":defaultRenderGlobals"), string_attr("ren", "arnold"))
    return group(b"Maya", head, texture, gpu, globals_)


def test_hand_built_scene_gives_paths_references_and_plugin_types(tmp_path):
    (tmp_path / "tex").mkdir()
    (tmp_path / "tex" / "wood.png").write_bytes(b"png")
    path = tmp_path / "small.mb"
    path.write_bytes(small_scene())
    scene = read_scene(str(path))
    assert (
        scene.host_version == "2024" and scene.plugins == {"gpuCache": "1.0"} and scene.renderer == "arnold"
    )
    deps = {(dep.node, dep.attribute): dep for dep in scene.dependencies}
    assert deps[("file1", "ftn")].files == [str(tmp_path / "tex" / "wood.png")]
    assert deps[("gpuShape", "cfn")].kind == "cache" and deps[("gpuShape", "cfn")].missing
    reference = deps[("chairRN", "fileName")]
    assert reference.kind == "reference" and reference.path == "props/chair.mb"
    assert "deferred" in reference.low_confidence


def test_truncated_and_foreign_files_raise_clear_errors(tmp_path):
    data = small_scene()
    with pytest.raises(SceneReadError, match=r"cut\.mb: chunk at byte \d+ runs past the end"):
        parse_bytes(data[: len(data) - 7], "cut.mb")
    with pytest.raises(SceneReadError, match="not a Maya scene"):
        parse_bytes(group(b"AIFF", chunk(b"COMM", b"x" * 18)), "sound.mb")
    junk = tmp_path / "junk.mb"
    junk.write_bytes(b"not a scene at all")
    with pytest.raises(SceneReadError, match=r"junk\.mb is not a Maya Binary file"):
        read_scene(str(junk))


@needs_samples
def test_maya_2009_sample():
    scene = read_scene(str(CGRU))
    assert scene.host_version == "2009" and set(scene.plugins) == {"Mayatomr"}
    unit = scene.unit("masterLayer")
    assert (unit.renderer, unit.output, unit.image_format) == ("mentalRay", "img", "jpg")
    assert unit.cameras == ["persp"] and unit.all_cameras == ["persp", "top", "front", "side"]
    assert unit.frames == "1-10[1]" and "frames" in unit.low_confidence  # animation on, range not written


@needs_samples
def test_maya_2023_sample_types_plugin_nodes_and_reads_time_ticks():
    parsed = parse(str(REFERENCED))
    assert parsed.node("defaultArnoldRenderOptions").type == "aiOptions"
    assert parsed.plugin_node_types["aiAOVDriver"] == "mtoa"
    scene = read_scene(str(REFERENCED))
    unit = scene.unit("masterLayer")
    # time1.o is stored as ticks (141120000 per second) at 24 fps: 537, as in the .ma that references it
    assert unit.frames == "537" and (unit.renderer, unit.image_format) == ("arnold", "exr")
