"""Offline reader for Blender ``.blend`` files.

blender-asset-tracer 1.x when it imports (it is GPL: an optional dependency of the CLI, never
vendored into the host bundles), else ``bpy`` in a subprocess running the add-on's adapter.
Both produce the description through :mod:`farmhand.scenes.blender_common`.
"""

from __future__ import annotations

from typing import Optional

from farmhand.model import SceneDescription
from farmhand.scenes import SceneReadError

_BLEND_MAGIC = b"BLENDER"
_GZIP_MAGIC = b"\x1f\x8b"
_ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"


def read(path: str, *, frames: Optional[str] = None) -> SceneDescription:
    """Describe the .blend at ``path``, resolving sequences for ``frames`` (a Fox spec) if given."""
    _check_header(path)
    if bat_available():
        from farmhand.scenes import blender_bat

        return blender_bat.read(path, frames=frames)
    from farmhand.scenes import blender_subprocess

    return blender_subprocess.read(path, frames=frames)


def bat_available() -> bool:
    """Whether blender-asset-tracer 1.x can be imported here."""
    try:
        import blender_asset_tracer
    except ImportError:
        return False
    version = getattr(blender_asset_tracer, "__version__", "1")
    return version.split(".")[0] == "1"


def _check_header(path: str) -> None:
    """Refuse what is clearly not a .blend, and zstd files that BAT could not open, with a clear line."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(12)
    except OSError as exc:
        raise SceneReadError(f"cannot read {path}: {exc.strerror or exc}") from exc
    if head.startswith(_ZSTD_MAGIC):
        if bat_available() and not _has_zstandard():
            raise SceneReadError(
                f"cannot read {path}: the file is zstd-compressed (Blender 3.0+ 'Compress'); "
                "install the 'zstandard' package"
            )
        return
    if not head.startswith((_BLEND_MAGIC, _GZIP_MAGIC)):
        raise SceneReadError(f"cannot read {path}: not a .blend file (no BLENDER header)")


def _has_zstandard() -> bool:
    try:
        import zstandard  # noqa: F401
    except ImportError:
        return False
    return True
