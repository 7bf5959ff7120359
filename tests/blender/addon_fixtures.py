"""Fixtures for the in-process add-on tests: the add-on registered in this process's real ``bpy``.

``bpy`` keeps one open file per process, so every test starts from the file it opens itself and
the fixture returns to factory settings afterwards.  The farm profile lives in a config file named
by ``FARMHAND_CONFIG`` in a temporary ``FARMHAND_HOME``, as a user's would.
"""

from __future__ import annotations

import os
import sys
import time
from typing import Callable, Dict, Iterator

import pytest
import yaml
from conftest import ROOT

bpy = pytest.importorskip("bpy")

ADDON_CLASSES = (
    "FARMHAND_PT_main",
    "FARMHAND_PT_submit",
    "FARMHAND_OT_submit",
    "FARMHAND_OT_cancel",
    "FarmhandSceneSettings",
)


def _addon_module():
    if ROOT not in sys.path:
        sys.path.insert(0, ROOT)
    import blender_addon

    return blender_addon


@pytest.fixture(scope="module")
def home(tmp_path_factory) -> Iterator[str]:
    """An isolated FARMHAND_HOME with FARMHAND_CONFIG pointing at its config.yaml."""
    root = tmp_path_factory.mktemp("farmhand-home")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("FARMHAND_HOME", str(root))
        patch.setenv("FARMHAND_CONFIG", str(root / "config.yaml"))
        yield str(root)


def write_profiles(home: str, profiles: Dict[str, Dict[str, str]]) -> None:
    path = os.path.join(home, "config.yaml")
    with open(path, "w", encoding="utf-8") as handle:
        yaml.safe_dump({"profiles": profiles}, handle)
    os.chmod(path, 0o600)


def farm_profile(server) -> Dict[str, str]:
    return {
        "farm": "local",
        "url": server.url,
        "access_id": server.access_id,
        "access_key": server.access_key,
    }


@pytest.fixture(scope="module")
def addon(home):
    """The add-on registered for the module; unregistering must leave nothing behind."""
    module = _addon_module()
    module.register()
    try:
        yield module
    finally:
        from blender_addon.farmhand_blender import background

        module.unregister()
        bpy.ops.wm.read_factory_settings(use_empty=True)
        assert not hasattr(bpy.types.Scene, "farmhand")
        assert not hasattr(bpy.types.ViewLayer, "farmhand_render")
        assert not [name for name in ADDON_CLASSES if hasattr(bpy.types, name)]
        assert not bpy.app.timers.is_registered(background.tick)


def open_blend(path: str) -> None:
    bpy.ops.wm.open_mainfile(filepath=str(path))


def drive(until: Callable[[], bool], timeout: float, tick: Callable[[], object]) -> None:
    """Run the add-on's timer callback as Blender's event loop would, until ``until()``."""
    deadline = time.monotonic() + timeout
    while not until():
        assert time.monotonic() < deadline, "timed out driving the add-on's timer"
        tick()
        time.sleep(0.05)
