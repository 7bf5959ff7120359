"""Fault injection end to end: many submissions through a proxy that drops, fails and stalls requests.

The proxy sits in front of the real farm.  Whatever it does, every submission
must produce exactly one submitted task and every read must eventually succeed.
"""

from __future__ import annotations

import json

import pytest
from chaosproxy import ChaosProxy

from farmhand.api import RenderbusClient, RetryPolicy
from farmhand.api.submission import submit_job

SUBMISSIONS = 16
RATES = {"drop": 0.06, "drop_after": 0.06, "bad_gateway": 0.06, "bad_gateway_after": 0.06, "stall": 0.06}
# Generous attempt bound: at a 30 % fault rate, 12 failures in a row happen about once in 2 million calls.
PATIENT = RetryPolicy(attempts=12, base_delay=0.01, max_delay=0.1)


@pytest.mark.slow
def test_no_duplicate_tasks_and_every_read_succeeds(farm, job_documents):
    proxy = ChaosProxy(("127.0.0.1", farm.port), RATES, seed=3, stall_seconds=0.8)
    # The client gives up on a stalled request at 0.5 s; the proxy forwards it at 0.8 s,
    # and the client looks for its effect 1.2 s after giving up.
    options = {"protocol": "http", "timeout": 0.5, "retry": PATIENT, "settle_delay": 1.2}
    with proxy, RenderbusClient(farm.access_id, farm.access_key, proxy.domain, **options) as client:
        submitted = [submit_job(client, job_documents, labels=[f"chaos-{n}"]) for n in range(SUBMISSIONS)]
        seen = {task["id"]: task for task in client.iter_tasks(page_size=7)}
        frames = [len(list(client.iter_frames(task_id, page_size=5))) for task_id in submitted[:5]]
    assert all(proxy.injected[kind] > 0 for kind in RATES), proxy.injected
    assert set(submitted) <= set(seen) and frames == [12] * 5

    with farm.client(timeout=10) as direct:
        tasks = list(direct.iter_tasks())
    labels = [
        name for task in tasks for name in json.loads(task["labels"]).values() if name.startswith("chaos-")
    ]
    assert sorted(labels) == sorted(f"chaos-{n}" for n in range(SUBMISSIONS)), "a submission made two tasks"
    assert len(tasks) == SUBMISSIONS and sorted(t["id"] for t in tasks) == sorted(submitted)
    assert all(task["taskStatus"] == 0 and task["totalFrames"] == 12 for task in tasks)


@pytest.mark.slow
def test_the_farms_own_fault_hooks_make_no_duplicates(farm_factory, job_documents):
    """Faults injected inside the farm (after the work is done, or before it) instead of by a proxy."""
    faults = "drop_after=0.08,http5xx_after=0.08,drop=0.05,http5xx=0.05,code=0.05,stall=0.04"
    server = farm_factory(env={"FARMHAND_FARM_FAULTS": f"{faults};stall_seconds=0.8;seed=11"})
    options = {"timeout": 0.5, "retry": PATIENT, "settle_delay": 1.2}
    with server.client(**options) as client:
        submitted = [submit_job(client, job_documents, labels=[f"hook-{n}"]) for n in range(10)]
        listed = [task["id"] for task in client.iter_tasks(page_size=3)]
    assert sorted(listed) == sorted(submitted) and len(set(submitted)) == 10
