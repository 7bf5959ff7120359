"""Calls that create something take effect once, whatever the network does to the first attempt."""

from __future__ import annotations

import uuid

import pytest

from farmhand.api import OutcomeUnknown, ServerError, TransportError
from farmhand.api import endpoints as ep
from farmhand.api import tasks as tasks_module

ENV = {
    "cgId": 2000,
    "cgName": "Maya",
    "cgVersion": "2018",
    "renderLayerType": 0,
    "editName": "mtoa-env",
    "renderSystem": 1,
    "pluginIds": [2703],
}


@pytest.mark.parametrize("fault", ["drop_after", "http502_after"])
def test_create_task_that_took_effect_is_found_not_repeated(fault_farm, make_client, fault):
    fault_farm.inject(ep.CREATE_TASK, fault)
    created = make_client().create_task(labels=["shot010"])
    assert list(fault_farm.state.tasks) == created["taskIdList"]
    assert created["aliasTaskIdList"] == [f"2W{created['taskIdList'][0]}"]
    assert fault_farm.calls(ep.CREATE_TASK) == 1
    labels = fault_farm.state.tasks[created["taskIdList"][0]]["labels"]
    assert labels[0] == "shot010" and labels[1].startswith(tasks_module.MARKER_PREFIX)


@pytest.mark.parametrize("fault", ["drop", "http502", "code500"])
def test_create_task_that_did_not_take_effect_is_sent_again(fault_farm, make_client, fault):
    fault_farm.inject(ep.CREATE_TASK, fault)
    created = make_client().create_task()
    assert list(fault_farm.state.tasks) == created["taskIdList"]
    assert fault_farm.calls(ep.CREATE_TASK) == 2


def test_create_task_stalled_past_the_timeout_is_found_after_settling(fault_farm, make_client):
    fault_farm.stall_seconds = 0.5
    fault_farm.inject(ep.CREATE_TASK, "stall")
    created = make_client(timeout=0.3, settle_delay=0.3).create_task()
    assert list(fault_farm.state.tasks) == created["taskIdList"]
    assert fault_farm.calls(ep.CREATE_TASK) == 1


def test_a_late_duplicate_of_our_own_creation_is_deleted(fault_farm, make_client, monkeypatch):
    fixed = uuid.UUID(int=7)
    monkeypatch.setattr(tasks_module.uuid, "uuid4", lambda: fixed)
    marker = tasks_module.MARKER_PREFIX + fixed.hex
    # An earlier attempt of this same request that landed late already made a task.
    client = make_client()
    earlier = client.call(ep.CREATE_TASK, {"count": 1, "taskUserLevel": 50, "labels": [marker]})
    fault_farm.inject(ep.CREATE_TASK, "drop_after")
    created = client.create_task()
    assert created["taskIdList"] == earlier["taskIdList"]
    assert list(fault_farm.state.tasks) == earlier["taskIdList"]


def test_create_task_is_not_repeated_when_the_farm_cannot_say(fault_farm, make_client):
    fault_farm.inject(ep.CREATE_TASK, "drop_after")
    fault_farm.inject(ep.TASK_LIST, *["http502"] * 8)
    with pytest.raises(OutcomeUnknown, match="check the farm"):
        make_client().create_task()
    assert fault_farm.calls(ep.CREATE_TASK) == 1 and len(fault_farm.state.tasks) == 1


def test_create_task_without_markers_is_never_repeated_after_ambiguity(fault_farm, make_client):
    fault_farm.inject(ep.CREATE_TASK, "http502")
    with pytest.raises(ServerError):
        make_client(mark_creations=False).create_task()
    assert fault_farm.calls(ep.CREATE_TASK) == 1


def test_create_task_gives_up_after_the_attempt_bound(fault_farm, make_client):
    fault_farm.inject(ep.CREATE_TASK, *["drop"] * 10)
    with pytest.raises(TransportError):
        make_client().create_task()
    assert fault_farm.calls(ep.CREATE_TASK) == 4 and fault_farm.state.tasks == {}


@pytest.mark.parametrize(
    "fault, sends", [("drop_after", 1), ("http502_after", 1), ("http502", 2), ("drop", 2)]
)
def test_submit_happens_once(fault_farm, make_client, fault, sends):
    client = make_client()
    task_id = client.create_task_id()
    fault_farm.inject(ep.SUBMIT_TASK, fault)
    assert client.submit_task(task_id) is None
    assert fault_farm.state.tasks[task_id]["taskStatus"] == 0
    assert fault_farm.state.submits[task_id] == 1 and fault_farm.calls(ep.SUBMIT_TASK) == sends


def test_submit_refused_as_duplicate_after_a_late_first_attempt_counts_as_done(fault_farm, make_client):
    client = make_client(timeout=1.0, settle_delay=0.0)
    task_id = client.create_task_id()
    # 1st attempt lands at 1.2 s, after the client's 1.0 s timeout and its lookup (nothing yet);
    # the 2nd runs at about 1.7 s and is refused as "already submitted": that is success.
    fault_farm.inject(ep.SUBMIT_TASK, "stall:1.2", "stall:0.7")
    assert client.submit_task(task_id) is None
    assert fault_farm.state.submits[task_id] == 2
    assert fault_farm.state.tasks[task_id]["taskStatus"] == 0


@pytest.mark.parametrize("fault, sends", [("drop_after", 1), ("http502", 2)])
def test_project_is_added_once(fault_farm, make_client, fault, sends):
    fault_farm.inject(ep.ADD_PROJECT, fault)
    client = make_client()
    assert client.add_project("show-a") is None
    assert [p["projectName"] for p in fault_farm.state.projects] == ["show-a"]
    assert fault_farm.calls(ep.ADD_PROJECT) == sends
    assert client.ensure_project("show-a") == 1 and fault_farm.calls(ep.ADD_PROJECT) == sends


def test_ensure_project_creates_a_missing_project(fault_farm, make_client):
    assert make_client().ensure_project("show-b") == 1
    assert fault_farm.state.projects == [{"projectId": 1, "projectName": "show-b"}]


@pytest.mark.parametrize("fault, sends", [("drop_after", 1), ("http502", 2)])
def test_render_env_is_added_once(fault_farm, make_client, fault, sends):
    fault_farm.inject(ep.ADD_RENDER_ENV, fault)
    assert make_client().add_render_env(ENV) == {"editName": "mtoa-env"}
    assert [e["editName"] for e in fault_farm.state.envs] == ["mtoa-env"]
    assert fault_farm.calls(ep.ADD_RENDER_ENV) == sends
