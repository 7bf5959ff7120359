"""Split Maya ASCII text into statements of tokens.

A ``.ma`` file is MEL restricted to a few commands, so a full MEL parser is
not needed: statements end with ``;`` outside strings, strings are ``"..."``
with backslash escapes, and long string values are written as a parenthesised
``"a" + "b"`` concatenation.  One compiled regular expression walks the whole
text (fast enough for scenes of hundreds of megabytes), and string pieces
joined by ``+`` are folded into a single string token so the interpreter never
sees the concatenation syntax.
"""

from __future__ import annotations

import re
from typing import Iterator, List, NamedTuple, Optional, Tuple, Union

from farmhand.scenes import SceneReadError

# Order matters: whitespace, comment, string, terminator, bare word, then
# anything else (only an unterminated string can get there).
_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<comment>//[^\n]*)
  | "(?P<string>(?:[^"\\]|\\.)*)"
  | (?P<end>;)
  | (?P<word>[^\s;"]+)
  | (?P<bad>")
    """,
    re.VERBOSE | re.DOTALL,
)

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}
_ESCAPE = re.compile(r"\\(.)", re.DOTALL)


class Str(str):
    """A token that was a quoted string (so ``"-n"`` is a value, not a flag)."""

    __slots__ = ()


Token = Union[Str, str]


class Statement(NamedTuple):
    tokens: List[Token]
    line: int  # 1-based line of the statement's first token


def unescape(raw: str) -> str:
    if "\\" not in raw:
        return raw
    return _ESCAPE.sub(lambda m: _ESCAPES.get(m.group(1), m.group(1)), raw)


def line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def statements(text: str, source: str = "<string>") -> Iterator[Statement]:
    """Yield every ``;``-terminated statement of ``text``.

    Raises SceneReadError naming ``source`` and the line for an unterminated
    string or a final statement without ``;`` (a truncated file).
    """
    tokens: List[Token] = []
    start = 0
    # counted incrementally: text.count from 0 for every statement would be quadratic
    line, counted_to = 1, 0
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        if kind == "space" or kind == "comment":
            continue
        if kind == "end":
            if tokens:
                line += text.count("\n", counted_to, start)
                counted_to = start
                yield Statement(_fold_concatenation(tokens), line)
            tokens = []
            continue
        if not tokens:
            start = match.start()
        if kind == "string":
            tokens.append(Str(unescape(match.group("string"))))
        elif kind == "word":
            tokens.append(match.group("word"))
        else:
            raise SceneReadError(
                f"{source}: unterminated string starting at line {line_of(text, match.start())}"
                " (the file may be truncated)"
            )
    if tokens:
        raise SceneReadError(
            f"{source}: statement at line {line_of(text, start)} has no closing ';'"
            " (the file may be truncated)"
        )


def _fold_concatenation(tokens: List[Token]) -> List[Token]:
    """Turn ``( "a" + "b" )`` into one string token ``"ab"``."""
    if "+" not in tokens and "(" not in tokens:
        return tokens
    out: List[Token] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token == "(" and not isinstance(token, Str):
            joined, index = _join_strings(tokens, index + 1)
            if joined is not None:
                out.append(joined)
                continue
            out.append(token)
            index += 1
            continue
        out.append(token)
        index += 1
    return out


def _join_strings(tokens: List[Token], index: int) -> Tuple[Optional[Str], int]:
    """Join ``"a" + "b" ... )`` from ``index``; return (Str or None, next index)."""
    pieces: List[str] = []
    cursor = index
    while cursor < len(tokens):
        token = tokens[cursor]
        if isinstance(token, Str):
            pieces.append(token)
        elif token == ")":
            return (Str("".join(pieces)) if pieces else None), cursor + 1
        elif token != "+":
            return None, index
        cursor += 1
    return None, index
