"""``farmhand analyze`` and ``farmhand build`` over every public sample scene, as a pipeline engineer would.

Each real scene in ../shared/samples (Maya, Houdini, 3ds Max, Blender) must
either be analysed and turned into four sensible job files, or be refused with
one ``farmhand: error:`` line naming the file: never a traceback.  The CLI runs
in this process (``farmhand.cli.main``), so an escaping exception fails the test
and the whole sweep stays well under a minute.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import List

import pytest

from farmhand.cli import main

SAMPLES = Path(__file__).resolve().parents[2].parent / "shared" / "samples"
SCENE_EXTENSIONS = (".ma", ".mb", ".hip", ".hipnc", ".hiplc", ".max", ".blend")

# Known-bad files among the samples and the words their one-line error must carry.
CORRUPT = {"corrupt_only_magic.blend": "not a valid .blend file"}

# Fox software ids (task_info.cg_id) and the shape of scene_info_render per host (§10.4-10.7).
CG_IDS = {"maya": "2000", "max": "2001", "houdini": "2004", "blender": "2007"}


def sample_scenes() -> List[Path]:
    if not SAMPLES.is_dir():
        return []
    return sorted(
        path for path in SAMPLES.rglob("*") if path.is_file() and path.suffix.lower() in SCENE_EXTENSIONS
    )


SCENES = sample_scenes()
pytestmark = pytest.mark.skipif(not SCENES, reason=f"the public samples are not in {SAMPLES}")


def scene_id(path: Path) -> str:
    return str(path.relative_to(SAMPLES))


def run(capsys, *argv: str):
    """``farmhand ARGV`` in this process: (exit code, stdout, stderr)."""
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def assert_one_line_error(err: str, path: Path, words: str) -> None:
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("farmhand: error: "), err
    assert str(path) in lines[0] and words in lines[0], lines[0]


@pytest.mark.parametrize("path", [p for p in SCENES if p.name in CORRUPT], ids=scene_id)
def test_a_corrupt_sample_is_refused_in_one_line(path, tmp_path, capsys):
    for argv in (["analyze", str(path)], ["analyze", str(path), "--json"], ["build", str(path), "-o", "job"]):
        code, out, err = run(capsys, *argv)
        assert code == 2 and out == ""
        assert_one_line_error(err, path, CORRUPT[path.name])


@pytest.mark.parametrize("path", [p for p in SCENES if p.name not in CORRUPT], ids=scene_id)
def test_analyze_and_build_a_sample(path, tmp_path, capsys):
    code, text, _ = run(capsys, "analyze", str(path))
    assert code in (0, 1) and text.startswith(f"{path} (")  # 1: validation found errors

    code_json, out, _ = run(capsys, "analyze", str(path), "--json")
    assert code_json == code
    analysis = json.loads(out)
    scene = analysis["scene"]
    assert scene["scene_file"] == str(path) and scene["host"] in CG_IDS
    assert bool([t for t in analysis["tips"] if t["severity"] == "error"]) == (code == 1)

    # The saved analysis is itself a scene description the next command accepts.
    saved = tmp_path / "analysis.json"
    saved.write_text(out, encoding="utf-8")
    code_again, out_again, _ = run(capsys, "analyze", str(saved), "--json")
    assert code_again == code and json.loads(out_again)["scene"]["units"] == scene["units"]

    job = tmp_path / "job"
    code_build, out_build, _ = run(capsys, "build", str(path), "-o", str(job))
    assert code_build == code
    assert sorted(os.path.basename(line) for line in out_build.split()) == sorted(
        ["task.json", "upload.json", "asset.json", "tips.json"]
    )
    if scene["units"]:
        assert_sensible_job(job, scene)


def assert_sensible_job(job: Path, scene: dict) -> None:
    task = json.loads((job / "task.json").read_text(encoding="utf-8"))
    info = task["task_info"]
    assert all(isinstance(value, str) for key, value in info.items() if key != "hardwareConfigIds")
    assert info["cg_id"] == CG_IDS[scene["host"]] and info["input_cg_file"] == scene["scene_file"]
    render = task["scene_info_render"]
    enabled = [unit for unit in scene["units"] if unit["enabled"]]
    if scene["host"] == "maya":
        assert set(render) == {unit["name"] for unit in scene["units"]}
    elif scene["host"] == "houdini":
        assert [rop["node"] for rop in render["rop_node"] + render["geo_node"]] or not enabled
    else:  # max, blender: one "common" block for the (first enabled) render
        assert render["common"]["frames"] == (enabled or scene["units"])[0]["frames"]

    upload = json.loads((job / "upload.json").read_text(encoding="utf-8"))
    assert upload["asset"][0]["local"] == scene["scene_file"]
    for entry in upload["asset"]:
        assert entry["server"].startswith("/") and os.path.isfile(entry["local"]), entry

    tips = json.loads((job / "tips.json").read_text(encoding="utf-8"))
    assert all(code.isdigit() and isinstance(messages, list) for code, messages in tips.items())
