"""Windows and POSIX paths as plain strings, whatever OS this code runs on.

A scene saved on a Windows workstation is analysed on a Linux farm node and
the other way round, so nothing here asks the running OS (``os.path``) what a
separator is.  A path is parsed once into a :class:`ParsedPath` (its flavour,
its anchor and its components) and every public function works on that.

Flavours:

* ``drive``: ``D:\\proj\\a.jpg`` or ``D:/proj/a.jpg`` (backslash and slash
  are both separators; the drive letter is upper-cased because Windows
  ignores its case).
* ``unc``: ``\\\\srv\\share\\x`` or ``//srv/share/x``; ``..`` never climbs
  above the host and share.
* ``posix``: ``/mnt/proj/a.exr``; a backslash is an ordinary file-name
  character here, as it is on Linux.
* ``relative``: anything else; backslashes are separators because a relative
  path with a backslash was written on Windows.
"""

from __future__ import annotations

import re
from typing import List, NamedTuple, Tuple

from farmhand.paths.errors import PathError

DRIVE = "drive"
UNC = "unc"
POSIX = "posix"
RELATIVE = "relative"

_SEPARATORS = "\\/"
_SPLIT_WINDOWS = re.compile(r"[\\/]+")
_DRIVE_PREFIX = re.compile(r"^([A-Za-z]):(.*)$", re.S)
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]+://")
_CONTROL = re.compile(r"[\x00-\x1f]")
# Win32 "long path" prefixes: \\?\C:\x and \\?\UNC\srv\share\x name ordinary files.
_LONG_PREFIX = re.compile(r"^[\\/]{2}\?[\\/](?:(UNC)[\\/])?", re.I)
_DEVICE_PREFIX = re.compile(r"^[\\/]{2}\.[\\/]")


class ParsedPath(NamedTuple):
    """One path split into flavour, drive letter (``drive`` only) and components.

    For ``unc`` the first two components are the host and the share.
    """

    kind: str
    drive: str
    parts: Tuple[str, ...]

    @property
    def is_absolute(self) -> bool:
        return self.kind != RELATIVE

    @property
    def is_windows(self) -> bool:
        return self.kind in (DRIVE, UNC)

    @property
    def anchor_length(self) -> int:
        """How many leading components ``..`` may not remove."""
        return min(2, len(self.parts)) if self.kind == UNC else 0


def check_text(path: object, what: str = "path") -> str:
    """Reject what no file system accepts, naming the offending value."""
    if not isinstance(path, str):
        raise PathError(f"{what} must be a string, got {type(path).__name__} {path!r}")
    if not path:
        raise PathError(f"{what} is empty")
    bad = _CONTROL.search(path)
    if bad:
        raise PathError(f"{what} {path!r} contains the control character U+{ord(bad.group()):04X}")
    return path


def parse(path: str, what: str = "path") -> ParsedPath:
    """Split ``path`` into flavour and components, collapsing ``.``, ``..`` and repeated separators."""
    check_text(path, what)
    if _URL.match(path):
        raise PathError(f"{what} {path!r} is a URL, not a file path")
    if _DEVICE_PREFIX.match(path):
        raise PathError(f"{what} {path!r} is a Windows device path, not a file path")
    text = _strip_long_prefix(path)
    drive = _DRIVE_PREFIX.match(text)
    if drive:
        letter, rest = drive.groups()
        if not rest or rest[0] not in _SEPARATORS:
            raise PathError(
                f"{what} {path!r} is relative to the current directory of drive {letter.upper()}: "
                f"write it as {letter.upper()}:/{rest.lstrip(_SEPARATORS)}"
            )
        return ParsedPath(DRIVE, letter.upper(), _collapse(_split_windows(rest), 0))
    leading = len(text) - len(text.lstrip(_SEPARATORS))
    if leading == 2:
        return _parse_unc(text, path, what)
    if leading >= 3 and "\\" in text[:leading]:
        raise PathError(f"{what} {path!r} is a malformed UNC path (more than two leading separators)")
    if leading == 1 and text[0] == "\\":
        raise PathError(
            f"{what} {path!r} is rooted but has no drive letter; write D:{text} or //host/share/..."
        )
    if leading:
        parts = [part for part in text.split("/") if part]
        return ParsedPath(POSIX, "", _collapse(parts, 0))
    return ParsedPath(RELATIVE, "", _collapse(_split_windows(text), 0, relative=True))


