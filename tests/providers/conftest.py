"""Fixtures for the provider tests: the strict S3, Rentaflop and SRP stand-ins on loopback."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from provider_constants import COLLECTION, HERE, RENTAFLOP_KEY, SRP_KEY
from servers.rentaflop_api import OUTPUTS, UPLOADS, RentaflopFake
from servers.s3 import StrictS3


@pytest.fixture
def farmhand_home(tmp_path, monkeypatch) -> Path:
    home = tmp_path / "home"
    monkeypatch.setenv("FARMHAND_HOME", str(home))
    monkeypatch.delenv("FARMHAND_CONFIG", raising=False)
    return home


@pytest.fixture
def s3(tmp_path):
    server = StrictS3(tmp_path / "s3", [UPLOADS, OUTPUTS]).start()
    yield server
    server.stop()


@pytest.fixture
def rentaflop(s3):
    server = RentaflopFake(s3, RENTAFLOP_KEY).start()
    yield server
    server.stop()


@pytest.fixture
def rentaflop_provider(rentaflop, farmhand_home):
    from farmhand.providers.rentaflop import RentaflopProvider
    from farmhand.providers.rentaflop_client import RentaflopClient
    from farmhand.providers.state import ProviderState

    state = ProviderState()
    client = RentaflopClient(RENTAFLOP_KEY, f"{rentaflop.url}/v1")
    yield RentaflopProvider(client, state=state, blender_version="4.5.3", poll_interval=(0.02, 0.1))
    state.close()


@pytest.fixture(scope="session")
def built_project(tmp_path_factory) -> Path:
    """make_project.py's textured project, built once per session by real bpy."""
    root = tmp_path_factory.mktemp("rentaflop-project")
    done = subprocess.run(
        [sys.executable, str(HERE / "make_project.py"), str(root)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return root


@pytest.fixture
def textured_project(built_project, tmp_path) -> Path:
    """A fresh copy of the project; returns its scene (scenes/shot.blend)."""
    project = tmp_path / "project"
    shutil.copytree(built_project, project)
    return project / "scenes" / "shot.blend"


@pytest.fixture
def srp(tmp_path):
    from servers.srp_api import SrpFake

    server = SrpFake(tmp_path / "srp", SRP_KEY, {COLLECTION: "sneakers"}).start()
    yield server
    server.wait_idle()
    server.stop()


@pytest.fixture
def srp_state(farmhand_home):
    from farmhand.providers.state import ProviderState

    state = ProviderState()
    yield state
    state.close()


@pytest.fixture
def srp_listener(srp, srp_state, tmp_path):
    """Farmhand's webhook receiver on loopback; ``outcomes`` collects what it did."""
    from servers.srp_api import BUCKET

    from farmhand.providers.srp_client import SrpClient
    from farmhand.providers.srp_webhooks import CallbackServer, WebhookReceiver

    outcomes = []
    receiver = WebhookReceiver(
        SrpClient(SRP_KEY, srp.url),
        srp_state,
        download_base_url=f"{srp.url}/storage/{BUCKET}/",
        download_dir=str(tmp_path / "srp-outputs"),
        on_outcome=outcomes.append,
    )
    server = CallbackServer(("127.0.0.1", 0), receiver)
    server.start()
    server.outcomes = outcomes
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def srp_provider(srp, srp_state, srp_listener):
    from servers.srp_api import BUCKET

    from farmhand.providers.srp import SrpProvider
    from farmhand.providers.srp_client import SrpClient

    return SrpProvider(
        SrpClient(SRP_KEY, srp.url),
        collection_id=COLLECTION,
        input_data={"pants": "stepper", "pants_color": "#ffffff", "shoe": "4"},
        callback_url=srp_listener.url,
        download_base_url=f"{srp.url}/storage/{BUCKET}/",
        state=srp_state,
        poll_interval=(0.02, 0.1),
    )
