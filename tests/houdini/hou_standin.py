"""A stand-in for the part of ``hou`` the Farmhand adapter uses, answering from a real ``.hip`` file.

Houdini cannot run here, so the session is the offline reader's parse of a
public sample: nodes, types, categories, wiring, parm values, channels,
``.start`` (frame, fps, range), ``.variables`` and ``.OPfallbacks``.  Parm
evaluation uses the same offline evaluator; where it cannot evaluate an
expression the stand-in raises ``hou.OperationFailed`` as Houdini raises
for a failing expression.  Nothing here knows which test is running.
"""

from __future__ import annotations

import types
from typing import Any, Dict, List, Optional, Tuple

from farmhand.paths.tokens import substitute_frame
from farmhand.scenes.hip_container import read_archive
from farmhand.scenes.hip_expressions import Evaluator, scene_variables
from farmhand.scenes.hip_files import file_kind
from farmhand.scenes.hip_records import HipGraph, HipNode, build_graph
from farmhand.scenes.houdini_hip import current_frame


class Error(Exception):
    def instanceMessage(self) -> str:
        return str(self)


class OperationFailed(Error):
    pass


class _Enum:
    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return f"hou.{self.name}"


class parmTemplateType:
    String = _Enum("parmTemplateType.String")
    Float = _Enum("parmTemplateType.Float")


class _Category:
    def __init__(self, name: str) -> None:
        self._name = name

    def name(self) -> str:
        return self._name


class _NodeType:
    def __init__(self, session: Session, name: str, category: str) -> None:
        self.session, self._name, self._category = session, name, category

    def name(self) -> str:
        return self._name

    def category(self) -> _Category:
        return _Category(self._category)

    def instances(self) -> Tuple[OpNode, ...]:
        return tuple(
            n
            for n in self.session.all_nodes()
            if n.hip.type == self._name and n.hip.category == self._category
        )


class _Template:
    def __init__(self, kind: _Enum) -> None:
        self._kind = kind

    def type(self) -> _Enum:
        return self._kind


class Parm:
    def __init__(self, node: OpNode, name: str, tuple_name: str, index: int) -> None:
        self._node, self._name, self._tuple_name, self._index = node, name, tuple_name, index

    @property
    def _saved(self) -> str:
        return self._node.hip.parms[self._tuple_name].values[self._index]

    @property
    def _expression(self) -> Optional[str]:
        channel = self._node.hip.parms[self._tuple_name].channels[self._index]
        found = self._node.hip.channels.get(channel) if channel else None
        return found.expression if found is not None else None

    def name(self) -> str:
        return self._name

    def path(self) -> str:
        return f"{self._node.path()}/{self._name}"

    def node(self) -> OpNode:
        return self._node

    def tuple(self) -> ParmTuple:
        return ParmTuple(self._node, self._tuple_name)

    def parmTemplate(self) -> _Template:
        try:
            float(self._saved)
        except ValueError:
            return _Template(parmTemplateType.String)
        return _Template(parmTemplateType.Float)

    def rawValue(self) -> str:
        return self._expression if self._expression is not None else self._saved

    def unexpandedString(self) -> str:
        if self._expression is not None:
            raise OperationFailed(f"{self.path()} has an expression")
        return self._saved

    def evalAsString(self) -> str:
        value = self._node.session.evaluator.string(self._node.hip, self._tuple_name, self._index)
        if value is None or value.unresolved:
            raise OperationFailed(value.unresolved if value is not None else "no such parm")
        return substitute_frame(value.value, int(self._node.session.frame))

    def evalAsFloat(self) -> float:
        value, reason = self._node.session.evaluator.number(self._node.hip, self._tuple_name, self._index)
        if value is None or reason:
            raise OperationFailed(reason or f"{self.path()} is not a number")
        return value


