"""End to end through the dialog: a real .blend, read offline, rendered by the farm's bpy worker, downloaded.

The dialog is host-neutral, so a Blender scene exercises the whole progress
view (frames finishing one by one, downloads as they finish) on a farm that
really renders; Maya/Houdini/Max scenes cannot render here.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from Qt import QtCore
from submitter_helpers import RUN_TIMEOUT_MS, farm_factory_for, open_ready_dialog

from farmhand.scenes import read_scene

pytest.importorskip("bpy")

pytestmark = [pytest.mark.qt, pytest.mark.blender, pytest.mark.slow]

MAKE_TINY_BLEND = Path(__file__).resolve().parents[1] / "farm" / "make_tiny_blend.py"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def test_a_followed_task_shows_each_frame_finish_and_downloads_it(qtbot, tmp_path, farm_factory, no_config):
    project = tmp_path / "proj"
    command = [sys.executable, str(MAKE_TINY_BLEND), str(project), "2", "32"]
    subprocess.run(command, check=True, capture_output=True, timeout=120)
    scene = read_scene(str(project / "shot.blend"))
    farm = farm_factory("render", args=["--workers", "1"])
    dialog = open_ready_dialog(qtbot, scene, no_config, farm_factory_for(farm, []), follow=True)
    frames_dir = tmp_path / "frames"
    dialog.job.download_dir.setText(str(frames_dir))

    with qtbot.waitSignal(dialog.finished_submission, timeout=RUN_TIMEOUT_MS) as finished:
        qtbot.mouseClick(dialog.submit_button, QtCore.Qt.MouseButton.LeftButton)

    runner = finished.args[0]
    assert runner.error is None, runner.error
    result = runner.submission.result
    assert result.status == "done"
    expected = [str(frames_dir / f"cube_{frame:04d}.png") for frame in (1, 2, 3)]
    assert sorted(result.downloaded) == expected
    for path in expected:
        assert Path(path).read_bytes().startswith(PNG_SIGNATURE)
    progress = dialog.progress
    shown = [progress.downloads.item(row).text() for row in range(progress.downloads.count())]
    assert sorted(shown) == expected
    rows = [progress.frames.topLevelItem(i) for i in range(progress.frames.topLevelItemCount())]
    assert {row.text(0) for row in rows} == {"1", "2", "3"}
    assert {row.text(1) for row in rows} == {"done"}
    assert progress.frames_text.text() == "3/3 frames done (done)"
    assert progress.frames_bar.value() == progress.frames_bar.maximum() == 3
    log = progress.log.toPlainText()
    assert log.index("[monitor]") < log.index("[download]") < log.index("[done]")
    assert dialog.status.text() == f"task {result.task_id}: done"
