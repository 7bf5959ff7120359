"""The client pieces that need no farm: hashing, the hash cache, chunk plans, progress, engines."""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import sys
import threading

import pytest

from farmhand.errors import FarmhandError
from farmhand.transfer import (
    CancelToken,
    FileChangedError,
    HashCache,
    ProgressTracker,
    TransferCancelled,
    TransferError,
    UploadPlan,
)
from farmhand.transfer.chunk_reader import ChunkReader
from farmhand.transfer.hashing import hash_file
from farmhand.transfer.plan import check_chunk_size
from farmhand.transfer.raysync import INSTALL_HINT, RaysyncEngine


def test_hash_file_matches_hashlib_across_block_boundaries(tmp_path):
    data = os.urandom(3 * 1000 + 17)
    path = tmp_path / "f"
    path.write_bytes(data)
    counted = []
    assert hash_file(str(path), block_size=1000, on_bytes=counted.append) == hashlib.sha256(data).hexdigest()
    assert counted == [1000, 1000, 1000, 17]


def test_hash_file_stops_when_cancelled(tmp_path):
    path = tmp_path / "f"
    path.write_bytes(b"x" * 5000)
    token = CancelToken()
    with pytest.raises(TransferCancelled):
        hash_file(str(path), block_size=1000, cancel=token, on_bytes=lambda n: token.cancel())


def test_child_token_follows_its_parent_but_not_the_reverse():
    parent = CancelToken()
    child = parent.child()
    child.cancel()
    assert child.cancelled and not parent.cancelled
    other = parent.child()
    parent.cancel("stop")
    with pytest.raises(TransferCancelled, match="stop"):
        other.raise_if_cancelled()


def test_hash_cache_hits_only_on_the_same_size_and_mtime(tmp_path):
    with HashCache(tmp_path / "c.sqlite3") as cache:
        cache.store(str(tmp_path / "a"), 10, 111, "d1")
        assert cache.lookup(str(tmp_path / "a"), 10, 111) == "d1"
        assert cache.lookup(str(tmp_path / "a"), 10, 112) is None
        assert cache.lookup(str(tmp_path / "a"), 11, 111) is None
        cache.store(str(tmp_path / "a"), 11, 112, "d2")
        assert cache.lookup(str(tmp_path / "a"), 11, 112) == "d2"


def test_hash_cache_lives_under_farmhand_home(farmhand_home):
    with HashCache() as cache:
        assert cache.path.parent == farmhand_home


def _write_entries(db_path, start):
    with HashCache(db_path) as cache:
        for index in range(start, start + 200):
            cache.store(f"/p/{index}", index, index, f"d{index}")


def test_hash_cache_is_shared_by_threads_and_processes(tmp_path):
    db_path = tmp_path / "c.sqlite3"
    HashCache(db_path).close()
    threads = [threading.Thread(target=_write_entries, args=(db_path, n * 200)) for n in range(3)]
    context = multiprocessing.get_context("spawn")
    processes = [context.Process(target=_write_entries, args=(db_path, 600 + n * 200)) for n in range(2)]
    for worker in threads + processes:
        worker.start()
    for worker in threads + processes:
        worker.join(60)
    assert all(p.exitcode == 0 for p in processes)
    with HashCache(db_path) as cache:
        assert all(cache.lookup(f"/p/{i}", i, i) == f"d{i}" for i in range(1000))


def test_chunk_reader_reads_ahead_and_past_2_gib(tmp_path):
    path = tmp_path / "sparse.bin"
    size = 3 * 1024**3 + 10  # sparse: past 2 GiB offsets without writing gigabytes
    with open(path, "wb") as stream:
        stream.truncate(size)
        stream.seek(size - 10)
        stream.write(b"0123456789")
    with ChunkReader(str(path), size, 4) as reader:
        assert reader.chunk(size - 10) == (b"0123", hashlib.sha256(b"0123").hexdigest())
        assert reader.chunk(size - 6)[0] == b"4567"  # the read-ahead
        assert reader.chunk(size - 2)[0] == b"89"
        assert reader.chunk(size - 6, fresh=True)[0] == b"4567"  # re-read on demand
    with pytest.raises(ValueError):
        check_chunk_size(65 * 1024**2)


def test_chunk_reader_notices_a_file_that_shrank(tmp_path):
    path = tmp_path / "f.bin"
    path.write_bytes(b"x" * 10)
    with ChunkReader(str(path), 20, 8) as reader, pytest.raises(FileChangedError, match="f.bin"):
        reader.chunk(8)


def test_plan_reads_upload_json_and_rejects_conflicting_duplicates(tmp_path):
    plan = UploadPlan.from_upload_json(
        {"asset": [{"local": "/a/x.png", "server": "/a/x.png"}, {"local": "/a/x.png", "server": "/a/x.png"}]}
    )
    assert len(plan.items) == 1
    with pytest.raises(TransferError, match="two local files"):
        UploadPlan.from_entries([{"local": "/a/x", "server": "/s/x"}, {"local": "/b/x", "server": "/s/x"}])
    broken = tmp_path / "upload.json"
    broken.write_text("{not json", encoding="utf-8")
    with pytest.raises(TransferError, match="upload.json"):
        UploadPlan.from_upload_json(broken)


class FakeClock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


def test_progress_is_throttled_and_the_final_state_always_arrives():
    clock = FakeClock()
    events = []
    tracker = ProgressTracker(events.append, "uploading", files_total=2, bytes_total=1000, clock=clock)
    for _ in range(10):
        tracker.add_bytes(10, "a")  # same instant: only the first is emitted
    tracker.file_done("a")
    assert len(events) == 1
    clock.now += 1.0
    tracker.add_bytes(400, "b")
    assert len(events) == 2
    tracker.file_done("b")
    tracker.finish()
    assert len(events) == 3
    last = events[-1]
    # 500 bytes moved in the 1 s since the phase started.
    assert (last.files_done, last.bytes_done, last.current_file) == (2, 500, "b")
    assert last.rate == pytest.approx(500.0) and last.eta == pytest.approx(1.0)


def test_progress_counts_skipped_bytes_as_done_but_not_in_the_rate():
    clock = FakeClock()
    tracker = ProgressTracker(None, "uploading", files_total=1, bytes_total=100, clock=clock)
    tracker.skip_bytes(60)
    clock.now += 2
    tracker.add_bytes(20)
    event = tracker.snapshot()
    assert (event.bytes_done, event.bytes_skipped, event.fraction) == (80, 60, 0.8)
    assert event.rate == pytest.approx(10.0)


def test_progress_from_many_threads_adds_up():
    tracker = ProgressTracker(lambda e: None, "hashing", files_total=8, bytes_total=8 * 1000)

    def work():
        for _ in range(1000):
            tracker.add_bytes(1)
        tracker.file_done()

    threads = [threading.Thread(target=work) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    event = tracker.snapshot()
    assert (event.bytes_done, event.files_done) == (8000, 8)


def test_raysync_engine_without_the_package_names_what_to_install(monkeypatch):
    for name in ("rayvision_sync", "rayvision_sync.upload", "rayvision_sync.download"):
        monkeypatch.setitem(sys.modules, name, None)  # None in sys.modules makes the import fail
    with pytest.raises(FarmhandError, match=INSTALL_HINT):
        RaysyncEngine(api=None)
