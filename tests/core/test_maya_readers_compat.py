"""The Maya readers on every Python the hosts ship (tools/core-compat.sh runs tests/core on 3.9 and 3.13).

Maya 2023-2024 embed Python 3.9/3.10: the offline readers are vendored into
the Maya bundle, so they must import and give the same answers there.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from farmhand.scenes import SceneReadError, read_scene

SAMPLES = Path(__file__).resolve().parents[3] / "shared" / "samples" / "maya"
pytestmark = pytest.mark.skipif(not SAMPLES.is_dir(), reason="shared samples not present")


def test_ascii_layers_frames_and_prefix():
    scene = read_scene(str(SAMPLES / "aws-deadline-maya/layers_no_variation/scene/layers_no_variation.ma"))
    assert [(u.name, u.frames, u.output) for u in scene.units] == [
        ("masterLayer", "1-10[1]", "<Layer>/<Scene>"),
        ("layerTheFIrst", "1-10[1]", "<Layer>/<Scene>"),
        ("layerTheSecond", "1-10[1]", "<Layer>/<Scene>"),
    ]


def test_binary_sample_and_truncation(tmp_path):
    scene = read_scene(str(SAMPLES / "cgru-scene.mb"))
    assert (scene.host_version, scene.renderer, scene.units[0].output) == ("2009", "mentalRay", "img")
    cut = tmp_path / "cut.mb"
    cut.write_bytes((SAMPLES / "cgru-scene.mb").read_bytes()[:5000])
    with pytest.raises(SceneReadError, match="truncated or corrupt"):
        read_scene(str(cut))
