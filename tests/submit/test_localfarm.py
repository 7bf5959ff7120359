"""The background farm `farmhand submit` starts by itself when nothing is configured."""

from __future__ import annotations

import json

import pytest

from farmhand import localfarm
from farmhand.cli import main


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("FARMHAND_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("FARMHAND_CONFIG", raising=False)
    yield tmp_path / "home"
    localfarm.stop()


def test_start_reuse_and_stop(home, capsys):
    assert localfarm.running() is None
    assert main(["farm", "start"]) == 0
    farm = localfarm.running()
    assert farm is not None and farm.host == "127.0.0.1"
    assert localfarm.ensure_running().pid == farm.pid  # reused, not a second farm
    assert (home / "farm" / "credentials.json").stat().st_mode & 0o077 == 0
    assert main(["tasks", "--json"]) == 0
    capsys.readouterr()
    assert main(["farm", "stop"]) == 0
    assert "stopped" in capsys.readouterr().out
    assert localfarm.running() is None
    assert main(["farm", "stop"]) == 0
    assert "no background farm" in capsys.readouterr().out


def test_submit_with_no_config_targets_the_local_farm(home, tmp_path, capsys):
    from farmhand.model import RenderUnit, SceneDescription

    scene_file = tmp_path / "shot.blend"
    scene_file.write_bytes(b"BLENDER")
    scene = SceneDescription(
        host="blender",
        scene_file=str(scene_file),
        units=[
            RenderUnit(
                name="Scene/ViewLayer", kind="view_layer", frames="1", cameras=["Camera"], image_format="PNG"
            )
        ],
    )
    description = tmp_path / "shot.json"
    description.write_text(scene.to_json(), encoding="utf-8")
    assert main(["submit", str(description), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert (
        out["status"] == "submitted" and out["files_total"] == 1 and out["bytes_uploaded"] == len(b"BLENDER")
    )
    assert set(out) >= {
        "task_id",
        "status",
        "files_total",
        "files_uploaded",
        "bytes_uploaded",
        "bytes_skipped",
    }
    assert main(["status", out["task_id"], "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["task_id"] == out["task_id"]
