"""The submitter with farm-specific rules: 3ds Max overrides and what the chosen farm can do."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from Qt import QtCore
from submitter_helpers import SceneHost

from farmhand.config import Config, Profile
from farmhand.qt import SubmitterDialog
from farmhand.qt.units_model import CAMERAS, OUTPUT, RESOLUTION
from farmhand.scenes import read_scene

pytestmark = pytest.mark.qt

MAX_SAMPLE = Path(__file__).resolve().parents[3] / "shared" / "samples" / "max" / "cgru-scene.max"
EDIT = QtCore.Qt.ItemDataRole.EditRole


def open_dialog(qtbot, scene, config) -> SubmitterDialog:
    dialog = SubmitterDialog(scene, host=SceneHost(scene), config=config)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: not dialog.checking, timeout=10_000)
    return dialog


def common(dialog: SubmitterDialog) -> dict:
    return json.loads(dialog.preview.text("task.json"))["scene_info_render"]["common"]


def test_max_render_size_output_and_camera_can_be_overridden(qtbot, no_config):
    dialog = open_dialog(qtbot, read_scene(str(MAX_SAMPLE)), no_config)
    model = dialog.units_model
    assert model.setData(model.index(0, RESOLUTION), "1920 x 1080", EDIT)
    assert model.setData(model.index(0, OUTPUT), r"D:\renders\shot_####.exr", EDIT)
    assert model.setData(model.index(0, CAMERAS), "Camera02", EDIT)
    assert not model.setData(model.index(0, RESOLUTION), "wide", EDIT)
    qtbot.waitUntil(lambda: not dialog.checking, timeout=10_000)
    values = common(dialog)
    assert (values["width"], values["height"]) == ("1920", "1080")
    assert (values["output_file"], values["output_file_type"]) == ("D:/renders/shot_####.exr", ".exr")
    assert values["renderable_camera"] == ["Camera02"]
    assert dialog.scene.units[0].width == 640  # the host's own description is untouched


def test_an_unknown_camera_blocks_submit(qtbot, no_config):
    dialog = open_dialog(qtbot, read_scene(str(MAX_SAMPLE)), no_config)
    dialog.units_model.setData(dialog.units_model.index(0, CAMERAS), "NoSuchCamera", EDIT)
    qtbot.waitUntil(lambda: not dialog.checking, timeout=10_000)
    assert any("validation error" in reason for reason in dialog.blocking_reasons())


def test_the_chosen_farm_says_what_it_cannot_do(qtbot, tmp_path, monkeypatch):
    """A Rentaflop profile refuses a 3ds Max scene before Submit, without contacting the farm."""
    monkeypatch.setenv("RF_KEY", "not-used")
    profiles = {"rf": Profile("rf", "rentaflop", {"api_key_env": "RF_KEY", "url": "http://127.0.0.1:9"})}
    config = Config(profiles=profiles, default_profile="rf")
    path = tmp_path / "config.yaml"
    path.write_text(config.to_yaml(), encoding="utf-8")
    monkeypatch.setenv("FARMHAND_CONFIG", str(path))
    dialog = open_dialog(qtbot, read_scene(str(MAX_SAMPLE)), config)
    messages = [tip.message for tip in dialog.report.errors]
    assert any("renders only blender scenes" in m for m in messages), messages
    assert not dialog.submit_button.isEnabled()
