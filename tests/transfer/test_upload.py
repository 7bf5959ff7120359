"""Uploads against the real farm on loopback: placement, dedup, skip-unchanged, verification."""

from __future__ import annotations

import hashlib
import os
import threading

import pytest
from transfer_helpers import TEST_CHUNK, input_file, write_random

from farmhand.transfer import (
    FileChangedError,
    HashCache,
    TransferError,
    UploadPlan,
)
from farmhand.transfer.client import StorageClient


def _plan(files):
    return UploadPlan.from_entries({"local": str(local), "server": server} for local, server in files)


def test_upload_places_every_file_at_its_server_path(tmp_path, farm, make_engine):
    project = tmp_path / "my project"
    files = [
        (write_random(project / "scene file.blend", 5 * TEST_CHUNK + 123), "/D/my project/scene file.blend"),
        (
            write_random(project / "tex" / "räume 東京.png", 3 * TEST_CHUNK),
            "/D/my project/tex/räume 東京.png",
        ),
        (write_random(project / "empty.txt", 0), "/D/my project/empty.txt"),
    ]
    duplicate = project / "tex" / "copy.png"
    duplicate.write_bytes(files[1][0].read_bytes())
    files.append((duplicate, "/D/my project/tex/copy.png"))

    report = make_engine().upload(_plan(files))

    for local, server in files:
        placed = input_file(farm, server)
        assert placed.read_bytes() == local.read_bytes(), server
    assert report.files_total == 4 and report.linked == 4
    # The duplicate travels once: 5 chunks + 1 partial + 3 chunks + the empty file.
    assert report.bytes_sent == (5 * TEST_CHUNK + 123) + 3 * TEST_CHUNK
    assert report.chunks_sent == 6 + 3 + 1
    assert report.bytes_skipped == 3 * TEST_CHUNK


def test_unchanged_resubmission_hashes_nothing_and_sends_nothing(tmp_path, farm, make_engine, cache):
    files = [(write_random(tmp_path / "p" / f"f{i}.bin", 10_000 + i), f"/D/p/f{i}.bin") for i in range(20)]
    plan = _plan(files)
    first = make_engine().upload(plan)
    assert first.files_hashed == 20 and first.bytes_sent == sum(os.path.getsize(f) for f, _ in files)

    second = make_engine().upload(plan)

    assert second.bytes_sent == 0 and second.chunks_sent == 0
    assert second.files_hashed == 0 and second.bytes_hashed == 0
    assert second.cache_hits == 20 and second.files_skipped == 20


def test_a_touched_file_is_rehashed_but_its_known_content_not_resent(tmp_path, farm, make_engine):
    files = [(write_random(tmp_path / f"f{i}.bin", 50_000), f"/D/f{i}.bin") for i in range(3)]
    make_engine().upload(_plan(files))
    touched = files[1][0]
    stat = touched.stat()
    os.utime(touched, ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000_000))

    report = make_engine().upload(_plan(files))

    assert report.files_hashed == 1 and report.cache_hits == 2
    assert report.bytes_sent == 0  # same content: the farm already has the blob


def test_a_cold_cache_rehashes_but_the_farm_deduplicates(tmp_path, farm, make_engine):
    files = [(write_random(tmp_path / "a.bin", 200_000), "/D/a.bin")]
    make_engine().upload(_plan(files))
    with HashCache(tmp_path / "other-cache.sqlite3") as cold:
        report = make_engine(cache=cold).upload(_plan(files))
    assert report.files_hashed == 1 and report.bytes_sent == 0


def test_a_file_changed_after_hashing_is_refused_by_name(tmp_path, farm, make_engine):
    local = write_random(tmp_path / "moving.bin", 4 * TEST_CHUNK)

    def edit_when_upload_starts(event):
        if event.phase == "uploading" and event.files_done == 0 and local.stat().st_size == 4 * TEST_CHUNK:
            with open(local, "ab") as stream:
                stream.write(b"more")

    with pytest.raises(FileChangedError, match="moving.bin"):
        make_engine().upload(_plan([(local, "/D/moving.bin")]), progress=edit_when_upload_starts)


def test_missing_local_file_is_named(tmp_path, farm, make_engine):
    with pytest.raises(TransferError, match="nowhere.bin"):
        make_engine().upload(_plan([(tmp_path / "nowhere.bin", "/D/nowhere.bin")]))


def test_corrupt_chunk_is_rejected_and_not_kept(tmp_path, farm, connection):
    client = StorageClient(connection)
    data = os.urandom(3000)
    digest = hashlib.sha256(data).hexdigest()
    from farmhand.transfer.errors import FarmRefused

    with pytest.raises(FarmRefused) as refused:
        client.put_chunk(digest, len(data), 0, data[:1000], hashlib.sha256(b"not this").hexdigest())
    assert refused.value.code == 600 and refused.value.data["reason"] == "chunk-hash"
    assert client.check([{"hash": digest, "size": len(data)}])[0]["received"] == 0

    # Chunks that are each intact but do not add up to the declared blob: refused at the end.
    wrong = os.urandom(3000)
    assert (
        client.put_chunk(digest, 3000, 0, wrong[:2000], hashlib.sha256(wrong[:2000]).hexdigest())["received"]
        == 2000
    )
    with pytest.raises(FarmRefused) as refused:
        client.put_chunk(digest, 3000, 2000, wrong[2000:], hashlib.sha256(wrong[2000:]).hexdigest())
    assert refused.value.data["reason"] == "blob-hash"
    state = client.check([{"hash": digest, "size": 3000}])[0]
    assert state["state"] == "absent" and state["received"] == 0
    assert not list((farm.data_dir / "store").rglob(digest))


def test_offset_mismatch_tells_the_client_where_to_resume(farm, connection):
    from farmhand.transfer.errors import FarmRefused

    client = StorageClient(connection)
    data = os.urandom(5000)
    digest = hashlib.sha256(data).hexdigest()
    client.put_chunk(digest, 5000, 0, data[:2000], hashlib.sha256(data[:2000]).hexdigest())
    with pytest.raises(FarmRefused) as refused:
        client.put_chunk(digest, 5000, 4000, data[4000:], hashlib.sha256(data[4000:]).hexdigest())
    assert refused.value.data == {"reason": "offset", "received": 2000}
    state = client.check([{"hash": digest, "size": 5000}])[0]
    assert state == {"hash": digest, "state": "partial", "received": 2000}


def test_two_uploaders_of_the_same_content_at_once_both_finish(tmp_path, farm, make_engine):
    content = os.urandom(40 * TEST_CHUNK)
    first = tmp_path / "one" / "same.bin"
    second = tmp_path / "two" / "same.bin"
    for path in (first, second):
        path.parent.mkdir()
        path.write_bytes(content)
    plans = [_plan([(first, "/D/one/same.bin")]), _plan([(second, "/D/two/same.bin")])]
    reports, errors = [], []

    def run(plan):
        try:
            reports.append(make_engine().upload(plan))
        except Exception as exc:  # surfaced by the assert below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(plan,)) for plan in plans]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert errors == []
    assert input_file(farm, "/D/one/same.bin").read_bytes() == content
    assert input_file(farm, "/D/two/same.bin").read_bytes() == content
    # The second uploader waits for the first instead of racing it chunk for chunk.
    assert sum(r.bytes_sent for r in reports) < 1.5 * len(content)
