"""Every signing vector of renderbus-protocol.md §3.5, byte for byte."""

from __future__ import annotations

import json

import pytest

from farmhand.api import signing

KEY = "SECRET_TEST"
BASE_HEADERS = {
    "accessId": "AKID_TEST",
    "channel": "4",
    "platform": "2",
    "UTCTimestamp": "1700000000",
    "nonce": "123456",
    "version": "2.0.0",
}
H = "UTCTimestamp=1700000000&accessId=AKID_TEST&channel=4"
T = "platform=2&version=2.0.0"


def test_vector_a_official_pdf():
    headers = {
        "UTCTimestamp": 1535957371,
        "accessId": "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE",
        "channel": 7,
        "nonce": 11886,
        "platform": 1,
        "version": "1.0.0",
    }
    text = signing.string_to_sign(
        "task.renderbus.com", "/api/render/common/queryPlatforms", headers, {"zone": 2}
    )
    assert text == (
        "[POST]task.renderbus.com:/api/render/common/queryPlatforms&UTCTimestamp=1535957371"
        "&accessId=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE&channel=7&nonce=11886&platform=1&version=1.0.0&zone=2"
    )
    assert (
        signing.mac("Gu5t9xGARNpq86cd98joQYCN3EXAMPLE", text)
        == "6tvuz8bgDCz5vtS3amuMWVbOqzhaeWaOhNcWMqx9zcg="
    )


def test_vector_b_hmac_only():
    assert signing.mac("test_key", "test_msg") == "TC9wro8movj4HGMphrpEdES3oBdPsq+y+2tAt6kM/Tw="


def test_vector_b_string_building():
    headers = {
        "UTCTimestamp": 32166266,
        "accessId": "xxx",
        "channel": 4,
        "platform": 2,
        "nonce": 1465,
        "version": "dev",
    }
    assert signing.string_to_sign("tests.com", "api_url", headers, {"key": "value"}) == (
        "[POST]tests.com:api_url&UTCTimestamp=32166266&accessId=xxx&channel=4&key=value&nonce=1465"
        "&platform=2&version=dev"
    )


@pytest.mark.parametrize(
    "given, expected",
    [
        (
            {"key_a": {"sub_key": [{"c": {"d": 1234}}, {"test_key_a": {"test_key": ""}}]}},
            {"key_a.sub_key0.c.d": 1234, "key_a.sub_key1.test_key_a.test_key": ""},
        ),
        ({"taskIds": [1658434]}, {"taskIds0": 1658434}),
        ({"nested": {"b": 1.5, "a": [{"k": "v"}]}}, {"nested.a0.k": "v", "nested.b": 1.5}),
        ({"a": [[1, 2], [3]], "e": [], "d": {}}, {"a00": 1, "a01": 2, "a10": 3}),
    ],
)
def test_vector_c_flattening(given, expected):
    assert signing.flatten(given) == expected


def test_flatten_collision_keeps_later_value():
    # a[1][0] and a[10] both flatten to "a10": dict semantics, the later write wins.
    body = {"a": [0, [7], 2, 3, 4, 5, 6, 7, 8, 9, 99]}
    assert signing.flatten(body)["a10"] == 99


