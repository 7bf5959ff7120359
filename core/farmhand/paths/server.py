"""Local path -> farm server path (the Fox ``upload.json`` ``server`` field).

The render node finds every file through this mapping, so it must be
deterministic and must not depend on the OS doing the mapping:

==========================  =====================
local                       server
==========================  =====================
``D:\\proj\\a.jpg``          ``/D/proj/a.jpg``
``D:/proj/a.jpg``           ``/D/proj/a.jpg``
``\\\\srv\\share\\x``        ``/srv/share/x``
``//srv/share/x``           ``/srv/share/x``
``/mnt/proj/a.exr``         ``/mnt/proj/a.exr``
``tex/a.png`` + base_dir    base_dir joined, then mapped
==========================  =====================

The vendor SDK's ``convert_path`` drops the first character of POSIX and
relative paths (``/mnt/x`` -> ``mnt/x``); that is a bug and is not copied.
"""

from __future__ import annotations

from typing import Optional

from farmhand.paths.errors import PathError
from farmhand.paths.flavour import DRIVE, ParsedPath, check_text, parse, with_parts


def is_blender_relative(path: str, base_dir: Optional[str], blender_relative: Optional[bool]) -> bool:
    """Whether a leading ``//`` means "relative to the .blend file" rather than a UNC share.

    The two cannot be told apart from the text.  ``blender_relative=None``
    (the default) decides by context: with a ``base_dir`` a ``//`` path is
    Blender-relative, without one it is UNC.  Readers of Maya/Houdini/Max
    scenes, where ``//srv/share`` is a real UNC path, pass ``False``.
    Backslash UNC paths (``\\\\srv\\share``) are never Blender-relative.
    """
    if not path.startswith("//") or path.startswith("///"):
        return False
    if blender_relative is None:
        return bool(base_dir)
    return blender_relative


def absolute(
    path: str, base_dir: Optional[str], blender_relative: Optional[bool] = None, what: str = "path"
) -> ParsedPath:
    """Parse ``path`` and make it absolute against ``base_dir`` (which must itself be absolute)."""
    check_text(path, what)
    if is_blender_relative(path, base_dir, blender_relative):
        tail = parse(path[2:], what) if path[2:].strip("/\\") else parse(".", what)
    else:
        tail = parse(path, what)
    if tail.is_absolute:
        return tail
    if not base_dir:
        raise PathError(f"{what} {path!r} is relative and no base directory was given to resolve it")
    base = parse(base_dir, "base directory")
    if not base.is_absolute:
        raise PathError(f"base directory {base_dir!r} for {what} {path!r} is not absolute")
    return with_parts(base, tail.parts)


def server_form(parsed: ParsedPath) -> str:
    """``/D/...`` for a drive, ``/host/share/...`` for UNC, the POSIX path itself otherwise."""
    parts = parsed.parts
    if parsed.kind == DRIVE:
        parts = (parsed.drive, *parts)
    return "/" + "/".join(parts)


def to_server_path(
    local: str, *, base_dir: Optional[str] = None, blender_relative: Optional[bool] = None
) -> str:
    """Map a local path to the farm's server path; the result always starts with ``/``.

    Relative paths (and Blender ``//`` paths, see :func:`is_blender_relative`)
    are joined to ``base_dir`` first; ``..`` is collapsed and never climbs
    above the root, drive or UNC share.  Raises :class:`PathError` for an
    empty path, a control character, a drive-relative path (``C:foo``), a
    relative path without ``base_dir``, a URL or a malformed UNC path.
    """
    return server_form(absolute(local, base_dir, blender_relative, "local path"))