def _strip_long_prefix(path: str) -> str:
    match = _LONG_PREFIX.match(path)
    if not match:
        return path
    rest = path[match.end() :]
    return "\\\\" + rest if match.group(1) else rest


def _parse_unc(text: str, original: str, what: str) -> ParsedPath:
    parts = _split_windows(text)
    if not parts:
        raise PathError(f"{what} {original!r} is a UNC path without a host")
    for anchor in parts[:2]:
        if anchor in (".", ".."):
            raise PathError(f"{what} {original!r} is a UNC path whose host or share is {anchor!r}")
    return ParsedPath(UNC, "", _collapse(parts, min(2, len(parts))))


def _split_windows(text: str) -> List[str]:
    return [part for part in _SPLIT_WINDOWS.split(text) if part]


def _collapse(parts: List[str], anchor: int, relative: bool = False) -> Tuple[str, ...]:
    """Drop ``.`` and resolve ``..`` lexically; ``..`` above an absolute root is dropped, as normpath does."""
    kept: List[str] = list(parts[:anchor])
    for part in parts[anchor:]:
        if part == ".":
            continue
        if part == "..":
            if len(kept) > anchor and kept[-1] != "..":
                kept.pop()
            elif relative:
                kept.append(part)
            continue
        kept.append(part)
    return tuple(kept)


def render(parsed: ParsedPath) -> str:
    """The normalized text of a parsed path: forward slashes, in its own flavour."""
    body = "/".join(parsed.parts)
    if parsed.kind == DRIVE:
        return f"{parsed.drive}:/{body}"
    if parsed.kind == UNC:
        return f"//{body}"
    if parsed.kind == POSIX:
        return f"/{body}"
    return body or "."


def with_parts(parsed: ParsedPath, extra: Tuple[str, ...]) -> ParsedPath:
    """``parsed`` with relative components appended and ``..`` resolved against it."""
    combined = list(parsed.parts) + list(extra)
    parts = _collapse(combined, parsed.anchor_length, relative=not parsed.is_absolute)
    return ParsedPath(parsed.kind, parsed.drive, parts)


def normalize(path: str) -> str:
    """Forward slashes, upper-case drive letter, no repeated separators, ``.``/``..`` collapsed.

    The flavour is kept: ``d:\\\\proj\\\\a.jpg`` -> ``D:/proj/a.jpg``,
    ``\\\\\\\\srv\\\\share\\\\x`` -> ``//srv/share/x``, ``/mnt//a/./b`` -> ``/mnt/a/b``.
    Tokens (``<UDIM>``, ``$F4``, ``####``) pass through untouched.
    """
    return render(parse(path))


def is_windows_path(path: str) -> bool:
    """True for drive-letter paths (even drive-relative ones), UNC paths, and relative paths with a backslash.

    A predicate, so it answers ``False`` for an empty string instead of raising.
    """
    if not isinstance(path, str) or not path:
        return False
    if _DRIVE_PREFIX.match(path) or _LONG_PREFIX.match(path) or _DEVICE_PREFIX.match(path):
        return True
    if path[:2] in ("\\\\", "//", "\\/", "/\\"):
        return len(path) == 2 or path[2] not in _SEPARATORS
    if path[0] == "/":
        return False
    return "\\" in path


def join(base: str, relative: str) -> str:
    """Join ``relative`` to ``base`` in the flavour of ``base``; an absolute ``relative`` wins.

    ``join("D:/proj", "tex\\\\a.png")`` -> ``D:/proj/tex/a.png``;
    ``join("/mnt/proj", "../lib/x.abc")`` -> ``/mnt/lib/x.abc``.
    """
    tail = parse(relative, "relative path")
    if tail.is_absolute:
        return render(tail)
    return render(with_parts(parse(base, "base path"), tail.parts))


def is_within(path: str, root: str) -> bool:
    """True when ``path`` is ``root`` or below it, compared in their flavour.

    Windows paths compare case-insensitively, POSIX paths exactly.  Paths of
    different flavours (or drives, or shares) are never inside each other.  A
    path that cannot be parsed is not inside anything: this feeds warnings, so
    it answers rather than raises.
    """
    try:
        inner, outer = parse(path), parse(root)
    except PathError:
        return False
    if (inner.kind, inner.drive) != (outer.kind, outer.drive):
        return False
    if len(inner.parts) < len(outer.parts):
        return False
    head = inner.parts[: len(outer.parts)]
    if inner.is_windows:
        return [p.casefold() for p in head] == [p.casefold() for p in outer.parts]
    return head == outer.parts
