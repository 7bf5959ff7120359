"""Task lifecycle on the real farm, with a worker driving frames through the FrameQueue API."""

from __future__ import annotations

import pytest
from farm_jobs import BLENDER_TASK, HOUDINI_TASK, MAX_TASK, MAYA_TASK, create, frames_of, info, job, submit
from farm_wire import call, data


@pytest.fixture(scope="module")
def queue(farm):
    from farmhand_farm.db import Database
    from farmhand_farm.dispatch import FrameQueue

    database = Database(f"sqlite:///{farm.data_dir / 'farm.db'}")
    yield FrameQueue(database, farm.data_dir)
    database.dispose()


def drain(queue, task_ids, fail=()):
    """Render every runnable frame of these tasks (other tasks' frames are put back by stopping nothing)."""
    claims = []
    while True:
        claim = queue.claim_next("node-a")
        if claim is None:
            return claims
        assert claim.task_id in task_ids or claim.job_id in task_ids, "a frame of another test's task"
        claims.append(claim)
        if claim.frame_spec in fail:
            assert queue.mark_failed(claim, "boom")
        else:
            queue.append_log(claim, f"rendered {claim.frame_spec}")
            assert queue.mark_done(claim, [f"{claim.unit or 'main'}.{claim.frames[0]:04d}.exr"])


def test_submit_without_task_json_is_refused(farm):
    task_id = create(farm)
    envelope = call(farm, "/api/render/submit/task", {"taskId": task_id})
    assert envelope["code"] == 600
    assert "taskJsonFile" in envelope["message"]
    assert info(farm, task_id)["taskStatus"] is None


def test_bad_task_json_is_refused_with_its_reason(farm):
    task_id = create(farm)
    assert (
        call(
            farm,
            "/api/render/submit/taskJsonFile",
            {"taskId": task_id, "fileName": "task.json", "content": "{"},
        )["code"]
        == 600
    )
    bad = job(MAYA_TASK)
    bad["scene_info_render"]["fx"]["common"]["frames"] = "10-x"
    from farm_jobs import upload

    upload(farm, task_id, bad)
    envelope = call(farm, "/api/render/submit/task", {"taskId": task_id})
    assert envelope["code"] == 600 and "fx.common.frames" in envelope["message"]


def test_layered_maya_job_renders_to_finished(farm, queue):
    task_id = submit(farm, job(MAYA_TASK, pre_frames="101", frames_per_task="2"))
    parent = info(farm, task_id)
    assert parent["taskStatus"] == 0 and parent["isOpen"] == 1
    subs = {sub["layerName"]: sub for sub in parent["respRenderingTaskList"]}
    assert set(subs) == {"defaultRenderLayer", "fx"}
    layer = frames_of(farm, subs["defaultRenderLayer"]["id"])
    assert [(f["frameIndex"], f["frameType"]) for f in layer] == [("1", 4), ("4", 4), ("2-3[1]", 5)]
    claims = drain(queue, {task_id} | {s["id"] for s in subs.values()})
    assert len(claims) == 6
    assert claims[0].frame_type == 4 and claims[0].cfg_dir.name == "cfg" and claims[0].job_id == task_id
    done = info(farm, task_id)
    assert done["taskStatus"] == 25 and done["completedDate"] >= done["submitDate"]
    assert [sub["taskStatus"] for sub in done["respRenderingTaskList"]] == [25, 25]
    assert done["doneFrames"] == 6
    log = data(farm, "/api/render/handle/showLog", {"id": claims[0].frame_id, "pageNum": 1, "pageSize": 10})
    assert log["items"] == [f"rendered {claims[0].frame_spec}"]


def test_failed_frames_then_recommit(farm, queue):
    task_id = submit(farm, job(BLENDER_TASK, stop_after_test="2", pre_frames="000", frames_per_task="1"))
    drain(queue, {task_id}, fail=("2", "4"))
    assert info(farm, task_id)["taskStatus"] == 30
    data(farm, "/api/render/handle/recommitTasks", {"taskIds": [task_id]})
    frames = frames_of(farm, task_id)
    assert [(f["frameIndex"], f["frameStatus"], f["recommitFlag"]) for f in frames if f["recommitFlag"]] == [
        ("2", 1, 1),
        ("4", 1, 1),
    ]
    assert info(farm, task_id)["taskStatus"] == 5
    drain(queue, {task_id})
    assert info(farm, task_id)["taskStatus"] == 25
    # legacy restart_type 2 = finished frames
    data(farm, "/api/render/handle/recommitTasks", {"taskIds": [task_id], "restartType": 2})
    assert all(f["frameStatus"] == 1 for f in frames_of(farm, task_id))
    assert info(farm, task_id)["taskStatus"] == 0  # nothing rendered since: waiting again
    drain(queue, {task_id})


