"""Paths as Farmhand needs them: cross-OS mapping to the farm, tokens, and resolution on disk.

Public names are re-exported here; the modules hold one concern each:
``flavour`` (Windows/POSIX string logic), ``server`` (local -> farm path),
``variables`` ($VAR, %VAR%), ``tokens`` (frame and UDIM tokens),
``output`` (Maya output-prefix tokens), ``resolve`` (tokens -> files on disk) and
``listing`` (folder listings shared by one scene scan: ``with listing_cache():``).
"""

from __future__ import annotations

from farmhand.paths.errors import PathError
from farmhand.paths.flavour import is_windows_path, is_within, join, normalize
from farmhand.paths.listing import ListingCache, listing_cache
from farmhand.paths.output import expand_output_prefix
from farmhand.paths.resolve import Resolution, resolve, resolve_dependency
from farmhand.paths.server import to_server_path
from farmhand.paths.tokens import has_frame_token, has_tile_token, substitute_frame
from farmhand.paths.variables import Expansion, expand_variables, houdini_variables

__all__ = [
    "Expansion",
    "ListingCache",
    "PathError",
    "Resolution",
    "expand_output_prefix",
    "expand_variables",
    "has_frame_token",
    "has_tile_token",
    "houdini_variables",
    "is_windows_path",
    "is_within",
    "join",
    "listing_cache",
    "normalize",
    "resolve",
    "resolve_dependency",
    "substitute_frame",
    "to_server_path",
]
