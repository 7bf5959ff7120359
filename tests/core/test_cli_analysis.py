from __future__ import annotations

import json

import pytest

from farmhand.cli import main
from farmhand.model import Dependency, RenderUnit, SceneDescription


@pytest.fixture
def description(tmp_path):
    scene_file = tmp_path / "shot.blend"
    scene_file.write_bytes(b"BLENDER")
    scene = SceneDescription(
        host="blender",
        scene_file=str(scene_file),
        host_version="4.5",
        units=[
            RenderUnit(
                name="Scene/ViewLayer",
                kind="view_layer",
                frames="1-3[1]",
                cameras=["Camera"],
                image_format="PNG",
            )
        ],
    )
    path = tmp_path / "shot.json"
    path.write_text(scene.to_json(), encoding="utf-8")
    return path


def test_analyze_json(description, capsys):
    assert main(["analyze", str(description), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["scene"]["host"] == "blender" and out["tips"] == []


def test_analyze_text_with_frames_override(description, capsys):
    assert main(["analyze", str(description), "--frames", "5-6[1]"]) == 0
    assert "frames 5-6[1]" in capsys.readouterr().out


def test_build_writes_four_files(description, tmp_path, capsys):
    out_dir = tmp_path / "job"
    assert main(["build", str(description), "-o", str(out_dir), "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert sorted(summary["files"]) == ["asset.json", "task.json", "tips.json", "upload.json"]
    task = json.loads((out_dir / "task.json").read_text(encoding="utf-8"))
    assert task["scene_info_render"]["common"]["frames"] == "1-3[1]"


def test_errors_are_one_line_not_a_traceback(tmp_path, capsys):
    assert main(["analyze", str(tmp_path / "missing.ma")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("farmhand: error: scene file not found") and "Traceback" not in err
    bad = tmp_path / "bad.json"
    bad.write_text('{"host": "blender"', encoding="utf-8")
    assert main(["analyze", str(bad)]) == 2
    assert "not valid JSON" in capsys.readouterr().err


def test_bad_frames_exit_nonzero_with_one_line(description, capsys):
    # Refused before any reader runs, with the same words for every scene kind.
    assert main(["analyze", str(description), "--frames", "1-"]) == 2
    assert (
        capsys.readouterr().err
        == "farmhand: error: bad frame spec '1-': expected a digit at position 2 (end of text)\n"
    )


def test_a_long_run_of_alike_tips_is_summarised_on_the_terminal_only(description, tmp_path, capsys):
    """A missing 240-frame cache is 240 tips (tips.json keeps them all); the page shows three and a count."""
    scene = SceneDescription.from_json(description.read_text(encoding="utf-8"))
    missing = [str(tmp_path / f"cache.{n:04d}.bgeo") for n in range(1, 13)]
    scene.dependencies.append(
        Dependency(path=str(tmp_path / "cache.$F4.bgeo"), missing=missing, node="/obj/sim", kind="cache")
    )
    description.write_text(scene.to_json(), encoding="utf-8")

    assert main(["analyze", str(description)]) == 0
    page = capsys.readouterr().out
    assert page.count("missing cache file (/obj/sim") == 3
    assert "... and 9 more 'missing cache file' (/obj/sim): --json lists every one" in page
    assert main(["analyze", str(description), "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)["tips"]) == 12