def test_all_frames_failing_is_45(farm, queue):
    task_id = submit(farm, job(BLENDER_TASK, stop_after_test="2", pre_frames="000", frames_per_task="5"))
    drain(queue, {task_id}, fail=("1-5[1]",))
    assert info(farm, task_id)["taskStatus"] == 45


def test_stop_revokes_a_running_frame_and_start_resumes(farm, queue):
    task_id = submit(farm, job(BLENDER_TASK, stop_after_test="2", pre_frames="000", frames_per_task="5"))
    claim = queue.claim_next("node-b")
    assert claim.task_id == task_id and info(farm, task_id)["taskStatus"] == 5
    data(farm, "/api/rendering/task/renderingTask/stopTask", {"taskIds": [task_id]})
    assert not queue.still_wanted(claim)
    assert queue.mark_done(claim, ["x.exr"]) is False
    assert frames_of(farm, task_id)[0]["frameStatus"] == 1
    assert queue.claim_next("node-b") is None
    data(farm, "/api/render/handle/startTask", {"taskIds": [task_id]})  # documented alternate path
    assert info(farm, task_id)["taskStatus"] == 0
    drain(queue, {task_id})
    assert info(farm, task_id)["taskStatus"] == 25


def test_stop_after_test_pauses_at_40_until_started(farm, queue):
    task_id = submit(farm, job(BLENDER_TASK))  # pre_frames 100, stop_after_test 1, 2 frames per task
    first = drain(queue, {task_id})
    assert [c.frame_spec for c in first] == ["1"]
    assert info(farm, task_id)["taskStatus"] == 40
    data(farm, "/api/rendering/task/renderingTask/startTask", {"taskIds": [task_id]})
    rest = drain(queue, {task_id})
    assert [c.frame_spec for c in rest] == ["2-3[1]", "4-5[1]"]
    assert info(farm, task_id)["taskStatus"] == 25


def test_houdini_renders_wait_for_the_cache(farm, queue):
    task_id = submit(farm, job(HOUDINI_TASK))
    task = info(farm, task_id)
    assert task["framesRange"] == "/out/filecache11-3[1],/out/mantra11-3[1]"  # node + frames, as Fox shows
    frames = frames_of(farm, task_id)
    assert [(f["frameType"], f["frameStatus"], f["gopName"]) for f in frames] == [
        (8, 1, "/out/filecache1"),
        (5, 10, None),
        (5, 10, None),
        (5, 10, None),
    ]
    sim = queue.claim_next("node-c")
    assert sim.unit == "/out/filecache1" and sim.frames == [1, 2, 3]
    assert queue.claim_next("node-c") is None  # renders wait for the simulation
    queue.mark_done(sim)
    assert [f["frameStatus"] for f in frames_of(farm, task_id)] == [4, 1, 1, 1]
    drain(queue, {task_id})
    assert info(farm, task_id)["taskStatus"] == 25


def test_tiles_split_each_frame_into_blocks(farm, queue):
    task_id = submit(farm, job(MAX_TASK))
    frames = frames_of(farm, task_id)
    assert [(f["frameIndex"], f["frameBlock"]) for f in frames] == [
        ("0", "1"),
        ("0", "2"),
        ("0", "3"),
        ("0", "4"),
    ]
    assert info(farm, task_id)["taskKeyValueVo"]["tiles"] == "4"
    claims = drain(queue, {task_id})
    assert [c.frame_block for c in claims] == ["1", "2", "3", "4"] and claims[0].tiles == 4


def test_abandon_and_delete(farm, queue):
    task_id = submit(farm, job(MAYA_TASK))
    data(farm, "/api/render/handle/abandonTask", {"taskIds": [task_id]})
    assert info(farm, task_id)["taskStatus"] == 35
    assert {f["frameStatus"] for f in frames_of(farm, task_id)} == {3}
    assert queue.claim_next("node-d") is None
    data(farm, "/api/render/handle/deleteTask", {"taskIds": [task_id]})
    listed = data(farm, "/api/render/handle/getTaskList/v2", {"pageNum": 1, "pageSize": 100})
    assert task_id not in [item["id"] for item in listed["items"]]
    assert info(farm, task_id)["isDelete"] == 0


