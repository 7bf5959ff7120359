"""The archive layer on the public samples and on masked re-encodings of them."""

from __future__ import annotations

import pytest
from houdini_samples import encode_masked, sample_bytes, sample_records

from farmhand.scenes import SceneReadError, read_scene
from farmhand.scenes.hip_container import name_hash, read_archive

# Record counts including the trailer, as listed in scene-formats.md section 2.1.
RECORD_COUNTS = {
    "PDG_UnitTest.hip": 183,
    "SideFXLabs20.0.hip": 129,
    "ast_measure_curvature.hip": 559,
    "karma_aovs_for_prman_denoiser.1.0.hip": 205,
    "loop_volume.1.0.hip": 231,
    "simple_shapes.1.0.hip": 66,
    "vertex_animation_textures.3.0.pdg.hip": 389,
}


@pytest.mark.parametrize("name,count", sorted(RECORD_COUNTS.items()))
def test_cpio_record_counts(name, count):
    assert len(sample_records(name)) + 1 == count


@pytest.mark.parametrize(
    "name,value",
    [(".start", 0x9A7E59CC), (".variables", 0x43EEB871), ("obj/geo1.parm", 0xAEAFB678)]
    + [("NON_COMMERCIAL_FILE!!!", 0x8919230F)],
)
def test_name_hash_vectors(name, value):
    assert name_hash(name.encode()) == value


@pytest.mark.parametrize(
    "magic,trailer,licence",
    [
        (b"HouNC\x1a", "NON_COMMERCIAL_FILE!!!", "apprentice"),
        (b"HouLC\x1a", "LIMITED_COMMERCIAL_FILE!!!", "indie"),
    ],
)
def test_masked_containers_hold_the_same_records(magic, trailer, licence):
    records = sample_records("loop_volume.1.0.hip")
    archive = read_archive(encode_masked(records, magic, trailer), "x.hipnc")
    assert archive.licence == licence
    assert [(r.name, r.body) for r in archive.records] == [(r.name, r.body) for r in records]


def test_hipnc_reads_like_the_hip(tmp_path):
    masked = tmp_path / "loop_volume.1.0.hipnc"
    masked.write_bytes(
        encode_masked(sample_records("loop_volume.1.0.hip"), b"HouNC\x1a", "NON_COMMERCIAL_FILE!!!")
    )
    copy = tmp_path / "loop_volume.1.0.hip"
    copy.write_bytes(sample_bytes("loop_volume.1.0.hip"))
    from_hip, from_hipnc = read_scene(str(copy)), read_scene(str(masked))
    assert from_hipnc.settings["licence"] == "apprentice"
    assert from_hip.units and [vars(u) for u in from_hipnc.units] == [vars(u) for u in from_hip.units]


@pytest.mark.parametrize("cut", [10, 75, 5000, -1])
def test_truncated_files_are_reported(tmp_path, cut):
    data = sample_bytes("simple_shapes.1.0.hip")
    broken = tmp_path / "broken.hip"
    broken.write_bytes(data[:cut])
    with pytest.raises(SceneReadError, match="truncated"):
        read_scene(str(broken))


def test_truncated_masked_file_is_reported(tmp_path):
    data = encode_masked(sample_records("simple_shapes.1.0.hip"), b"HouNC\x1a", "NON_COMMERCIAL_FILE!!!")
    broken = tmp_path / "broken.hipnc"
    broken.write_bytes(data[: len(data) // 2])
    with pytest.raises(SceneReadError, match="truncated"):
        read_scene(str(broken))


def test_corrupt_header_names_the_offset(tmp_path):
    data = bytearray(sample_bytes("simple_shapes.1.0.hip"))
    records = sample_records("simple_shapes.1.0.hip")
    second = 76 + len(records[0].name) + 1 + len(records[0].body)
    data[second : second + 6] = b"XXXXXX"
    broken = tmp_path / "corrupt.hip"
    broken.write_bytes(bytes(data))
    with pytest.raises(SceneReadError, match=f"byte {second}"):
        read_scene(str(broken))


@pytest.mark.parametrize(
    "content,message",
    [
        (b"", "empty"),
        (b"not a scene at all", "not a Houdini scene"),
        (b"MIME-Version: 1.0\r\n--HOUDINIMIMEBOUNDARY0xD3ADD339", "text-format"),
    ],
)
def test_other_content_is_refused_clearly(tmp_path, content, message):
    path = tmp_path / "odd.hip"
    path.write_bytes(content)
    with pytest.raises(SceneReadError, match=message):
        read_scene(str(path))
