"""The legacy rop_info list: caches before the ROPs that read them."""

from __future__ import annotations

import pytest
from houdini_samples import sample

from farmhand.hosts.houdini_rops import RopOrderError, rop_info
from farmhand.model import RenderUnit, SceneDescription
from farmhand.scenes import read_scene


def test_pdg_sample_orders_the_cache_first():
    scene = read_scene(sample("vertex_animation_textures.3.0.pdg.hip"))
    for unit in scene.units:  # the TOP nodes start disabled; the user enables them
        unit.enabled = True
    # scene order puts ropnet1/VAT_RBD before topnet1/cache_sim; VAT_RBD reads cache_sim's output
    assert scene.units[0].name == "/obj/destruction/ropnet1/VAT_RBD"
    assert [entry["rop"] for entry in rop_info(scene)] == [
        "/obj/destruction/topnet1/cache_sim",
        "/obj/destruction/ropnet1/VAT_RBD",
        "/obj/destruction/topnet1/render_vat_rop",
    ]


def test_entries_have_the_legacy_shape():
    scene = read_scene(sample("loop_volume.1.0.hip"))
    assert rop_info(scene) == [{"rop": "/obj/bonfire/pyro_sim", "frames": "1-240[1]", "option": "0"}]


def _scene(*units):
    return SceneDescription(host="houdini", scene_file="/x.hip", units=list(units))


def test_disabled_rops_are_left_out_and_do_not_block_order():
    render = RenderUnit("/out/mantra1", "rop", frames="1-20[1]", option=-1, depends_on=["/out/geo1"])
    cache = RenderUnit("/out/geo1", "rop", enabled=False, frames="1-240[1]", option=0)
    assert rop_info(_scene(render, cache)) == [{"rop": "/out/mantra1", "frames": "1-20[1]", "option": "-1"}]


def test_cycles_are_refused_with_the_path():
    a = RenderUnit("/out/a", "rop", frames="1", option=0, depends_on=["/out/b"])
    b = RenderUnit("/out/b", "rop", frames="1", option=0, depends_on=["/out/a"])
    with pytest.raises(RopOrderError, match="/out/a -> /out/b -> /out/a"):
        rop_info(_scene(a, b))


def test_rop_without_frames_is_refused():
    with pytest.raises(Exception, match="/out/a"):
        rop_info(_scene(RenderUnit("/out/a", "rop", option=0)))
