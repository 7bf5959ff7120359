"""Frame and UV-tile tokens in file names, as each host and renderer writes them.

Frame tokens (one value per frame):

==================  ==========================  ==================================
token               written by                  frame 5 / frame -5
==================  ==========================  ==================================
``$F``, ``${F}``    Houdini                     ``5`` / ``-5``
``$F4``, ``${F4}``  Houdini (pad 1-9)           ``0005`` / ``-005`` (or ``-0005``)
``$FF``, ``${FF}``  Houdini (float frame)       ``5`` / ``-5``
``####``            Maya, Blender, Max, Redshift ``0005`` / ``-0005`` (or ``-005``)
``%04d``, ``%d``    Nuke-style printf           ``0005`` / ``-005``
``<f>``             Maya file node, RenderMan   ``5``; on disk any zero padding
``<f4>``            RenderMan                   ``0005``
``<frame>``         V-Ray, RenderMan            ``5``; on disk any zero padding
``<frame04>``       V-Ray proxies               ``0005``
``<frameNum>``      V-Ray textures              ``5``; on disk any zero padding
==================  ==========================  ==================================

``#`` runs count only in the file name (a ``#`` in a folder name is just a
character).  Angle tokens are case-insensitive.  How a host pads a negative
frame is not uniform: Blender formats ``####`` like C's ``%.4d`` (``-0005``),
3ds Max and printf count the sign in the width (``-005``).  The first
spelling is what :func:`substitute_frame` writes; resolution on disk also
accepts the other.

UV-tile tokens (many files per frame, found by matching the disk):

``<UDIM>``/``<udim>`` (Maya, Blender, Arnold, RenderMan, V-Ray, Houdini),
``%(UDIM)d`` (Houdini), ``$UDIM``/``${UDIM}`` (Mari templates): a 4-digit tile
number from 1001.  ``<UVTILE>`` (Blender, V-Ray) and ``%(UVTILE)d`` (Houdini):
``u1_v1``.  Arnold ``<tile>``: ``_u1_v1`` (the underscore optional on disk).
Maya ``u<u>_v<v>`` (0-based, ZBrush) and ``u<U>_v<V>`` (1-based, Mudbox),
Houdini ``%(U)d``/``%(V)02d``, V-Ray ``$U``/``$2V``: digits.  RenderMan
``_MAPID_``: a UDIM number or ``u1_v1``.
"""

from __future__ import annotations

import re
from typing import List, NamedTuple

# Styles decide padding: how a frame number is spelled for one token.
UNPADDED = "unpadded"
PRINTF = "printf"
HASHES = "hashes"
PADDED = "padded"
ANY_PADDING = "any"

_FRAME = re.compile(
    r"\$\{(?P<hbraced>F[1-9]?|FF)\}"
    r"|\$(?P<hplain>F[1-9]?|FF)(?![A-Za-z0-9_])"
    r"|(?P<printf>%0?\d*d)(?![A-Za-z0-9])"
    r"|<(?P<angle>(?i:framenum|frame|f))(?P<angle_pad>\d*)>"
    r"|(?P<hashes>#+)"
)

_UDIM_NUMBER = r"(?:100[1-9]|10[1-9]\d|1[1-9]\d\d|[2-9]\d{3})"
_UV_PAIR = r"u\d+_v\d+"
_TILE = re.compile(
    r"(?P<udim>(?i:<udim>)|%\(UDIM\)0?\d*d|\$UDIM(?![A-Za-z0-9_])|\$\{UDIM\})"
    r"|(?P<uvtile>(?i:<uvtile>)|%\(UVTILE\)0?\d*d)"
    r"|(?P<arnold>(?i:<tile>))"
    r"|(?P<mapid>_MAPID_)"
    r"|(?P<axis><[uUvV]>|%\([UV]\)0?(?P<axis_pad>\d*)d"
    r"|\$(?P<vray_pad>\d)[UV](?![A-Za-z0-9])|\$[UV](?![A-Za-z0-9_]))"
)


class FrameToken(NamedTuple):
    """One frame token found in a text: where it is, what it says, and how it pads."""

    start: int
    end: int
    text: str
    style: str
    pad: int


def _basename_start(text: str) -> int:
    return max(text.rfind("/"), text.rfind("\\")) + 1


