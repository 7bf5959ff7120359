"""Evaluating parm values of a ``.hip`` without Houdini, as far as that is honest.

What can be evaluated from the file alone: plain values, the scene-level
variables (``$HIP``, ``$HIPNAME``, ``$JOB``, ``$OS``, ``$FSTART``...),
``ch()``/``chs()`` references to other parms and ``opname()`` of a node, and
plain arithmetic over those.  Anything else (Python, VEX-like blocks, PDG
``@attributes``, other HScript functions) is reported as unresolved with the
reason, never replaced by a guess.  Frame variables (``$F``, ``$F4``...) are
left in place: they are expanded later over the frames being submitted.
"""

from __future__ import annotations

import ast
import os
import re
from dataclasses import dataclass
from typing import Dict, List, Optional, Tuple

from farmhand.paths.variables import houdini_variables
from farmhand.scenes.hip_records import HipGraph, HipNode

# Variables that depend on the frame being cooked; expanded per frame downstream.
FRAME_VARIABLES = ("F", "FF", "SF", "T", "N", "NFRAMES") + tuple(f"F{i}" for i in range(1, 10))

_VARIABLE = re.compile(r"\$\{(\w+)\}|\$(\w+)")
_CH_CALL = re.compile(r"""^\s*(chs?|chsraw|ch)\s*\(\s*(["'])([^"']+)\2\s*\)\s*$""")
_OPNAME_CALL = re.compile(r"""^\s*opname\s*\(\s*(["'])([^"']+)\1\s*\)\s*$""")
_BACKTICK = re.compile(r"`([^`]*)`")
_MAX_DEPTH = 8


@dataclass
class Value:
    """An evaluated value and, when it is not certain, why."""

    value: str
    unresolved: Optional[str] = None


def scene_variables(graph: HipGraph, scene_path: str) -> Dict[str, str]:
    """The global variables a session opened from ``scene_path`` would have.

    ``.variables`` holds save-time values; ``$HIP``/``$HIPFILE``/``$HIPNAME``
    follow the file's actual location, because Houdini resets them on load.
    """
    variables = dict(graph.variables)
    variables.update(houdini_variables(os.path.abspath(scene_path)))
    frange = graph.start.get("frange", [])
    if len(frange) == 2:
        variables["FSTART"], variables["FEND"] = _number_text(frange[0]), _number_text(frange[1])
    fps = graph.start.get("fps", [])
    if fps:
        variables["FPS"] = _number_text(fps[0])
    return variables


def _number_text(text: str) -> str:
    try:
        number = float(text)
    except ValueError:
        return text
    return str(int(number)) if number.is_integer() else str(number)


