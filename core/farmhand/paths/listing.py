"""Folder listings shared by every resolution of one scene scan.

A big scene names thousands of UDIM sets and sequences in a few texture
folders; resolving each one on its own lists its folder again (20,000 file
nodes in 20 folders: 2,000 listings of 1,000 names).  Inside
``with listing_cache():`` every :func:`farmhand.paths.resolve` call shares one
:class:`ListingCache`: a folder is read once (one ``os.scandir``), token
patterns are matched only against the names that start with their literal
prefix, and "does this file exist" is answered from a listing already read.

The cache is a snapshot, so it lives for one scan only: the block (or an
explicit ``cache=`` argument) decides its lifetime, and nothing is kept
between scans; a file written after a scan begins is seen by the next scan.
"""

from __future__ import annotations

import bisect
import contextlib
import contextvars
import os
import unicodedata
from typing import Any, Dict, Iterator, List, Optional, Set, Tuple

# File systems that compare names loosely (Windows, macOS, SMB mounts) may find a file the listing
# spells differently; such names are asked of the disk.  Windows also accepts 8.3 short names.
_LOCAL_IS_WINDOWS = os.name == "nt"


def _loose_key(name: str) -> str:
    """A key at least as loose as any file system's name comparison (case, Unicode form, trailing dots)."""
    return unicodedata.normalize("NFC", name.casefold()).rstrip(" .")


class FolderListing:
    """One folder as ``os.scandir`` saw it: its names, sorted, and which of them are symbolic links."""

    def __init__(self, names: List[str], symlinks: Set[str]) -> None:
        self.names = sorted(names)
        self._present = set(names)
        self._symlinks = symlinks
        self._keys: Optional[Set[str]] = None
        self._lowered: Optional[Tuple[List[str], List[str], List[str]]] = None

    def starting_with(self, prefix: str) -> List[str]:
        """The names that start with ``prefix`` exactly, in listing order."""
        if not prefix:
            return self.names
        start = bisect.bisect_left(self.names, prefix)
        found = []
        for name in self.names[start:]:
            if not name.startswith(prefix):
                break
            found.append(name)
        return found

    def may_start_with_ignoring_case(self, prefix: str) -> List[str]:
        """Every name that could start with ``prefix`` under ``re.IGNORECASE`` (a superset), in order.

        ``str.lower`` agrees with the regex engine only between ASCII characters,
        so names or prefixes with anything else are always kept for the regex to decide.
        """
        if not prefix or not prefix.isascii():
            return self.names
        lowered, originals, others = self._ascii_lowered()
        wanted = prefix.lower()
        start = bisect.bisect_left(lowered, wanted)
        found = list(others)
        for key, name in zip(lowered[start:], originals[start:]):
            if not key.startswith(wanted):
                break
            found.append(name)
        return sorted(found)

    def has(self, name: str) -> Optional[bool]:
        """Whether ``name`` exists, or None when only the disk can tell (a link, a loosely spelled name)."""
        if name in self._symlinks:
            return None  # a dangling link is listed but does not exist
        if name in self._present:
            return True
        if _LOCAL_IS_WINDOWS or "~" in name:
            return None
        if self._keys is None:
            self._keys = {_loose_key(n) for n in self.names}
        return None if _loose_key(name) in self._keys else False

    def _ascii_lowered(self) -> Tuple[List[str], List[str], List[str]]:
        if self._lowered is None:
            pairs = sorted((name.lower(), name) for name in self.names if name.isascii())
            others = [name for name in self.names if not name.isascii()]
            self._lowered = ([key for key, _ in pairs], [name for _, name in pairs], others)
        return self._lowered


class ListingCache:
    """Listings and pattern indexes for one scan; see the module docstring for its lifetime.

    Folders are keyed by the text the resolver builds (forward slashes, as
    :func:`farmhand.paths.normalize` writes them).  Not shared between threads.
    """

    def __init__(self) -> None:
        self._folders: Dict[str, Optional[FolderListing]] = {}
        # (folder, component, is file name) -> {frame: names}; filled by farmhand.paths.resolve
        self.indexes: Dict[Tuple[str, str, bool], Any] = {}

    def listing(self, folder: str) -> Optional[FolderListing]:
        """The folder's listing, read on first use; None when it cannot be listed (absent, not a folder)."""
        if folder not in self._folders:
            self._folders[folder] = _scan(folder)
        return self._folders[folder]

    def exists(self, path: str) -> bool:
        """``os.path.exists``, answered from the parent's listing when that folder was already read."""
        folder, name = _split(path)
        listing = self._folders.get(folder)
        answer = listing.has(name) if listing is not None and name else None
        return os.path.exists(path) if answer is None else answer


def _scan(folder: str) -> Optional[FolderListing]:
    names: List[str] = []
    symlinks: Set[str] = set()
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                names.append(entry.name)
                if entry.is_symlink():
                    symlinks.add(entry.name)
    except OSError:
        return None
    return FolderListing(names, symlinks)


def _split(path: str) -> Tuple[str, str]:
    """Folder and name of a resolver path; a root keeps its slash (``/``, ``D:/``), as the resolver has it."""
    folder, _, name = path.rpartition("/")
    if folder == "" or folder.endswith(":") or folder == "/":
        folder += "/"
    return folder, name


_ACTIVE: contextvars.ContextVar[Optional[ListingCache]] = contextvars.ContextVar(
    "farmhand_listing_cache", default=None
)


@contextlib.contextmanager
def listing_cache() -> Iterator[ListingCache]:
    """Share one :class:`ListingCache` among the resolutions inside the block (one scene scan).

    A block inside another one (a reader calling a reader) shares the outer
    scan's cache.  Other threads do not see it: they resolve uncached.
    """
    current = _ACTIVE.get()
    if current is not None:
        yield current
        return
    cache = ListingCache()
    token = _ACTIVE.set(cache)
    try:
        yield cache
    finally:
        _ACTIVE.reset(token)


def active_cache() -> Optional[ListingCache]:
    """The cache of the enclosing ``with listing_cache():`` block, if any."""
    return _ACTIVE.get()
