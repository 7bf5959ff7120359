"""Project archives out, output archives in: packing relative, unpacking confined.

Packing: the scene and its dependencies go into one zip under their paths
relative to the deepest directory that holds them all, so the scene keeps its
place relative to every file and the ``//`` relative paths inside a ``.blend``
still resolve once the farm unpacks it.

Unpacking: an archive from a farm is untrusted.  Every entry is checked before
anything is written (absolute paths, ``..``, drive letters, symlinks and other
special members are refused), and each file appears under its final name only
once it is complete.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import stat
import tarfile
import tempfile
import zipfile
import zlib
from typing import IO, Callable, List, Optional, Sequence, Tuple

from farmhand.errors import FarmhandError
from farmhand.transfer.cancel import CancelToken, ensure_token

COPY_BLOCK = 1024 * 1024
# Formats that are compressed already: deflating them again costs CPU for nothing.
STORED_SUFFIXES = (".png", ".jpg", ".jpeg", ".exr", ".zip", ".gz", ".mp4", ".mov", ".webp", ".vdb", ".abc")
_DRIVE = re.compile(r"^[A-Za-z]:")
Opener = Callable[[], IO[bytes]]


class UnsafeArchive(FarmhandError):
    """An archive entry would land outside the destination or is not a plain file."""


class ArchiveError(FarmhandError):
    """A project cannot be packed, or a downloaded archive cannot be read."""


# -- packing -------------------------------------------------------------------
def archive_layout(
    files: Sequence[str], scene_file: str, root: Optional[str] = None
) -> Tuple[str, List[Tuple[str, str]]]:
    """The root (given, or the files' common folder) and ``(local file, member name)`` pairs, scene first."""
    ordered = [scene_file] + [f for f in files if os.path.abspath(f) != os.path.abspath(scene_file)]
    absolute = [os.path.abspath(f) for f in ordered]
    try:
        common = os.path.commonpath([os.path.dirname(f) for f in absolute])
        root = os.path.abspath(root) if root else common
        if os.path.commonpath([root, common]) != root:
            raise ArchiveError(f"some of the files are outside {root}")
    except ValueError as exc:  # different Windows drives: no relative layout exists
        raise ArchiveError(f"the project's files have no common folder (different drives?): {exc}") from exc
    members = [(f, os.path.relpath(f, root).replace(os.sep, "/")) for f in absolute]
    return root, members


def pack_project(
    files: Sequence[str],
    scene_file: str,
    target: str,
    cancel: Optional[CancelToken] = None,
    *,
    root: Optional[str] = None,
) -> str:
    """Write the project zip to ``target``; returns the scene's member name inside it."""
    cancel = ensure_token(cancel)
    _root, members = archive_layout(files, scene_file, root)
    directory = os.path.dirname(os.path.abspath(target))
    os.makedirs(directory, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".pack-", suffix=".zip", dir=directory)
    os.close(handle)
    try:
        with zipfile.ZipFile(temporary, "w", allowZip64=True) as archive:
            for local, member in members:
                _add_file(archive, local, member, cancel)
        os.replace(temporary, target)
    except BaseException:
        os.unlink(temporary)
        raise
    return members[0][1]


def _add_file(archive: zipfile.ZipFile, local: str, member: str, cancel: CancelToken) -> None:
    info = zipfile.ZipInfo.from_file(local, member)
    stored = local.lower().endswith(STORED_SUFFIXES)
    info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    with open(local, "rb") as source, archive.open(info, "w", force_zip64=True) as sink:
        _copy(source, sink, cancel)


def _copy(source: IO[bytes], sink: IO[bytes], cancel: CancelToken) -> None:
    for block in iter(lambda: source.read(COPY_BLOCK), b""):
        cancel.raise_if_cancelled()
        sink.write(block)


# -- unpacking -----------------------------------------------------------------
def confined_path(root: str, name: str) -> str:
    """``root/name`` for a relative member name; refuses anything that could escape ``root``."""
    cleaned = name.replace("\\", "/")
    parts = [part for part in cleaned.split("/") if part not in ("", ".")]
    if cleaned.startswith("/") or _DRIVE.match(cleaned) or ".." in parts or not parts:
        raise UnsafeArchive(f"refusing archive entry {name!r}: it would land outside {root}")
    base = os.path.realpath(root)
    target = os.path.realpath(os.path.join(base, *parts))
    if os.path.commonpath([base, target]) != base:
        raise UnsafeArchive(f"refusing archive entry {name!r}: it resolves outside {root}")
    return os.path.join(base, *parts)


def safe_extract(archive_path: str, destination: str, cancel: Optional[CancelToken] = None) -> List[str]:
    """Unpack a zip or tar archive into ``destination``; returns the files written."""
    cancel = ensure_token(cancel)
    os.makedirs(destination, exist_ok=True)
    try:
        if zipfile.is_zipfile(archive_path):
            with zipfile.ZipFile(archive_path) as archive:
                return _write_all(_zip_members(archive, destination), destination, cancel)
        if tarfile.is_tarfile(archive_path):
            with tarfile.open(archive_path) as archive:
                return _write_all(_tar_members(archive, destination), destination, cancel)
    except (zipfile.BadZipFile, tarfile.TarError, EOFError, zlib.error) as exc:
        raise ArchiveError(f"the archive {archive_path} is damaged: {exc}") from exc
    raise ArchiveError(f"{archive_path} is neither a zip nor a tar archive")


def _zip_members(archive: zipfile.ZipFile, destination: str) -> List[Tuple[str, Opener]]:
    """Checks every entry first, so a bad one leaves nothing written."""
    checked: List[Tuple[str, Opener]] = []
    for info in archive.infolist():
        target = confined_path(destination, info.filename)
        kind = stat.S_IFMT(info.external_attr >> 16)  # 0 when the archiver wrote no file type
        if kind and kind not in (stat.S_IFREG, stat.S_IFDIR):
            raise UnsafeArchive(f"refusing archive entry {info.filename!r}: not a regular file (link?)")
        if not info.is_dir():
            checked.append((target, functools.partial(archive.open, info)))
    return checked


def _tar_members(archive: tarfile.TarFile, destination: str) -> List[Tuple[str, Opener]]:
    checked: List[Tuple[str, Opener]] = []
    for member in archive.getmembers():
        target = confined_path(destination, member.name)
        if member.isdir():
            continue
        if not member.isfile():
            raise UnsafeArchive(f"refusing archive entry {member.name!r}: not a regular file (link?)")
        checked.append((target, functools.partial(_open_member, archive, member)))
    return checked


def _open_member(archive: tarfile.TarFile, member: tarfile.TarInfo) -> IO[bytes]:
    stream = archive.extractfile(member)
    if stream is None:  # only regular files get here, but extractfile's contract allows None
        raise UnsafeArchive(f"refusing archive entry {member.name!r}: no file data")
    return stream


def _write_all(members: List[Tuple[str, Opener]], destination: str, cancel: CancelToken) -> List[str]:
    written = []
    for target, opener in members:
        os.makedirs(os.path.dirname(target), exist_ok=True)
        # A directory already created by an earlier entry may be a symlink placed by something else.
        confined_path(destination, os.path.relpath(target, os.path.realpath(destination)))
        handle, temporary = tempfile.mkstemp(prefix=".unpack-", dir=os.path.dirname(target))
        try:
            with os.fdopen(handle, "wb") as sink, opener() as source:
                shutil.copyfileobj(_cancellable(source, cancel), sink)
            os.replace(temporary, target)
        except BaseException:
            if os.path.exists(temporary):
                os.unlink(temporary)
            raise
        written.append(target)
    return written


class _cancellable:
    """A read-only file wrapper that checks the cancel token per block."""

    def __init__(self, source: IO[bytes], cancel: CancelToken) -> None:
        self._source = source
        self._cancel = cancel

    def read(self, size: int = COPY_BLOCK) -> bytes:
        self._cancel.raise_if_cancelled()
        return self._source.read(size if size and size > 0 else COPY_BLOCK)
