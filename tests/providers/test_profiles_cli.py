"""Profiles pick Rentaflop and SRP; the CLI submit and ``farmhand srp`` work against the stand-ins."""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading

import pytest
import yaml
from conftest import COLLECTION, RENTAFLOP_KEY, SRP_KEY
from servers.srp_api import BUCKET

from farmhand.cli import main
from farmhand.config import ConfigError
from farmhand.providers import provider_for
from farmhand.providers.rentaflop import RentaflopProvider
from farmhand.providers.srp import SrpProvider


@pytest.fixture
def config(farmhand_home, rentaflop, srp, monkeypatch):
    """A config with a rentaflop and an srp profile; keys come from the environment."""
    monkeypatch.setenv("RF_TEST_KEY", RENTAFLOP_KEY)
    monkeypatch.setenv("SRP_TEST_KEY", SRP_KEY)
    data = {
        "default_profile": "rf",
        "profiles": {
            "rf": {
                "farm": "rentaflop",
                "url": f"{rentaflop.url}/v1",
                "api_key_env": "RF_TEST_KEY",
                "blender_version": "4.5.3",
                "poll_interval": [0.02, 0.1],
            },
            "snark": {
                "farm": "srp",
                "url": srp.url,
                "api_key_env": "SRP_TEST_KEY",
                "collection_id": COLLECTION,
                "input_data": {"pants": "stepper"},
                "download_base_url": f"{srp.url}/storage/{BUCKET}/",
                "poll_interval": 0.05,
            },
        },
    }
    path = farmhand_home / "config.yaml"
    farmhand_home.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data))
    return path


def test_profiles_select_the_providers(config, rentaflop, srp):
    rf = provider_for("rf")
    assert isinstance(rf, RentaflopProvider) and rf.client.url == f"{rentaflop.url}/v1"
    assert rf.poll_interval == (0.02, 0.1) and rf.name == "rf"
    snark = provider_for("snark")
    assert isinstance(snark, SrpProvider) and snark.input_data == {"pants": "stepper"}
    assert snark.collection_id == COLLECTION and snark.poll_interval == (0.05, 0.05)
    assert isinstance(provider_for(None), RentaflopProvider)  # the default profile


def test_a_missing_key_variable_is_a_config_error(config, monkeypatch):
    monkeypatch.delenv("RF_TEST_KEY")
    with pytest.raises(ConfigError, match="RF_TEST_KEY"):
        provider_for("rf")


def test_cli_submit_to_rentaflop(config, rentaflop, textured_project, tmp_path, capsys):
    out = tmp_path / "frames"
    code = main(["submit", "--profile", "rf", str(textured_project), "--download", str(out), "--json"])
    summary = json.loads(capsys.readouterr().out)
    assert code == 0, summary
    assert (summary["status"], summary["frames_done"], summary["frames_total"]) == ("done", 12, 12)
    assert len(summary["downloaded"]) == 12 and all(p.startswith(str(out)) for p in summary["downloaded"])
    assert main(["status", "--profile", "rf", summary["task_id"]]) == 0
    assert "done (12/12 frames done)" in capsys.readouterr().out


def test_cli_submit_with_frames_is_refused_for_rentaflop(config, rentaflop, textured_project, capsys):
    assert main(["submit", "--profile", "rf", str(textured_project), "--frames", "1-3"]) == 2
    assert "frame override" in capsys.readouterr().err
    assert rentaflop.calls == []  # nothing reached the farm


def _listen(env):
    command = [sys.executable, "-m", "farmhand", "srp", "listen", "--profile", "snark", "--port", "0"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in process.stdout], daemon=True).start()
    return process, lines


def test_cli_srp_listen_and_submit(config, srp, tmp_path, capsys):
    env = dict(os.environ)
    process, lines = _listen(env)
    try:
        first = lines.get(timeout=60)
        assert first.startswith("farmhand srp listening on http://127.0.0.1:")
        settings = yaml.safe_load(config.read_text())
        settings["profiles"]["snark"]["callback_url"] = first.split(" on ", 1)[1].strip()
        config.write_text(yaml.safe_dump(settings))
        traits = tmp_path / "traits.json"
        traits.write_text(json.dumps({"shoe": "4", "shoe_color": "#ff0000"}))

        assert main(["srp", "submit", "--profile", "snark", "--input-data", str(traits), "--json"]) == 0
        task_id = json.loads(capsys.readouterr().out)["task_id"]
        assert srp.tasks[task_id]["input_data"] == {"shoe": "4", "shoe_color": "#ff0000"}
        assert lines.get(timeout=30).strip() == f"task {task_id}: done, 1 file(s)"
        downloaded = lines.get(timeout=5).strip()
        assert downloaded.endswith(f"{task_id}/render/sneakers/{task_id}/render.png") and os.path.isfile(
            downloaded
        )
    finally:
        process.terminate()
        process.wait(timeout=10)
    assert SRP_KEY not in process.stderr.read()


def test_cli_srp_upload_asset(config, srp, tmp_path, capsys):
    folder = tmp_path / "collection"
    folder.mkdir()
    (folder / "bg.png").write_bytes(b"png")
    assert main(["srp", "upload-asset", str(folder), "--collection", COLLECTION, "--profile", "snark"]) == 0
    asset_id = capsys.readouterr().out.strip()
    assert srp.assets[asset_id]["created"] and srp.assets[asset_id]["names"] == ["bg.png"]


def test_cli_control_verbs_rentaflop_lacks_are_one_line_errors(config, capsys):
    assert main(["stop", "--profile", "rf", "rf-123"]) == 2
    assert "cannot stop jobs" in capsys.readouterr().err


@pytest.mark.parametrize(
    "argv, message",
    [
        (["start", "--profile", "snark", "t-1"], "snark cannot restart stopped tasks"),
        (["restart", "--profile", "snark", "t-1"], "snark cannot restart frames"),
    ],
)
def test_cli_verbs_a_farm_lacks_are_one_line_errors(config, argv, message, capsys):
    # The base provider's refusals were NotImplementedError: a traceback instead of this line.
    assert main(argv) == 2
    assert capsys.readouterr().err == f"farmhand: error: {message}\n"


def test_cli_srp_verbs_need_an_srp_profile(config, capsys):
    assert main(["srp", "submit", "--profile", "rf"]) == 2
    assert "is a rentaflop profile, not srp" in capsys.readouterr().err
