"""Client paths never reach outside the farm's storage roots, nor outside the download folder."""

from __future__ import annotations

import hashlib
import http.client
import json
import os
import urllib.parse
from pathlib import Path

import pytest
import requests
from transfer_helpers import user_dir

from farmhand.api import signing
from farmhand.transfer import TransferError, UploadPlan
from farmhand.transfer.client import StorageClient
from farmhand.transfer.download import confined_target
from farmhand.transfer.errors import FarmRefused

BAD_SERVER_PATHS = [
    "/D/../../../etc/passwd",
    "/D/proj/../../outside.txt",
    "/D\\..\\..\\outside.txt",
    "/D/proj/a\x00.txt",
    "D/relative.txt",
    "/D//double.txt",
    "/./D/x.txt",
    "/..",
]


@pytest.fixture
def stored_blob(tmp_path, farm, make_engine):
    """A blob the farm holds, so only the path can be the reason for a refusal."""
    local = tmp_path / "ok.txt"
    local.write_bytes(b"content")
    make_engine().upload(UploadPlan.from_entries([{"local": str(local), "server": "/D/ok.txt"}]))
    return hashlib.sha256(b"content").hexdigest()


@pytest.mark.parametrize("server", BAD_SERVER_PATHS)
def test_farm_refuses_escaping_server_paths(server, farm, connection, stored_blob):
    before = _all_files(farm.data_dir)
    with pytest.raises(FarmRefused) as refused:
        StorageClient(connection).link([{"server": server, "hash": stored_blob, "size": 7}])
    assert refused.value.code == 600
    assert _all_files(farm.data_dir) == before


@pytest.mark.parametrize("server", BAD_SERVER_PATHS)
def test_client_refuses_bad_server_paths_before_hashing(server, tmp_path):
    with pytest.raises(TransferError, match="bad server path"):
        UploadPlan.from_entries([{"local": str(tmp_path / "x"), "server": server}])


def test_symlink_planted_in_the_input_tree_cannot_redirect_a_link(tmp_path, farm, connection, stored_blob):
    user_root = user_dir(farm, "input")
    outside = tmp_path / "outside"
    outside.mkdir()
    (user_root / "D" / "escape").symlink_to(outside, target_is_directory=True)
    with pytest.raises(FarmRefused, match="leaves its storage root"):
        StorageClient(connection).link([{"server": "/D/escape/x.txt", "hash": stored_blob, "size": 7}])
    assert list(outside.iterdir()) == []


def test_link_refuses_a_blob_the_farm_does_not_hold(farm, connection):
    missing = hashlib.sha256(b"never uploaded").hexdigest()
    with pytest.raises(FarmRefused, match="not stored"):
        StorageClient(connection).link([{"server": "/D/x.txt", "hash": missing, "size": 14}])


@pytest.mark.parametrize(
    "relative", ["../../farm.db", "..%2F..%2Ffarm.db", "a/../../../farm.db", "%2E%2E/farm.db"]
)
def test_output_download_is_confined_to_the_task_output_root(relative, farm):
    task_root = user_dir(farm, "output") / "5_shot"
    task_root.mkdir(parents=True, exist_ok=True)
    (task_root / "f.0001.png").write_bytes(b"png")
    raw_path = f"/api/farmhand/output/5/{relative}"
    signed_path = urllib.parse.unquote(raw_path)  # the farm verifies the decoded path
    host = farm.url.split("//")[1]
    headers = signing.signed_headers(farm.access_id, farm.access_key, host, signed_path, {}, platform="2")
    # http.client sends the path byte for byte (requests would normalise the dot segments away).
    connection = http.client.HTTPConnection(host, timeout=10)
    try:
        connection.request("GET", raw_path, headers=headers)
        response = connection.getresponse()
        body = response.read()
    finally:
        connection.close()
    assert response.getheader("content-type").startswith("application/json")
    answer = json.loads(body)
    assert answer["code"] == 600 and "refused output path" in answer["message"]


def test_unsigned_binary_requests_are_refused(farm):
    digest = hashlib.sha256(b"x").hexdigest()
    response = requests.put(
        f"{farm.url}/api/farmhand/blob/{digest}",
        params={"size": "1", "offset": "0", "chunkSha256": digest},
        data=b"x",
        timeout=10,
    )
    assert response.json()["code"] == 611
    assert not (farm.data_dir / "partial" / f"{digest}.part").exists()


@pytest.mark.parametrize("relative", ["../x", "/etc/passwd", "a/../../x", "a\\..\\x", "a\x00b", ""])
def test_download_refuses_listed_paths_that_leave_the_folder(relative, tmp_path):
    with pytest.raises(TransferError):
        confined_target(tmp_path.resolve(), relative)


def _all_files(root: Path):
    """Every file of the farm's data directory but the ones it rewrites itself (database, log)."""
    return sorted(
        str(p) for p in root.rglob("*") if p.is_file() and not p.name.startswith(("farm.db", "server."))
    )


def test_confined_target_keeps_ordinary_names(tmp_path):
    root = tmp_path.resolve()
    assert confined_target(root, "layer 1/beauty.0001.exr") == root / "layer 1" / "beauty.0001.exr"
    assert os.path.commonpath([root, confined_target(root, "a/b.png")]) == str(root)
