"""ROP types the public samples lack, in an /out network added to a real sample's records.

The scene is loop_volume.1.0.hip (camera /obj/cam1 at 1280x720, frange 1 64)
plus nodes written in Houdini's record grammar by :func:`node_records`: a
geometry cache, a file SOP reading it, a fetch, Mantra, Redshift, OpenGL and
an HQueue simulation ROP.  Every expectation follows from those records.
"""

from __future__ import annotations

import importlib
import os
import sys

import hou_standin
import pytest
from houdini_samples import ROOT, encode_cpio, node_records, sample_records

from farmhand.hosts.houdini_rops import rop_info
from farmhand.jobfiles.scene_info import houdini as houdini_scene_info
from farmhand.model import OPTION_DISTRIBUTED, OPTION_RENDER, OPTION_SIMULATION
from farmhand.scenes import read_scene

RANGE = {"f": ["[ f1\t0 ]", "[ f2\t0 ]", "1"]}
FSTART_FEND = {"f1": "$FSTART", "f2": "$FEND"}


def _scene_records():
    return (
        node_records(
            "/out/geo_cache",
            "geometry",
            {"trange": '"normal"', **RANGE, "soppath": "/obj/bonfire/RENDER_Bonfire"}
            | {"sopoutput": "$HIP/cache/$OS.$F4.bgeo.sc"},
            channels=FSTART_FEND,
        )
        + node_records("/obj/bonfire/read_cache", "file", {"file": "$HIP/cache/geo_cache.$F4.bgeo.sc"})
        + node_records("/out/fetch_cache", "fetch", {"source": "/out/geo_cache"})
        + node_records(
            "/out/mantra1",
            "ifd",
            {"trange": '"normal"', "f": ["1", "10", "1"], "camera": "/obj/cam1", "vobject": "*"}
            | {
                "vm_picture": "$HIP/render/$HIPNAME.$OS.$F4.exr",
                "override_camerares": '"on"',
                "res_fraction": "0.5",
            },
            inputs=["fetch_cache"],
        )
        + node_records(
            "/out/rs1",
            "Redshift_ROP",
            {"trange": '"normal"', "f": ["1", "5", "1"], "RS_renderCamera": "/obj/no_such_cam"}
            | {"RS_outputFileNamePrefix": "$HIP/rs/$OS.$F4.exr"},
            bypass=True,
        )
        + node_records(
            "/out/gl1",
            "opengl",
            {
                "trange": '"off"',
                "f": ["1", "64", "1"],
                "camera": "/obj/cam1",
                "picture": "$HIP/gl/$OS.$F4.png",
            },
        )
        + node_records(
            "/out/hq_sim1",
            "hq_sim",
            {"trange": '"normal"', "f": ["1", "48", "1"]}
            | {"hq_driver": "../geo_cache", "hq_sim_controls": "/obj/bonfire/RENDER_Bonfire"}
            | {"slice_type": '"1"', "num_slices": "4"},
        )
        + node_records("/out/all", "merge", {}, inputs=["mantra1", "gl1"])
    )


@pytest.fixture
def scene_path(tmp_path):
    records = sample_records("loop_volume.1.0.hip")
    records = records + _scene_records()
    path = tmp_path / "shot.hip"
    path.write_bytes(encode_cpio(records))
    return str(path)


def test_out_network_units(scene_path):
    scene = read_scene(scene_path)
    units = {unit.name: unit for unit in scene.units}
    assert sorted(units) == sorted(
        ["/obj/bonfire/pyro_sim", "/out/geo_cache", "/out/mantra1", "/out/rs1", "/out/gl1", "/out/hq_sim1"]
    )
    cache = units["/out/geo_cache"]
    assert (cache.option, cache.frames, cache.output) == (
        OPTION_SIMULATION,
        "1-64[1]",  # $FSTART/$FEND from .start frange 1 64, not the saved 0 0
        f"{os.path.dirname(scene_path)}/cache/geo_cache.$F4.bgeo.sc",
    )
    mantra = units["/out/mantra1"]
    assert (mantra.option, mantra.renderer, mantra.frames) == (OPTION_RENDER, "mantra", "1-10[1]")
    assert mantra.output == f"{os.path.dirname(scene_path)}/render/shot.mantra1.$F4.exr"
    assert mantra.cameras == ["/obj/cam1"] and (mantra.width, mantra.height) == (640, 360)
    redshift = units["/out/rs1"]
    assert not redshift.enabled and redshift.renderer == "redshift"
    assert "no such node" in redshift.low_confidence["cameras"]
    assert any(note["node"] == "/out/rs1" and note["attribute"] == "camera" for note in scene.reader_notes)
    gl = units["/out/gl1"]
    assert gl.settings["needs_gpu"] is True and gl.frames == "1"  # trange off at tcur 0
    hq = units["/out/hq_sim1"]
    assert hq.option == OPTION_DISTRIBUTED and hq.settings["output_driver"] == "/out/geo_cache"
    assert hq.settings["simControlName"] == "/obj/bonfire/RENDER_Bonfire"
    assert (hq.settings["sliceType"], hq.settings["num_slices"]) == ("particle", 4)
    assert hq.settings["output_file"] == cache.output


