"""The scene description every host adapter produces and every later step consumes.

Data flows one way: a host adapter (or an offline scene reader) fills a
:class:`SceneDescription`; validators, the job-file builder and the transfer
engine only read it.  Keeping the model plain data (dataclasses of strings,
numbers, lists and dicts) is what lets it round-trip through JSON losslessly,
cross process boundaries (a ``bpy`` subprocess, a ``hython`` batch) and be
golden-tested.
"""

from __future__ import annotations

import json
from dataclasses import MISSING, asdict, dataclass, field, fields
from typing import Any, Dict, List, Optional, Type, TypeVar

from farmhand.errors import FarmhandError

SCHEMA_VERSION = 1

HOSTS = ("maya", "houdini", "max", "blender")

# What a render unit is on each host.
UNIT_KINDS = ("layer", "rop", "render", "view_layer")

# Houdini ROP options, as Fox's ``rop_info`` / task.json ``option`` use them.
OPTION_RENDER = -1
OPTION_SIMULATION = 0
OPTION_DISTRIBUTED = 1

# Dependency kinds; a reader may use another word, but these are the ones the
# validators and the UI know how to describe.
DEPENDENCY_KINDS = (
    "scene",
    "texture",
    "cache",
    "reference",
    "library",
    "volume",
    "proxy",
    "sound",
    "font",
    "movie",
    "ies",
    "hda",
    "usd",
    "other",
)


class ModelError(FarmhandError, ValueError):
    """A serialised scene description does not have the expected shape."""


@dataclass
class Dependency:
    """One file reference found in a scene, with where it came from.

    ``path`` is kept exactly as the scene writes it (tokens, ``$HIP``, ``//``
    and all) so the user recognises it; ``files`` are the local files it
    resolved to for the frames being submitted, ``missing`` the ones it should
    have resolved to but that are not on disk, and ``unresolved`` the tokens
    that could not be expanded (kept and reported, never dropped).
    """

    path: str
    files: List[str] = field(default_factory=list)
    missing: List[str] = field(default_factory=list)
    unresolved: List[str] = field(default_factory=list)
    node: str = ""
    attribute: str = ""
    kind: str = "other"
    exists: bool = False
    # The render unit of this scene that writes the file (a Houdini cache ROP):
    # when that unit is submitted too, the file need not exist beforehand.
    produced_by: str = ""
    # field name -> why the value may be wrong (absent = certain)
    low_confidence: Dict[str, str] = field(default_factory=dict)


@dataclass
class RenderUnit:
    """Something the farm renders as one sub-task.

    Maya render layer, Houdini ROP, the 3ds Max render, or a Blender
    scene x view layer.  ``frames`` is a canonical Fox frame spec
    (``"1-10[1]"``).  Host-specific extras that only one host's job file
    needs (Max render elements, gamma, Maya ``renumber_frames``...) live in
    ``settings`` so the common fields stay common.
    """

    name: str
    kind: str
    enabled: bool = True
    frames: str = ""
    cameras: List[str] = field(default_factory=list)
    all_cameras: List[str] = field(default_factory=list)
    width: Optional[int] = None
    height: Optional[int] = None
    output: str = ""
    image_format: str = ""
    renderer: str = ""
    node_type: str = ""
    option: Optional[int] = None
    depends_on: List[str] = field(default_factory=list)
    settings: Dict[str, Any] = field(default_factory=dict)
    low_confidence: Dict[str, str] = field(default_factory=dict)


@dataclass
class SceneDescription:
    """Everything Farmhand knows about one scene file, host-neutral."""

    host: str
    scene_file: str
    host_version: str = ""
    renderer: str = ""
    project_root: str = ""
    plugins: Dict[str, str] = field(default_factory=dict)
    units: List[RenderUnit] = field(default_factory=list)
    dependencies: List[Dependency] = field(default_factory=list)
    cameras: List[str] = field(default_factory=list)
    settings: Dict[str, Any] = field(default_factory=dict)
    # Problems the reader met that validation should show (e.g. a parm it
    # could not evaluate).  Each is {"message", "node", "attribute", "path"}.
    reader_notes: List[Dict[str, str]] = field(default_factory=list)
    low_confidence: Dict[str, str] = field(default_factory=dict)
    schema_version: int = SCHEMA_VERSION

    def __post_init__(self) -> None:
        if self.host not in HOSTS:
            raise ModelError(f"unknown host {self.host!r}; expected one of {', '.join(HOSTS)}")

    # -- convenience views -------------------------------------------------
    @property
    def enabled_units(self) -> List[RenderUnit]:
        return [unit for unit in self.units if unit.enabled]

    def unit(self, name: str) -> RenderUnit:
        for candidate in self.units:
            if candidate.name == name:
                return candidate
        raise KeyError(name)

    # -- serialisation -----------------------------------------------------
    def to_dict(self) -> Dict[str, Any]:
        return asdict(self)

    def to_json(self, indent: Optional[int] = 2) -> str:
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False, sort_keys=False)

    @classmethod
    def from_dict(cls, data: Dict[str, Any]) -> SceneDescription:
        if not isinstance(data, dict):
            raise ModelError("a scene description must be a JSON object")
        version = data.get("schema_version", SCHEMA_VERSION)
        if version != SCHEMA_VERSION:
            raise ModelError(f"unsupported scene description schema_version {version!r}")
        scene = _build(cls, data, "scene")
        scene.units = [_build(RenderUnit, u, f"units[{i}]") for i, u in enumerate(data.get("units", []))]
        scene.dependencies = [
            _build(Dependency, d, f"dependencies[{i}]") for i, d in enumerate(data.get("dependencies", []))
        ]
        return scene

    @classmethod
    def from_json(cls, text: str) -> SceneDescription:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ModelError(f"not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from exc
        return cls.from_dict(data)


_T = TypeVar("_T")

_NESTED = {"units", "dependencies"}


def _build(kind: Type[_T], data: Any, where: str) -> _T:
    """Construct ``kind`` from ``data`` strictly: unknown keys and wrong types are errors."""
    if not isinstance(data, dict):
        raise ModelError(f"{where}: expected an object, got {type(data).__name__}")
    known = {f.name: f for f in fields(kind)}  # type: ignore[arg-type]
    unknown = sorted(set(data) - set(known))
    if unknown:
        raise ModelError(f"{where}: unknown field(s) {', '.join(unknown)}")
    required = [f.name for f in known.values() if f.default is MISSING and f.default_factory is MISSING]
    absent = [name for name in required if name not in data]
    if absent:
        raise ModelError(f"{where}: missing required field(s) {', '.join(absent)}")
    kwargs = {}
    for name, value in data.items():
        if name in _NESTED and kind is SceneDescription:
            continue
        _check_type(known[name].type, value, f"{where}.{name}")
        kwargs[name] = value
    return kind(**kwargs)


_SIMPLE = {"str": str, "bool": bool, "int": int}


def _check_type(annotation: Any, value: Any, where: str) -> None:
    text = str(annotation)
    if text.startswith("Optional["):
        if value is None:
            return
        text = text[len("Optional[") : -1]
    expected = _SIMPLE.get(text)
    if expected is not None:
        ok = isinstance(value, expected) and not (expected is int and isinstance(value, bool))
    elif text.startswith("List["):
        ok = isinstance(value, list)
    elif text.startswith("Dict["):
        ok = isinstance(value, dict)
    else:
        ok = True
    if not ok:
        raise ModelError(f"{where}: expected {text}, got {type(value).__name__} {value!r}")
