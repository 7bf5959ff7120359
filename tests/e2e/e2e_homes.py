"""Fixtures for the end-to-end tests: a FARMHAND_HOME whose default profile is a real farm on loopback.

A helper module, not a conftest.py: other areas import their own `conftest` by name, and a second one
here could shadow theirs when several folders are collected together.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest


def home_for(server, home: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A FARMHAND_HOME whose config targets ``server`` (already running: no background farm is started)."""
    home.mkdir()
    profile = {"farm": "local", "url": server.url, "access_id": server.access_id}
    profile["access_key"] = server.access_key
    config = {"default_profile": "here", "profiles": {"here": profile}}
    (home / "config.yaml").write_text(json.dumps(config), encoding="utf-8")
    monkeypatch.setenv("FARMHAND_HOME", str(home))
    monkeypatch.delenv("FARMHAND_CONFIG", raising=False)
    return home


@pytest.fixture
def farm_home(farm, tmp_path, monkeypatch):
    """The farm on loopback without render workers: frames stay where submit puts them."""
    return home_for(farm, tmp_path / "home", monkeypatch)


@pytest.fixture
def rendering_farm_home(rendering_farm, tmp_path, monkeypatch):
    """The farm on loopback with one render worker."""
    return home_for(rendering_farm, tmp_path / "home", monkeypatch)
