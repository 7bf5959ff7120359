"""The client against Farmhand's real farm server on loopback: every endpoint, one whole workflow.

The job is built from a real Houdini sample scene with the project's own reader
and job-file builder, so the farm materialises frames from real data.
"""

from __future__ import annotations

import json
import time

import pytest
import requests

from farmhand.api import (
    InvalidParameter,
    NotFound,
    RenderbusClient,
    RenderbusError,
    SignatureError,
    SignatureExpired,
    signing,
)
from farmhand.api import endpoints as ep
from farmhand.api.submission import submit_job


@pytest.fixture(scope="module")
def client(farm):
    with farm.client(timeout=10) as made:
        yield made


def test_account_endpoints(client):
    assert {"platform": 2, "name": "query_platform_w2"} in client.platforms()
    profile = client.user_profile()
    assert client.user_id() == profile["userId"]
    client.update_user_settings(7200)
    assert client.user_settings()["taskOverTimeSec"] == 7200
    bids = client.transfer_bids()
    assert {"config_bid", "input_bid", "output_bid"} <= set(bids)
    info = client.account_info()
    assert info["userId"] == profile["userId"] and info["config_bid"] == bids["config_bid"]
    assert client.transfer_config()["resqEngines"]
    assert "raysyncTransfer" in client.transfer_server_info()
    assert client.raysync_user_key()["userName"] == profile["userName"]
    configs = client.hardware_configs()
    assert configs and all("notSupportCgId" in config for config in configs)
    assert isinstance(client.pack_node_info(), list)
    assert all("loginTime" in record for record in client.iter_login_records())
    assert isinstance(list(client.iter_task_records()), list)


def test_software_catalogue_and_error_codes(client):
    software = {item["cgId"]: item["cgName"] for item in client.software_list()["renderInfoList"]}
    assert software[2004] == "Houdini"
    versions = [item["cgVersion"] for item in client.software_detail(2004, "linux")["cgVersion"]]
    assert versions
    details = client.analyse_error_details(codes=["10012"])
    assert [item["code"] for item in details] == ["10012"] and details[0]["type"] in (0, 1)


def test_render_environment_lifecycle(client):
    version = client.software_detail(2004, "linux")["cgVersion"][0]["cgVersion"]
    env = {"cgId": 2004, "cgName": "Houdini", "cgVersion": version, "editName": "api-env", "renderSystem": 0}
    env["pluginIds"] = []
    assert client.add_render_env(env) == {"editName": "api-env"}
    client.edit_render_env(dict(env, projectPath="/proj"))
    client.set_default_render_env("api-env")
    (saved,) = [e for e in client.render_envs(cg_id=2004, os_name=0) if e["editName"] == "api-env"]
    assert saved["isDefault"] == 1 and saved["projectPath"] == "/proj"
    client.delete_render_env("api-env")
    assert all(e["editName"] != "api-env" for e in client.render_envs(cg_id=2004, os_name=0))


def test_project_lifecycle(client):
    client.add_project("api-proj")
    project_id = client.ensure_project("api-proj")
    assert {"projectId": project_id, "projectName": "api-proj"} in client.projects()
    assert "api-proj" in [p["projectName"] for p in client.project_names()["projectNameList"]]
    assert client.ensure_project("api-proj") == project_id
    client.delete_project("api-proj")
    assert all(p["projectName"] != "api-proj" for p in client.projects())


