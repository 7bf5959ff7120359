"""Fixtures for the Renderbus client tests: a fault-injecting loopback farm and a fast-retrying client."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any, Dict, Iterator, List

import pytest
from faultfarm import FAST_RETRY, FaultFarm

from farmhand.api import RenderbusClient
from farmhand.jobfiles import build_job
from farmhand.options import JobOptions
from farmhand.scenes import read_scene

SAMPLE = Path("/work/shared/samples/houdini/karma_aovs_for_prman_denoiser.1.0.hip")
SAMPLE_FRAMES = "1-12[1]"


class SleepLog:
    """Real sleeping that remembers every wait, so tests can see backoff and throttle decisions."""

    def __init__(self) -> None:
        self.waits: List[float] = []

    def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)
        time.sleep(seconds)


@pytest.fixture
def fault_farm() -> Iterator[FaultFarm]:
    with FaultFarm() as farm:
        yield farm


@pytest.fixture
def sleeps() -> SleepLog:
    return SleepLog()


@pytest.fixture
def make_client(fault_farm: FaultFarm, sleeps: SleepLog) -> Iterator[Any]:
    made: List[RenderbusClient] = []

    def build(**overrides: Any) -> RenderbusClient:
        options: Any = {
            "protocol": "http",
            "timeout": 2.0,
            "settle_delay": 0.05,
            "retry": FAST_RETRY,
            "sleep": sleeps,
        }
        options.update(overrides)
        client = RenderbusClient(
            options.pop("access_id", fault_farm.access_id),
            options.pop("access_key", fault_farm.access_key),
            fault_farm.domain,
            "2",
            **options,
        )
        made.append(client)
        return client

    yield build
    for client in made:
        client.close()


@pytest.fixture(scope="module")
def job_documents() -> Dict[str, Any]:
    """The four job files of a real Houdini sample scene (12 frames), built by the project's own builder."""
    if not SAMPLE.is_file():
        pytest.skip(f"sample scene {SAMPLE} is not available")
    scene = read_scene(str(SAMPLE), frames=SAMPLE_FRAMES)
    return build_job(scene, JobOptions(frames=SAMPLE_FRAMES, project_name="api-tests")).documents()
