"""From a path as the scene writes it to the files on this machine, for exactly the frames submitted.

Peers drop what they cannot resolve (a ``$F4`` path uploaded for the current
frame only, ``<UDIM>`` paths filtered out as "not existing").  Here every
outcome is kept: files that exist, files that should exist but do not
(``missing``), and tokens that could not be expanded (``unresolved``).
"""

from __future__ import annotations

import functools
import os
import re
from dataclasses import replace
from typing import Dict, Iterable, List, Mapping, NamedTuple, Optional, Tuple

from farmhand.model import Dependency
from farmhand.paths.errors import PathError
from farmhand.paths.flavour import ParsedPath, check_text, render
from farmhand.paths.listing import ListingCache, active_cache
from farmhand.paths.server import absolute, is_blender_relative
from farmhand.paths.tokens import (
    ANY_PADDING,
    FrameToken,
    frame_regex,
    frame_tokens,
    has_frame_token,
    is_spelling_of,
    spellings,
    substitute_frame,
    tile_matches,
    tile_regex,
)
from farmhand.paths.variables import expand_variables

# Windows paths cannot exist on a POSIX machine and the reverse; Windows file names ignore case.
_LOCAL_IS_WINDOWS = os.name == "nt"
_NAME_FLAGS = re.IGNORECASE if _LOCAL_IS_WINDOWS else 0


class Resolution(NamedTuple):
    """``files`` exist (absolute, sorted, unique); ``missing`` should but do not; ``unresolved`` tokens."""

    files: List[str]
    missing: List[str]
    unresolved: List[str]


def resolve(
    path: str,
    *,
    base_dir: str = "",
    frames: Iterable[int] = (),
    variables: Optional[Mapping[str, str]] = None,
    blender_relative: Optional[bool] = None,
    cache: Optional[ListingCache] = None,
) -> Resolution:
    """Resolve one scene path against the disk.

    Variables are expanded first (an unknown one stops resolution and is
    reported); a relative or Blender ``//`` path is joined to ``base_dir``;
    frame tokens are expanded for exactly ``frames`` (with no frames, every
    sequence member on disk is taken); tile tokens are matched against the
    disk.  Raises :class:`PathError` for a path that is malformed or relative
    without ``base_dir``.  Folder listings come from ``cache``, else from the
    enclosing ``with listing_cache():`` block, else from the disk for this call
    alone (see :mod:`farmhand.paths.listing`); the answer is the same.
    """
    check_text(path)
    wanted = _frame_list(frames, path)
    expansion = expand_variables(path, variables or {})
    if expansion.unresolved:
        return Resolution([], [], expansion.unresolved)
    # Decided on the text as written: a variable that expands to //srv/share is UNC, never Blender-relative.
    blend = is_blender_relative(path, base_dir, blender_relative)
    parsed = absolute(expansion.text, base_dir or None, blend)
    pattern = render(parsed)
    per_frame: List[Optional[int]] = [None]
    if wanted and has_frame_token(pattern):
        per_frame = list(wanted)
    if parsed.is_windows != _LOCAL_IS_WINDOWS:
        expected = [pattern if f is None else substitute_frame(pattern, f) for f in per_frame]
        return Resolution([], _display_sorted(expected), [])
    finder = _DiskFinder(cache if cache is not None else active_cache())
    files: List[str] = []
    missing: List[str] = []
    for frame in per_frame:
        found = finder.find(parsed, frame)
        files.extend(found)
        if not found:
            missing.append(pattern if frame is None else substitute_frame(pattern, frame))
    return Resolution(_display_sorted(files), _display_sorted(missing), [])


def resolve_dependency(
    dep: Dependency,
    *,
    base_dir: str = "",
    frames: Iterable[int] = (),
    variables: Optional[Mapping[str, str]] = None,
    blender_relative: Optional[bool] = None,
    cache: Optional[ListingCache] = None,
) -> Dependency:
    """A copy of ``dep`` with ``files``, ``missing``, ``unresolved`` and ``exists`` filled.

    A malformed path does not raise here (one bad attribute must not stop a
    scene scan): the path goes to ``unresolved`` and the reason to
    ``low_confidence["path"]``.
    """
    frames = list(frames)
    _frame_list(frames, dep.path)
    low_confidence = dict(dep.low_confidence)
    try:
        result = resolve(
            dep.path,
            base_dir=base_dir,
            frames=frames,
            variables=variables,
            blender_relative=blender_relative,
            cache=cache,
        )
    except PathError as exc:
        result = Resolution([], [], [dep.path or "(empty path)"])
        low_confidence["path"] = str(exc)
    exists = bool(result.files) and not result.missing and not result.unresolved
    return replace(
        dep,
        files=result.files,
        missing=result.missing,
        unresolved=result.unresolved,
        exists=exists,
        low_confidence=low_confidence,
    )