D_VECTORS = [
    (
        "D1",
        "127.0.0.1:18431",
        "/api/render/common/queryPlatforms",
        {"zone": 2},
        {},
        f"{H}&nonce=123456&{T}&zone=2",
        "jY5PPzu/3MoFHWrRCb22F3spmB8blH1iA3Uyk7QogqM=",
    ),
    (
        "D2",
        "task.renderbus.com",
        "/api/render/submit/createTask",
        {"count": 1, "taskUserLevel": 50, "labels": ["a", "b"]},
        {},
        f"{H}&count=1&labels0=a&labels1=b&nonce=123456&platform=2&taskUserLevel=50&version=2.0.0",
        "/lpbc2yUK8XrkwVfP2htQJ4QQ8GLh2n0EXHLSKA9Bt8=",
    ),
    (
        "D3",
        "task.renderbus.com",
        "/api/render/plugin/addUserPluginConfig",
        {
            "cgId": 2000,
            "cgName": "Maya",
            "cgVersion": "2018",
            "renderLayerType": 0,
            "editName": "tests",
            "renderSystem": 1,
            "pluginIds": [2703, 2704],
        },
        {},
        "UTCTimestamp=1700000000&accessId=AKID_TEST&cgId=2000&cgName=Maya&cgVersion=2018&channel=4"
        "&editName=tests&nonce=123456&platform=2&pluginIds0=2703&pluginIds1=2704&renderLayerType=0"
        "&renderSystem=1&version=2.0.0",
        "x17W64qIKuPUi+mNjpzvi6J9rxB0qIyONPQX5cWlcNQ=",
    ),
    (
        "D4",
        "task.renderbus.com",
        "/api/render/handle/queryTaskInfo/v2",
        {"taskIds": [1658434], "flag": True, "x": None, "nested": {"b": 1.5, "a": [{"k": "v"}]}},
        {},
        f"{H}&flag=True&nested.a0.k=v&nested.b=1.5&nonce=123456&platform=2&taskIds0=1658434&version=2.0.0&x=None",
        "wGluWvY/9OTPxQmArnYobCwn4LZPB5Yt21IxpXjboEY=",
    ),
    (
        "D5",
        "127.0.0.1:18433",
        "/api/render/common/queryPlatforms",
        {"zone": 2},
        {"UTCTimestamp": "1795320724", "nonce": "779643"},
        "UTCTimestamp=1795320724&accessId=AKID_TEST&channel=4&nonce=779643&platform=2&version=2.0.0&zone=2",
        "gOsolIUiOeWXgLksEuiwJWgITHlE47UrTSPAY0RgaxY=",
    ),
    (
        "D6",
        "task.renderbus.com",
        "/api/render/setUp/queryUserProfile",
        {},
        {},
        f"{H}&nonce=123456&{T}",
        "cHdhcGJrZ4efKVk9yBUBVuIHAMBThZJL87LAj3MM3rM=",
    ),
    (
        "D7",
        "task.renderbus.com",
        "/api/render/project/add",
        {"newName": "镜头01", "status": 0},
        {},
        f"{H}&newName=镜头01&nonce=123456&platform=2&status=0&version=2.0.0",
        "F11uujSRMJyyAcyXL51v4Prt96A42zLWek9BXN9/NsE=",
    ),
    (
        "D8",
        "task.renderbus.com",
        "/api/render/handle/recommitTasks",
        {"taskIds": list(range(1, 13))},
        {},
        f"{H}&nonce=123456&platform=2&taskIds0=1&taskIds1=2&taskIds10=11&taskIds11=12&taskIds2=3&taskIds3=4"
        "&taskIds4=5&taskIds5=6&taskIds6=7&taskIds7=8&taskIds8=9&taskIds9=10&version=2.0.0",
        "5KwPlySJCnyDl73TEptGcg5DdG0+ZO0mJTAxW6CowdM=",
    ),
    (
        "D9",
        "task.renderbus.com",
        "/api/render/x",
        {"a": [[1, 2], [3]], "e": [], "d": {}, "f": 0.1, "g": 1e20, "h": -0.0, "i": False},
        {},
        "UTCTimestamp=1700000000&a00=1&a01=2&a10=3&accessId=AKID_TEST&channel=4&f=0.1&g=1e+20&h=-0.0"
        "&i=False&nonce=123456&platform=2&version=2.0.0",
        "14OcABDmZQfx0g/AeJ0n6y/rbJN9HN+jHFrda7XPtTA=",
    ),
    (
        "D10",
        "task.renderbus.com",
        "/api/render/handle/operate/sdk/taskRecord",
        {
            "platform": 21,
            "pageNum": 1,
            "pageSize": 20,
            "startDate": "2020-01-01 00:00:00",
            "endDate": "2020-02-01 00:00:00",
        },
        {},
        f"{H}&endDate=2020-02-01 00:00:00&nonce=123456&pageNum=1&pageSize=20&platform=21"
        "&startDate=2020-01-01 00:00:00&version=2.0.0",
        "tJhDbJcLC1iizBTZ/0+AttUpCbVxg5lBdi0qdluhVyc=",
    ),
    (
        "D11",
        "task.renderbus.com:443",
        "/api/render/submit/taskJsonFile",
        {"taskId": 1658434, "fileName": "tips.json", "content": '{"10012": ["D:/a b/c.jpg"]}'},
        {},
        f'{H}&content={{"10012": ["D:/a b/c.jpg"]}}&fileName=tips.json&nonce=123456&platform=2'
        "&taskId=1658434&version=2.0.0",
        "X968Ducws1GYDXr4PzKPEpSagQSa7i+VcVf5OvIkNOo=",
    ),
    (
        "D12",
        "127.0.0.1:18431",
        "/api/render/submit/createTask",
        {"count": 1, "taskUserLevel": 50, "labels": ["a"]},
        {"UTCTimestamp": "1795320089", "nonce": "722393"},
        "UTCTimestamp=1795320089&accessId=AKID_TEST&channel=4&count=1&labels0=a&nonce=722393&platform=2"
        "&taskUserLevel=50&version=2.0.0",
        "YA0TXVhEFWs/RElCH/2mF++tWJA9bgLEfV6WdocBYSg=",
    ),
]


