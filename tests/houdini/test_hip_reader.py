"""The offline .hip reader on the public SideFX Labs samples.

Every expected value below was read from the sample's own records (node
``.init``/``.parm``/``.chn``, ``.start``, ``.variables``, ``.OPfallbacks``).
"""

from __future__ import annotations

import os

import pytest
from houdini_samples import SAMPLES, sample, sample_bytes

from farmhand.model import OPTION_RENDER, OPTION_SIMULATION
from farmhand.scenes import read_scene


def _read(name, frames=None):
    return read_scene(sample(name), frames=frames)


@pytest.mark.parametrize(
    "name,version",
    [
        ("PDG_UnitTest.hip", "18.5.506"),
        ("SideFXLabs20.0.hip", "20.0.547"),
        ("ast_measure_curvature.hip", "19.0.428"),
        ("karma_aovs_for_prman_denoiser.1.0.hip", "20.0.653"),
        ("loop_volume.1.0.hip", "20.0.506"),
        ("simple_shapes.1.0.hip", "19.0.720"),
        ("vertex_animation_textures.3.0.pdg.hip", "20.0.653"),
    ],
)
def test_host_version_from_hip_saveversion(name, version):
    scene = _read(name)
    assert scene.host == "houdini" and scene.host_version == version


@pytest.mark.parametrize("name", ["PDG_UnitTest.hip", "SideFXLabs20.0.hip", "simple_shapes.1.0.hip"])
def test_scenes_without_rops_have_no_units(name):
    assert _read(name).units == []


def test_filecache_v2_is_a_cache_with_its_constructed_file():
    scene = _read("loop_volume.1.0.hip")
    (unit,) = scene.units
    assert (unit.name, unit.node_type, unit.option) == (
        "/obj/bonfire/pyro_sim",
        "filecache::2.0",
        OPTION_SIMULATION,
    )
    # f ( 1 240 1 ) with trange "normal", although .start says frange 1 64
    assert unit.frames == "1-240[1]" and scene.settings["frame_range"] == "1-64[1]"
    assert unit.output == f"{SAMPLES}/geo/loop_volume.1.0.pyro_sim.$F.bgeo.sc"
    assert unit.low_confidence == {}
    assert scene.cameras == ["/obj/cam1"]


def test_filecache_reading_its_own_file_is_flagged_as_written_by_the_rop():
    scene = _read("loop_volume.1.0.hip")
    cache = [d for d in scene.dependencies if d.kind == "cache"]
    assert [(d.node, d.attribute, d.path) for d in cache] == [
        ("/obj/bonfire/pyro_sim", "file", "$HIP/geo/$HIPNAME.$OS.$F.bgeo.sc")
    ]
    assert cache[0].produced_by == "/obj/bonfire/pyro_sim"
    # the files are not next to the sample: one missing file per frame of the ROP's range
    assert len(cache[0].missing) == 240 and cache[0].missing[0].startswith(
        f"{SAMPLES}/geo/loop_volume.1.0.pyro_sim."
    )


def test_hda_libraries_come_from_opfallbacks_without_builtins():
    scene = _read("loop_volume.1.0.hip")
    hdas = sorted(d.path for d in scene.dependencies if d.kind == "hda")
    assert hdas == [
        "D:/AM/GitHub/SideFXLabs/otls/loop_volume.1.0.hda",
        "D:/AM/GitHub/SideFXLabs/otls/volume_adjust_look.1.0.hda",
    ]
    (loop,) = [d for d in scene.dependencies if d.path.endswith("loop_volume.1.0.hda")]
    assert loop.node == "labs::Sop/loop_volume::1.0" and loop.attribute == ".OPfallbacks"


def test_usd_render_rop_takes_output_camera_and_resolution_from_render_settings():
    scene = _read("karma_aovs_for_prman_denoiser.1.0.hip")
    (unit,) = scene.units
    assert (unit.name, unit.node_type, unit.option) == (
        "/stage/usdrender_rop3",
        "usdrender_rop",
        OPTION_RENDER,
    )
    # outputimage is empty: karmarendersettings (wired input) has picture, camera, resolution
    assert unit.output == f"{SAMPLES}/render/denoiseme.$F4.exr"
    assert unit.settings["output_parm"] == "/stage/karmarendersettings/picture"
    assert (unit.renderer, unit.settings["render_delegate"]) == ("karma", "BRAY_HdKarma")
    assert unit.cameras == ["/cameras/camera1"] and "cameras" not in unit.low_confidence
    assert scene.cameras == ["/cameras/camera1"]  # the LOP camera1 creates /cameras/$OS
    assert (unit.width, unit.height) == (1280, 720)
    # resolutiony is a Python expression (loputils): its saved 720 is used and flagged
    assert "resolutiony" in unit.low_confidence["height"]


def test_saved_job_elsewhere_is_not_the_project():
    scene = _read("karma_aovs_for_prman_denoiser.1.0.hip")
    # .variables: JOB = '/home/beresp', saved on another machine; the sample lives elsewhere
    assert scene.project_root == SAMPLES and "/home/beresp" in scene.low_confidence["project_root"]


