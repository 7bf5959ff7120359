"""The Houdini entry points open the real shared submitter (PySide6 offscreen) on a hou stand-in session."""

from __future__ import annotations

import importlib
import json
import os
import sys

import hou_standin
import pytest
from houdini_samples import ROOT, encode_cpio, node_records, sample_records

pytest.importorskip("Qt")
pytestmark = pytest.mark.qt


@pytest.fixture
def houdini(tmp_path, monkeypatch):
    """A session of loop_volume.1.0.hip plus an /out Mantra ROP wired to a geometry cache."""
    monkeypatch.setenv("FARMHAND_HOME", str(tmp_path / "farmhand-home"))
    records = sample_records("loop_volume.1.0.hip")
    records += node_records("/out/cache", "geometry", {"trange": '"normal"', "f": ["1", "24", "1"]})
    records += node_records(
        "/out/beauty",
        "ifd",
        {
            "trange": '"normal"',
            "f": ["1", "24", "1"],
            "camera": "/obj/cam1",
            "vm_picture": "$HIP/r/$OS.$F4.exr",
        },
        inputs=["cache"],
    )
    path = tmp_path / "shot.hip"
    path.write_bytes(encode_cpio(records))
    monkeypatch.syspath_prepend(os.path.join(ROOT, "houdini_plugin"))
    hou = hou_standin.module_for(str(path))
    monkeypatch.setitem(sys.modules, "hou", hou)
    for cached in [m for m in sys.modules if m.startswith("farmhand_houdini")]:
        monkeypatch.delitem(sys.modules, cached)
    return hou


def test_rop_menu_opens_the_submitter_with_the_rop_and_its_inputs(qtbot, houdini):
    menu = importlib.import_module("farmhand_houdini.rop_menu")
    menu.submit_from_menu({"node": houdini.node("/out/beauty")})
    dialog = importlib.import_module("farmhand_houdini.panel")._OPEN[-1]
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: not dialog.checking, timeout=10_000)
    enabled = {unit.name: unit.enabled for unit in dialog.current_scene().units}
    assert enabled == {"/obj/bonfire/pyro_sim": False, "/out/beauty": True, "/out/cache": True}
    task = json.loads(dialog.preview.text("task.json"))["scene_info_render"]
    assert [entry["node"] for entry in task["rop_node"]] == ["/out/beauty"]
    assert {entry["node"]: entry["render"] for entry in task["geo_node"]} == {
        "/obj/bonfire/pyro_sim": "0",
        "/out/cache": "1",
    }


def test_the_dialog_selects_nodes_through_the_houdini_host(qtbot, houdini):
    panel = importlib.import_module("farmhand_houdini.panel")
    dialog = panel.open_submitter()
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: not dialog.checking, timeout=10_000)
    assert dialog.host.select_node("/out/beauty") is True
    assert houdini.session.selected == ["/out/beauty"]
    assert dialog.host.select_node("/out/gone") is False
    assert dialog.host.scene_is_dirty() is False


def test_python_panel_gets_an_embeddable_widget(qtbot, houdini):
    widget = importlib.import_module("farmhand_houdini.panel").create_interface()
    qtbot.addWidget(widget)
    from Qt import QtWidgets

    pane = QtWidgets.QWidget()  # what the Python panel tab does with the returned widget
    qtbot.addWidget(pane)
    QtWidgets.QVBoxLayout(pane).addWidget(widget)
    assert not widget.isWindow() and widget.current_scene().host == "houdini"
