"""Offline scene readers: a scene file in, a :class:`SceneDescription` out, no host needed.

Each reader is a module with ``read(path, *, frames=None) -> SceneDescription``
and is imported only when a file of its kind is read, so a missing optional
library (olefile, blender-asset-tracer) only matters for that kind of file.
"""

from __future__ import annotations

import importlib
import os
import stat
from typing import Optional

from farmhand.errors import FarmhandError
from farmhand.model import SceneDescription

# extension -> module under farmhand.scenes
READERS = {
    ".json": "description_json",
    ".ma": "maya_ascii",
    ".mb": "maya_binary",
    ".hip": "houdini_hip",
    ".hipnc": "houdini_hip",
    ".hiplc": "houdini_hip",
    ".max": "max_scene",
    ".blend": "blender_blend",
}


class SceneReadError(FarmhandError):
    """A scene file could not be read; the message names the file and what was wrong."""


def supported_extensions() -> list:
    return sorted(READERS)


def read_scene(path: str, *, frames: Optional[str] = None) -> SceneDescription:
    """Read ``path`` with the reader for its extension.

    ``frames`` (a Fox frame spec) overrides the scene's own range, so that
    sequences are resolved for exactly the frames being submitted.
    """
    _check_readable(path)
    if frames:
        frames = _checked_frames(frames)
    extension = os.path.splitext(path)[1].lower()
    module_name = READERS.get(extension)
    if module_name is None:
        raise SceneReadError(
            f"cannot read {path}: unknown scene type {extension or '(none)'}; "
            f"supported: {', '.join(supported_extensions())}"
        )
    module = importlib.import_module(f"farmhand.scenes.{module_name}")
    return module.read(path, frames=frames)


def _check_readable(path: str) -> None:
    """Fail on the path itself before any reader sees it, with the same words for every kind of scene."""
    try:
        mode = os.stat(path).st_mode
    except PermissionError:  # a folder on the way that this user may not enter
        raise SceneReadError(f"cannot read {path}: permission denied") from None
    except (OSError, ValueError):
        raise SceneReadError(f"scene file not found: {path}") from None
    if stat.S_ISDIR(mode):
        raise SceneReadError(f"{path} is a directory, not a scene file")
    if not stat.S_ISREG(mode):
        raise SceneReadError(f"{path} is not a regular file (a device, pipe or socket)")
    if not os.access(path, os.R_OK):
        raise SceneReadError(f"cannot read {path}: permission denied")


def _checked_frames(frames: str) -> str:
    """The override in canonical form; a bad spec is the user's typo, not a defect of the scene file."""
    from farmhand.frames import FrameSpec  # the readers import frames anyway; keep this module light

    return str(FrameSpec.parse(frames))
