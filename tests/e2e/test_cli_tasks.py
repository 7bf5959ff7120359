"""``farmhand submit`` then ``status`` on a real farm: a layered Maya job reads back one line per frame.

Farmhand's farm lists a layered parent's frames under the parent as well as
under each layer's sub-task; ``status`` once printed every frame twice, with
nothing saying which layer a line was about.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from e2e_homes import farm_home, rendering_farm_home  # noqa: F401  (fixtures, used by name)

from farmhand.cli import main

SAMPLES = Path(__file__).resolve().parents[2].parent / "shared" / "samples"
LAYERED = SAMPLES / "maya" / "aws-deadline-maya" / "layers_no_variation" / "scene" / "layers_no_variation.ma"
LAYERS = ["masterLayer", "layerTheFIrst", "layerTheSecond"]


@pytest.mark.skipif(not LAYERED.is_file(), reason=f"the public samples are not in {SAMPLES}")
@pytest.mark.usefixtures("farm_home")
def test_status_of_a_layered_task_lists_each_frame_once_with_its_layer(capsys):
    assert main(["submit", str(LAYERED), "--frames", "1-3[1]", "--json"]) == 0
    task_id = json.loads(capsys.readouterr().out)["task_id"]

    assert main(["status", task_id, "--json"]) == 0
    state = json.loads(capsys.readouterr().out)
    records = [frame["record_id"] for frame in state["frames"]]
    assert state["frames_total"] == 9 and len(records) == len(set(records)) == 9
    assert sorted((f["unit"], f["label"]) for f in state["frames"]) == sorted(
        (layer, str(n)) for layer in LAYERS for n in (1, 2, 3)
    )

    assert main(["status", task_id]) == 0
    lines = capsys.readouterr().out.splitlines()[1:]
    assert len(lines) == 9 and {line.split()[-1] for line in lines} == set(LAYERS)


MAX_SCENE = SAMPLES / "max" / "cgru-scene.max"


@pytest.mark.skipif(not MAX_SCENE.is_file(), reason=f"the public samples are not in {SAMPLES}")
@pytest.mark.usefixtures("rendering_farm_home")
def test_log_says_why_a_frame_failed(capsys):
    """This farm has no 3ds Max: the frames fail, and ``farmhand log`` shows the farm's reason."""
    assert main(["submit", str(MAX_SCENE), "--frames", "3-4", "--wait", "--json"]) == 1
    result = json.loads(capsys.readouterr().out)
    assert (result["status"], result["frames_done"]) == ("failed", 0)

    assert main(["status", result["task_id"]]) == 0
    assert capsys.readouterr().err == f"why a frame failed: farmhand log {result['task_id']} [FRAME]\n"

    assert main(["log", result["task_id"]]) == 0
    header, *lines = capsys.readouterr().out.splitlines()
    assert header == "== frame 3 (failed)" and any("3ds Max" in line for line in lines)
    assert main(["log", result["task_id"], "9"]) == 2
    assert capsys.readouterr().err == f"farmhand: error: task {result['task_id']} has no frame '9'\n"