def frame_tokens(text: str) -> List[FrameToken]:
    """Every frame token in ``text``, left to right (``#`` runs only inside the file name)."""
    found = []
    name_start = _basename_start(text)
    for match in _FRAME.finditer(text):
        token = _frame_token(match)
        if token.style == HASHES and token.start < name_start:
            continue
        found.append(token)
    return found


def _frame_token(match: re.Match[str]) -> FrameToken:
    start, end, text = match.start(), match.end(), match.group()
    houdini = match.group("hbraced") or match.group("hplain")
    if houdini:
        if houdini == "FF" or houdini == "F":
            return FrameToken(start, end, text, UNPADDED, 0)
        return FrameToken(start, end, text, PADDED, int(houdini[1]))
    if match.group("printf"):
        return FrameToken(start, end, text, PRINTF, 0)
    if match.group("angle"):
        pad = match.group("angle_pad")
        if pad and int(pad) > 0:
            return FrameToken(start, end, text, PADDED, int(pad))
        return FrameToken(start, end, text, ANY_PADDING, 0)
    return FrameToken(start, end, text, HASHES, len(text))


def spellings(token: FrameToken, frame: int) -> List[str]:
    """How ``frame`` is written for ``token``; the first is the host's own, others are tolerated on disk."""
    if token.style == PRINTF:
        return [token.text % frame]
    if token.style in (UNPADDED, ANY_PADDING) or frame >= 0:
        return [str(frame).zfill(token.pad)]
    sign_outside = "-" + str(-frame).zfill(token.pad)  # C "%.4d": Blender
    sign_inside = f"{frame:0{token.pad}d}"  # C "%04d": printf, 3ds Max
    ordered = [sign_outside, sign_inside] if token.style == HASHES else [sign_inside, sign_outside]
    return list(dict.fromkeys(ordered))


def has_frame_token(path: str) -> bool:
    """True when ``path`` names one file per frame (``$F4``, ``####``, ``%04d``, ``<f>``, ``<frame04>``)."""
    return bool(frame_tokens(path))


def has_tile_token(path: str) -> bool:
    """True when ``path`` names one file per UV tile (``<UDIM>``, ``<UVTILE>``, ``u<U>_v<V>``...)."""
    return _TILE.search(path) is not None


def substitute_frame(path: str, frame: int) -> str:
    """Write ``frame`` into every frame token of ``path``, padded as the token asks.

    Tile tokens and everything else are left as they are.
    """
    if isinstance(frame, bool) or not isinstance(frame, int):
        raise TypeError(f"frame must be an int, got {type(frame).__name__} {frame!r}")
    pieces = []
    position = 0
    for token in frame_tokens(path):
        pieces.append(path[position : token.start])
        pieces.append(spellings(token, frame)[0])
        position = token.end
    pieces.append(path[position:])
    return "".join(pieces)


def frame_regex(token: FrameToken) -> str:
    """A regular expression with one capture group for any frame number ``token`` could hold on disk.

    The capture is then checked with :func:`is_spelling_of`, which enforces the padding.
    """
    return r"(\s*-?\d+)" if token.style == PRINTF else r"(-?\d+)"


def is_spelling_of(token: FrameToken, text: str) -> bool:
    """Whether ``text``, matched on disk by ``frame_regex(token, None)``, is a spelling ``token`` writes."""
    number = int(text)
    if token.style == ANY_PADDING:
        return True
    return text in spellings(token, number)


def tile_regex(match: re.Match[str]) -> str:
    """The regular expression of the tile numbers one tile token stands for."""
    if match.group("udim"):
        return _UDIM_NUMBER
    if match.group("uvtile"):
        return _UV_PAIR
    if match.group("arnold"):
        return "_?" + _UV_PAIR
    if match.group("mapid"):
        return f"(?:{_UDIM_NUMBER}|{_UV_PAIR})"
    pad = match.group("axis_pad") or match.group("vray_pad") or ""
    return rf"\d{{{int(pad)},}}" if pad and int(pad) > 1 else r"\d+"


def tile_matches(text: str) -> List[re.Match[str]]:
    """Every tile token in ``text``, left to right."""
    return list(_TILE.finditer(text))
