"""Resume inside a file: an uploader killed with SIGKILL mid-file, then cancel, then a fresh run."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from transfer_helpers import TEST_CHUNK, input_file, write_random

from farmhand.transfer import CancelToken, FarmConnection, TransferCancelled, UploadPlan
from farmhand.transfer.client import StorageClient
from farmhand.transfer.hashing import BLOCK_SIZE, hash_file

CHILD = Path(__file__).with_name("upload_child.py")


def _write_plan(tmp_path, local, server) -> Path:
    plan = tmp_path / "upload.json"
    plan.write_text(json.dumps({"asset": [{"local": str(local), "server": server}]}), encoding="utf-8")
    return plan


def _kill_after(farm, plan: Path, acknowledged: int, env) -> list:
    """Start the child uploader, SIGKILL it after ``acknowledged`` chunks; return its chunk events."""
    child = subprocess.Popen(
        [sys.executable, str(CHILD), farm.url, farm.access_id, farm.access_key, str(plan), str(TEST_CHUNK)]
        + ["--delay", "0.05"],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    events = []
    try:
        for line in child.stdout:
            kind, _digest, offset, length = line.split()
            events.append((kind, int(offset), int(length)))
            if sum(1 for e in events if e[0] == "done") >= acknowledged:
                child.send_signal(signal.SIGKILL)
                break
    finally:
        child.kill()
        child.wait(10)
        child.stdout.close()
    assert child.returncode == -signal.SIGKILL
    return events


def test_upload_killed_with_sigkill_resumes_resending_at_most_one_chunk(
    tmp_path, farm, make_engine, connection, farmhand_home
):
    local = write_random(tmp_path / "big scene.blend", 40 * TEST_CHUNK + 777)
    digest = hash_file(str(local))
    plan = _write_plan(tmp_path, local, "/D/shots/big scene.blend")

    killed = _kill_after(farm, plan, 6, dict(os.environ, FARMHAND_HOME=str(farmhand_home)))
    started_before = {offset for kind, offset, _ in killed if kind == "start"}

    state = StorageClient(connection).check([{"hash": digest, "size": local.stat().st_size}])[0]
    assert state["state"] == "partial" and 6 * TEST_CHUNK <= state["received"] < local.stat().st_size

    resent = []
    engine = make_engine(
        chunk_observer=lambda kind, d, offset, n: resent.append(offset) if kind == "start" else None
    )
    report = engine.upload(UploadPlan.from_upload_json(plan))

    assert resent[0] == state["received"]  # continued where the farm stood
    assert len(started_before & set(resent)) <= 1
    assert report.bytes_sent == local.stat().st_size - state["received"]
    assert report.files_hashed == 0  # the killed run cached the hash
    assert input_file(farm, "/D/shots/big scene.blend").read_bytes() == local.read_bytes()


def test_cancel_mid_upload_stops_within_a_chunk_and_a_later_run_resumes(tmp_path, farm, make_engine):
    local = write_random(tmp_path / "a.bin", 30 * TEST_CHUNK)
    plan = UploadPlan.from_entries([{"local": str(local), "server": "/D/a.bin"}])
    token = CancelToken()
    sent = []

    def observe(kind, digest, offset, length):
        if kind == "done":
            sent.append(offset)
            if len(sent) == 5:
                token.cancel()

    with pytest.raises(TransferCancelled):
        make_engine(chunk_observer=observe).upload(plan, cancel=token)
    assert len(sent) == 5

    report = make_engine().upload(plan)
    assert report.bytes_sent == 25 * TEST_CHUNK
    assert input_file(farm, "/D/a.bin").read_bytes() == local.read_bytes()


def test_cancel_during_hashing_stops_inside_the_file(tmp_path, farm, make_engine, cache):
    # Three 4 MiB hash blocks per file, one worker: the cancel lands inside the first file.
    files = [write_random(tmp_path / f"f{i}.bin", 3 * BLOCK_SIZE) for i in range(3)]
    plan = UploadPlan.from_entries({"local": str(f), "server": f"/D/{f.name}"} for f in files)
    token = CancelToken()
    seen = []

    def progress(event):
        seen.append(event)
        if event.phase == "hashing" and event.bytes_done > 0:
            token.cancel("test")

    with pytest.raises(TransferCancelled, match="test"):
        make_engine(workers=1).upload(plan, progress=progress, cancel=token)
    assert {e.phase for e in seen} == {"hashing"}
    assert max(e.bytes_done for e in seen) < 3 * BLOCK_SIZE
    assert all(cache.lookup(str(f), f.stat().st_size, f.stat().st_mtime_ns) is None for f in files)
    assert not any(input_file(farm, f"/D/{f.name}").exists() for f in files)


def test_the_farm_drops_abandoned_partials_when_it_starts(tmp_path, farm_factory, cache):
    server = farm_factory("sweep")
    client = StorageClient(FarmConnection(server.url, server.access_id, server.access_key))
    data = os.urandom(3000)
    digest = hashlib.sha256(data).hexdigest()
    fresh = hashlib.sha256(b"fresh" + data).hexdigest()
    client.put_chunk(digest, 3000, 0, data[:1000], hashlib.sha256(data[:1000]).hexdigest())
    client.put_chunk(fresh, 3005, 0, data[:1000], hashlib.sha256(data[:1000]).hexdigest())
    orphan = server.data_dir / "partial" / f"{'0' * 64}.part"
    server.stop()
    orphan.write_bytes(b"a first chunk cut off by a crash")
    week_ago = int((time.time() - 8 * 24 * 3600) * 1000)
    with sqlite3.connect(server.data_dir / "farm.db") as db:
        db.execute("UPDATE storage_partials SET updated_at = ? WHERE hash = ?", (week_ago, digest))
    server.start()  # on a new port

    client = StorageClient(FarmConnection(server.url, server.access_id, server.access_key))
    states = client.check([{"hash": digest, "size": 3000}, {"hash": fresh, "size": 3005}])
    assert [s["state"] for s in states] == ["absent", "partial"]
    assert not (server.data_dir / "partial" / f"{digest}.part").exists() and not orphan.exists()
