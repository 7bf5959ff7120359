"""The in-host adapter (houdini_plugin) against a hou stand-in built from each public sample.

The offline reader and the adapter read the same scene through different
doors (the file's records vs ``hou`` calls); they must agree on every ROP.
"""

from __future__ import annotations

import importlib
import os
import sys

import hou_standin
import pytest
from houdini_samples import ROOT, SAMPLES, sample

from farmhand.scenes import read_scene

SAMPLE_NAMES = sorted(n for n in os.listdir(SAMPLES) if n.endswith(".hip")) if os.path.isdir(SAMPLES) else []
PLUGIN = os.path.join(ROOT, "houdini_plugin")
UNIT_FIELDS = ("name", "kind", "node_type", "option", "enabled", "cameras")


@pytest.fixture
def session(monkeypatch):
    """Installs a stand-in ``hou`` for a sample and returns a loader for the adapter modules."""
    monkeypatch.syspath_prepend(PLUGIN)

    def load(name):
        module = hou_standin.module_for(sample(name))
        monkeypatch.setitem(sys.modules, "hou", module)
        for cached in [m for m in sys.modules if m.startswith("farmhand_houdini")]:
            monkeypatch.delitem(sys.modules, cached)
        return module, importlib.import_module("farmhand_houdini.scene")

    return load


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_adapter_and_offline_reader_agree_on_rops(session, name):
    _, scene_module = session(name)
    live = scene_module.describe_session()
    offline = read_scene(sample(name))
    assert [[getattr(u, f) for f in UNIT_FIELDS] for u in live.units] == [
        [getattr(u, f) for f in UNIT_FIELDS] for u in offline.units
    ]
    for live_unit, offline_unit in zip(live.units, offline.units):
        if "depends_on" in offline_unit.low_confidence:  # linked through a partly evaluated expression
            assert set(live_unit.depends_on) <= set(offline_unit.depends_on)
        else:
            assert live_unit.depends_on == offline_unit.depends_on
    for live_unit, offline_unit in zip(live.units, offline.units):
        # a value both could evaluate is identical; one the file alone cannot settle is flagged by both
        for field in ("frames", "output", "width", "height"):
            if field in offline_unit.low_confidence and getattr(live_unit, field) != getattr(
                offline_unit, field
            ):
                assert field in live_unit.low_confidence
            else:
                assert getattr(live_unit, field) == getattr(offline_unit, field)
    assert live.host_version == offline.host_version and live.cameras == offline.cameras


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_adapter_and_offline_reader_agree_on_file_reads(session, name):
    _, scene_module = session(name)
    live = scene_module.describe_session()
    offline = read_scene(sample(name))
    reads = lambda scene: sorted((d.node, d.attribute, d.path) for d in scene.dependencies if d.kind != "hda")  # noqa: E731
    assert reads(live) == reads(offline)
    live_hdas = {d.path for d in live.dependencies if d.kind == "hda"}
    offline_hdas = {d.path for d in offline.dependencies if d.kind == "hda"}
    # hou reports a library only when a node of its types exists; .OPfallbacks also lists types
    # used inside locked assets, which the stand-in's graph cannot see
    assert live_hdas <= offline_hdas


def test_failing_parm_evaluation_becomes_a_reader_note(session):
    _, scene_module = session("vertex_animation_textures.3.0.pdg.hip")
    live = scene_module.describe_session()
    cache = live.unit("/obj/destruction/topnet1/cache_sim")
    assert "sopoutput" in cache.low_confidence["output"]
    assert any(
        n["node"] == "/obj/destruction/topnet1/cache_sim" and n["attribute"] == "sopoutput"
        for n in live.reader_notes
    )


def test_usd_stage_that_cannot_be_composed_is_noted(session):
    _, scene_module = session("karma_aovs_for_prman_denoiser.1.0.hip")
    live = scene_module.describe_session()
    assert any("/stage/karmarendersettings" in n["message"] for n in live.reader_notes)


def test_frames_override_drives_units_and_sequences(session):
    _, scene_module = session("loop_volume.1.0.hip")
    live = scene_module.describe_session("5-7[1]")
    assert live.units[0].frames == "5-7[1]"
    (cache,) = [d for d in live.dependencies if d.kind == "cache"]
    assert [p.rsplit("/", 1)[-1] for p in cache.missing] == [
        f"loop_volume.1.0.pyro_sim.{f}.bgeo.sc" for f in (5, 6, 7)
    ]


def test_select_node_by_path(session):
    hou, _ = session("loop_volume.1.0.hip")
    selection = importlib.import_module("farmhand_houdini.selection")
    selection.select_node("/obj/bonfire/pyro_sim")
    assert hou.session.selected == ["/obj/bonfire/pyro_sim"]
    with pytest.raises(selection.NodeNotFound, match="/obj/nothing"):
        selection.select_node("/obj/nothing")


def test_rop_menu_preselects_the_rop_and_its_wired_inputs(session):
    session("vertex_animation_textures.3.0.pdg.hip")
    menu = importlib.import_module("farmhand_houdini.rop_menu")
    hou = sys.modules["hou"]
    assert menu.is_submittable(hou.node("/obj/destruction/topnet1/render_vat_rop"))
    assert not menu.is_submittable(hou.node("/obj/destruction/load_cache"))
    # TOP wiring: cache_sim -> partition_by_version -> render_vat_rop
    assert menu.preselection("/obj/destruction/topnet1/render_vat_rop") == [
        "/obj/destruction/topnet1/render_vat_rop",
        "/obj/destruction/topnet1/cache_sim",
    ]


def test_panel_reports_a_missing_submitter_clearly(session, monkeypatch):
    session("loop_volume.1.0.hip")
    monkeypatch.setitem(sys.modules, "farmhand.qt", None)
    panel = importlib.import_module("farmhand_houdini.panel")
    with pytest.raises(Exception, match="submitter UI is not installed"):
        panel.open_submitter()
    host = panel.HoudiniHost(preselect=["/obj/bonfire/pyro_sim"])
    assert [u.enabled for u in host.describe().units] == [True]
