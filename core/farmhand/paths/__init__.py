"""Paths as Farmhand needs them: cross-OS mapping to the farm, tokens, and resolution on disk.

Public names are re-exported here; the modules hold one concern each:
``flavour`` (Windows/POSIX string logic), ``server`` (local -> farm path),
``variables`` ($VAR, %VAR%), ``tokens`` (frame and UDIM tokens),
``output`` (Maya output-prefix tokens) and ``resolve`` (tokens -> files on disk).
"""

from __future__ import annotations

from farmhand.paths.errors import PathError
from farmhand.paths.flavour import is_windows_path, is_within, join, normalize
from farmhand.paths.server import to_server_path

__all__ = [
    "PathError",
    "is_windows_path",
    "is_within",
    "join",
    "normalize",
    "to_server_path",
]
