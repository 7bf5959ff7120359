"""Damaged scene files fail with SceneReadError (one clear line), never with a traceback."""

from __future__ import annotations

from houdini_samples import encode_cpio, sample_bytes, sample_records
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from farmhand.model import SceneDescription
from farmhand.scenes import SceneReadError
from farmhand.scenes.hip_container import Record, read_archive
from farmhand.scenes.hip_records import build_graph
from farmhand.scenes.houdini_hip import describe

SCENE = "simple_shapes.1.0.hip"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(position=st.integers(min_value=0), value=st.integers(min_value=0, max_value=255))
@example(position=149, value=10)  # a newline in .start left "tcur" without its value
def test_a_changed_byte_gives_a_scene_or_a_clear_error(position, value):
    data = bytearray(sample_bytes(SCENE))
    data[position % len(data)] = value
    try:
        archive = read_archive(bytes(data), SCENE)
        scene = describe(build_graph(archive, SCENE), "/tmp/" + SCENE)
    except SceneReadError as exc:
        assert SCENE in str(exc)
    else:
        assert isinstance(scene, SceneDescription)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(index=st.integers(min_value=0), cut=st.integers(min_value=0))
def test_a_cut_record_body_gives_a_scene_or_a_clear_error(index, cut):
    """Record bodies cut short inside the text (what a crashed save leaves) never crash the parsers."""
    records = sample_records(SCENE)
    index %= len(records)
    body = records[index].body
    records[index] = Record(records[index].name, body[: cut % (len(body) + 1)])
    try:
        scene = describe(build_graph(read_archive(encode_cpio(records), SCENE), SCENE), "/tmp/" + SCENE)
    except SceneReadError as exc:
        assert records[index].name.rsplit(".", 1)[0] in str(exc) or SCENE in str(exc)
    else:
        assert isinstance(scene, SceneDescription)
