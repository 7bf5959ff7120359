"""Body validation with the SDK's own schema rules (renderbus-protocol.md §6.2).

A schema maps a field to a :class:`Field`.  Missing required fields answer 601,
wrong types or values 600; unknown keys are allowed, as in the SDK.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, Mapping, Optional, Sequence

from farmhand_farm.envelope import PARAMETER_CANT_BE_EMPTY, PARAMETER_INVALID, ApiError


@dataclass(frozen=True)
class Field:
    kind: str  # int, str, list, dict, int_or_str
    required: bool = False
    allowed: Optional[Sequence[Any]] = None
    items: Optional[str] = None  # element kind for lists


Schema = Mapping[str, Field]


def _is(kind: str, value: Any) -> bool:
    if kind == "int":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "str":
        return isinstance(value, str)
    if kind == "list":
        return isinstance(value, list)
    if kind == "dict":
        return isinstance(value, dict)
    if kind == "int_or_str":
        return _is("int", value) or isinstance(value, str)
    raise ValueError(f"unknown field kind {kind}")


def validate(body: Mapping[str, Any], schema: Optional[Schema]) -> None:
    for name, rule in (schema or {}).items():
        if name not in body or body[name] is None:
            if rule.required:
                raise ApiError(PARAMETER_CANT_BE_EMPTY, f"parameter {name} can not be empty")
            continue
        value = body[name]
        if not _is(rule.kind, value):
            raise ApiError(PARAMETER_INVALID, f"parameter {name} must be of type {rule.kind}")
        if rule.allowed is not None and value not in rule.allowed:
            choices = ", ".join(repr(v) for v in rule.allowed)
            raise ApiError(PARAMETER_INVALID, f"parameter {name} must be one of {choices}")
        if rule.items and not all(_is(rule.items, item) for item in value):
            raise ApiError(PARAMETER_INVALID, f"parameter {name} must be a list of {rule.items}")


def ints(name: str, required: bool = True) -> Dict[str, Field]:
    """The common ``{taskIds: [int]}`` shape."""
    return {name: Field("list", required=required, items="int")}