def test_whole_task_workflow(client, job_documents):
    task_id = submit_job(client, job_documents, labels=["workflow"])
    task = client.get_task(task_id)
    assert task["taskStatus"] == 0 and task["totalFrames"] == 12 and task["projectName"] == "api-tests"
    assert task_id in [t["id"] for t in client.iter_tasks(page_size=2)]
    assert client.sub_task_ids(task_id) == [task_id]

    frames = list(client.iter_frames(task_id, page_size=5))
    assert sorted(int(f["frameIndex"]) for f in frames) == list(range(1, 13))
    assert len({f["id"] for f in frames}) == 12
    assert client.all_frame_stats()["totalFrames"] >= 12

    client.stop_frames_by_number(task_id, ["3"])
    assert _frame(client, task_id, "3")["frameStatus"] == 3
    client.restart_frames_by_number(task_id, ["3"])
    assert _frame(client, task_id, "3")["frameStatus"] == 1
    with pytest.raises(NotFound, match="no frame 99"):
        client.frame_ids_for(task_id, ["99"])
    client.stop_frames(task_id)
    client.restart_frames(task_id)
    client.restart_failed_frames([task_id])

    client.update_priority(task_id, 60)
    client.update_task_limit(task_id, 3)
    assert client.set_overtime_stop([task_id], 600) == "SUCCESS"
    client.full_speed([task_id])
    config = client.hardware_configs()[0]
    client.edit_task_hardware_config([task_id], [config["id"]], config["model"], "0", config["ram"])
    task = client.get_task(task_id)
    assert task["taskUserLevel"] == 60 and task["taskLimit"] == 3

    client.add_task_label("hero", [task_id])
    assert "hero" in json.loads(client.get_task(task_id)["labels"]).values()
    client.delete_task_labels([task_id], ["hero"])
    assert "hero" not in json.loads(client.get_task(task_id)["labels"]).values()

    assert client.task_progress_image(task_id)["sceneName"] == task["sceneName"]
    assert isinstance(client.output_files("/", task_id), list)
    assert client.render_log(frames[0]["id"])["items"] == []
    with pytest.raises(InvalidParameter, match="not done"):
        client.frame_thumbnail(frames[0]["id"])

    client.stop_tasks([task_id])
    assert client.get_task(task_id)["taskStatus"] in (10, 15)
    client.start_tasks([task_id])
    assert client.get_task(task_id)["taskStatus"] == 0
    client.abandon_tasks([task_id])
    assert client.get_task(task_id)["taskStatus"] == 35
    client.delete_tasks([task_id])
    assert task_id not in [t["id"] for t in client.iter_tasks()]


def _frame(client, task_id, label):
    (frame,) = [f for f in client.iter_frames(task_id) if f["frameIndex"] == label]
    return frame


def test_a_job_whose_files_are_refused_leaves_no_task(client, job_documents):
    documents = dict(job_documents, **{"tips.json": "this is not json"})
    with pytest.raises(InvalidParameter):
        submit_job(client, documents, labels=["refused-job"])
    assert not [t for t in client.iter_tasks() if "refused-job" in t["labels"]]


def test_unknown_task_and_bad_parameters_are_typed(client):
    with pytest.raises(NotFound) as caught:
        client.get_task(1)
    assert caught.value.code == 404 and caught.value.request_id
    with pytest.raises(InvalidParameter):
        client.software_detail(424242, "linux")


def test_wrong_key_gives_611(farm):
    wrong = RenderbusClient(farm.access_id, "not-the-key", farm.domain, protocol="http", timeout=10)
    with wrong, pytest.raises(SignatureError) as caught:
        wrong.platforms()
    assert caught.value.code == 611


def test_replayed_request_gives_610_through_the_client(farm, monkeypatch):
    monkeypatch.setattr(signing, "new_nonce", lambda: "424242")
    frozen = float(int(time.time()))
    with farm.client(timeout=10) as replaying:
        replaying.transport.clock = lambda: frozen
        monkeypatch.setattr(replaying.transport, "_resync", lambda server_time: None)
        replaying.platforms()
        with pytest.raises(SignatureExpired) as caught:
            replaying.platforms()
    assert caught.value.code == 610


def test_replayed_raw_request_gives_610(farm):
    body = {"zone": 1}
    headers = signing.signed_headers(
        farm.access_id, farm.access_key, farm.domain, ep.PLATFORMS, body, platform="2"
    )
    answers = [
        requests.post(farm.url + ep.PLATFORMS, data=json.dumps(body), headers=headers, timeout=10).json()
        for _ in range(2)
    ]
    assert [answer["code"] for answer in answers] == [200, 610]


def test_errors_are_farmhand_errors_with_one_line_messages(client):
    with pytest.raises(RenderbusError) as caught:
        client.get_task(2)
    assert "\n" not in str(caught.value) and ep.TASK_INFO in str(caught.value)