def _frame_list(frames: Iterable[int], path: object) -> List[int]:
    """Frames as sorted unique ints; whole floats (``1.0``, as hosts report them) are accepted."""
    result = set()
    for frame in frames:
        value: object = frame
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int):
            raise PathError(f"frame {frame!r} for path {path!r} is not a whole number")
        result.add(value)
    return sorted(result)


def _display_sorted(paths: Iterable[str]) -> List[str]:
    """Sorted unique; UNC paths in backslash form so ``//`` is never mistaken for Blender-relative."""
    shown = {"\\\\" + p[2:].replace("/", "\\") if p.startswith("//") else p for p in paths}
    return sorted(shown)


class _DiskFinder:
    """Matches a parsed path, component by component, against directory listings.

    Each (folder, component) is matched against the disk once and indexed by
    frame number, so resolving a thousand frames reads a folder once.  With a
    :class:`ListingCache` the listings and indexes outlive the call (one scan
    lists a folder once) and a pattern is tried only on the names that start
    with its literal prefix; without one, every name of a fresh listing is
    tried, which is the reference behaviour the cache must reproduce.
    """

    def __init__(self, cache: Optional[ListingCache] = None) -> None:
        self._cache = cache
        self._indexes: Dict[Tuple[str, str, bool], Dict[Optional[int], List[str]]] = (
            cache.indexes if cache is not None else {}
        )

    def find(self, parsed: ParsedPath, frame: Optional[int]) -> List[str]:
        candidates = [render(ParsedPath(parsed.kind, parsed.drive, ()))]
        last = len(parsed.parts) - 1
        for position, part in enumerate(parsed.parts):
            is_file_name = position == last
            names = _literal_names(part, frame, is_file_name)
            if names is None:
                candidates = [
                    _child(c, n) for c in candidates for n in self._matching(c, part, is_file_name, frame)
                ]
            else:
                candidates = [_child(c, n) for c in candidates for n in names]
            if not candidates:
                return []
        exists = os.path.exists if self._cache is None else self._cache.exists
        return [c for c in candidates if exists(c)]

    def _matching(self, folder: str, part: str, is_file_name: bool, frame: Optional[int]) -> List[str]:
        index = self._index(folder, part, is_file_name)
        if frame is None or set(index) <= {None}:
            return sorted(name for names in index.values() for name in names)
        return index.get(frame, [])

    def _index(self, folder: str, part: str, is_file_name: bool) -> Dict[Optional[int], List[str]]:
        key = (folder, part, is_file_name)
        if key not in self._indexes:
            pattern = _pattern(part, _tokens_in(part, is_file_name))
            index: Dict[Optional[int], List[str]] = {}
            for name, number in self._matches(folder, pattern):
                index.setdefault(number, []).append(name)
            self._indexes[key] = index
        return self._indexes[key]

    def _matches(self, folder: str, pattern: _Pattern) -> Iterable[Tuple[str, Optional[int]]]:
        """(name, frame number) of every name in ``folder`` that ``pattern`` accepts, in listing order."""
        if self._cache is None:
            whole = pattern.whole()
            readings = ((name, pattern.number(whole.fullmatch(name))) for name in _listing(folder))
        else:
            listing = self._cache.listing(folder)
            if listing is None:
                return []
            if _NAME_FLAGS:
                whole = pattern.whole()
                names = listing.may_start_with_ignoring_case(pattern.prefix)
                readings = ((name, pattern.number(whole.fullmatch(name))) for name in names)
            else:
                names = listing.starting_with(pattern.prefix)
                readings = ((name, pattern.read_split(name)) for name in names)
        return [(name, number) for name, (accepted, number) in readings if accepted]


def _listing(folder: str) -> List[str]:
    try:
        return sorted(os.listdir(folder))
    except OSError:
        return []


def _child(folder: str, name: str) -> str:
    return folder + name if folder.endswith("/") else folder + "/" + name


