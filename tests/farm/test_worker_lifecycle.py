"""The worker pool under interruption: stop / abandon / restart while rendering, a killed renderer,
a killed farm.  Each test runs its own farm (one render slot) on loopback with a real bpy scene."""

from __future__ import annotations

import os
import signal

import pytest
from worker_helpers import (
    FRAME_DONE,
    FRAME_STARTED,
    FRAME_WAITING,
    blender_scene,
    frames_of,
    log_text,
    make_blend,
    render_pid,
    submit,
    wait_for,
    wait_for_task,
)

pytest.importorskip("bpy")

# Enough Cycles samples that a 64x64 frame renders for minutes: it is always interrupted.
ENDLESS_SAMPLES = 200_000
TASK_STOPPED, TASK_ABANDONED = 10, 35
FRAME_ABORTED = 3


def started_frame(farm, task_id):
    """Wait until a frame record is started and its renderer process exists; (frame, pid)."""

    def running():
        for frame in frames_of(farm, task_id):
            pid = render_pid(farm, frame["id"]) if frame["frameStatus"] == FRAME_STARTED else None
            if pid:
                return frame, pid
        return None

    return wait_for(running, 60, f"a running renderer for task {task_id}")


def gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    # A zombie still answers kill(0) until its parent reaps it; it no longer runs.
    with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
        return stat.read().rsplit(")", 1)[1].split()[0] == "Z"


@pytest.fixture
def render_farm(farm_factory):
    """One render slot, asked for on the command line (the fixture's environment says 0)."""
    return farm_factory("render", args=["--workers", "1"])


@pytest.fixture
def reopen():
    """``reopen(farm, workers=N)``: another farm process on the same data directory, stopped at the end."""
    opened = []

    def start(farm, workers: int):
        server = type(farm)(farm.data_dir, env={"FARMHAND_FARM_WORKERS": str(workers)})
        opened.append(server)
        return server.start()

    yield start
    for server in opened:
        server.stop()


@pytest.fixture(scope="module")
def endless_blend(tmp_path_factory):
    return make_blend(tmp_path_factory.mktemp("endless") / "proj", samples=ENDLESS_SAMPLES)


@pytest.fixture(scope="module")
def quick_blend(tmp_path_factory):
    return make_blend(tmp_path_factory.mktemp("quick") / "proj", samples=2)


def test_stop_terminates_the_render_and_the_frame_waits(render_farm, endless_blend, tmp_path):
    task_id = submit(render_farm, blender_scene(endless_blend, "1-2[1]"), tmp_path)
    frame, pid = started_frame(render_farm, task_id)
    render_farm.client().stop_tasks([task_id])
    wait_for(lambda: gone(pid), 20, "the renderer to be terminated after stop")
    assert render_farm.client().get_task(task_id)["taskStatus"] == TASK_STOPPED
    assert {f["frameStatus"] for f in frames_of(render_farm, task_id)} == {FRAME_WAITING}
    assert "render terminated" in log_text(render_farm, frame["id"])
    # start: the same frame is claimed again by a new renderer; abandon ends it for good.
    render_farm.client().start_tasks([task_id])
    _, second = started_frame(render_farm, task_id)
    assert second != pid
    render_farm.client().abandon_tasks([task_id])
    wait_for(lambda: gone(second), 20, "the renderer to be terminated after abandon")
    assert render_farm.client().get_task(task_id)["taskStatus"] == TASK_ABANDONED
    assert {f["frameStatus"] for f in frames_of(render_farm, task_id)} == {FRAME_ABORTED}


def test_restarting_a_running_frame_renders_it_again(render_farm, endless_blend, tmp_path):
    task_id = submit(render_farm, blender_scene(endless_blend, "1"), tmp_path)
    frame, pid = started_frame(render_farm, task_id)
    render_farm.client().restart_failed_frames([task_id], status=[FRAME_STARTED])
    wait_for(lambda: gone(pid), 20, "the renderer to be terminated after restart")
    _, again = started_frame(render_farm, task_id)
    assert again != pid
    (record,) = frames_of(render_farm, task_id)
    assert record["recommitFlag"] == 1
    render_farm.client().delete_tasks([task_id])
    wait_for(lambda: gone(again), 20, "the renderer to be terminated after delete")


def test_a_killed_renderer_is_retried_and_the_frame_completes(render_farm, quick_blend, tmp_path):
    task_id = submit(render_farm, blender_scene(quick_blend, "2"), tmp_path)
    frame, pid = started_frame(render_farm, task_id)
    os.kill(pid, signal.SIGKILL)
    info = wait_for_task(render_farm, task_id, timeout=120)
    assert info["taskStatus"] == 25
    (record,) = frames_of(render_farm, task_id)
    assert record["frameStatus"] == FRAME_DONE
    text = log_text(render_farm, frame["id"])
    assert "killed by SIGKILL (crash 1): the frame goes back to waiting" in text
    assert "farmhand-output 2 cube_0002.png" in text


def test_a_killed_farm_loses_nothing_and_its_started_frame_is_rendered_again(
    farm_factory, reopen, endless_blend, tmp_path
):
    farm = farm_factory("killed", env={"FARMHAND_FARM_WORKERS": "1"})
    task_id = submit(farm, blender_scene(endless_blend, "1-3[1]"), tmp_path)
    _, pid = started_frame(farm, task_id)
    before = {f["id"]: f["frameIndex"] for f in frames_of(farm, task_id)}
    farm.process.send_signal(signal.SIGKILL)
    farm.process.wait()
    # The renderer dies with its farm instead of finishing a frame nobody owns.
    wait_for(lambda: gone(pid), 20, "the orphaned renderer to exit")
    farm.stop()
    idle = reopen(farm, workers=0)  # look at the state before any worker takes the frame again
    after = frames_of(idle, task_id)
    assert {f["id"]: f["frameIndex"] for f in after} == before
    assert {f["frameStatus"] for f in after} == {FRAME_WAITING}
    assert idle.client().get_task(task_id)["taskStatus"] == 0
    idle.stop()
    working = reopen(farm, workers=1)
    _, again = started_frame(working, task_id)
    assert again != pid
    working.client().delete_tasks([task_id])


def test_a_farm_shut_down_mid_frame_hands_the_frame_back(farm_factory, reopen, endless_blend, tmp_path):
    farm = farm_factory("graceful", env={"FARMHAND_FARM_WORKERS": "1"})
    task_id = submit(farm, blender_scene(endless_blend, "5"), tmp_path)
    frame, pid = started_frame(farm, task_id)
    farm.stop()  # SIGTERM: the pool terminates the render and gives the frame back
    assert gone(pid)
    log = farm.data_dir / "tasks" / str(task_id) / "logs" / f"{frame['id']}.log"
    assert "the farm is shutting down" in log.read_text(encoding="utf-8")
    idle = reopen(farm, workers=0)
    assert [f["frameStatus"] for f in frames_of(idle, task_id)] == [FRAME_WAITING]


def test_a_task_past_its_overtime_stop_is_stopped_while_its_frame_renders(
    render_farm, endless_blend, tmp_path
):
    task_id = submit(render_farm, blender_scene(endless_blend, "1"), tmp_path)
    _, pid = started_frame(render_farm, task_id)
    render_farm.client().set_overtime_stop([task_id], 1)
    wait_for(lambda: gone(pid), 30, "the renderer to be terminated at the task's timeout")
    assert render_farm.client().get_task(task_id)["taskStatus"] == 23
    assert [f["frameStatus"] for f in frames_of(render_farm, task_id)] == [FRAME_WAITING]
