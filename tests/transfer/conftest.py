"""Helpers for the transfer tests: engines pointed at the real farm fixture."""

from __future__ import annotations

from pathlib import Path

import pytest
from transfer_helpers import TEST_CHUNK

from farmhand.transfer import FarmConnection, HashCache, HttpEngine


@pytest.fixture
def farmhand_home(tmp_path, monkeypatch) -> Path:
    home = tmp_path / "home"
    monkeypatch.setenv("FARMHAND_HOME", str(home))
    return home


@pytest.fixture
def connection(farm) -> FarmConnection:
    return FarmConnection(farm.url, farm.access_id, farm.access_key)


@pytest.fixture
def cache(farmhand_home):
    with HashCache() as opened:
        yield opened


@pytest.fixture
def make_engine(connection, cache):
    def build(**options) -> HttpEngine:
        options.setdefault("chunk_size", TEST_CHUNK)
        options.setdefault("cache", cache)
        return HttpEngine(connection, **options)

    return build
