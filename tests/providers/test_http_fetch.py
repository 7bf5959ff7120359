"""Resumable downloads from the strict S3 stand-in: across runs, and when the object changed."""

from __future__ import annotations

import os

import pytest
from servers.rentaflop_api import OUTPUTS

from farmhand.providers.http_fetch import fetch_file
from farmhand.transfer.errors import FarmUnreachable, TransferError


@pytest.fixture
def stored(s3):
    data = os.urandom(300_000)
    s3.put_object(OUTPUTS, "job/output.zip", data)
    return data


def test_a_part_left_by_an_earlier_run_is_resumed(s3, stored, tmp_path):
    target = str(tmp_path / "output.zip")
    s3.cut_next_get = 150_000
    with pytest.raises(FarmUnreachable):  # the first run gives up after its only attempt
        fetch_file(lambda: s3.presign_get(OUTPUTS, "job/output.zip"), target, attempts=1)
    assert os.path.getsize(target + ".part") == 131072  # two whole 64 KiB blocks survived
    fetch_file(lambda: s3.presign_get(OUTPUTS, "job/output.zip"), target)
    with open(target, "rb") as handle:
        assert handle.read() == stored
    gets = [r for r in s3.requests if r["method"] == "GET"]
    assert [(g["range"], bool(g["if_range"])) for g in gets] == [(None, False), ("bytes=131072-", True)]
    assert not os.path.exists(target + ".part") and not os.path.exists(target + ".part.etag")


def test_a_changed_object_is_fetched_again_whole(s3, stored, tmp_path):
    target = str(tmp_path / "output.zip")
    s3.cut_next_get = 150_000
    with pytest.raises(FarmUnreachable):
        fetch_file(lambda: s3.presign_get(OUTPUTS, "job/output.zip"), target, attempts=1)
    newer = os.urandom(200_000)
    s3.put_object(OUTPUTS, "job/output.zip", newer)
    fetch_file(lambda: s3.presign_get(OUTPUTS, "job/output.zip"), target)
    with open(target, "rb") as handle:
        assert handle.read() == newer  # never the old start spliced onto the new end


def test_a_tampered_download_url_is_refused(s3, stored, tmp_path):
    url = s3.presign_get(OUTPUTS, "job/output.zip").replace("job/output.zip", "job/other.zip")
    with pytest.raises(TransferError, match="HTTP 403.*SignatureDoesNotMatch"):
        fetch_file(lambda: url, str(tmp_path / "x.zip"))