def test_stop_selected_frames_and_restart_them(farm, queue):
    task_id = submit(farm, job(BLENDER_TASK, stop_after_test="2", pre_frames="000", frames_per_task="1"))
    ids = [f["id"] for f in frames_of(farm, task_id)][:2]
    data(farm, "/api/render/handle/stopTaskFrames", {"taskId": task_id, "selectAll": 0, "ids": ids})
    assert [f["frameStatus"] for f in frames_of(farm, task_id)] == [3, 3, 1, 1, 1]
    drain(queue, {task_id})
    assert info(farm, task_id)["taskStatus"] == 25  # aborted frames are not failures
    body = {"taskId": task_id, "selectAll": 0, "ids": ids[:1], "status": [3]}
    data(farm, "/api/render/handle/recommitTaskFrames", body)
    assert [f["frameStatus"] for f in frames_of(farm, task_id)][:2] == [1, 3]
    drain(queue, {task_id})


def test_unknown_or_foreign_task_ids_change_nothing(farm):
    task_id = submit(farm, job(MAYA_TASK))
    envelope = call(farm, "/api/rendering/task/renderingTask/stopTask", {"taskIds": [task_id, 999]})
    assert envelope["code"] == 404
    assert info(farm, task_id)["taskStatus"] == 0
    data(farm, "/api/render/handle/abandonTask", {"taskIds": [task_id]})


def test_layered_houdini_runs_caches_in_order_then_renders_across_sub_tasks(farm, queue):
    document = job(HOUDINI_TASK, enable_layered="1")
    document["scene_info_render"]["geo_node"] = [
        {"node": "/out/sim", "frames": "1-3[1]", "option": "0", "render": "1", "geoDependencySort": "1"},
        {"node": "/out/mesh", "frames": "1-3[1]", "option": "0", "render": "1", "geoDependencySort": "2"},
    ]
    task_id = submit(farm, document)
    subs = {sub["layerName"]: sub["id"] for sub in info(farm, task_id)["respRenderingTaskList"]}
    assert set(subs) == {"/out/sim", "/out/mesh", "/out/mantra1"}

    def states(layer):
        return [f["frameStatus"] for f in frames_of(farm, subs[layer])]

    assert (states("/out/sim"), states("/out/mesh"), states("/out/mantra1")) == ([1], [10], [10, 10, 10])
    sim = queue.claim_next("node-e")
    assert sim.unit == "/out/sim" and queue.claim_next("node-e") is None
    assert info(farm, task_id)["taskStatus"] == 5
    queue.mark_done(sim)
    assert (states("/out/mesh"), states("/out/mantra1")) == ([1], [10, 10, 10])
    mesh = queue.claim_next("node-e")
    assert mesh.unit == "/out/mesh" and mesh.job_id == task_id
    queue.mark_failed(mesh, "out of disk")
    # nothing can run any more: the renders are stuck behind the failed cache
    assert info(farm, subs["/out/mantra1"])["taskStatus"] == 45
    assert info(farm, task_id)["taskStatus"] == 30
    data(farm, "/api/render/handle/recommitTasks", {"taskIds": [subs["/out/mesh"]]})
    assert info(farm, task_id)["taskStatus"] in (0, 5)
    drain(queue, {task_id, *subs.values()})
    assert [sub["taskStatus"] for sub in info(farm, task_id)["respRenderingTaskList"]] == [25, 25, 25]
    assert info(farm, task_id)["taskStatus"] == 25


def test_whole_task_timeout_stops_with_23_and_reminder_flag(farm, queue):
    from farmhand_farm.protocol import lifecycle
    from farmhand_farm.protocol.store import tasks
    from farmhand_farm.users import now_ms

    document = job(BLENDER_TASK, stop_after_test="2", pre_frames="000", task_stop_time="60", time_out="5")
    task_id = submit(farm, document)
    claim = queue.claim_next("node-f")
    assert claim.task_id == task_id
    assert info(farm, task_id)["isOverTime"] == 0
    with queue.db.write() as conn:
        conn.execute(tasks.update().where(tasks.c.id == task_id).values(start_time=now_ms() - 10_000))
    assert info(farm, task_id)["isOverTime"] == 1  # past the 5 s reminder
    with queue.db.write() as conn:
        assert lifecycle.stop_overdue(conn, now_ms()) == []  # 10 s < 60 s
        assert lifecycle.stop_overdue(conn, now_ms() + 51_000) == [task_id]
    assert info(farm, task_id)["taskStatus"] == 23
    assert queue.mark_done(claim) is False  # the running frame was handed back
    data(farm, "/api/rendering/task/renderingTask/startTask", {"taskIds": [task_id]})
    assert info(farm, task_id)["taskStatus"] == 0
    data(farm, "/api/render/handle/abandonTask", {"taskIds": [task_id]})
