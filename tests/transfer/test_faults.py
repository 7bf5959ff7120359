"""A farm that drops connections and answers 5xx on a share of requests: transfers still complete."""

from __future__ import annotations

import hashlib
import os

import pytest
from transfer_helpers import TEST_CHUNK, input_file, user_dir, write_random

from farmhand.transfer import FarmConnection, HttpEngine, UploadPlan

FAULTS = "drop=0.08,drop_after=0.06,http5xx=0.03,code=0.03;seed=11"


@pytest.fixture
def faulty_farm(farm_factory):
    return farm_factory("faulty", env={"FARMHAND_FARM_FAULTS": FAULTS})


def test_upload_and_download_survive_dropped_connections_and_5xx(tmp_path, faulty_farm, cache):
    engine = HttpEngine(
        FarmConnection(faulty_farm.url, faulty_farm.access_id, faulty_farm.access_key),
        cache=cache,
        chunk_size=TEST_CHUNK,
    )
    files = [write_random(tmp_path / "src" / f"f{i}.bin", 3 * TEST_CHUNK + i) for i in range(12)]
    plan = UploadPlan.from_entries({"local": str(f), "server": f"/D/faults/{f.name}"} for f in files)

    report = engine.upload(plan)

    assert report.linked == 12
    for local in files:
        assert input_file(faulty_farm, f"/D/faults/{local.name}").read_bytes() == local.read_bytes()

    task_root = user_dir(faulty_farm, "output") / "9_faults"
    task_root.mkdir(parents=True)
    frames = {n: os.urandom(500_000) for n in range(1, 7)}
    for number, data in frames.items():
        (task_root / f"faults.{number:04d}.png").write_bytes(data)

    downloaded = engine.download(9, tmp_path / "out")

    assert downloaded.files_downloaded == 6
    for number, data in frames.items():
        got = (tmp_path / "out" / f"faults.{number:04d}.png").read_bytes()
        assert hashlib.sha256(got).digest() == hashlib.sha256(data).digest()
