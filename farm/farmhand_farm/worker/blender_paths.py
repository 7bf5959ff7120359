"""Pure helpers of the Blender runner: where an uploaded file is, which camera, the output pattern.

Kept free of ``bpy`` so the rules can be read and tested without Blender.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from typing import Optional

from farmhand.paths import to_server_path

_CAMERA_REPR = re.compile(r'Object\("(.*)"\)')


def stored_location(input_root: Path, original: str) -> Optional[Path]:
    """Where the farm stored the file a scene names by absolute path; None for ``//`` and empty paths.

    Files keep their layout under the input root (``input root + server path``),
    so Blender-relative ``//`` paths already resolve from the stored scene.
    """
    if not original or original.startswith("//") or original.startswith("<"):
        return None
    try:
        server = to_server_path(original, blender_relative=False)
    except ValueError:
        return None
    parts = [part for part in server.split("/") if part]
    if ".." in parts:
        return None
    return input_root.joinpath(*parts)


def camera_name(value: object) -> str:
    """Blender's analyser writes ``str(scene.camera)``: ``<bpy_struct, Object("Cam")>`` -> ``Cam``."""
    text = str(value or "").strip()
    if text in ("", "None"):
        return ""
    match = _CAMERA_REPR.search(text)
    return match.group(1) if match else text


def output_pattern(output_path: str) -> str:
    """The file-name part of the scene's output path (``//render/shot_####`` -> ``shot_####``).

    The folder part names a place on the artist's disk; on the farm every
    output goes into the task's output folder, under Blender's own file naming.
    """
    return posixpath.basename(str(output_path or "").replace("\\", "/"))