def test_wired_fetch_and_read_dependencies(scene_path):
    units = {unit.name: unit for unit in read_scene(scene_path).units}
    mantra = units["/out/mantra1"]
    # wired: mantra1 <- fetch_cache (source /out/geo_cache); inferred: vobject "*" includes the object
    # bonfire, whose filecache pyro_sim loads its own file from disk
    assert mantra.depends_on == ["/out/geo_cache", "/obj/bonfire/pyro_sim"]
    assert "object visibility is not evaluated" in mantra.low_confidence["depends_on"]
    # the OpenGL ROP has no vobject parm here, so nothing is inferred for it
    assert units["/out/gl1"].depends_on == []


def test_rop_info_orders_the_cache_before_the_render(scene_path):
    entries = rop_info(read_scene(scene_path))
    order = [entry["rop"] for entry in entries]
    assert order.index("/out/geo_cache") < order.index("/out/mantra1")
    assert "/out/rs1" not in order  # bypassed
    assert {"rop": "/out/hq_sim1", "frames": "1-48[1]", "option": "1"} in entries


def test_task_json_lists_the_cache_as_an_ordered_geo_node(scene_path):
    info = houdini_scene_info(read_scene(scene_path), None)
    geo = {entry["node"]: entry for entry in info["geo_node"]}
    assert geo["/out/geo_cache"]["geoDependencySort"] == "1"
    assert [entry["node"] for entry in info["rop_node"]] == ["/out/gl1", "/out/mantra1", "/out/rs1"]
    (distributed,) = info["distributedsim_node"]
    assert (distributed["node"], distributed["option"], distributed["num_slices"]) == (
        "/out/hq_sim1",
        "1",
        "4",
    )
    assert distributed["simControlName"] == "/obj/bonfire/RENDER_Bonfire"


def test_adapter_agrees_and_the_menu_preselects_wired_rops(scene_path, monkeypatch):
    monkeypatch.syspath_prepend(os.path.join(ROOT, "houdini_plugin"))
    monkeypatch.setitem(sys.modules, "hou", hou_standin.module_for(scene_path))
    for cached in [m for m in sys.modules if m.startswith("farmhand_houdini")]:
        monkeypatch.delitem(sys.modules, cached)
    live = importlib.import_module("farmhand_houdini.scene").describe_session()
    offline = read_scene(scene_path)
    fields = ("name", "option", "enabled", "frames", "output", "cameras", "width", "height", "depends_on")
    assert [[getattr(u, f) for f in fields] for u in live.units] == [
        [getattr(u, f) for f in fields] for u in offline.units
    ]
    menu = importlib.import_module("farmhand_houdini.rop_menu")
    assert menu.preselection("/out/mantra1") == ["/out/mantra1", "/out/geo_cache"]
    assert menu.preselection("/out/all") == ["/out/all", "/out/mantra1", "/out/gl1", "/out/geo_cache"]


def test_usd_layers_read_by_lops_are_followed(tmp_path):
    usd = tmp_path / "usd"
    usd.mkdir()
    (usd / "shot.usda").write_text("#usda 1.0\n(\n    subLayers = [@./anim.usda@]\n)\n")
    (usd / "anim.usda").write_text('#usda 1.0\ndef "x" (references = @./missing_asset.usd@) {}\n')
    records = sample_records("karma_aovs_for_prman_denoiser.1.0.hip")
    records += node_records("/stage/sublayer1", "sublayer", {"filepath1": "$HIP/usd/shot.usda"})
    path = tmp_path / "lops.hip"
    path.write_bytes(encode_cpio(records))
    usd_deps = {d.path: d for d in read_scene(str(path)).dependencies if d.kind == "usd"}
    assert usd_deps["$HIP/usd/shot.usda"].files == [f"{usd}/shot.usda"]
    assert (
        usd_deps["./anim.usda"].files == [f"{usd}/anim.usda"]
        and usd_deps["./anim.usda"].node == "/stage/sublayer1"
    )
    assert usd_deps["./missing_asset.usd"].missing == [f"{usd}/missing_asset.usd"]
