"""Damaged Maya files give SceneReadError (a clear one-line message), never another exception."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from farmhand.scenes import SceneReadError
from farmhand.scenes.maya_ascii import parse_text
from farmhand.scenes.maya_binary import parse_bytes
from farmhand.scenes.maya_describe import describe

SAMPLES = Path(__file__).resolve().parents[3] / "shared" / "samples" / "maya"
needs_samples = pytest.mark.skipif(not SAMPLES.is_dir(), reason="shared samples not present")
ASCII = SAMPLES / "aws-deadline-maya" / "layers_no_variation" / "scene" / "layers_no_variation.ma"
BINARY = SAMPLES / "aws-deadline-maya" / "cube" / "scene" / "scene_file_to_reference.mb"
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _describe_or_refuse(make_scene):
    try:
        scene = make_scene()
    except SceneReadError as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    describe(scene)  # whatever was readable must also be describable


@needs_samples
@FUZZ
@given(cut=st.floats(min_value=0.0, max_value=1.0), garbage=st.text(max_size=20))
def test_truncated_or_garbled_ascii(tmp_path_factory, cut, garbage):
    text = ASCII.read_text()
    damaged = text[: int(len(text) * cut)] + garbage
    path = tmp_path_factory.mktemp("ma") / "damaged.ma"
    _describe_or_refuse(lambda: parse_text(damaged, str(path)))


@needs_samples
@FUZZ
@given(cut=st.integers(min_value=0, max_value=54180), flips=st.lists(st.integers(0, 54179), max_size=8))
def test_truncated_or_corrupted_binary(tmp_path_factory, cut, flips):
    data = bytearray(BINARY.read_bytes())
    for offset in flips:
        data[offset] ^= 0xA5
    path = tmp_path_factory.mktemp("mb") / "damaged.mb"
    _describe_or_refuse(lambda: parse_bytes(bytes(data[:cut]), str(path)))
