from __future__ import annotations

import os
import stat

import pytest

from farmhand.config import Config, ConfigError, Profile, config_path, farmhand_home, load_config, save_config


def test_env_vars_root_all_state(tmp_path, monkeypatch):
    monkeypatch.setenv("FARMHAND_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("FARMHAND_CONFIG", raising=False)
    assert farmhand_home() == tmp_path / "home"
    assert config_path() == tmp_path / "home" / "config.yaml"
    monkeypatch.setenv("FARMHAND_CONFIG", str(tmp_path / "elsewhere.yaml"))
    assert config_path() == tmp_path / "elsewhere.yaml"


def test_no_config_means_the_local_farm(tmp_path):
    config = load_config(tmp_path / "none.yaml")
    assert config.profile().farm == "local"


def test_round_trip_and_owner_only(tmp_path):
    config = Config(
        profiles={
            "cloud": Profile(
                "cloud",
                "renderbus",
                {"domain": "task.renderbus.com", "access_id": "AKID", "access_key_env": "RB_KEY"},
            )
        },
        default_profile="cloud",
    )
    path = save_config(config, tmp_path / "config.yaml")
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    again = load_config(path)
    assert again.profile().settings["domain"] == "task.renderbus.com"
    assert again.names() == ["cloud", "local"]


def test_secrets_come_from_the_environment(tmp_path, monkeypatch):
    profile = Profile("cloud", "renderbus", {"access_key_env": "RB_KEY"})
    with pytest.raises(ConfigError, match="RB_KEY"):
        profile.secret("access_key")
    monkeypatch.setenv("RB_KEY", "s3cret")
    assert profile.secret("access_key") == "s3cret"


@pytest.mark.parametrize(
    "text, message",
    [
        ("profiles: [1, 2]", "must be a mapping"),
        ("profiles:\n  x: {farm: nowhere}", "farm 'nowhere'"),
        ("{", "cannot read"),
    ],
)
def test_bad_config_is_a_clear_error(tmp_path, text, message):
    path = tmp_path / "config.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        load_config(path)


@pytest.mark.parametrize(
    "text, message",
    [
        ("profiles: [\n", "line 2 column 1: expected the node content, but found '<stream end>'"),
        ("a: b\n  c: d: e\n", "line 2 column 4: mapping values are not allowed here"),
    ],
)
def test_a_yaml_syntax_error_is_one_line_with_its_place(tmp_path, text, message):
    path = tmp_path / "config.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as refused:
        load_config(path)
    assert str(refused.value) == f"cannot read config {path}: {message}"


def test_unknown_profile_lists_known_ones(tmp_path):
    with pytest.raises(ConfigError, match="known profiles: none"):
        load_config(tmp_path / "none.yaml").profile("studio")