class _Piece(NamedTuple):
    """One token inside a path component: a frame token or a tile-token match."""

    start: int
    end: int
    frame: Optional[FrameToken]
    tile: Optional[re.Match[str]]


class _Pattern(NamedTuple):
    """A component with wildcard tokens: literal ``prefix`` + ``middle`` (a regex) + literal ``suffix``.

    ``middle`` runs from the first token to the end of the last one;
    ``frame_checks`` holds, per capture group, the frame token to check.  The
    middle regexes of different components are often the same text
    (``<UDIM>``, ``####``), so compiling it alone is mostly a cache hit.
    """

    prefix: str
    middle: str
    suffix: str
    frame_checks: Tuple[FrameToken, ...]

    def whole(self) -> re.Pattern[str]:
        """The regex of the whole component, with the file system's case rule."""
        return _compiled(re.escape(self.prefix) + self.middle + re.escape(self.suffix), _NAME_FLAGS)

    def read_split(self, name: str) -> Tuple[bool, Optional[int]]:
        """``whole().fullmatch`` for case-sensitive names: literal ends compared as text, the middle by regex.

        Exact because the ends are fixed text: a name matches when it starts
        with ``prefix``, ends with ``suffix`` (not overlapping) and the rest
        matches ``middle``.
        """
        end = len(name) - len(self.suffix)
        if end < len(self.prefix) or not name.startswith(self.prefix) or not name.endswith(self.suffix):
            return False, None
        return self.number(_compiled(self.middle, 0).fullmatch(name, len(self.prefix), end))

    def number(self, match: Optional[re.Match[str]]) -> Tuple[bool, Optional[int]]:
        """Whether a regex match is a real match (padding right, frame tokens agreeing), and its frame."""
        if match is None:
            return False, None
        numbers = set()
        for group, token in enumerate(self.frame_checks, start=1):
            text = match.group(group)
            if not is_spelling_of(token, text):
                return False, None
            numbers.add(int(text))
        if len(numbers) > 1:  # two frame tokens in one name must agree
            return False, None
        return True, (numbers.pop() if numbers else None)


@functools.lru_cache(maxsize=2048)
def _compiled(regex: str, flags: int) -> re.Pattern[str]:
    return re.compile(regex, flags)


def _literal_names(part: str, frame: Optional[int], is_file_name: bool) -> Optional[Tuple[str, ...]]:
    """The names a component can have without reading the disk, or None when it must be matched there."""
    pieces = _tokens_in(part, is_file_name)
    if not pieces:
        return (part,)
    if frame is None or any(p.frame is None or p.frame.style == ANY_PADDING for p in pieces):
        return None
    names = [""]
    position = 0
    for piece in pieces:
        assert piece.frame is not None
        written = spellings(piece.frame, frame)
        names = [n + part[position : piece.start] + s for n in names for s in written]
        position = piece.end
    return tuple(dict.fromkeys(n + part[position:] for n in names))


@functools.lru_cache(maxsize=4096)
def _tokens_in(part: str, is_file_name: bool) -> Tuple[_Piece, ...]:
    """Frame and tile tokens of one component, left to right, overlaps dropped (memoized: folders repeat)."""
    # A trailing "/" tells frame_tokens this is a folder name, where "#" is not a token.
    found = [_Piece(t.start, t.end, t, None) for t in frame_tokens(part if is_file_name else part + "/")]
    found += [_Piece(m.start(), m.end(), None, m) for m in tile_matches(part)]
    found.sort(key=lambda piece: (piece.start, -piece.end))
    kept: List[_Piece] = []
    for piece in found:
        if not kept or piece.start >= kept[-1].end:
            kept.append(piece)
    return tuple(kept)


def _pattern(part: str, pieces: Tuple[_Piece, ...]) -> _Pattern:
    regex: List[str] = []
    checks: List[FrameToken] = []
    position = pieces[0].start
    for piece in pieces:
        regex.append(re.escape(part[position : piece.start]))
        if piece.tile is not None:
            regex.append("(?:" + tile_regex(piece.tile) + ")")
        elif piece.frame is not None:
            checks.append(piece.frame)  # frame_regex has exactly one capture group
            regex.append(frame_regex(piece.frame))
        position = piece.end
    return _Pattern(part[: pieces[0].start], "".join(regex), part[position:], tuple(checks))