class Evaluator:
    """Evaluates parms of one scene graph with its variables."""

    def __init__(self, graph: HipGraph, variables: Dict[str, str]) -> None:
        self.graph = graph
        self.variables = variables

    # -- numbers ---------------------------------------------------------
    def number(self, node: HipNode, parm: str, index: int = 0, depth: int = 0) -> Tuple[Optional[float], str]:
        """(value, reason): value None when the parm is absent; reason non-empty when uncertain."""
        found = node.parms.get(parm)
        if found is None or index >= len(found.values):
            return None, ""
        channel = found.channels[index]
        expression = node.channels[channel].expression if channel and channel in node.channels else None
        if channel and channel in node.channels and expression is None:
            return _float(
                found.values[index]
            ), f"{parm} is animated; the value saved at the current frame is used"
        if expression is not None:
            value, reason = self.number_expression(node, expression, depth)
            if value is not None:
                return value, reason
            saved = _float(found.values[index])
            return (
                saved,
                f"{node.path} {channel}: cannot evaluate {expression!r} ({reason}); saved value used",
            )
        value = _float(found.values[index])
        if value is None:
            return None, f"{node.path} {parm}: {found.values[index]!r} is not a number"
        return value, ""

    def number_expression(
        self, node: HipNode, expression: str, depth: int = 0
    ) -> Tuple[Optional[float], str]:
        if depth > _MAX_DEPTH:
            return None, "references nest too deeply"
        reasons: List[str] = []

        def channel_value(match: re.Match[str]) -> str:
            value, reason = self._reference_number(node, match.group(2), depth)
            if reason:
                reasons.append(reason)
            return "nan" if value is None else repr(value)

        def variable_value(match: re.Match[str]) -> str:
            name = match.group(1) or match.group(2)
            value = _float(self.variables.get(name, ""))
            if value is None:
                reasons.append(f"${name} is not known offline")
                return "nan"
            return repr(value)

        text = re.sub(r"""\bch\s*\(\s*(["'])([^"']+)\1\s*\)""", channel_value, expression)
        text = _VARIABLE.sub(variable_value, text)
        if reasons:
            return None, "; ".join(reasons)
        value = _arithmetic(text)
        if value is None:
            return None, "not a plain arithmetic expression"
        return value, ""

    def _reference_number(self, node: HipNode, reference: str, depth: int) -> Tuple[Optional[float], str]:
        target, parm_name = self.resolve_reference(node, reference)
        if target is None:
            return None, f"ch({reference!r}) points to no node in the file"
        parm, index = _component(target, parm_name)
        value, reason = self.number(target, parm, index, depth + 1)
        if value is None:
            return None, reason or f"ch({reference!r}) points to no parm in the file"
        return value, reason

    # -- strings ---------------------------------------------------------
    def string(self, node: HipNode, parm: str, index: int = 0, depth: int = 0) -> Optional[Value]:
        """The parm's text with backticks and scene variables expanded (frame variables kept)."""
        found = node.parms.get(parm)
        if found is None or index >= len(found.values):
            return None
        channel = found.channels[index]
        if channel and channel in node.channels and node.channels[channel].expression is not None:
            expression = node.channels[channel].expression or ""
            return self._string_expression(node, expression, depth)
        return self.expand(node, found.values[index], depth)

    def expand(self, node: HipNode, text: str, depth: int = 0) -> Value:
        reasons: List[str] = []

        def backtick(match: re.Match[str]) -> str:
            inner = self._string_expression(node, match.group(1), depth)
            if inner.unresolved:
                reasons.append(inner.unresolved)
                return match.group(0)
            return inner.value

        text = _BACKTICK.sub(backtick, text) if "`" in text else text
        text = self.expand_variables(node, text)
        return Value(text, "; ".join(reasons) or None)

    def expand_variables(self, node: HipNode, text: str) -> str:
        """Substitutes ``$OS`` and scene variables; frame and unknown variables stay for later."""

        def substitute(match: re.Match[str]) -> str:
            name = match.group(1) or match.group(2)
            if name == "OS":
                return node.name
            if name in FRAME_VARIABLES or name not in self.variables:
                return match.group(0)
            return self.variables[name]

        return _VARIABLE.sub(substitute, text)

    def _string_expression(self, node: HipNode, expression: str, depth: int) -> Value:
        if depth > _MAX_DEPTH:
            return Value(expression, "references nest too deeply")
        call = _CH_CALL.match(expression)
        if call:
            target, parm_name = self.resolve_reference(node, call.group(3))
            if target is None:
                return Value(expression, f"{call.group(0).strip()} points to no node in the file")
            parm, index = _component(target, parm_name)
            if parm not in target.parms:
                return Value(expression, f"{call.group(0).strip()} points to no parm in the file")
            value = self.string(target, parm, index, depth + 1)
            return value if value is not None else Value(expression, "no such parm")
        name_call = _OPNAME_CALL.match(expression)
        if name_call:
            named = self.relative_node(node, name_call.group(2))
            if named is not None:
                return Value(named.rsplit("/", 1)[-1])
        number, _ = self.number_expression(node, expression, depth)
        if number is not None:
            return Value(_number_text(repr(number)))
        return Value(expression, f"expression {_short(expression)!r} cannot be evaluated without Houdini")

    # -- node paths ------------------------------------------------------
    def relative_node(self, node: HipNode, reference: str) -> Optional[str]:
        """Absolute path of a node referenced from ``node`` (``../x``, ``/obj/y``, ``.``)."""
        base = "" if reference.startswith("/") else node.path
        parts: List[str] = [p for p in base.split("/") if p]
        for part in reference.split("/"):
            if part in ("", "."):
                continue
            if part == "..":
                if not parts:
                    return None
                parts.pop()
            else:
                parts.append(part)
        return "/" + "/".join(parts)

    def resolve_reference(self, node: HipNode, reference: str) -> Tuple[Optional[HipNode], str]:
        """(node, parm name) for a ``ch()`` argument: ``parm``, ``../node/parm`` or ``/abs/node/parm``."""
        if "/" not in reference:
            return node, reference
        node_part, _, parm = reference.rpartition("/")
        path = self.relative_node(node, node_part or "/")
        return (self.graph.node(path) if path else None), parm


def _component(node: HipNode, parm_name: str) -> Tuple[str, int]:
    """Maps a channel name (``f1``, ``resx``, ``t``) to (parm, component index)."""
    if parm_name in node.parms:
        return parm_name, 0
    for parm in node.parms.values():
        if parm_name in parm.channels:
            return parm.name, parm.channels.index(parm_name)
    for suffixes in ("123", "xyz", "rgb", "uvw"):
        if parm_name[-1:] in suffixes and parm_name[:-1] in node.parms:
            return parm_name[:-1], suffixes.index(parm_name[-1])
    return parm_name, 0


def _float(text: str) -> Optional[float]:
    try:
        return float(text)
    except (TypeError, ValueError):
        return None


# No power operator: "9**9**9" in a scene file must not stall the reader.
_ALLOWED = (ast.Expression, ast.BinOp, ast.UnaryOp, ast.Constant, ast.Add, ast.Sub, ast.Mult, ast.Div)
_ALLOWED_MORE = (ast.USub, ast.UAdd, ast.Mod, ast.FloorDiv)


def _arithmetic(text: str) -> Optional[float]:
    """Evaluates + - * / % ** over numbers only (anything else: None)."""
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError:
        return None
    for item in ast.walk(tree):
        if not isinstance(item, _ALLOWED + _ALLOWED_MORE):
            return None
        if isinstance(item, ast.Constant) and not isinstance(item.value, (int, float)):
            return None
    try:
        value = eval(compile(tree, "<hip expression>", "eval"), {"__builtins__": {}}, {})
    except (ArithmeticError, ValueError):
        return None
    number = float(value)
    return None if number != number else number


def _short(expression: str) -> str:
    flat = " ".join(expression.split())
    return flat if len(flat) <= 60 else flat[:57] + "..."
