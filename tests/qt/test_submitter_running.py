"""The submitter running real submissions against the real farm on loopback.

The provider is the one ``farmhand submit`` uses for a local farm
(``http_farm_provider``): task creation over the Renderbus API, uploads with
the HTTP transfer engine, real files hashed and sent from worker threads.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import List

import pytest
from Qt import QtCore, QtWidgets
from submitter_helpers import RUN_TIMEOUT_MS, SceneHost, farm_factory_for, maya_scene, open_ready_dialog

from farmhand.model import Dependency, RenderUnit
from farmhand.qt import SubmitterDialog
from farmhand.transfer.errors import TransferCancelled

pytestmark = pytest.mark.qt

MIB = 1024 * 1024
# The bound: the UI thread never stalls longer than this during an upload.
MAX_STALL = 0.050
PROBE_INTERVAL_MS = 10
Qt = QtCore.Qt


def write_random(path: Path, size: int) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as handle:
        for _ in range(size // MIB):
            handle.write(os.urandom(MIB))
        handle.write(os.urandom(size % MIB))
    return path


def cache_dependency(path: Path, index: int) -> Dependency:
    node, attribute = f"cache{index}", "cacheFileName"
    return Dependency(str(path), files=[str(path)], node=node, attribute=attribute, kind="cache", exists=True)


def start_remote_farm(farm_factory):
    """A farm process in its own session, so that it is scheduled as a separate group.

    A real farm is another machine: its receiving and verifying of the upload
    does not run on the artist's cores.  Linux schedules each session (autogroup)
    as one entity, so a farm started as a child in the test's own session would
    draw on the dialog's share of the two test cores; in its own session it
    competes like any other program.  The dialog's threads are untouched.
    """
    return farm_factory("remote", own_session=True)


class StallProbe:
    """A timer every 10 ms on the UI thread; the longest gap between ticks is the longest stall."""

    def __init__(self) -> None:
        self.ticks: List[float] = []
        self.timer = QtCore.QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(PROBE_INTERVAL_MS)
        self.timer.timeout.connect(lambda: self.ticks.append(time.perf_counter()))

    def start(self) -> None:
        self.ticks = [time.perf_counter()]
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()
        self.ticks.append(time.perf_counter())

    def longest_gap(self) -> float:
        return max(later - earlier for earlier, later in zip(self.ticks, self.ticks[1:]))


def test_ui_stays_responsive_during_a_large_upload(qtbot, tmp_path, farm_factory, monkeypatch, no_config):
    sizes = [96 * MIB, 64 * MIB, 48 * MIB, 48 * MIB + 12345]
    files = [write_random(tmp_path / "caches" / f"sim.{i:04d}.bgeo.sc", size) for i, size in enumerate(sizes)]
    scene = maya_scene(tmp_path / "proj", dependencies=[cache_dependency(f, i) for i, f in enumerate(files)])
    farm = start_remote_farm(farm_factory)
    asked: List[str] = []
    dialog = open_ready_dialog(qtbot, scene, no_config, farm_factory_for(farm, asked), follow=False)
    probe = StallProbe()

    probe.start()
    with qtbot.waitSignal(dialog.finished_submission, timeout=RUN_TIMEOUT_MS) as finished:
        qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    probe.stop()

    runner = finished.args[0]
    assert runner.error is None, runner.error
    result = runner.submission.result
    assert asked == ["local"]
    assert result.status == "submitted" and result.task_id
    scene_size = os.path.getsize(scene.scene_file)
    assert result.upload.files_total == len(files) + 1
    assert result.upload.bytes_uploaded == sum(sizes) + scene_size
    assert dialog.progress.transfer_bar.value() == dialog.progress.transfer_bar.maximum()
    assert f"{len(files) + 1}/{len(files) + 1} files" in dialog.progress.transfer_text.text()
    assert dialog.status.text() == f"task {result.task_id}: submitted"
    assert len(probe.ticks) > 20, "the probe must have run during the upload"
    assert probe.longest_gap() < MAX_STALL, f"the UI thread stalled {probe.longest_gap() * 1000:.0f} ms"


def test_cancel_during_the_upload_stops_before_submitting(qtbot, tmp_path, farm, no_config):
    files = [write_random(tmp_path / "caches" / f"fluid.{i}.vdb", 64 * MIB) for i in range(2)]
    scene = maya_scene(tmp_path / "proj", dependencies=[cache_dependency(f, i) for i, f in enumerate(files)])
    dialog = open_ready_dialog(qtbot, scene, no_config, farm_factory_for(farm, []), follow=False)
    bar = dialog.progress.transfer_bar

    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    assert not dialog.submit_button.isEnabled()
    qtbot.waitUntil(lambda: bar.format().startswith("hashing"), timeout=RUN_TIMEOUT_MS)
    with qtbot.waitSignal(dialog.finished_submission, timeout=RUN_TIMEOUT_MS) as finished:
        qtbot.mouseClick(dialog.progress.cancel_button, Qt.MouseButton.LeftButton)

    runner = finished.args[0]
    assert isinstance(runner.error, TransferCancelled)
    assert runner.submission.result.status == ""
    log = dialog.progress.log.toPlainText()
    assert "[upload]" in log and "[submit]" not in log
    assert dialog.status.text() == "cancelled"
    assert not dialog.progress.cancel_button.isEnabled()
    qtbot.waitUntil(lambda: dialog.submit_button.isEnabled(), timeout=10_000)


def test_following_a_task_shows_its_frames_and_cancel_stops_following(qtbot, tmp_path, farm, no_config):
    units = [RenderUnit("masterLayer", "layer", frames="1-4[1]", cameras=["persp"], output="<Scene>")]
    scene = maya_scene(tmp_path / "proj", layers=units)
    dialog = open_ready_dialog(qtbot, scene, no_config, farm_factory_for(farm, []), follow=True)
    frames = dialog.progress.frames

    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: frames.topLevelItemCount() > 0, timeout=RUN_TIMEOUT_MS)

    labels = {frames.topLevelItem(row).text(0) for row in range(frames.topLevelItemCount())}
    assert labels == {"1", "2", "3", "4"}
    assert dialog.progress.frames_text.text().startswith("0/4 frames done")
    assert dialog.progress.stage.text() == "monitor"
    with qtbot.waitSignal(dialog.finished_submission, timeout=RUN_TIMEOUT_MS) as finished:
        qtbot.mouseClick(dialog.progress.cancel_button, Qt.MouseButton.LeftButton)
    runner = finished.args[0]
    assert isinstance(runner.error, TransferCancelled)
    assert runner.submission.result.status == "submitted"  # the farm keeps the task; we stop following
    assert dialog.status.text() == "cancelled"


def test_a_profile_that_cannot_be_used_fails_in_the_dialog_not_in_the_host(
    qtbot, tmp_path, farmhand_home, no_config
):
    farmhand_home.mkdir(parents=True, exist_ok=True)
    (farmhand_home / "config.yaml").write_text("profiles:\n  cloud:\n    farm: renderbus\n", encoding="utf-8")
    dialog = SubmitterDialog(maya_scene(tmp_path))
    qtbot.addWidget(dialog)
    assert [dialog.job.profile.itemText(i) for i in range(dialog.job.profile.count())] == ["cloud", "local"]
    dialog.job.profile.setCurrentText("cloud")
    qtbot.waitUntil(lambda: dialog.submit_button.isEnabled(), timeout=10_000)

    with qtbot.waitSignal(dialog.finished_submission, timeout=RUN_TIMEOUT_MS) as finished:
        qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)

    assert "profile cloud" in str(finished.args[0].error)
    assert dialog.status.text().startswith("failed: profile cloud: no access_id")
    assert "cannot use profile cloud" in dialog.progress.log.toPlainText()


def answer_next_message_box(button) -> List[str]:
    """Click ``button`` on the next modal message box, as the user would; returns its text once shown."""
    seen: List[str] = []

    def click() -> None:
        box = QtWidgets.QApplication.activeModalWidget()
        if isinstance(box, QtWidgets.QMessageBox):
            seen.append(box.text())
            box.button(button).click()
        else:
            QtCore.QTimer.singleShot(10, click)

    QtCore.QTimer.singleShot(0, click)
    return seen


def test_an_unsaved_scene_is_saved_through_the_host_before_submitting(qtbot, tmp_path, farm, no_config):
    scene = maya_scene(tmp_path / "proj")
    host = SceneHost(scene)
    host.dirty = True
    dialog = SubmitterDialog(scene, host=host, provider_factory=farm_factory_for(farm, []), config=no_config)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.job.wait.setChecked(False)
    qtbot.waitUntil(dialog.submit_button.isEnabled, timeout=10_000)
    buttons = QtWidgets.QMessageBox.StandardButton

    asked = answer_next_message_box(buttons.Cancel)
    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    assert asked and "unsaved changes" in asked[0]
    assert host.saved == 0 and dialog.runner is None

    answer_next_message_box(buttons.Save)
    with qtbot.waitSignal(dialog.finished_submission, timeout=RUN_TIMEOUT_MS) as finished:
        qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    assert host.saved == 1 and not host.dirty
    assert finished.args[0].error is None
    assert finished.args[0].submission.result.status == "submitted"
