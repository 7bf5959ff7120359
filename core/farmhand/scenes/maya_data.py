"""What the Maya readers extract from a scene file, before interpretation.

Both the ASCII interpreter and the binary (IFF) walker fill a
:class:`MayaScene`; everything that gives the values meaning (defaults,
layers, paths) works on this one shape, so ``.ma`` and ``.mb`` files are
described by the same code and can be compared.  Attribute values are kept
as written (strings for string attributes, token text for numbers) under the
attribute name exactly as the file spells it, short or long; lookups go
through alias tuples from :mod:`farmhand.scenes.maya_attributes`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, Iterable, List, Optional, Tuple


@dataclass
class MayaNode:
    name: str
    type: str
    parent: str = ""
    attrs: Dict[str, Any] = field(default_factory=dict)
    # dynamic attributes added with addAttr: short name -> long name
    dynamic: Dict[str, str] = field(default_factory=dict)
    # value a dynamic attribute holds while no setAttr writes it (addAttr -dv,
    # "" for -dt data, else Maya's 0): short name -> value
    dynamic_defaults: Dict[str, Any] = field(default_factory=dict)

    def unwritten_default(self, names: Iterable[str]) -> Any:
        """What Maya holds for the dynamic attribute ``names`` when the file writes no value."""
        for short, long in self.dynamic.items():
            if short in names or long in names:
                return self.dynamic_defaults.get(short, 0)
        return None

    def get(self, names: Iterable[str], default: Any = None) -> Any:
        """The first of ``names`` (aliases: short and long) that the file set."""
        for name in names:
            if name in self.attrs:
                return self.attrs[name]
        for short, long in self.dynamic.items():
            if long in names and short in self.attrs:
                return self.attrs[short]
        return default


@dataclass
class MayaReference:
    """A ``file -r`` / ``file -rdi`` record (or an ``.mb`` ``FREF`` chunk)."""

    path: str
    namespace: str = ""
    reference_node: str = ""
    file_type: str = ""
    depth: int = 1
    deferred: bool = False
    parent: str = ""  # reference node of the enclosing reference, "" at top level
    low_confidence: Dict[str, str] = field(default_factory=dict)


@dataclass
class MayaScene:
    path: str
    format: str  # "ascii" or "binary"
    maya_version: str = ""
    file_info: Dict[str, str] = field(default_factory=dict)
    plugins: Dict[str, str] = field(default_factory=dict)
    plugin_node_types: Dict[str, str] = field(default_factory=dict)  # node type -> plugin
    time_unit: str = "film"
    nodes: List[MayaNode] = field(default_factory=list)
    references: List[MayaReference] = field(default_factory=list)
    # (source plug, destination plug) as written: "node.attr"
    connections: List[Tuple[str, str]] = field(default_factory=list)
    notes: List[str] = field(default_factory=list)
    _by_name: Dict[str, MayaNode] = field(default_factory=dict, repr=False)
    _into: Dict[str, List[str]] = field(default_factory=dict, repr=False)

    def connect(self, source: str, destination: str) -> None:
        self.connections.append((source, destination))
        self._into.setdefault(destination.lstrip(":"), []).append(source)

    def add_node(self, node: MayaNode) -> MayaNode:
        self.nodes.append(node)
        self._by_name[node.name] = node
        if node.parent:
            self._by_name.setdefault(f"{node.parent}|{node.name}", node)
        return node

    def node(self, name: str) -> Optional[MayaNode]:
        """Find a node by name as Maya writes it (``:name``, ``|a|b`` or ``b``)."""
        key = name.lstrip(":")
        found = self._by_name.get(key)
        if found is None and "|" in key:
            parts = key.strip("|").split("|")
            found = self._by_name.get("|".join(parts[-2:])) or self._by_name.get(parts[-1])
        return found

    def ensure_node(self, name: str, node_type: str) -> MayaNode:
        existing = self.node(name)
        if existing is not None:
            return existing
        return self.add_node(MayaNode(name=name.lstrip(":"), type=node_type))

    def nodes_of_type(self, *types: str) -> List[MayaNode]:
        wanted = set(types)
        return [node for node in self.nodes if node.type in wanted]

    def sources_of(self, node: str, attrs: Iterable[str]) -> List[str]:
        """Source plugs connected into ``node.<attr>`` for any alias in ``attrs``."""
        return [src for attr in attrs for src in self._into.get(f"{node}.{attr}", ())]


def split_plug(plug: str) -> Tuple[str, str]:
    """``":node.attr[0].sub"`` -> ``("node", "attr[0].sub")``."""
    plug = plug.lstrip(":")
    # node names may contain '|' and ':' but never '.'
    node, _, attr = plug.partition(".")
    return node, attr
