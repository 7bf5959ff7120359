"""Parity with the official SDK (reference §9.3): the same calls, byte for byte, through a recording proxy.

The SDK (rayvision-api 3.0.4.3, Python 3.11 venv at <repo>/.venv-rayvision, shared with the farm's SDK
conformance test) and our client make the same calls against the real farm; the bodies must be identical,
the protocol headers must come in the same order with the same constant values, and the farm must accept
both signatures.
"""

from __future__ import annotations

import fcntl
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from chaosproxy import ChaosProxy

from farmhand.api import RenderbusClient

REPO = Path(__file__).resolve().parents[2]
SDK_VENV = REPO / ".venv-rayvision"
SDK_REQUIREMENT = "rayvision-api==3.0.4.3"
STAMP = SDK_VENV / ".installed-rayvision-api-3.0.4.3"
CALLS = Path(__file__).with_name("sdk_parity_calls.py")
PROTOCOL_HEADERS = ["accessId", "channel", "platform", "UTCTimestamp", "nonce", "signature", "version"]
PROTOCOL_HEADERS += ["Content-Type", "languageFlag"]
CONSTANT_HEADERS = ("accessId", "channel", "platform", "version", "Content-Type", "languageFlag")

pytestmark = pytest.mark.slow


def _sdk_python() -> Path:
    """The SDK interpreter, building the shared venv once (same lock and stamp as tests/farm)."""
    with open(Path(tempfile.gettempdir()) / "farmhand-venv-rayvision.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not STAMP.exists():
            python311 = sys.executable if sys.version_info[:2] == (3, 11) else shutil.which("python3.11")
            if not python311:
                pytest.fail("the official SDK needs Python 3.11 (python3.11 not found on PATH)")
            shutil.rmtree(SDK_VENV, ignore_errors=True)
            subprocess.run([python311, "-m", "venv", str(SDK_VENV)], check=True)
            subprocess.run([str(SDK_VENV / "bin" / "pip"), "install", "-q", SDK_REQUIREMENT], check=True)
            STAMP.write_text("ok\n")
    return SDK_VENV / "bin" / "python"


def _ours(client: RenderbusClient, sdk_task_id: int) -> None:
    client.user_profile()
    client.user_settings()
    client.transfer_bids()
    client.platforms()
    client.create_task(1, 50, labels=["parity"])
    client.delete_project("镜头01")  # the SDK made it; not compared
    client.add_project("镜头01", 0)
    client.task_list(1, 10)
    client.task_info([sdk_task_id])
    client.hardware_configs()
    client.analyse_error_details(code="10012", language=1)
    client.stop_tasks([sdk_task_id])


def test_our_requests_match_the_sdks(farm):
    sdk_python = _sdk_python()
    with ChaosProxy(("127.0.0.1", farm.port), {}) as proxy:
        run = subprocess.run(
            [str(sdk_python), str(CALLS), proxy.domain, farm.access_id, farm.access_key],
            capture_output=True,
            text=True,
            timeout=300,
            cwd=tempfile.mkdtemp(),
        )
        assert run.returncode == 0, run.stderr[-2000:]
        sdk = list(proxy.recorded)
        proxy.recorded.clear()
        options = {"protocol": "http", "mark_creations": False}
        with RenderbusClient(farm.access_id, farm.access_key, proxy.domain, **options) as client:
            _ours(client, int(run.stdout.split()[-1]))
        ours = [r for r in proxy.recorded if not r["path"].endswith("/project/delete")]
    assert [r["path"] for r in ours] == [r["path"] for r in sdk]
    for mine, theirs in zip(ours, sdk):
        assert mine["body"] == theirs["body"], mine["path"]
        assert [h for h in mine["order"] if h in PROTOCOL_HEADERS] == [
            h for h in theirs["order"] if h in PROTOCOL_HEADERS
        ]
        assert {h: mine["headers"][h] for h in CONSTANT_HEADERS} == {
            h: theirs["headers"][h] for h in CONSTANT_HEADERS
        }
        assert json.loads(mine["answer"])["code"] == json.loads(theirs["answer"])["code"] == 200, mine["path"]
