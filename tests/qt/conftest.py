"""Fixtures of the Qt submitter tests: an isolated Farmhand home and an empty config."""

from __future__ import annotations

from pathlib import Path

import pytest

from farmhand.config import Config


@pytest.fixture(autouse=True)
def farmhand_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Keep the hash cache and config of every test in its own directory."""
    home = tmp_path / "farmhand-home"
    monkeypatch.setenv("FARMHAND_HOME", str(home))
    return home


@pytest.fixture
def no_config() -> Config:
    """A user with no config file: only the local profile exists."""
    return Config()
