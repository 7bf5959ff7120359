"""What a user mistypes or points at by mistake gets one clear ``farmhand: error:`` line, never a traceback.

Each case here was found by driving the CLI by hand: a directory given as the
scene, a bad ``--frames`` on a .blend (reported as an unreadable file), a job
folder that is a file, an unreadable scene, a saved ``analyze --json`` fed back
in, a description missing a field, and task ids that are not numbers.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from e2e_homes import farm_home  # noqa: F401  (a fixture, used by name)

from farmhand.cli import main

SAMPLES = Path(__file__).resolve().parents[2].parent / "shared" / "samples"
MAX_SCENE = SAMPLES / "max" / "cgru-scene.max"
BLEND_SCENE = SAMPLES / "blender" / "bat-blendfiles" / "udim" / "v01_UDIM_BAT_debugging.blend"
needs_samples = pytest.mark.skipif(not MAX_SCENE.is_file(), reason=f"the public samples are not in {SAMPLES}")


def error_line(capsys, *argv: str, code: int = 2) -> str:
    """Run ``farmhand ARGV`` here: it must fail with ``code`` and one error line, which is returned."""
    assert main(list(argv)) == code
    lines = [line for line in capsys.readouterr().err.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("farmhand: error: "), lines
    return lines[0]


def description(path: Path, **scene) -> Path:
    path.write_text(json.dumps(scene), encoding="utf-8")
    return path


def test_a_directory_is_not_reported_as_missing(tmp_path, capsys):
    folder = tmp_path / "shot.ma"
    folder.mkdir()
    line = error_line(capsys, "analyze", str(folder))
    assert line == f"farmhand: error: {folder} is a directory, not a scene file"


@needs_samples
@pytest.mark.parametrize("scene", [BLEND_SCENE, MAX_SCENE], ids=["blend", "max"])
def test_a_bad_frame_spec_blames_the_spec_not_the_file(scene, tmp_path, capsys):
    line = error_line(capsys, "build", str(scene), "-o", str(tmp_path / "job"), "--frames", "1-3[0]")
    assert line.startswith("farmhand: error: bad frame spec '1-3[0]'") and "readable" not in line
    assert not (tmp_path / "job").exists()


@needs_samples
def test_the_frames_override_is_canonical_in_the_job(tmp_path, capsys):
    assert main(["build", str(MAX_SCENE), "-o", str(tmp_path), "--frames", " 3-1"]) == 0
    task = json.loads((tmp_path / "task.json").read_text(encoding="utf-8"))
    assert task["scene_info_render"]["common"]["frames"] == "1-3[1]"


@needs_samples
def test_a_job_folder_that_is_a_file(tmp_path, capsys):
    in_the_way = tmp_path / "job"
    in_the_way.write_text("notes", encoding="utf-8")
    line = error_line(capsys, "build", str(MAX_SCENE), "-o", str(in_the_way), code=2)
    assert line == (
        f"farmhand: error: cannot write the job files into {in_the_way}: it is a file, not a folder"
    )
    assert in_the_way.read_text(encoding="utf-8") == "notes"


@needs_samples
def test_frames_per_task_must_be_positive(tmp_path, capsys):
    with pytest.raises(SystemExit) as refused:
        main(["build", str(MAX_SCENE), "-o", str(tmp_path), "--frames-per-task", "0"])
    assert refused.value.code == 2 and "--frames-per-task: must be at least 1" in capsys.readouterr().err
    assert not (tmp_path / "task.json").exists()


def test_a_description_missing_a_field_names_the_field(tmp_path, capsys):
    path = description(tmp_path / "shot.json", host="maya", scene_file="C:/shots/a.ma", units=[{"name": "x"}])
    line = error_line(capsys, "analyze", str(path))
    assert line == f"farmhand: error: {path}: units[0]: missing required field(s) kind"


@needs_samples
def test_a_saved_analysis_is_read_back(tmp_path, capsys):
    assert main(["analyze", str(MAX_SCENE), "--json"]) == 0
    saved = tmp_path / "analysis.json"
    saved.write_text(capsys.readouterr().out, encoding="utf-8")
    assert main(["build", str(saved), "-o", str(tmp_path / "job")]) == 0
    upload = json.loads((tmp_path / "job" / "upload.json").read_text(encoding="utf-8"))
    assert upload["asset"][0]["local"] == str(MAX_SCENE)


def test_a_windows_description_builds_fox_server_paths(tmp_path, capsys):
    path = description(
        tmp_path / "windows shot.json",
        host="maya",
        scene_file="D:\\Projects\\shot 01\\scène.ma",
        units=[{"name": "masterLayer", "kind": "render_layer", "frames": "1-5[1]", "cameras": ["cam"]}],
    )
    assert main(["build", str(path), "-o", str(tmp_path / "job")]) == 1  # the scene is not on this machine
    assert "the scene file does not exist (path D:\\Projects\\shot 01\\scène.ma)" in capsys.readouterr().err
    upload = json.loads((tmp_path / "job" / "upload.json").read_text(encoding="utf-8"))
    assert upload["scene"][0]["server"] == "/D/Projects/shot 01/scène.ma"


@pytest.fixture
def open_folder():
    """A folder anyone may enter (pytest's own tmp root is owner-only), removed afterwards."""
    folder = Path(tempfile.mkdtemp(prefix="farmhand-e2e-"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder)


@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="POSIX permissions")
def test_an_unreadable_scene(open_folder):
    """chmod 000 means nothing to root, so as root the CLI runs as 'nobody' (setpriv) to see the refusal."""
    scene = open_folder / "locked.ma"
    scene.write_text("//Maya ASCII 2023 scene\n", encoding="utf-8")
    scene.chmod(0)
    command = [sys.executable, "-m", "farmhand", "analyze", str(scene)]
    if os.geteuid() == 0:
        if shutil.which("setpriv") is None:
            pytest.skip("running as root without setpriv: cannot drop the permission to read")
        command = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", *command]
    env = {**os.environ, "FARMHAND_HOME": str(open_folder / "home"), "HOME": str(open_folder)}
    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=60)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.strip() == f"farmhand: error: cannot read {scene}: permission denied"


