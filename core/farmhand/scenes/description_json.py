"""Reads a serialised :class:`SceneDescription`: a bare description, or what ``farmhand analyze --json``
prints (``{"scene": ..., "tips": [...]}``), so an analysis saved by one command feeds the next.
"""

from __future__ import annotations

import json
from typing import Any, Optional

from farmhand.model import ModelError, SceneDescription
from farmhand.scenes import SceneReadError


def read(path: str, *, frames: Optional[str] = None) -> SceneDescription:
    try:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
    except (OSError, UnicodeDecodeError) as exc:
        raise SceneReadError(f"cannot read {path}: {exc}") from exc
    try:
        scene = SceneDescription.from_dict(_description(text))
    except ModelError as exc:
        raise SceneReadError(f"{path}: {exc}") from exc
    if frames:
        for unit in scene.units:
            unit.frames = frames
    return scene


def _description(text: str) -> Any:
    """The description inside ``text``; the analysis wrapper's tips are recomputed, so they are dropped."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ModelError(f"not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from exc
    if isinstance(data, dict) and set(data) == {"scene", "tips"}:
        return data["scene"]
    return data
