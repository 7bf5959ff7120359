"""Wire format, error mapping and retry policy of the client against a real loopback HTTP server."""

from __future__ import annotations

import json
import logging
import socket

import pytest
from faultfarm import FAST_RETRY

from farmhand.api import (
    InvalidParameter,
    NotFound,
    RateLimited,
    RenderbusClient,
    RenderbusError,
    ServerError,
    SignatureError,
    SignatureExpired,
    TransportError,
    signing,
)
from farmhand.api import endpoints as ep
from farmhand.errors import FarmhandError


def test_body_is_serialised_like_json_dumps_and_signed_over_decoded_values(fault_farm, make_client):
    client = make_client()
    client.add_project("镜头01")
    record = fault_farm.requests[-1]
    assert record["raw"] == b'{"newName": "\\u955c\\u593401", "status": 0}'
    headers = record["headers"]
    assert headers["languageflag"] == "1"
    assert headers["content-type"] == "application/json"
    assert headers["channel"] == "4" and headers["platform"] == "2" and headers["version"] == "2.0.0"
    body = json.loads(record["raw"])
    assert signing.verify(
        "SECRET_TEST", fault_farm.domain, ep.ADD_PROJECT, headers, body, headers["signature"]
    )
    assert fault_farm.state.projects == [{"projectId": 1, "projectName": "镜头01"}]


def test_headers_travel_in_the_sdk_order(fault_farm, make_client):
    make_client().task_list(2, 50)
    sdk_order = ["accessId", "channel", "platform", "UTCTimestamp", "nonce", "signature", "version"]
    sdk_order += ["Content-Type", "languageFlag", "Content-Length"]
    sent = [name for name in fault_farm.requests[-1]["order"] if name in sdk_order]
    assert sent == sdk_order
    assert fault_farm.requests[-1]["raw"] == b'{"pageNum": 2, "pageSize": 50}'


def test_empty_body_is_two_bytes_and_data_null_stays_none(fault_farm, make_client):
    client = make_client()
    assert client.user_profile()["userName"] == "tester"
    assert fault_farm.requests[-1]["raw"] == b"{}"
    task_id = client.create_task_id()
    assert client.submit_task(task_id) is None


def test_every_attempt_is_signed_with_a_fresh_nonce(fault_farm, make_client):
    fault_farm.inject(ep.TASK_LIST, "http502", "http502")
    make_client().task_list()
    nonces = [r["headers"]["nonce"] for r in fault_farm.requests]
    assert len(nonces) == 3 and len(set(nonces)) == 3


def test_read_is_retried_after_502_with_growing_backoff(fault_farm, make_client, sleeps):
    fault_farm.inject(ep.TASK_LIST, "http502", "drop", "code500")
    page = make_client().task_list()
    assert page["items"] == [] and fault_farm.calls(ep.TASK_LIST) == 4
    assert len(sleeps.waits) == 3
    assert sleeps.waits[2] > sleeps.waits[0]


def test_persistent_502_gives_server_error_with_status_and_excerpt(fault_farm, make_client):
    fault_farm.inject(ep.TASK_LIST, *["http502"] * 10)
    with pytest.raises(ServerError) as caught:
        make_client().task_list()
    error = caught.value
    assert error.http_status == 502 and error.path == ep.TASK_LIST
    assert "502 Bad Gateway" in str(error) and "HTTP 502" in str(error)
    assert fault_farm.calls(ep.TASK_LIST) == 4  # bounded by RetryPolicy.attempts
    assert isinstance(error, FarmhandError)


def test_non_json_success_status_is_a_transport_error_with_excerpt(fault_farm, make_client):
    fault_farm.inject(ep.TASK_LIST, *["nonjson"] * 4)
    with pytest.raises(TransportError) as caught:
        make_client().task_list()
    assert "maintenance page" in str(caught.value) and caught.value.http_status == 200


def test_http_500_with_success_envelope_is_not_success(fault_farm, make_client):
    fault_farm.inject(ep.TASK_LIST, *["ok_500"] * 4)
    with pytest.raises(ServerError) as caught:
        make_client().task_list()
    assert caught.value.code == 200 and caught.value.http_status == 500


def test_wrong_key_is_signature_error_and_not_retried(fault_farm, make_client):
    client = make_client(access_key="WRONG")
    with pytest.raises(SignatureError) as caught:
        client.user_profile()
    assert caught.value.code == 611 and caught.value.request_id
    assert fault_farm.calls(ep.USER_PROFILE) == 1
    assert "WRONG" not in repr(client) and "WRONG" not in str(caught.value)


def test_parameter_error_and_not_found_are_typed_and_permanent(fault_farm, make_client):
    client = make_client()
    with pytest.raises(InvalidParameter) as caught:
        client.call(ep.CREATE_TASK, {"count": "one"}, safe=False)
    assert caught.value.code == 601 and fault_farm.calls(ep.CREATE_TASK) == 1
    with pytest.raises(NotFound):
        client.submit_task(424242)
    assert fault_farm.calls(ep.SUBMIT_TASK) == 1
    with pytest.raises(NotFound) as unknown_path:
        client.call("/api/render/nowhere")
    assert unknown_path.value.code == 404


