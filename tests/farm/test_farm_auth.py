"""Signature checks on the real farm: accepted, wrong key or unknown id (611), replay, stale clock (610)."""

from __future__ import annotations

import time

from farm_wire import call, signed_post

PLATFORMS = "/api/render/common/queryPlatforms"


def test_correctly_signed_request_is_answered(farm):
    envelope = call(farm, PLATFORMS, {"zone": 2})
    assert envelope["code"] == 200
    assert envelope["data"] == [{"platform": 2, "name": "query_platform_w2"}]


def test_wrong_key_is_611(farm):
    envelope = call(farm, PLATFORMS, {"zone": 2}, key="not-the-key")
    assert envelope["code"] == 611
    assert envelope["data"] is None


def test_unknown_access_id_is_611_and_does_not_echo_secrets(farm):
    response = signed_post(farm, PLATFORMS, {"zone": 2}, access_id="AK_SOMEONE_ELSE")
    assert response.json()["code"] == 611
    assert farm.access_key not in response.text


def test_body_tampering_after_signing_is_611(farm):
    import json

    import requests

    from farmhand.api import signing

    headers = signing.signed_headers(
        farm.access_id, farm.access_key, farm.domain, PLATFORMS, {"zone": 2}, platform="2"
    )
    response = requests.post(farm.url + PLATFORMS, data=json.dumps({"zone": 1}), headers=headers, timeout=30)
    assert response.json()["code"] == 611


def test_replayed_nonce_is_610(farm):
    now = int(time.time())
    first = call(farm, PLATFORMS, {"zone": 2}, timestamp=now, nonce="424242")
    again = call(farm, PLATFORMS, {"zone": 2}, timestamp=now, nonce="424242")
    assert first["code"] == 200
    assert again["code"] == 610


def test_same_nonce_with_another_timestamp_is_a_new_request(farm):
    now = int(time.time())
    assert call(farm, PLATFORMS, {"zone": 2}, timestamp=now - 1, nonce="515151")["code"] == 200
    assert call(farm, PLATFORMS, {"zone": 2}, timestamp=now, nonce="515151")["code"] == 200


def test_stale_and_future_timestamps_are_610(farm):
    assert call(farm, PLATFORMS, {"zone": 2}, timestamp=int(time.time()) - 301)["code"] == 610
    assert call(farm, PLATFORMS, {"zone": 2}, timestamp=int(time.time()) + 301)["code"] == 610


def test_timestamp_inside_the_window_is_accepted(farm):
    assert call(farm, PLATFORMS, {"zone": 2}, timestamp=int(time.time()) - 200)["code"] == 200


def _with_host(farm, signed_domain: str, host: str):
    import json

    import requests

    from farmhand.api import signing

    headers = signing.signed_headers(
        farm.access_id, farm.access_key, signed_domain, PLATFORMS, {"zone": 2}, platform="2"
    )
    headers["Host"] = host
    return requests.post(
        farm.url + PLATFORMS, data=json.dumps({"zone": 2}), headers=headers, timeout=30
    ).json()


def test_default_port_variants_of_the_host_are_accepted(farm):
    """requests drops :80 from Host, yet a client configured with ``host:80`` signs it (§3.4 step 5)."""
    assert _with_host(farm, "farm.example:80", "farm.example")["code"] == 200
    assert _with_host(farm, "farm.example", "farm.example")["code"] == 200
    assert _with_host(farm, "farm.example", "farm.example:80")["code"] == 200
    assert _with_host(farm, "farm.example:81", "farm.example")["code"] == 611
    assert _with_host(farm, "other.example", "farm.example")["code"] == 611


def test_non_json_body_is_603_and_non_object_600(farm):
    import requests

    response = requests.post(farm.url + PLATFORMS, data=b"not json", timeout=30)
    assert response.status_code == 200
    assert response.json()["code"] == 603
    response = requests.post(farm.url + PLATFORMS, data=b"[1, 2]", timeout=30)
    assert response.json()["code"] == 600


def test_unknown_path_answers_the_envelope(farm):
    envelope = call(farm, "/api/render/nothing/here", {})
    assert envelope["code"] == 404
