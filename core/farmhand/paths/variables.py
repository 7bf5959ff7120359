"""Environment and host variables in paths: ``$VAR``, ``${VAR}``, ``%VAR%`` and Houdini's ``$HIP`` family.

Expansion is a single pass over a caller-given mapping (never ``os.environ``
implicitly), so a scene analysed on another machine gives the same answer.
A variable that is not in the mapping stays in the text and is reported: a
path with an unknown ``$JOB`` must reach the user as "cannot resolve $JOB",
not silently become ``/tex/a.png``.

Not variables, and left alone: Houdini frame variables (``$F``, ``$F4``,
``${F4}``, ``$FF``; see :mod:`farmhand.paths.tokens`) and UV-tile variables
(``$U``, ``$V``, ``$UDIM``).  Backtick expressions (```chs("../file")```)
cannot be evaluated without Houdini and are always reported as unresolved.
"""

from __future__ import annotations

import re
from typing import Dict, List, Mapping, NamedTuple, Optional

from farmhand.paths.flavour import normalize

_REFERENCE = re.compile(
    r"\$\{(?P<braced>[A-Za-z_][A-Za-z0-9_]*)\}"
    r"|\$(?P<plain>[A-Za-z_][A-Za-z0-9_]*)"
    r"|%(?P<windows>[A-Za-z_][A-Za-z0-9_]*)%"
    r"|`(?P<expression>[^`]*)`"
)
# A printf frame spec such as "%d_" must not open a %VAR%: "img_%d_%VER%" has one variable, VER.
_PRINTF_FRAME = re.compile(r"%0?\d*d(?![A-Za-z0-9])")
# Names that are tokens of another layer, not variables.
_FRAME_NAMES = re.compile(r"F[1-9]?|FF")
_TILE_NAMES = frozenset(("U", "V", "UDIM"))

HOUDINI_SCENE_EXTENSIONS = (".hip", ".hipnc", ".hiplc")


class Expansion(NamedTuple):
    """Expanded text, and the references in it that could not be expanded, as written (``$JOB``, ``%X%``)."""

    text: str
    unresolved: List[str]


def is_reserved_name(name: str) -> bool:
    """Frame and tile names that belong to :mod:`farmhand.paths.tokens`, not to the variable mapping."""
    return bool(_FRAME_NAMES.fullmatch(name)) or name in _TILE_NAMES


def expand_variables(text: str, variables: Mapping[str, str]) -> Expansion:
    """Replace ``$VAR``, ``${VAR}`` and ``%VAR%`` from ``variables``; keep and report the rest.

    ``$`` names are case-sensitive (as in Houdini and POSIX shells), ``%VAR%``
    names are looked up case-insensitively as Windows does.
    """
    # filled on the first %VAR%: most paths have none, and hosts pass the whole of os.environ
    folded: Dict[str, str] = {}
    pieces: List[str] = []
    unresolved: List[str] = []
    position = 0
    while True:
        match = _REFERENCE.search(text, position)
        if match is None:
            break
        if match.group("windows") is not None and _PRINTF_FRAME.match(text, match.start()):
            pieces.append(text[position : match.start() + 1])
            position = match.start() + 1
            continue
        pieces.append(text[position : match.start()])
        value = _value_for(match, variables, folded)
        if value is None:
            pieces.append(match.group())
            if not _is_other_layer_token(match) and match.group() not in unresolved:
                unresolved.append(match.group())
        else:
            pieces.append(value)
        position = match.end()
    pieces.append(text[position:])
    return Expansion("".join(pieces), unresolved)


def _value_for(match: re.Match[str], variables: Mapping[str, str], folded: Dict[str, str]) -> Optional[str]:
    if match.group("expression") is not None:
        return None
    if match.group("windows") is not None:
        if not folded:
            folded.update((key.casefold(), value) for key, value in variables.items())
        return folded.get(match.group("windows").casefold())
    name = match.group("braced") or match.group("plain")
    if is_reserved_name(name):
        return None
    return variables.get(name)


def _is_other_layer_token(match: re.Match[str]) -> bool:
    name = match.group("braced") or match.group("plain")
    return name is not None and is_reserved_name(name)


def houdini_variables(hip_file: str, *, job: str = "") -> Dict[str, str]:
    """``HIP``, ``HIPFILE``, ``HIPNAME`` (and ``JOB`` if given) as Houdini derives them from the scene path.

    ``$HIPNAME`` is the file name without ``.hip``/``.hipnc``/``.hiplc``.
    Paths are normalized (forward slashes), as Houdini itself shows them.
    """
    hip_file = normalize(hip_file)
    folder, _, name = hip_file.rpartition("/")
    for extension in HOUDINI_SCENE_EXTENSIONS:
        if name.lower().endswith(extension):
            name = name[: -len(extension)]
            break
    if not folder or folder.endswith(":"):
        folder += "/"
    found = {"HIP": folder, "HIPFILE": hip_file, "HIPNAME": name}
    if job:
        found["JOB"] = normalize(job)
    return found
