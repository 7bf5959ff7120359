"""Reads a serialised :class:`SceneDescription` (what ``farmhand analyze --json`` writes)."""

from __future__ import annotations

from typing import Optional

from farmhand.model import ModelError, SceneDescription
from farmhand.scenes import SceneReadError


def read(path: str, *, frames: Optional[str] = None) -> SceneDescription:
    try:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
    except (OSError, UnicodeDecodeError) as exc:
        raise SceneReadError(f"cannot read {path}: {exc}") from exc
    try:
        scene = SceneDescription.from_json(text)
    except ModelError as exc:
        raise SceneReadError(f"{path}: {exc}") from exc
    if frames:
        for unit in scene.units:
            unit.frames = frames
    return scene