@pytest.mark.parametrize("verb", ["status", "stop", "start", "restart", "download"])
@pytest.mark.usefixtures("farm_home")
def test_a_task_id_that_is_not_a_number(verb, tmp_path, capsys):
    argv = [verb, "12x"] + ([str(tmp_path / "out")] if verb == "download" else [])
    assert error_line(capsys, *argv) == "farmhand: error: task id '12x' is not a number (like 1000042)"


@pytest.mark.usefixtures("farm_home")
def test_downloading_an_unknown_task_is_an_error(tmp_path, capsys):
    line = error_line(capsys, "download", "424242", str(tmp_path / "out"))
    assert "task 424242 does not exist" in line


@needs_samples
@pytest.mark.usefixtures("farm_home")
def test_downloading_into_a_file(tmp_path, capsys):
    assert main(["submit", str(MAX_SCENE), "--json"]) == 0
    task_id = json.loads(capsys.readouterr().out)["task_id"]
    in_the_way = tmp_path / "frames"
    in_the_way.write_text("notes", encoding="utf-8")
    line = error_line(capsys, "download", task_id, str(in_the_way))
    assert line == f"farmhand: error: cannot download into {in_the_way}: it is a file, not a folder"


@needs_samples
@pytest.mark.usefixtures("farm_home")
def test_submit_refuses_a_download_folder_that_is_a_file_before_creating_a_task(tmp_path, capsys):
    assert main(["tasks", "--json"]) == 0
    before = json.loads(capsys.readouterr().out)
    in_the_way = tmp_path / "frames"
    in_the_way.write_text("notes", encoding="utf-8")
    assert main(["submit", str(MAX_SCENE), "--download", str(in_the_way)]) == 2
    err = capsys.readouterr().err  # the validation progress, then the refusal
    assert "Traceback" not in err and "create:" not in err
    refusal = f"farmhand: error: cannot download into {in_the_way}: it is a file, not a folder"
    assert err.splitlines()[-1] == refusal
    assert main(["tasks", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == before


def test_a_reader_that_stops_early_gets_no_traceback(tmp_path):
    """``farmhand analyze big.json --json | head``: the closed pipe ends the command quietly."""
    unit = {"kind": "render_layer", "frames": "1-100[1]", "cameras": ["cam"]}
    units = [{"name": f"layer{n}", **unit} for n in range(1500)]
    path = description(tmp_path / "big.json", host="maya", scene_file=str(tmp_path / "big.ma"), units=units)
    command = [sys.executable, "-m", "farmhand", "analyze", str(path), "--json"]
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert child.stdout is not None and child.stdout.read(100).startswith(b"{")
    child.stdout.close()  # more than a pipe buffer is still to come
    _, err = child.communicate(timeout=60)
    assert child.returncode == 1 and err == b""


@pytest.mark.parametrize(
    "argv, message",
    [
        (["farm", "stat"], "unknown farm command 'stat'; expected one of: serve, credentials, start, stop"),
        (["farm"], "farmhand farm needs a command: serve, credentials, start, stop"),
    ],
)
def test_a_farm_command_typo_lists_all_four(argv, message, capsys):
    assert error_line(capsys, *argv) == f"farmhand: error: {message}"


@pytest.mark.usefixtures("farm_home")
def test_an_invalid_submission_prints_its_tips_as_readable_json(tmp_path, capsys):
    unit = {"name": "masterLayer", "kind": "render_layer", "frames": "1", "cameras": ["cam"]}
    scene_file = str(tmp_path / "scène.ma")
    path = description(tmp_path / "shot.json", host="maya", scene_file=scene_file, units=[unit])
    assert main(["submit", str(path), "--json"]) == 1
    out = capsys.readouterr().out
    assert json.loads(out)["status"] == "invalid" and "scène.ma" in out  # not "sc\\u00e8ne"
