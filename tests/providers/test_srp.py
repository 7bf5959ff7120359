"""SRP: tasks, webhooks authenticated by the per-task secret, idempotent processing, assets."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from provider_constants import COLLECTION, SRP_KEY
from servers.srp_api import BUCKET

from farmhand.model import SceneDescription
from farmhand.options import JobOptions
from farmhand.providers.base import DONE
from farmhand.providers.srp import CALLBACKS, SrpProvider
from farmhand.providers.srp_client import SrpClient, SrpError
from farmhand.submit import Submission
from farmhand.validate.tips import ERROR, INFO


def _registered(srp, task_id):
    (callback,) = srp.tasks[task_id]["options"]["callback_urls"]
    query = {k: v[0] for k, v in parse_qs(urlsplit(callback["url"]).query).items()}
    return callback, query


def test_task_created_webhook_verified_and_outputs_downloaded(
    srp, srp_provider, srp_listener, srp_state, tmp_path
):
    task_id = srp_provider.create_task(None, None)
    srp.wait_idle()

    callback, query = _registered(srp, task_id)
    secret = callback["headers"]["X-Farm-Token"]
    assert callback["method"] == "post" and len(secret) >= 32 and set(query) == {"job", "t"}
    assert srp.tasks[task_id]["options"]["priority"] == 50
    stored = srp_state.get(CALLBACKS, query["job"])
    assert stored["task_id"] == task_id and secret not in json.dumps(stored)  # only a hash is kept

    assert [r["status"] for r in srp.webhook_results] == [200]
    (outcome,) = srp_listener.outcomes
    assert (outcome.task_id, outcome.status, outcome.duplicate) == (task_id, "done", False)
    relative = srp.tasks[task_id]["output_files"][0]
    assert relative == f"render/sneakers/{task_id}/render.png"
    expected = (srp.root / BUCKET / relative).read_bytes()
    assert [Path(p).read_bytes() for p in outcome.files] == [expected]
    assert outcome.files[0] == str(tmp_path / "srp-outputs" / task_id / relative)
    assert srp_provider.status(task_id).status == DONE


def test_callback_without_or_with_a_wrong_secret_is_rejected(srp, srp_provider, srp_listener):
    srp.render_seconds = 0.5
    task_id = srp_provider.create_task(None, None)
    _callback, query = _registered(srp, task_id)
    payload = {
        "output_files": [],
        "status": "done",
        "task_id": task_id,
        "timestamp": "2026-11-22T06:00:00.000Z",
    }
    url = f"{srp_listener.url}?job={query['job']}"
    assert requests.post(url, json=payload, timeout=10).status_code == 403
    assert requests.post(url, json=payload, headers={"X-Farm-Token": "guess"}, timeout=10).status_code == 403
    assert requests.post(f"{url}&t={'0' * 64}", json=payload, timeout=10).status_code == 403
    assert requests.post(srp_listener.url, json=payload, timeout=10).status_code == 403
    assert srp_listener.outcomes == []  # nothing was fetched or downloaded for them
    srp.wait_idle()
    assert [o.task_id for o in srp_listener.outcomes] == [task_id]


def test_the_url_token_is_accepted_when_a_service_drops_the_header(srp, srp_provider, srp_listener):
    srp.render_seconds = 0.3
    task_id = srp_provider.create_task(None, None)
    _callback, query = _registered(srp, task_id)
    srp.wait_idle()
    payload = {"status": "done", "task_id": task_id, "timestamp": srp.tasks[task_id]["creation_date"]}
    answer = requests.post(f"{srp_listener.url}?job={query['job']}&t={query['t']}", json=payload, timeout=10)
    assert answer.status_code == 200 and answer.json()["duplicate"] is True  # the real callback came first


def test_a_callback_naming_another_task_is_rejected(srp, srp_provider, srp_listener):
    srp.render_seconds = 0.3
    first = srp_provider.create_task(None, None)
    second = srp_provider.create_task(None, None)
    callback, query = _registered(srp, first)
    payload = {"status": "done", "task_id": second}
    answer = requests.post(
        f"{srp_listener.url}?job={query['job']}", json=payload, headers=callback["headers"], timeout=10
    )
    assert answer.status_code == 403
    srp.wait_idle()


def test_a_stale_timestamp_is_rejected(srp, srp_provider, srp_listener):
    srp.render_seconds = 0.3
    task_id = srp_provider.create_task(None, None)
    callback, query = _registered(srp, task_id)
    payload = {"status": "done", "task_id": task_id, "timestamp": "2020-01-01T00:00:00Z"}
    answer = requests.post(
        f"{srp_listener.url}?job={query['job']}", json=payload, headers=callback["headers"], timeout=10
    )
    assert answer.status_code == 403 and "timestamp" in answer.json()["error"]
    srp.wait_idle()


def test_a_duplicated_callback_is_processed_once(srp, srp_provider, srp_listener):
    srp.deliveries = 3
    task_id = srp_provider.create_task(None, None)
    srp.wait_idle()
    assert [r["status"] for r in srp.webhook_results] == [200, 200, 200]
    assert [json.loads(r["body"])["duplicate"] for r in srp.webhook_results] == [False, True, True]
    assert [(o.task_id, len(o.files)) for o in srp_listener.outcomes] == [
        (task_id, 1),
        (task_id, 0),
        (task_id, 0),
    ]


def test_a_failed_download_releases_the_claim_for_a_retry(srp, srp_provider, srp_listener, tmp_path):
    srp_listener.receiver.download_base_url = f"{srp.url}/storage/wrong-bucket/"
    srp.deliveries = 2
    srp_provider.create_task(None, None)
    srp.wait_idle()
    assert [r["status"] for r in srp.webhook_results] == [503, 503]  # the sender is told to retry
    srp_listener.receiver.download_base_url = f"{srp.url}/storage/{BUCKET}/"
    task_id = next(iter(srp.tasks))
    callback, query = _registered(srp, task_id)
    payload = {"status": "done", "task_id": task_id}
    answer = requests.post(
        f"{srp_listener.url}?job={query['job']}", json=payload, headers=callback["headers"], timeout=10
    )
    assert answer.status_code == 200 and answer.json()["duplicate"] is False


def test_submission_pipeline_with_srp(srp, srp_provider, textured_project, tmp_path):
    """The same Submission drives SRP; the scene is validated and described, not uploaded."""
    from farmhand.scenes import read_scene

    scene = read_scene(str(textured_project))
    result = Submission(scene, JobOptions(), srp_provider, download_dir=str(tmp_path / "out")).run()
    assert result.status == DONE and result.upload.files_uploaded == 0
    assert [t.severity for t in result.report.tips[:1]] == [INFO]
    assert len(result.downloaded) == 1 and result.downloaded[0].endswith("render.png")


def test_check_explains_srp_does_not_take_scenes(srp):
    provider = SrpProvider(SrpClient(SRP_KEY, srp.url), callback_url="")
    tips = provider.check(SceneDescription("maya", "/x/shot.ma"), JobOptions())
    assert (
        "does not take arbitrary scenes" in tips[0].message and "shot.ma is not uploaded" in tips[0].message
    )
    assert sorted(t.message.split(" ")[2] for t in tips if t.severity == ERROR) == [
        "collection_id",
        "input_data:",
    ]


def test_wrong_bearer_key_is_a_clear_error_without_the_key(srp):
    client = SrpClient("not-the-key-123", srp.url)
    with pytest.raises(SrpError, match=r"HTTP 401\): .*Invalid token") as caught:
        client.get_task("x")
    assert "not-the-key-123" not in str(caught.value) + repr(client)


def test_unknown_collection_is_refused(srp, srp_provider):
    srp_provider.collection_id = "00000000-0000-0000-0000-000000000000"
    with pytest.raises(SrpError, match="Collection not found"):
        srp_provider.create_task(None, None)


def test_asset_upload_flow(srp, srp_provider, tmp_path):
    from farmhand.cli.srp import zip_folder

    folder = tmp_path / "assets"
    (folder / "textures").mkdir(parents=True)
    (folder / "textures" / "RareFlare3.png").write_bytes(b"png")
    (folder / "scene.json").write_text("{}")
    archive = zip_folder(str(folder), str(tmp_path / "asset.zip"))
    asset_id = srp_provider.upload_asset(COLLECTION, archive)
    asset = srp.assets[asset_id]
    assert asset["created"] and asset["collection"] == COLLECTION
    assert sorted(asset["names"]) == ["scene.json", "textures/RareFlare3.png"]  # no extra top-level folder
    with zipfile.ZipFile(archive) as opened:
        assert opened.read("textures/RareFlare3.png") == b"png"


def test_malformed_and_oversized_callbacks(srp, srp_provider, srp_listener):
    srp.render_seconds = 0.3
    task_id = srp_provider.create_task(None, None)
    callback, query = _registered(srp, task_id)
    url = f"{srp_listener.url}?job={query['job']}"
    headers = dict(callback["headers"], **{"Content-Type": "application/json"})
    assert requests.post(url, data=b"not json", headers=headers, timeout=10).status_code == 400
    assert requests.post(url, data=b"[1, 2]", headers=headers, timeout=10).status_code == 400
    assert _announce_only(url, 2 * 1024 * 1024, headers) == 413  # refused on the header, body never read
    assert (
        requests.post(f"{srp_listener.url.rsplit('/', 2)[0]}/other", json={}, timeout=10).status_code == 404
    )
    srp.wait_idle()
    assert [o.task_id for o in srp_listener.outcomes] == [task_id]


def _announce_only(url, length, headers):
    """Send only the headers of a request claiming ``length`` bytes; the status the server answers."""
    import http.client

    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    connection.putrequest("POST", f"{parts.path}?{parts.query}")
    for name, value in dict(headers, **{"Content-Length": str(length)}).items():
        connection.putheader(name, value)
    connection.endheaders()
    try:
        return connection.getresponse().status
    finally:
        connection.close()


def test_the_secret_header_name_is_case_insensitive(srp, srp_provider, srp_listener):
    srp.render_seconds = 0.3
    task_id = srp_provider.create_task(None, None)
    callback, query = _registered(srp, task_id)
    srp.wait_idle()
    payload = {"status": "done", "task_id": task_id}
    headers = {"x-farm-token": callback["headers"]["X-Farm-Token"]}  # as an HTTP/2 proxy would pass it
    answer = requests.post(
        f"{srp_listener.url}?job={query['job']}", json=payload, headers=headers, timeout=10
    )
    assert answer.status_code == 200 and answer.json()["duplicate"] is True
