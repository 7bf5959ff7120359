"""The farm as a service: persistence across restarts, credentials, binding, fault injection, the CLIs."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import time

import pytest
import requests
from farm_jobs import MAYA_TASK, create, info, job, submit
from farm_wire import call, data, signed_post


def test_everything_persists_across_a_restart(farm_factory):
    farm = farm_factory()
    task_id = submit(farm, job(MAYA_TASK), labels=["keep"])
    data(farm, "/api/rendering/task/renderingTask/stopTask", {"taskIds": [task_id]})
    data(farm, "/api/render/project/add", {"newName": "persisted", "status": 0})
    data(farm, "/api/render/setUp/updateUserSetting", {"taskOverTimeSec": 5400})
    env = {
        "cgId": 2007,
        "cgName": "Blender",
        "cgVersion": "4.2",
        "editName": "b42",
        "renderSystem": 0,
        "pluginIds": [],
    }
    data(farm, "/api/render/plugin/addUserPluginConfig", env)
    now = int(time.time())
    assert (
        call(farm, "/api/render/common/queryPlatforms", {"zone": 2}, timestamp=now, nonce="909090")["code"]
        == 200
    )
    before = info(farm, task_id)

    farm.restart()

    after = info(farm, task_id)
    assert after == dict(before)
    assert after["taskStatus"] == 10 and json.loads(after["labels"]) and after["respRenderingTaskList"]
    projects = data(farm, "/api/render/project/list", {"flag": 0})["projectNameList"]
    assert [p["projectName"] for p in projects] == ["persisted"]
    assert data(farm, "/api/render/setUp/queryUserSetting")["taskOverTimeSec"] == 5400
    assert [e["editName"] for e in data(farm, "/api/render/plugin/getUserPluginConfig", {"osName": 0})] == [
        "b42"
    ]
    assert create(farm) > max(
        sub["id"] for sub in after["respRenderingTaskList"]
    )  # the id sequence continues
    replay = call(farm, "/api/render/common/queryPlatforms", {"zone": 2}, timestamp=now, nonce="909090")
    assert replay["code"] == 610  # seen nonces survive the restart
    data(farm, "/api/rendering/task/renderingTask/startTask", {"taskIds": [task_id]})
    assert info(farm, task_id)["taskStatus"] == 0


def test_generated_credentials_are_private_and_stable(tmp_path):
    from farmhand_farm import credentials

    first = credentials.load_or_create(tmp_path)
    path = tmp_path / credentials.FILE_NAME
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert credentials.load_or_create(tmp_path) == first
    assert not [p for p in tmp_path.iterdir() if p.name != credentials.FILE_NAME]  # no temp file left
    path.write_text("{broken")
    with pytest.raises(credentials.CredentialsError, match="not a farm credentials file"):
        credentials.load_or_create(tmp_path)


def test_half_given_credentials_are_refused(tmp_path, monkeypatch):
    from farmhand_farm import credentials

    monkeypatch.delenv(credentials.ENV_ID, raising=False)
    monkeypatch.delenv(credentials.ENV_KEY, raising=False)
    with pytest.raises(credentials.CredentialsError, match="both"):
        credentials.resolve(tmp_path, access_id="only-id")
    monkeypatch.setenv(credentials.ENV_ID, "env-id")
    monkeypatch.setenv(credentials.ENV_KEY, "env-key")
    assert credentials.resolve(tmp_path) == ("env-id", "env-key")
    assert credentials.resolve(tmp_path, "flag-id", "flag-key") == ("flag-id", "flag-key")


def test_farmhand_farm_credentials_command_prints_the_stored_pair(tmp_path):
    from farmhand_farm import credentials

    access_id, access_key = credentials.load_or_create(tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "farmhand", "farm", "credentials", "--data", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert access_id in result.stdout and access_key in result.stdout


def test_core_farm_command_explains_a_missing_farm(monkeypatch):
    from farmhand.cli import farm as farm_command
    from farmhand.cli import main

    monkeypatch.setattr(farm_command.importlib.util, "find_spec", lambda name: None)
    assert main(["farm", "credentials"]) == 2


def test_core_never_imports_the_farm():
    code = "import sys, farmhand.cli, farmhand.cli.farm, farmhand.api; print('farmhand_farm' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "False", result.stderr


def test_serves_on_loopback_only_by_default(farm):
    listening = farm.log()  # the server log holds no secret either
    assert farm.access_key not in listening
    assert farm.url.startswith("http://127.0.0.1:")


def test_server_log_never_contains_the_key_or_signatures(farm_factory):
    farm = farm_factory(args=["--log-level", "debug"])
    response = signed_post(farm, "/api/render/common/queryPlatforms", {"zone": 2})
    signature = response.request.headers["signature"]
    call(farm, "/api/render/common/queryPlatforms", {"zone": 2}, key="wrong")
    farm.stop()
    log = farm.log()
    assert "/api/render/common/queryPlatforms" in log  # access log on at debug level
    assert farm.access_key not in log and signature not in log


def test_fault_injection_kinds(farm_factory):
    """Each kind does what faults.py promises; `exempt` paths are never faulted."""
    exempt = "exempt=/api/render/handle/queryTaskInfo"
    farm = farm_factory(env={"FARMHAND_FARM_FAULTS": f"drop_after=1.0;{exempt}"})
    with pytest.raises(requests.exceptions.RequestException):
        signed_post(farm, "/api/render/submit/createTask", {"count": 1, "taskUserLevel": 50})
    # the task was created although the answer was lost: find it through an exempt path
    created = data(farm, "/api/render/handle/queryTaskInfo/v2", {"taskIds": [1000000]})["items"]
    assert [t["id"] for t in created] == [1000000]

    farm = farm_factory(env={"FARMHAND_FARM_FAULTS": f"http5xx=1.0;{exempt}"})
    response = signed_post(farm, "/api/render/submit/createTask", {"count": 1, "taskUserLevel": 50})
    assert response.status_code == 502 and response.headers["content-type"].startswith("text/html")
    nothing_made = call(farm, "/api/render/handle/queryTaskInfo/v2", {"taskIds": [1000000]})
    assert nothing_made["code"] == 404

    farm = farm_factory(env={"FARMHAND_FARM_FAULTS": "code=1.0"})
    assert call(farm, "/api/render/common/queryPlatforms", {"zone": 2})["code"] == 500

    farm = farm_factory(env={"FARMHAND_FARM_FAULTS": "http500_success=1.0"})
    response = signed_post(farm, "/api/render/common/queryPlatforms", {"zone": 2})
    assert response.status_code == 500
    assert response.json()["data"] == [{"platform": 2, "name": "query_platform_w2"}]

    farm = farm_factory(env={"FARMHAND_FARM_FAULTS": "null_data=1.0"})
    response = signed_post(farm, "/api/render/setUp/queryUserProfile", {})
    assert response.status_code == 200 and response.json()["code"] == 200 and response.json()["data"] is None

    farm = farm_factory(env={"FARMHAND_FARM_FAULTS": "stall=1.0;stall_seconds=2"})
    with pytest.raises(requests.exceptions.Timeout):
        requests.post(farm.url + "/api/render/common/queryPlatforms", data="{}", timeout=0.5)


def test_fault_spec_is_checked(tmp_path):
    from farmhand_farm.faults import FaultPolicy, FaultSpecError

    policy = FaultPolicy.parse("drop=0.25,code=0.25;stall_seconds=1.5;seed=3;exempt=/a,/b")
    assert policy.rates == {"drop": 0.25, "code": 0.25} and policy.stall_seconds == 1.5
    picks = [policy.pick("/x") for _ in range(2000)]
    assert 0.4 < sum(p is not None for p in picks) / len(picks) < 0.6
    assert policy.pick("/a/b") is None
    for bad in ("explode=0.1", "drop=lots", "drop=0.7,code=0.7"):
        with pytest.raises(FaultSpecError):
            FaultPolicy.parse(bad)
    env = dict(os.environ, FARMHAND_FARM_FAULTS="explode=1")
    result = subprocess.run(
        [sys.executable, "-m", "farmhand_farm", "serve", "--data", str(tmp_path), "--port", "0"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert result.returncode == 2 and "unknown fault kind" in result.stderr


def test_port_in_use_is_a_clear_error(farm, tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "farmhand_farm", "serve", "--data", str(tmp_path), "--port", str(farm.port)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2 and "farmhand farm: error:" in result.stderr
    assert "Traceback" not in result.stderr


def test_listening_socket_disables_nagle_for_keep_alive_latency():
    import socket

    from farmhand_farm.serve import bind

    sock = bind("127.0.0.1", 0)
    try:
        assert sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)
    finally:
        sock.close()


def test_a_database_from_an_older_farm_is_refused_clearly(tmp_path):
    import sqlite3

    from farmhand_farm.db import Database, SchemaMismatch
    from farmhand_farm.protocol import store  # noqa: F401  (defines the tables)

    with sqlite3.connect(tmp_path / "farm.db") as old:
        old.execute("CREATE TABLE frames (id INTEGER PRIMARY KEY, task_id INTEGER)")
    database = Database(f"sqlite:///{tmp_path / 'farm.db'}")
    with pytest.raises(SchemaMismatch, match="table frames lacks .*stage"):
        database.create_all()
    database.dispose()


def test_concurrent_creations_get_distinct_ids_and_no_errors(farm):
    from concurrent.futures import ThreadPoolExecutor

    def create_two(_):
        return data(farm, "/api/render/submit/createTask", {"count": 2, "taskUserLevel": 50})["taskIdList"]

    with ThreadPoolExecutor(max_workers=8) as pool:
        batches = list(pool.map(create_two, range(24)))
    ids = [task_id for batch in batches for task_id in batch]
    assert len(ids) == 48 and len(set(ids)) == 48
    assert all(batch[1] == batch[0] + 1 for batch in batches)  # a batch is one consecutive allocation


def test_a_new_data_directory_is_owner_only(tmp_path):
    # A fresh interpreter: create_app is meant to run once per process (route modules register there).
    data_dir = tmp_path / "new-farm"
    code = (
        "import sys\n"
        "from farmhand_farm.app import create_app\n"
        "from farmhand_farm.settings import FarmSettings\n"
        "create_app(FarmSettings(data_dir=sys.argv[1], credentials={'id': 'key'}))\n"
    )
    command = [sys.executable, "-c", code, str(data_dir)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE(data_dir.stat().st_mode) == 0o700