def test_render_current_frame_uses_tcur_and_keeps_the_range():
    unit = _read("karma_aovs_for_prman_denoiser.1.0.hip").units[0]
    # trange "off"; .start: tcur 0.1666... s at fps 24 -> frame 5; f1/f2 are $FSTART/$FEND -> 1-240
    assert unit.frames == "5"
    assert unit.settings["frame_range"] == "1-240[1]"
    assert "Render Current Frame" in unit.low_confidence["frames"]


def test_frames_override_replaces_every_rop_range():
    unit = _read("karma_aovs_for_prman_denoiser.1.0.hip", frames="10-20[2]").units[0]
    assert unit.frames == "10-20[2]" and "frames" not in unit.low_confidence


def test_render_outputs_are_not_listed_as_reads():
    scene = _read("karma_aovs_for_prman_denoiser.1.0.hip")
    assert [d for d in scene.dependencies if d.kind != "hda"] == []


def test_sop_fbx_export_and_unknown_driver_hdas():
    scene = _read("ast_measure_curvature.hip")
    units = {unit.name: unit for unit in scene.units}
    assert sorted(units) == [
        "/obj/geo1/rop_fbx1",
        "/out/vertex_animation_textures1",
        "/out/vertex_animation_textures2",
    ]
    fbx = units["/obj/geo1/rop_fbx1"]
    assert (fbx.option, fbx.frames, fbx.output) == (
        OPTION_SIMULATION,
        "1",
        f"{SAMPLES}/export/hardsurface.fbx",
    )
    vat = units["/out/vertex_animation_textures1"]
    assert vat.node_type == "labs::vertex_animation_textures::3.0" and vat.option == OPTION_SIMULATION
    assert "not a known ROP type" in vat.low_confidence["option"]
    # f1/f2 are $RFSTART/$RFEND: not evaluable offline, the saved 0 is used and flagged
    assert vat.frames == "0" and "$RFSTART" in vat.low_confidence["frames"]


def test_pdg_network_rops_and_dependencies():
    scene = _read("vertex_animation_textures.3.0.pdg.hip")
    units = {unit.name: unit for unit in scene.units}
    assert sorted(units) == [
        "/obj/destruction/ropnet1/VAT_RBD",
        "/obj/destruction/topnet1/cache_sim",
        "/obj/destruction/topnet1/render_vat_rop",
    ]
    assert [u.enabled for u in units.values()] == [True, False, False]  # TOP nodes start disabled
    cache = units["/obj/destruction/topnet1/cache_sim"]
    assert (cache.node_type, cache.option, cache.settings["category"]) == (
        "ropgeometry",
        OPTION_SIMULATION,
        "Top",
    )
    assert cache.output == "`@out_path`/rbd_sim.$F.bgeo.sc"  # chs() evaluated, the PDG attribute kept
    assert "@out_path" in cache.low_confidence["output"]
    fetch = units["/obj/destruction/topnet1/render_vat_rop"]
    assert fetch.settings["fetches"] == "/obj/destruction/ropnet1/VAT_RBD"
    # wired TOP input: cache_sim -> partition_by_version -> render_vat_rop
    assert fetch.depends_on == ["/obj/destruction/topnet1/cache_sim"]
    # VAT_RBD's soppath ../../OUT_RBD is fed by load_cache, which reads cache_sim's sopoutput
    assert units["/obj/destruction/ropnet1/VAT_RBD"].depends_on == ["/obj/destruction/topnet1/cache_sim"]


def test_unevaluable_read_is_reported_not_guessed():
    scene = _read("vertex_animation_textures.3.0.pdg.hip")
    (read,) = [d for d in scene.dependencies if d.kind == "cache"]
    assert (
        read.node == "/obj/destruction/load_cache"
        and read.path == '`@out_path`/`chs("cache_name")`.$F.bgeo.sc'
    )
    assert read.files == [] and read.unresolved == ["`@out_path`"]
    assert "@out_path" in read.low_confidence["path"]


def test_hip_variables_follow_the_opened_file(tmp_path):
    copy = tmp_path / "renamed.hip"
    copy.write_bytes(sample_bytes("loop_volume.1.0.hip"))
    unit = read_scene(str(copy)).units[0]
    assert unit.output == f"{tmp_path}/geo/renamed.pyro_sim.$F.bgeo.sc"


def test_existing_cache_files_resolve(tmp_path):
    copy = tmp_path / "scene.hip"
    copy.write_bytes(sample_bytes("loop_volume.1.0.hip"))
    os.makedirs(tmp_path / "geo")
    for frame in (3, 4):
        (tmp_path / "geo" / f"scene.pyro_sim.{frame}.bgeo.sc").write_bytes(b"x")
    scene = read_scene(str(copy), frames="3-5[1]")
    (cache,) = [d for d in scene.dependencies if d.kind == "cache"]
    assert cache.files == [f"{tmp_path}/geo/scene.pyro_sim.{f}.bgeo.sc" for f in (3, 4)]
    assert cache.missing == [f"{tmp_path}/geo/scene.pyro_sim.5.bgeo.sc"]
