"""Fixtures shared by every test area.

``farm``: Farmhand's real farm server (``python -m farmhand_farm serve``) as a
child process on 127.0.0.1 with a free port, a temporary data directory and
known credentials; one per test module.  ``farm_factory`` starts more (with
fault injection or extra arguments) and stops them at the end of the test.

This file is also loaded by the core's Python 3.9 run (tools/core-compat.sh),
so it imports only the standard library and pytest at module level.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any, Callable, Iterator, List

import pytest

# Qt tests run without a display; hosts that set their own platform keep it.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from farm_server import (  # noqa: F401  (FarmServer and the launchers are re-exported for older imports)
    FARM_ACCESS_ID,
    FARM_ACCESS_KEY,
    FARM_MODULE_LAUNCHER,
    FARMHAND_CLI_LAUNCHER,
    FarmServer,
)


def _farm_installed() -> bool:
    try:
        import farmhand_farm  # noqa: F401
    except ImportError:
        return False
    return True


@pytest.fixture(scope="module")
def farm(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FarmServer]:
    """The real farm on loopback, fresh for each test module; its data dir is ``<own tmp dir>/data``."""
    if not _farm_installed():
        pytest.skip("farmhand-farm is not installed in this interpreter")
    server = FarmServer(tmp_path_factory.mktemp("farm") / "data").start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def farm_via_cli(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FarmServer]:
    """Like ``farm``, but started the way users start it: ``farmhand farm serve``."""
    if not _farm_installed():
        pytest.skip("farmhand-farm is not installed in this interpreter")
    server = FarmServer(tmp_path_factory.mktemp("farm") / "data", launcher=FARMHAND_CLI_LAUNCHER).start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def rendering_farm(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FarmServer]:
    """Like ``farm``, but with one render worker: submitted Blender tasks really render."""
    if not _farm_installed():
        pytest.skip("farmhand-farm is not installed in this interpreter")
    server = FarmServer(tmp_path_factory.mktemp("rendering-farm") / "data", args=["--workers", "1"]).start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def farm_factory(tmp_path: Path) -> Iterator[Callable[..., FarmServer]]:
    """``farm_factory(env={...}, args=[...])`` starts another farm; all are stopped after the test."""
    if not _farm_installed():
        pytest.skip("farmhand-farm is not installed in this interpreter")
    started: List[FarmServer] = []

    def make(name: str = "farm", **options: Any) -> FarmServer:
        server = FarmServer(tmp_path / f"{name}-{len(started)}", **options)
        started.append(server)
        return server.start()

    try:
        yield make
    finally:
        for server in started:
            server.stop()


_exit_status = 0


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    global _exit_status
    _exit_status = int(exitstatus)


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config: pytest.Config) -> None:
    """End the process once pytest has reported, when bpy was imported in it.

    Blender's module tears down its C++ state in an atexit handler that can
    hang after a run that opened many files, which would leave CI waiting
    forever on a finished test run.  Everything pytest reports is written by
    now; only bpy's teardown is skipped.
    """
    if "bpy" in sys.modules:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(_exit_status)
