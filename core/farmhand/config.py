"""Where Farmhand keeps its state, and the YAML file of named farm profiles.

``FARMHAND_HOME`` is the root of all state (config, caches, local farm data)
so that tests and scripts run in isolation; ``FARMHAND_CONFIG`` points at the
config file itself.  Secrets may live in the environment or the system keyring
instead of the file, and the file is always written owner-only.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Optional

import yaml

from farmhand.errors import FarmhandError
from farmhand.fileio import atomic_write_text

LOCAL_PROFILE = "local"
FARM_KINDS = ("local", "renderbus", "rentaflop", "srp")


class ConfigError(FarmhandError):
    """The config file is unreadable or a profile is incomplete."""


def farmhand_home() -> Path:
    """Root of Farmhand's state: $FARMHAND_HOME, else the user's data directory."""
    explicit = os.environ.get("FARMHAND_HOME")
    if explicit:
        return Path(explicit).expanduser()
    if sys.platform == "win32":
        return Path(os.environ.get("LOCALAPPDATA", Path.home() / "AppData" / "Local")) / "Farmhand"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / "Farmhand"
    return Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local" / "share")) / "farmhand"


def config_path() -> Path:
    """$FARMHAND_CONFIG, else config.yaml under $FARMHAND_HOME or the user config directory."""
    explicit = os.environ.get("FARMHAND_CONFIG")
    if explicit:
        return Path(explicit).expanduser()
    if os.environ.get("FARMHAND_HOME"):
        return farmhand_home() / "config.yaml"
    if sys.platform == "win32":
        return (
            Path(os.environ.get("APPDATA", Path.home() / "AppData" / "Roaming")) / "Farmhand" / "config.yaml"
        )
    if sys.platform == "darwin":
        return farmhand_home() / "config.yaml"
    return Path(os.environ.get("XDG_CONFIG_HOME", Path.home() / ".config")) / "farmhand" / "config.yaml"


@dataclass
class Profile:
    """One farm target. ``settings`` holds the farm-specific keys (domain, platform, ids...)."""

    name: str
    farm: str
    settings: Dict[str, Any] = field(default_factory=dict)

    def get(self, key: str, default: Any = None) -> Any:
        return self.settings.get(key, default)

    def secret(self, key: str) -> str:
        """A secret from, in order: ``<key>_env`` variable, the keyring, the file itself."""
        variable = self.settings.get(f"{key}_env")
        if variable:
            value = os.environ.get(variable)
            if value:
                return value
            raise ConfigError(f"profile {self.name}: environment variable {variable} (for {key}) is not set")
        if self.settings.get(f"{key}_keyring"):
            return _keyring_secret(self.name, key)
        value = self.settings.get(key)
        if not value:
            raise ConfigError(f"profile {self.name}: no {key} (set {key}_env, {key}_keyring: true, or {key})")
        return str(value)


def _keyring_secret(profile: str, key: str) -> str:
    try:
        import keyring  # optional: only for users who keep secrets in the system keyring
    except ImportError as exc:
        raise ConfigError(
            f"profile {profile}: {key}_keyring is set but the 'keyring' package is missing"
        ) from exc
    value = keyring.get_password(f"farmhand/{profile}", key)
    if not value:
        raise ConfigError(f"profile {profile}: no {key} in the system keyring under farmhand/{profile}")
    return value


@dataclass
class Config:
    profiles: Dict[str, Profile] = field(default_factory=dict)
    default_profile: str = LOCAL_PROFILE
    path: Optional[Path] = None

    def profile(self, name: Optional[str] = None) -> Profile:
        """The named profile, or the default; with no config at all, the local farm."""
        wanted = name or self.default_profile
        if wanted in self.profiles:
            return self.profiles[wanted]
        if wanted == LOCAL_PROFILE:
            return Profile(LOCAL_PROFILE, "local")
        known = ", ".join(sorted(self.profiles)) or "none"
        raise ConfigError(f"no profile named {wanted!r} in {self.path}; known profiles: {known}")

    def names(self) -> List[str]:
        return sorted(set(self.profiles) | {LOCAL_PROFILE})

    def to_yaml(self) -> str:
        data = {
            "default_profile": self.default_profile,
            "profiles": {name: {"farm": p.farm, **p.settings} for name, p in sorted(self.profiles.items())},
        }
        return yaml.safe_dump(data, sort_keys=False)


def load_config(path: Optional[Path] = None) -> Config:
    path = path or config_path()
    if not path.exists():
        return Config(path=path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise ConfigError(f"cannot read config {path}: {_yaml_problem(exc)}") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read config {path}: {exc}") from exc
    if not isinstance(data, dict):
        raise ConfigError(f"config {path}: expected a mapping at the top level")
    return Config(
        _profiles(data.get("profiles") or {}, path), str(data.get("default_profile", LOCAL_PROFILE)), path
    )


def _yaml_problem(exc: yaml.YAMLError) -> str:
    """PyYAML's message on one line with the user's line and column (its own text spans four lines)."""
    problem = getattr(exc, "problem", None)
    mark = getattr(exc, "problem_mark", None)
    if not problem:
        return " ".join(str(exc).split())
    where = f"line {mark.line + 1} column {mark.column + 1}: " if mark is not None else ""
    return f"{where}{problem}"


def _profiles(raw: Any, path: Path) -> Dict[str, Profile]:
    if not isinstance(raw, dict):
        raise ConfigError(f"config {path}: 'profiles' must be a mapping of name to settings")
    profiles = {}
    for name, settings in raw.items():
        if not isinstance(settings, dict):
            raise ConfigError(f"config {path}: profile {name!r} must be a mapping")
        settings = dict(settings)
        farm = settings.pop("farm", None)
        if farm not in FARM_KINDS:
            raise ConfigError(
                f"config {path}: profile {name!r} has farm {farm!r}; expected one of {FARM_KINDS}"
            )
        profiles[str(name)] = Profile(str(name), farm, settings)
    return profiles


def save_config(config: Config, path: Optional[Path] = None) -> Path:
    """Write the config owner-only (0600): it may hold access ids and, if the user insists, keys."""
    target = path or config.path or config_path()
    atomic_write_text(str(target), config.to_yaml(), mode=0o600)
    return target