@pytest.mark.parametrize(
    "name, domain, path, body, header_overrides, pairs, signature", D_VECTORS, ids=[v[0] for v in D_VECTORS]
)
def test_d_vectors(name, domain, path, body, header_overrides, pairs, signature):
    headers = dict(BASE_HEADERS, **header_overrides)
    assert signing.string_to_sign(domain, path, headers, body) == f"[POST]{domain}:{path}&{pairs}"
    assert signing.sign(KEY, domain, path, headers, body) == signature
    # The full header builder signs the same thing when given the same timestamp and nonce.
    built = signing.signed_headers(
        "AKID_TEST",
        KEY,
        domain,
        path,
        body,
        platform="2",
        timestamp=int(headers["UTCTimestamp"]),
        nonce=headers["nonce"],
    )
    assert built["signature"] == signature
    assert signing.verify(KEY, domain, path, built, body, signature)


def test_signed_headers_order_and_values_match_the_raw_sdk_request():
    built = signing.signed_headers(
        "AKID_TEST",
        KEY,
        "127.0.0.1:18433",
        "/api/render/common/queryPlatforms",
        {"zone": 2},
        platform="2",
        timestamp=1795320724,
        nonce="779643",
    )
    assert list(built) == [
        "accessId",
        "channel",
        "platform",
        "UTCTimestamp",
        "nonce",
        "signature",
        "version",
        "Content-Type",
    ]
    assert built["signature"] == "gOsolIUiOeWXgLksEuiwJWgITHlE47UrTSPAY0RgaxY="
    assert built["Content-Type"] == "application/json"


def test_unsigned_headers_are_ignored_when_building_the_string():
    headers = dict(BASE_HEADERS, signature="x", languageFlag="1", **{"Content-Type": "application/json"})
    assert signing.string_to_sign("d", "/p", headers, {}) == f"[POST]d:/p&{H}&nonce=123456&{T}"


def test_verify_rejects_wrong_key_tampered_body_and_accepts_any_header_case():
    body = {"newName": "镜头01", "status": 0}
    path = "/api/render/project/add"
    built = signing.signed_headers("AKID_TEST", KEY, "h:1", path, body, platform="2")
    sig = built["signature"]
    lowered = {k.lower(): v for k, v in built.items()}
    assert signing.verify(KEY, "h:1", path, lowered, body, sig)
    assert not signing.verify("OTHER", "h:1", path, built, body, sig)
    assert not signing.verify(KEY, "h:1", path, built, {"newName": "镜头02", "status": 0}, sig)
    assert not signing.verify(KEY, "h:2", path, built, body, sig)
    # Verification is over decoded values: the wire form with \u escapes decodes to the signed text.
    assert signing.verify(KEY, "h:1", path, built, json.loads(json.dumps(body)), sig)


def test_fresh_nonce_and_timestamp_per_call():
    a = signing.signed_headers("id", "k", "d", "/p", {}, platform="2")
    nonces = {signing.signed_headers("id", "k", "d", "/p", {}, platform="2")["nonce"] for _ in range(20)}
    assert len(nonces) > 1
    assert len(a["nonce"]) == 6 and a["nonce"].isdigit()
    assert len(a["signature"]) == 44
