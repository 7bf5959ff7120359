"""The Submit operator against the real local farm: background submission, progress, frames back.

The add-on's timer callback is what Blender's event loop would call; ``bpy`` as a module has no
event loop, so the tests call it themselves while the worker thread uploads and the farm renders.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import addon_fixtures
import pytest
from addon_fixtures import drive, farm_profile, open_blend, write_profiles
from conftest import ROOT

bpy = pytest.importorskip("bpy")
Image = pytest.importorskip("PIL.Image")

pytestmark = [pytest.mark.blender, pytest.mark.slow]
addon, home = addon_fixtures.addon, addon_fixtures.home

MAKE_TINY_BLEND = os.path.join(ROOT, "tests", "farm", "make_tiny_blend.py")


@pytest.fixture
def render_farm(farm_factory):
    """The real farm with one worker rendering with this machine's bpy."""
    return farm_factory(env={"FARMHAND_FARM_WORKERS": "1"})


@pytest.fixture
def cube(addon, tmp_path):
    """A tiny Cycles scene (64x64, 4 samples, a texture and a linked library), open in this process."""
    subprocess.run(
        [sys.executable, MAKE_TINY_BLEND, str(tmp_path / "proj"), "4", "64"], check=True, timeout=120
    )
    open_blend(tmp_path / "proj" / "shot.blend")
    yield tmp_path / "proj"
    bpy.ops.wm.read_factory_settings(use_empty=True)


def runner():
    from blender_addon.farmhand_blender.background import RUNNER

    return RUNNER


def tick():
    from blender_addon.farmhand_blender.background import tick as timer_callback

    return timer_callback()


def choose_farm(home, server, name="farm"):
    write_profiles(home, {name: farm_profile(server)})
    bpy.context.scene.farmhand.profile = name


def test_submit_renders_in_the_background_and_downloads_the_frames(cube, home, render_farm):
    from blender_addon.farmhand_blender.background import tick as timer_callback
    from blender_addon.farmhand_blender.panel_model import panel_model

    choose_farm(home, render_farm)
    settings = bpy.context.scene.farmhand
    settings.use_custom_frames, settings.frames = True, "1-2[1]"
    settings.auto_download, settings.download_dir = True, "//downloads/"
    settings.job_name, settings.project = "addon test", "blender-addon"

    started = time.monotonic()
    assert bpy.ops.farmhand.submit() == {"FINISHED"}
    returned_after = time.monotonic() - started
    assert runner().busy and bpy.app.timers.is_registered(timer_callback)
    assert panel_model(bpy.context).blocked == "a submission is running"

    seen_stages, transfers, frame_counts = [], [], []
    deadline = time.monotonic() + 300
    interval = tick()
    while interval is not None:
        assert time.monotonic() < deadline, f"no end: {runner().view.log[-5:]}"
        view = runner().view
        if not seen_stages or seen_stages[-1] != view.stage:
            seen_stages.append(view.stage)
        if view.transfer is not None:
            transfers.append(view.transfer)
        if view.task is not None:
            frame_counts.append(view.task.frames_done)
        time.sleep(0.05)
        interval = tick()

    view = runner().view
    assert view.error == "" and not view.cancelled, view.log
    assert view.task.status == "done" and (view.task.frames_done, view.task.frames_total) == (2, 2)
    assert {"upload", "monitor"} <= set(seen_stages) and view.stage == "done"
    uploads = [event for event in transfers if event.phase in ("hashing", "uploading")]
    assert uploads and max(event.files_total for event in uploads) >= 3  # scene, texture, library
    assert frame_counts == sorted(frame_counts)
    # The operator only hands the work over: it returns long before the farm has rendered.
    assert returned_after < 5 and view.finished - view.started > returned_after

    folder = cube / "downloads"
    images = sorted(Path(path) for path in view.downloaded if path.endswith(".png"))
    assert [image.name for image in images] == ["cube_0001.png", "cube_0002.png"]
    assert all(folder in image.parents for image in images)
    for image in images:
        with Image.open(image) as picture:
            assert (picture.format, picture.size) == ("PNG", (64, 64))
            low, high = zip(*picture.convert("RGB").getextrema())
            assert max(h - lo for lo, h in zip(low, high)) > 40, "blank frame"

    current = panel_model(bpy.context)
    assert current.job.task_id == view.task_id and current.blocked == ""
    assert tick() is None  # Blender drops a timer whose callback returns None

    # Download again on demand, into another folder.
    settings.download_dir = "//again/"
    assert bpy.ops.farmhand.download() == {"FINISHED"}
    drive(lambda: not runner().busy, 120, tick)
    again = runner().view
    assert again.kind == "download" and again.error == "" and again.task_id == view.task_id
    assert sorted(Path(path).name for path in again.downloaded if path.endswith(".png")) == [
        "cube_0001.png",
        "cube_0002.png",
    ]
    assert all(cube / "again" in Path(path).parents for path in again.downloaded)


def test_cancel_stops_following_and_leaves_the_addon_ready(cube, home, farm):
    """With no farm worker the task waits forever: Cancel must end the job, not Blender's patience."""
    choose_farm(home, farm, "idle")
    bpy.context.scene.farmhand.auto_download = False
    assert bpy.ops.farmhand.submit() == {"FINISHED"}
    drive(lambda: runner().view.stage == "monitor" or not runner().busy, 120, tick)
    assert runner().busy and runner().view.task is not None
    assert runner().view.task.status == "waiting"
    assert bpy.ops.farmhand.cancel() == {"FINISHED"}
    drive(lambda: not runner().busy, 30, tick)
    view = runner().view
    assert view.cancelled and "cancel" in view.error
    assert view.task_id and view.downloaded == []
    assert tick() is None
    with pytest.raises(RuntimeError):
        bpy.ops.farmhand.cancel()  # nothing left to cancel: poll() refuses
    # The farm still has the task: cancelling in Blender only stopped following it.
    assert farm.client().get_task(int(view.task_id))
