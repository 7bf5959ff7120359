"""End-to-end tests drive ``farmhand`` as users do; ``farm_home`` makes a real farm the default profile."""

from __future__ import annotations

import json

import pytest


@pytest.fixture
def farm_home(farm, tmp_path, monkeypatch):
    """A config whose default profile is the real farm on loopback (no background farm is started)."""
    home = tmp_path / "home"
    home.mkdir()
    profile = {"farm": "local", "url": farm.url, "access_id": farm.access_id, "access_key": farm.access_key}
    (home / "config.yaml").write_text(
        json.dumps({"default_profile": "here", "profiles": {"here": profile}}), encoding="utf-8"
    )
    monkeypatch.setenv("FARMHAND_HOME", str(home))
    monkeypatch.delenv("FARMHAND_CONFIG", raising=False)
    return home