class ParmTuple:
    def __init__(self, node: OpNode, name: str) -> None:
        self._node, self._name = node, name

    def name(self) -> str:
        return self._name

    def _names(self) -> List[str]:
        channels = self._node.hip.parms[self._name].channels
        count = len(channels)
        if count == 1:
            return [self._name]
        return [channel or f"{self._name}{i + 1}" for i, channel in enumerate(channels)]

    def __len__(self) -> int:
        return len(self._names())

    def __getitem__(self, index: int) -> Parm:
        return Parm(self._node, self._names()[index], self._name, index)

    def __iter__(self):
        return (self[i] for i in range(len(self)))


class OpNode:
    def __init__(self, session: Session, hip: HipNode) -> None:
        self.session, self.hip = session, hip

    def path(self) -> str:
        return self.hip.path

    def name(self) -> str:
        return self.hip.name

    def type(self) -> _NodeType:
        return _NodeType(self.session, self.hip.type, self.hip.category)

    def isBypassed(self) -> bool:
        return self.hip.bypassed

    def parent(self) -> Optional[OpNode]:
        return self.session.node(self.hip.parent_path)

    def inputs(self) -> Tuple[Optional[OpNode], ...]:
        parent = self.hip.parent_path.rstrip("/")
        return tuple(self.session.node(f"{parent}/{name}") if name else None for name in self.hip.inputs)

    def children(self) -> Tuple[OpNode, ...]:
        return tuple(self.session.wrap(n) for n in self.session.graph.children(self.hip.path))

    def allSubChildren(
        self, top_down: bool = True, recurse_in_locked_nodes: bool = True
    ) -> Tuple[OpNode, ...]:
        # the file saves only editable parts of locked assets (none are ROPs here): flag not modelled
        prefix = self.hip.path.rstrip("/") + "/"
        return tuple(n for n in self.session.all_nodes() if n.hip.path.startswith(prefix))

    def node(self, relative: str) -> Optional[OpNode]:
        path = self.session.evaluator.relative_node(self.hip, relative)
        return self.session.node(path) if path else None

    def parmTuple(self, name: str) -> Optional[ParmTuple]:
        return ParmTuple(self, name) if name in self.hip.parms else None

    def parm(self, name: str) -> Optional[Parm]:
        if name in self.hip.parms:
            return ParmTuple(self, name)[0]
        for parm in self.hip.parms.values():
            if name in parm.channels:
                return ParmTuple(self, parm.name)[parm.channels.index(name)]
        return None

    def setSelected(self, on: bool, clear_all_selected: bool = False) -> None:
        self.session.select(self, on, clear_all_selected)

    def setCurrent(self, on: bool, clear_all_selected: bool = False) -> None:
        self.session.select(self, on, clear_all_selected)


class LopNode(OpNode):
    def stage(self) -> Any:
        # A composed USD stage needs Houdini's USD libraries; a cook failure is what hou reports then.
        raise OperationFailed(f"cannot cook {self.path()}: USD is not available outside Houdini")


class _Root(OpNode):
    def __init__(self, session: Session) -> None:
        super().__init__(session, HipNode(path="/", type="root", category="Manager", is_network_root=True))


class Session:
    """The scene state behind the module functions."""

    def __init__(self, path: str) -> None:
        with open(path, "rb") as handle:
            self.graph: HipGraph = build_graph(read_archive(handle.read(), path), path)
        self.path = path
        self.variables = scene_variables(self.graph, path)
        self.evaluator = Evaluator(self.graph, self.variables)
        self.frame = current_frame(self.graph)
        self.current: OpNode = _Root(self)
        self.selected: List[str] = []
        self._nodes: Dict[str, OpNode] = {}

    def wrap(self, hip: HipNode) -> OpNode:
        if hip.path not in self._nodes:
            kind = LopNode if hip.category == "Lop" else OpNode
            self._nodes[hip.path] = kind(self, hip)
        return self._nodes[hip.path]

    def node(self, path: str) -> Optional[OpNode]:
        if path == "/":
            return _Root(self)
        found = self.graph.node(path)
        return self.wrap(found) if found is not None else None

    def all_nodes(self) -> List[OpNode]:
        return [self.wrap(n) for n in self.graph.nodes.values()]

    def select(self, node: OpNode, on: bool, clear: bool) -> None:
        if clear:
            self.selected = []
        if on and node.path() not in self.selected:
            self.selected.append(node.path())

    def file_references(self) -> List[Tuple[Parm, str]]:
        found = []
        for node in self.all_nodes():
            for name, parm in node.hip.parms.items():
                for index in range(len(parm.values)):
                    component = ParmTuple(node, name)[index]
                    raw = component.rawValue()
                    if file_kind(raw) is not None:
                        found.append((component, raw))
        return found

    def fallback_libraries(self) -> Dict[str, List[Tuple[str, str]]]:
        """library -> [(category, node type name)] from ``.OPfallbacks`` (absolute entries only)."""
        libraries: Dict[str, List[Tuple[str, str]]] = {}
        for op_type, library in self.graph.fallbacks:
            if not (library.startswith("/") or library[1:3] == ":/"):
                continue
            libraries.setdefault(library, []).append(_split_op_type(op_type))
        return libraries


