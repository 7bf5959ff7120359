"""The submitter dialog on real scene descriptions: what it shows, live checks, preview, host calls."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest
from Qt import QtCore, QtWidgets
from submitter_helpers import SceneHost, maya_scene, missing_texture, texture

from farmhand.jobfiles import build_job
from farmhand.model import RenderUnit
from farmhand.qt import SubmitterDialog
from farmhand.qt import dependencies_view as deps
from farmhand.qt import dialog as dialog_module
from farmhand.qt.units_model import CAMERAS, FRAMES, KIND, NAME, OPTION, OUTPUT, RESOLUTION
from farmhand.scenes import read_scene

pytestmark = pytest.mark.qt

SAMPLES = Path(__file__).resolve().parents[3] / "shared" / "samples" / "maya" / "aws-deadline-maya"
LAYERS_SAMPLE = SAMPLES / "layers_no_variation" / "scene" / "layers_no_variation.ma"
HOUDINI_SAMPLES = SAMPLES.parents[1] / "houdini"
Qt = QtCore.Qt


def open_dialog(qtbot, scene, config, host=None) -> SubmitterDialog:
    dialog = SubmitterDialog(scene, host=host or SceneHost(scene), config=config)
    qtbot.addWidget(dialog)
    dialog.show()
    settle(qtbot, dialog)
    return dialog


def settle(qtbot, dialog: SubmitterDialog) -> None:
    """Wait until the background validation and preview for the current form are shown."""
    qtbot.waitUntil(lambda: not dialog.checking, timeout=10_000)


def task_json(dialog: SubmitterDialog) -> dict:
    return json.loads(dialog.preview.text("task.json"))


def upload_json(dialog: SubmitterDialog) -> dict:
    return json.loads(dialog.preview.text("upload.json"))


def test_real_maya_sample_fills_units_and_dependencies(qtbot, no_config):
    scene = read_scene(str(LAYERS_SAMPLE))
    dialog = open_dialog(qtbot, scene, no_config)

    model = dialog.units_model
    shown = [model.index(row, NAME).data() for row in range(model.rowCount())]
    assert shown == [unit.name for unit in scene.units] == ["masterLayer", "layerTheFIrst", "layerTheSecond"]
    for row, unit in enumerate(scene.units):
        assert model.index(row, KIND).data() == f"{unit.kind} / {unit.node_type}"
        assert model.index(row, FRAMES).data() == unit.frames
        assert model.index(row, CAMERAS).data() == ", ".join(unit.cameras)
        assert model.index(row, OUTPUT).data() == unit.output
        assert model.index(row, RESOLUTION).data() == f"{unit.width} x {unit.height}"
    reference = scene.dependencies[0]
    table = dialog.dependencies.model
    assert table.rowCount() == len(scene.dependencies)
    assert table.index(0, deps.PATH).data() == reference.path
    assert table.index(0, deps.OWNER).data() == f"{reference.node}.{reference.attribute}"
    assert table.index(0, deps.KIND).data() == "reference"
    # The preview is the job builder's exact text: every layer, keyed by name.
    assert set(task_json(dialog)["scene_info_render"]) == {unit.name for unit in scene.units}
    assert dialog.submit_button.isEnabled(), dialog.blocking_reasons()


def test_missing_dependencies_stand_out_and_sort_first(qtbot, tmp_path, no_config):
    found = texture(tmp_path / "tex" / "wood.png", "fileWood")
    lost = missing_texture(tmp_path / "tex" / "lost.png", "fileLost")
    scene = maya_scene(tmp_path / "proj", dependencies=[found, lost])
    dialog = open_dialog(qtbot, scene, no_config)

    panel = dialog.dependencies
    model = panel.model
    assert model.index(0, deps.PATH).data() == lost.path
    assert model.index(0, deps.STATUS).data() == "missing"
    assert model.index(0, deps.EXISTS).data() == "no"
    assert model.index(0, deps.STATUS).data(Qt.ItemDataRole.DecorationRole) is not None
    assert model.index(0, deps.PATH).data(Qt.ItemDataRole.BackgroundRole) is not None
    assert model.index(1, deps.PATH).data() == found.path
    assert model.index(1, deps.PATH).data(Qt.ItemDataRole.BackgroundRole) is None
    assert "1 missing or unresolved" in panel.summary.text()
    # Clicking the Status header sorts; clicking again puts the problems last.
    header = panel.table.horizontalHeader()
    dialog.tabs.setCurrentWidget(panel)
    for expected_first in (lost.path, found.path):
        x = header.sectionViewportPosition(deps.STATUS) + 5
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QtCore.QPoint(x, 5))
        assert model.index(0, deps.PATH).data() == expected_first


def test_toggling_a_unit_updates_the_preview_without_touching_the_scene(qtbot, tmp_path, no_config):
    scene = maya_scene(tmp_path)
    dialog = open_dialog(qtbot, scene, no_config)
    assert task_json(dialog)["scene_info_render"]["beauty"]["renderable"] == "1"

    view = dialog.units_view
    dialog.tabs.setCurrentWidget(view)
    view.setCurrentIndex(dialog.units_model.index(1, NAME))
    qtbot.keyClick(view, Qt.Key.Key_Space)

    assert dialog.checking
    settle(qtbot, dialog)
    assert task_json(dialog)["scene_info_render"]["beauty"]["renderable"] == "0"
    assert task_json(dialog)["scene_info_render"]["masterLayer"]["renderable"] == "1"
    assert scene.units[1].enabled, "the host's scene description must not be edited"


def test_bad_job_frames_show_the_position_and_block_submit(qtbot, tmp_path, no_config):
    dialog = open_dialog(qtbot, maya_scene(tmp_path), no_config)
    assert dialog.submit_button.isEnabled()

    qtbot.keyClicks(dialog.job.frames, "1-10[x]")

    message = dialog.job.frame_message
    assert message.isVisible()
    spec, caret, reason = message.text().split("\n")
    assert spec == "1-10[x]" and caret.index("^") == spec.index("x")
    assert reason.endswith("at position 5")
    assert not dialog.submit_button.isEnabled()
    settle(qtbot, dialog)
    assert not dialog.submit_button.isEnabled()
    assert any("job frames" in tip.message for tip in dialog.report.errors)

    dialog.job.frames.setText("2-6[2]")
    assert not message.isVisible()
    settle(qtbot, dialog)
    assert dialog.submit_button.isEnabled(), dialog.blocking_reasons()
    assert task_json(dialog)["scene_info_render"]["beauty"]["common"]["frames"] == "2-6[2]"


def test_bad_unit_frames_are_flagged_in_the_table_and_block_submit(qtbot, tmp_path, no_config):
    dialog = open_dialog(qtbot, maya_scene(tmp_path), no_config)
    model = dialog.units_model
    cell = model.index(1, FRAMES)

    assert model.setData(cell, "1-10[1],,12")

    assert cell.data(Qt.ItemDataRole.BackgroundRole) is not None
    assert "at position 8" in cell.data(Qt.ItemDataRole.ToolTipRole)
    assert "beauty frames: " in dialog.blocking_reasons()[0]
    assert not dialog.submit_button.isEnabled()
    model.setData(cell, "1-12[1]")
    settle(qtbot, dialog)
    assert dialog.submit_button.isEnabled()
    assert task_json(dialog)["scene_info_render"]["beauty"]["common"]["end"] == "12"


def test_an_error_tip_blocks_submit_and_a_warning_does_not(qtbot, tmp_path, no_config):
    lost = missing_texture(tmp_path / "tex" / "lost.png", "fileLost")
    warned = open_dialog(qtbot, maya_scene(tmp_path / "a", dependencies=[lost]), no_config)
    assert [tip.severity for tip in warned.tips.tips] == ["warning"]
    assert warned.submit_button.isEnabled(), warned.blocking_reasons()

    units = [RenderUnit("beauty", "layer", frames="1-5[1]", cameras=["nightCam"])]
    errored = open_dialog(qtbot, maya_scene(tmp_path / "b", layers=units), no_config)
    errors = [tip for tip in errored.tips.tips if tip.severity == "error"]
    assert [tip.message for tip in errors] == ["the camera nightCam does not exist in the scene"]
    assert not errored.submit_button.isEnabled()
    assert "validation error" in errored.status.text()
    assert "1 error(s)" in errored.tabs.tabText(errored.tabs.indexOf(errored.tips))


def test_double_clicking_a_tip_selects_its_node_in_the_host(qtbot, tmp_path, no_config):
    lost = missing_texture(tmp_path / "tex" / "lost.png", "fileLost")
    units = [RenderUnit("beauty", "layer", frames="1-5[1]", cameras=["nightCam"])]
    scene = maya_scene(tmp_path, layers=units, dependencies=[lost])
    host = SceneHost(scene)
    dialog = open_dialog(qtbot, scene, no_config, host)
    view = dialog.tips
    dialog.tabs.setCurrentWidget(view)

    for row, expected in ((0, "beauty"), (1, "fileLost")):
        point = view.visualRect(view.model().index(row, 1)).center()
        # A real double-click is a click then a double-click event on the same item.
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
        qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
        assert host.selected[-1] == expected
    assert host.selected == ["beauty", "fileLost"]
    assert not dialog.status.text().endswith("not found in the open scene")


def test_a_tip_about_a_node_the_host_lacks_says_so(qtbot, tmp_path, no_config):
    scene = maya_scene(tmp_path)
    note = {"message": "cannot evaluate the expression", "node": "ghostExpr", "attribute": "expression"}
    scene.reader_notes.append(note)
    host = SceneHost(scene)
    dialog = open_dialog(qtbot, scene, no_config, host)
    view = dialog.tips
    dialog.tabs.setCurrentWidget(view)
    row = [tip.node for tip in view.tips].index("ghostExpr")

    point = view.visualRect(view.model().index(row, 1)).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)

    assert host.selected == []
    assert dialog.status.text() == "ghostExpr was not found in the open scene"


def test_extra_files_and_exclude_patterns_reach_upload_json(qtbot, tmp_path, no_config):
    extra = tmp_path / "extra"
    for name in ("a.vdb", "b.vdb", "old.bak"):
        (extra / "caches").mkdir(parents=True, exist_ok=True)
        (extra / "caches" / name).write_bytes(b"x" * 10)
    single = tmp_path / "lut.cube"
    single.write_text("LUT", encoding="utf-8")
    dialog = open_dialog(qtbot, maya_scene(tmp_path / "proj"), no_config)

    dialog.dependencies.add_extra_paths([str(extra), str(single)])
    qtbot.keyClicks(dialog.dependencies.excludes, "*.bak")
    settle(qtbot, dialog)

    local = [entry["local"] for entry in upload_json(dialog)["asset"]]
    assert local[1:] == [
        (extra / "caches" / "a.vdb").as_posix(),
        (extra / "caches" / "b.vdb").as_posix(),
        single.as_posix(),
    ]
    assert dialog.current_options().exclude_patterns == ["*.bak"]


def test_a_large_scene_is_shown_whole_and_previewed_off_the_ui_thread(
    qtbot, tmp_path, no_config, monkeypatch
):
    found = [texture(tmp_path / "tex" / f"found.{i:05d}.png", f"fileFound{i}", size=16) for i in range(500)]
    lost = [missing_texture(tmp_path / "tex" / f"lost.{i:05d}.png", f"fileLost{i}") for i in range(19_500)]
    scene = maya_scene(tmp_path / "proj", dependencies=found + lost)
    builders = []
    real_build = dialog_module.build_preview

    def recording_build(*args):
        builders.append(threading.current_thread())
        return real_build(*args)

    monkeypatch.setattr(dialog_module, "build_preview", recording_build, raising=True)
    dialog = open_dialog(qtbot, scene, no_config)

    assert builders and threading.main_thread() not in builders
    model = dialog.dependencies.model
    assert model.rowCount() == 20_000
    assert len(model.problem_rows()) == 19_500
    assert model.index(0, deps.STATUS).data() == "missing"
    assert model.index(19_999, deps.STATUS).data() == "ok"
    assert len(dialog.report.warnings) == 19_500
    assert dialog.submit_button.isEnabled()
    expected = build_job(dialog.current_scene(), dialog.current_options())
    for name in ("task.json", "upload.json"):
        assert dialog.preview.text(name) == expected.text(name)


def test_a_houdini_rop_option_is_edited_in_the_table_and_reaches_task_json(qtbot, no_config):
    scene = read_scene(str(HOUDINI_SAMPLES / "loop_volume.1.0.hip"))
    dialog = open_dialog(qtbot, scene, no_config)
    view = dialog.units_view
    dialog.tabs.setCurrentWidget(view)
    assert not view.isColumnHidden(OPTION)
    cell = dialog.units_model.index(0, OPTION)
    assert cell.data() == "simulation (0)"
    caches = task_json(dialog)["scene_info_render"]["geo_node"]
    assert [entry["node"] for entry in caches] == ["/obj/bonfire/pyro_sim"]

    view.edit(cell)
    editor = view.findChild(QtWidgets.QComboBox)
    editor.setCurrentIndex(editor.findText("render (-1)"))
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # the delegate commits on the next event-loop turn

    qtbot.waitUntil(lambda: cell.data() == "render (-1)")
    settle(qtbot, dialog)
    info = task_json(dialog)["scene_info_render"]
    assert info["geo_node"] == [] and info["rop_node"][0]["node"] == "/obj/bonfire/pyro_sim"
    # A render ROP needs a camera; this one (a file cache) has none, so the job is blocked.
    assert [tip.message for tip in dialog.report.errors] == ["no renderable camera"]
    assert not dialog.submit_button.isEnabled()


def test_maya_scenes_hide_the_houdini_option_column(qtbot, tmp_path, no_config):
    dialog = open_dialog(qtbot, maya_scene(tmp_path), no_config)
    assert dialog.units_view.isColumnHidden(OPTION)


def test_the_dialog_is_parented_on_the_host_window(qtbot, tmp_path, no_config):
    class WindowedHost(SceneHost):
        def parent_window(self):
            return main_window

    main_window = QtWidgets.QMainWindow()
    qtbot.addWidget(main_window)
    scene = maya_scene(tmp_path)
    dialog = SubmitterDialog(scene, host=WindowedHost(scene), config=no_config)
    assert dialog.parent() is main_window


def test_a_disabled_unit_with_bad_frames_still_blocks_because_task_json_lists_it(qtbot, tmp_path, no_config):
    units = [
        RenderUnit("masterLayer", "layer", frames="1-10[1]", cameras=["persp"]),
        RenderUnit("fx", "layer", enabled=False, frames="", cameras=["persp"]),
    ]
    dialog = open_dialog(qtbot, maya_scene(tmp_path, layers=units), no_config)

    assert not dialog.report.has_errors  # validation only looks at enabled units
    reason = "the job files cannot be built: bad frame spec '': no frames given at position 0 (end of text)"
    assert dialog.blocking_reasons() == [reason]
    assert not dialog.submit_button.isEnabled()
    assert dialog.preview.status.text().startswith("cannot build the job files: bad frame spec")

    dialog.units_model.setData(dialog.units_model.index(1, FRAMES), "5-8[1]")
    settle(qtbot, dialog)
    assert dialog.submit_button.isEnabled()
    assert task_json(dialog)["scene_info_render"]["fx"]["renderable"] == "0"