def test_clock_skew_610_is_corrected_once_from_server_time(fault_farm, make_client):
    fault_farm.clock_offset = 3600.0
    client = make_client()
    assert client.user_profile()["userId"] == 100001
    assert fault_farm.calls(ep.USER_PROFILE) == 2
    assert client.transport.clock_offset == pytest.approx(3600.0, abs=5)
    # The correction sticks: the next call is accepted at once.
    client.task_list()
    assert fault_farm.calls(ep.TASK_LIST) == 1


def test_610_that_persists_after_resync_is_raised(fault_farm, make_client, monkeypatch):
    client = make_client()
    monkeypatch.setattr(client.transport, "_resync", lambda server_time: None)
    fault_farm.clock_offset = -3600.0
    with pytest.raises(SignatureExpired) as caught:
        client.task_list()
    assert caught.value.code == 610 and fault_farm.calls(ep.TASK_LIST) == 2


def test_legacy_rate_limit_message_waits_and_retries(fault_farm, make_client, sleeps):
    fault_farm.inject(ep.CREATE_TASK, "ratelimit")
    created = make_client().create_task()
    assert len(created["taskIdList"]) == 1 and len(fault_farm.state.tasks) == 1
    assert sleeps.waits == [0.01]


def test_rate_limit_gives_up_after_its_bound(fault_farm, make_client):
    fault_farm.inject(ep.TASK_LIST, *["ratelimit"] * 5)
    with pytest.raises(RateLimited):
        make_client().task_list()
    assert fault_farm.calls(ep.TASK_LIST) == 3


def test_min_interval_throttle_spaces_requests(fault_farm, make_client, sleeps):
    client = make_client(min_interval=0.2)
    client.task_list()
    client.task_list()
    assert len(sleeps.waits) == 1 and 0.1 < sleeps.waits[0] <= 0.2


def test_stalled_read_times_out_and_is_retried(fault_farm, make_client):
    fault_farm.stall_seconds = 0.6
    fault_farm.inject(ep.TASK_LIST, "stall")
    page = make_client(timeout=0.3).task_list()
    assert page["total"] == 0 and fault_farm.calls(ep.TASK_LIST) == 2


def test_connection_refused_is_a_transport_error_known_not_sent():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    client = RenderbusClient("id", "key", f"127.0.0.1:{port}", protocol="http", timeout=1, retry=FAST_RETRY)
    with pytest.raises(TransportError) as caught:
        client.create_task()
    assert caught.value.sent is False and caught.value.ambiguous is False


def test_booleans_nulls_and_floats_are_refused_before_sending(fault_farm, make_client):
    client = make_client()
    for bad in ({"flag": True}, {"x": None}, {"nested": {"f": 1.5}}):
        with pytest.raises(TypeError, match="booleans, nulls and floats"):
            client.call(ep.TASK_LIST, bad)
    assert fault_farm.requests == []


def test_no_secret_reaches_the_log_and_root_logger_is_untouched(fault_farm, make_client, caplog):
    root_handlers = list(logging.getLogger().handlers)
    caplog.set_level(logging.DEBUG, logger="farmhand.api")
    fault_farm.inject(ep.TASK_LIST, "http502")
    client = make_client()
    client.task_list()
    client.user_profile()
    signatures = [r["headers"]["signature"] for r in fault_farm.requests]
    text = "\n".join(record.getMessage() for record in caplog.records)
    assert "POST /api/render/handle/getTaskList/v2" in text
    assert "SECRET_TEST" not in text and not any(sig in text for sig in signatures)
    assert all(record.name == "farmhand.api" for record in caplog.records)
    assert logging.getLogger().handlers == root_handlers


def test_constructor_validates_credentials_locally():
    with pytest.raises(RenderbusError, match="access id and an access key"):
        RenderbusClient("id", "", "127.0.0.1:1", protocol="http")
    with pytest.raises(RenderbusError, match="protocol"):
        RenderbusClient("id", "key", "127.0.0.1:1", protocol="ftp")


def test_redirect_is_not_followed_and_names_the_target(fault_farm, make_client):
    fault_farm.inject(ep.CREATE_TASK, "redirect")
    with pytest.raises(RenderbusError, match="redirects to https://127.0.0.1") as caught:
        make_client().create_task()
    assert caught.value.http_status == 301
    assert fault_farm.calls(ep.CREATE_TASK) == 1 and fault_farm.state.tasks == {}


def test_credentials_fall_back_to_the_sdk_environment_variables(fault_farm, monkeypatch):
    monkeypatch.setenv("RAYVISION_API_ACCESS_ID", fault_farm.access_id)
    monkeypatch.setenv("RAYVISION_API_KEY", fault_farm.access_key)
    with RenderbusClient(domain=fault_farm.domain, protocol="http", timeout=2) as client:
        assert client.user_id() == 100001
    assert fault_farm.requests[-1]["headers"]["accessid"] == fault_farm.access_id