def _split_op_type(op_type: str) -> Tuple[str, str]:
    """``labs::Sop/foo::1.0`` -> (``Sop``, ``labs::foo::1.0``); ``Sop/box`` -> (``Sop``, ``box``)."""
    head, _, name = op_type.partition("/")
    namespace, _, category = head.rpartition("::")
    return category, f"{namespace}::{name}" if namespace else name


class _Definition:
    def __init__(self, session: Session, category: str, name: str) -> None:
        self.session, self.category, self.name = session, category, name

    def nodeTypeCategory(self) -> _Category:
        return _Category(self.category)

    def nodeTypeName(self) -> str:
        return self.name

    def nodeType(self) -> _NodeType:
        return _NodeType(self.session, self.name, self.category)


def module_for(path: str) -> types.ModuleType:
    """A ``hou`` module whose session is the scene at ``path``."""
    session = Session(path)
    hou = types.ModuleType("hou")
    hou.session = session  # type: ignore[attr-defined]
    hou.Error, hou.OperationFailed, hou.parmTemplateType = Error, OperationFailed, parmTemplateType
    hou.OpNode, hou.LopNode, hou.Parm = OpNode, LopNode, Parm
    hou.node = session.node
    hou.frame = lambda full_precision=False: session.frame
    hou.fps = lambda: float(session.variables.get("FPS", "24"))
    hou.getenv = lambda name, default_value=None: _getenv(session, name, default_value)
    hou.applicationVersionString = lambda: session.graph.variables.get("_HIP_SAVEVERSION", "")
    hou.fileReferences = lambda project_dir_variable="", include_all_refs=True: session.file_references()
    hou.pwd = lambda: session.current
    hou.setPwd = lambda node: setattr(session, "current", node)
    hou.isUIAvailable = lambda: False
    # a session just opened from the file has no unsaved changes
    hou.hipFile = types.SimpleNamespace(path=lambda: session.path, hasUnsavedChanges=lambda: False)
    hou.playbar = types.SimpleNamespace(frameRange=lambda: _frange(session))
    hou.text = types.SimpleNamespace(expandString=lambda text, expand_tilde=True: _expand(session, text))
    libraries = session.fallback_libraries()
    hou.hda = types.SimpleNamespace(
        loadedFiles=lambda: tuple(libraries),
        definitionsInFile=lambda library: tuple(
            _Definition(session, c, n) for c, n in libraries.get(library, [])
        ),
    )
    return hou


def _expand(session: Session, text: str) -> str:
    value = session.evaluator.expand(session.current.hip, text)
    if value.unresolved:
        raise OperationFailed(value.unresolved)
    return value.value


def _frange(session: Session) -> Tuple[float, float]:
    start, end = session.graph.start["frange"]
    return float(start), float(end)


def _getenv(session: Session, name: str, default: Optional[str]) -> Optional[str]:
    if name == "HFS":  # the installation is where the built-in OPlib libraries were loaded from
        for _, library in session.graph.fallbacks:
            if library.rsplit("/", 1)[-1].startswith("OPlib") and "/houdini/otls/" in library:
                return library.split("/houdini/otls/")[0]
        return default
    return session.variables.get(name, default)
