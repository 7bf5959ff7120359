"""The node graph of a Houdini scene, parsed from the text records of its archive.

Per node Houdini writes ``<path>.init`` (type), ``.def`` (flags, inputs),
``.parm`` (every parameter, with the last cached value of animated or
expression parms) and ``.chn`` (the expressions themselves).  This module
turns those into plain objects and knows nothing about ROPs or files, so the
same graph can back the offline reader and the ``hou`` stand-in of the tests.
"""

from __future__ import annotations

import re
import struct
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Tuple

from farmhand.scenes import SceneReadError
from farmhand.scenes.hip_container import Archive

# Network type -> category of the nodes inside it.  Anything not listed
# (subnets, HDAs) keeps the category of the network it sits in.
CHILD_CATEGORY = {
    "obj": "Object",
    "out": "Driver",
    "stage": "Lop",
    "tasks": "Top",
    "img": "Cop2",
    "mat": "Vop",
    "shop": "Shop",
    "ch": "Chop",
    "vex": "Vop",
    "geo": "Sop",
    "sopnet": "Sop",
    "ropnet": "Driver",
    "topnet": "Top",
    "topnetmgr": "Top",
    "dopnet": "Dop",
    "lopnet": "Lop",
    "matnet": "Vop",
    "materiallibrary": "Vop",
    "chopnet": "Chop",
    "cop2net": "Cop2",
    "shopnet": "Shop",
    "vopnet": "Vop",
}


@dataclass
class Channel:
    """An animated or expression-driven parm component (one ``channel`` block of ``.chn``)."""

    expression: Optional[str]  # None for plain keyframes
    language: str = "hscript"
    keyframes: int = 1


@dataclass
class Parm:
    """One ``.parm`` line: the saved component values and, per component, its channel name if any."""

    name: str
    values: List[str]
    channels: List[Optional[str]]


@dataclass
class HipNode:
    path: str
    type: str
    category: str
    parms: Dict[str, Parm] = field(default_factory=dict)
    channels: Dict[str, Channel] = field(default_factory=dict)
    inputs: List[Optional[str]] = field(default_factory=list)  # sibling names, by input index
    flags: Dict[str, str] = field(default_factory=dict)
    userdata: Dict[str, str] = field(default_factory=dict)
    is_network_root: bool = False

    @property
    def name(self) -> str:
        return self.path.rsplit("/", 1)[-1] or "/"

    @property
    def parent_path(self) -> str:
        parent = self.path.rsplit("/", 1)[0]
        return parent or "/"

    @property
    def bypassed(self) -> bool:
        return self.flags.get("bypass") == "on"


@dataclass
class HipGraph:
    nodes: Dict[str, HipNode]
    variables: Dict[str, str]
    start: Dict[str, List[str]]  # .start command -> its arguments
    fallbacks: List[Tuple[str, str]]  # (Category/type, library path) from .OPfallbacks
    libraries: List[str]  # .OPlibraries
    licence: str

    def children(self, path: str) -> List[HipNode]:
        prefix = path.rstrip("/") + "/"
        return [n for p, n in self.nodes.items() if p.startswith(prefix) and "/" not in p[len(prefix) :]]

    def node(self, path: str) -> Optional[HipNode]:
        return self.nodes.get(path)


def build_graph(archive: Archive, where: str) -> HipGraph:
    """Assemble nodes from per-node records; ``where`` names the file in errors."""
    by_node: Dict[str, Dict[str, str]] = {}
    globals_: Dict[str, str] = {}
    for record in archive.records:
        if record.name.startswith("."):
            globals_[record.name] = record.text
            continue
        stem, dot, kind = record.name.rpartition(".")
        if dot:
            by_node.setdefault("/" + stem, {})[kind] = record.text
    if ".variables" not in globals_ and not by_node:
        raise SceneReadError(f"{where}: the archive holds no Houdini scene records")
    nodes = _nodes(by_node, where)
    return HipGraph(
        nodes=nodes,
        variables=parse_variables(globals_.get(".variables", "")),
        start=parse_start(globals_.get(".start", "")),
        fallbacks=parse_fallbacks(globals_.get(".OPfallbacks", "")),
        libraries=[line.strip() for line in globals_.get(".OPlibraries", "").splitlines() if line.strip()],
        licence=archive.licence,
    )


def _nodes(by_node: Dict[str, Dict[str, str]], where: str) -> Dict[str, HipNode]:
    nodes: Dict[str, HipNode] = {}
    for path in sorted(by_node, key=lambda p: (p.count("/"), p)):
        records = by_node[path]
        is_root = path.count("/") == 1 and "init" not in records and "def" in records
        if "init" not in records and "def" not in records:
            continue  # sticky notes, network boxes, per-network extras
        if is_root:
            node_type = path[1:]
        elif "init" in records:
            node_type = _init_type(records["init"], path, where)
        else:
            node_type = ""  # an editable network inside a locked asset: its type lives in the asset
        parent = _nearest_ancestor(nodes, path)
        category = "Manager" if is_root else _category(parent)
        node = HipNode(path=path, type=node_type, category=category, is_network_root=is_root)
        try:
            node.parms = parse_parms(records.get("parm", ""))
            node.channels = parse_channels(records.get("chn", ""))
            node.inputs, node.flags = parse_def(records.get("def", ""))
            node.userdata = parse_userdata(records.get("userdata", "").encode("utf-8", "surrogateescape"))
        except ValueError as exc:
            raise SceneReadError(f"{where}: cannot parse the records of {path}: {exc}") from exc
        nodes[path] = node
    return nodes


def _nearest_ancestor(nodes: Dict[str, HipNode], path: str) -> Optional[HipNode]:
    # Networks inside locked assets may have no records of their own.
    while "/" in path.strip("/"):
        path = path.rsplit("/", 1)[0]
        if path in nodes:
            return nodes[path]
    return None


def _init_type(text: str, path: str, where: str) -> str:
    match = re.search(r"^type\s*=\s*(\S+)", text, re.M)
    if match is None:
        raise SceneReadError(f"{where}: {path}.init has no node type")
    return match.group(1)


def _category(parent: Optional[HipNode]) -> str:
    if parent is None:
        return "Unknown"
    return CHILD_CATEGORY.get(parent.type, parent.category)


# -- global records ---------------------------------------------------------

_SET_LINE = re.compile(r"^set\s+(?:-g\s+)?(\S+)\s*=\s*'(.*)'\s*$")


def parse_variables(text: str) -> Dict[str, str]:
    """``set -g NAME = 'value'`` lines of ``.variables`` (values are single-quoted, no escapes seen)."""
    values: Dict[str, str] = {}
    for line in text.splitlines():
        match = _SET_LINE.match(line.strip())
        if match:
            values[match.group(1)] = match.group(2)
    return values


def parse_start(text: str) -> Dict[str, List[str]]:
    commands: Dict[str, List[str]] = {}
    for line in text.splitlines():
        words = line.split()
        if words:
            commands[words[0]] = words[1:]
    return commands


def parse_fallbacks(text: str) -> List[Tuple[str, str]]:
    entries: List[Tuple[str, str]] = []
    for line in text.splitlines():
        op_type, _, library = line.strip().partition(" ")
        if op_type and library:
            entries.append((op_type, library.strip()))
    return entries


# -- .userdata ---------------------------------------------------------------

_USERDATA_STRING = 3


def parse_userdata(data: bytes) -> Dict[str, str]:
    """String entries of a binary ``.userdata`` record (``___Version___``, ``___toolid___``...).

    Layout: a big-endian u32 count, then per entry a u16-length key, a u32
    type and, for strings (type 3), a u16-length value.  Parsing stops at
    the first entry of another type: the rest is kept out rather than misread.
    """
    values: Dict[str, str] = {}
    if len(data) < 4:
        return values
    count, position = struct.unpack(">I", data[:4])[0], 4
    for _ in range(count):
        key, position = _sized(data, position)
        if key is None or position + 4 > len(data):
            break
        kind = struct.unpack(">I", data[position : position + 4])[0]
        if kind != _USERDATA_STRING:
            break
        value, position = _sized(data, position + 4)
        if value is None:
            break
        values[key] = value
    return values


def _sized(data: bytes, position: int) -> Tuple[Optional[str], int]:
    if position + 2 > len(data):
        return None, position
    size = struct.unpack(">H", data[position : position + 2])[0]
    end = position + 2 + size
    if end > len(data):
        return None, position
    return data[position + 2 : end].decode("utf-8", "replace"), end


# -- .def -------------------------------------------------------------------

_INPUT_LINE = re.compile(r"^\s*(\d+)\s+(\S+)")


def parse_def(text: str) -> Tuple[List[Optional[str]], Dict[str, str]]:
    """Wired inputs (source node names by index) and the node flags of a ``.def`` record."""
    flags: Dict[str, str] = {}
    inputs: Dict[int, str] = {}
    block = ""
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("flags ="):
            words = stripped[len("flags =") :].split()
            flags.update(zip(words[0::2], words[1::2]))
        elif stripped in ("inputs", "inputsNamed3", "outputsNamed3"):
            block = stripped
        elif stripped == "}":
            block = ""
        elif block == "inputs":
            match = _INPUT_LINE.match(line)
            if match:
                inputs[int(match.group(1))] = match.group(2)
    ordered: List[Optional[str]] = [inputs.get(i) for i in range(max(inputs) + 1)] if inputs else []
    return ordered, flags


# -- .parm ------------------------------------------------------------------


class _Scanner:
    """Character scanner for the ``.parm``/``.chn`` grammar (tokens, quoted strings with escapes)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0

    def skip_space(self) -> None:
        while self.pos < len(self.text) and self.text[self.pos] in " \t\r\n":
            self.pos += 1

    def at_end(self) -> bool:
        self.skip_space()
        return self.pos >= len(self.text)

    def peek(self) -> str:
        self.skip_space()
        return self.text[self.pos] if self.pos < len(self.text) else ""

    def expect(self, char: str) -> None:
        if self.peek() != char:
            found = self.text[self.pos : self.pos + 20]
            raise ValueError(f"expected {char!r} at offset {self.pos}, found {found!r}")
        self.pos += 1

    def quoted(self) -> str:
        self.expect('"')
        out: List[str] = []
        text = self.text
        while self.pos < len(text):
            char = text[self.pos]
            if char == "\\" and self.pos + 1 < len(text):
                out.append(text[self.pos + 1])
                self.pos += 2
                continue
            self.pos += 1
            if char == '"':
                return "".join(out)
            out.append(char)
        raise ValueError("unterminated quoted string")

    def bare(self, stops: str = " \t\r\n") -> str:
        self.skip_space()
        start = self.pos
        while self.pos < len(self.text) and self.text[self.pos] not in stops:
            self.pos += 1
        return self.text[start : self.pos]

    def value(self, stops: str = "\t\r\n") -> str:
        return self.quoted() if self.peek() == '"' else _unescape(self.bare(stops))

    def skip_to(self, char: str) -> None:
        end = self.text.find(char, self.pos)
        if end < 0:
            raise ValueError(f"missing {char!r}")
        self.pos = end + 1


def _unescape(token: str) -> str:
    return re.sub(r"\\(.)", r"\1", token) if "\\" in token else token


def parse_parms(text: str) -> Dict[str, Parm]:
    scanner = _Scanner(text)
    parms: Dict[str, Parm] = {}
    if scanner.at_end():
        return parms
    scanner.expect("{")
    while not scanner.at_end():
        if scanner.peek() == "}":
            break
        name = scanner.bare()
        if name == "version" and scanner.peek() != "[":  # the format header, not a parm called version
            scanner.bare()
            continue
        scanner.expect("[")
        scanner.skip_to("]")
        scanner.expect("(")
        parms[name] = _parm_values(scanner, name)
    return parms


def _parm_values(scanner: _Scanner, name: str) -> Parm:
    values: List[str] = []
    channels: List[Optional[str]] = []
    while scanner.peek() != ")":
        if scanner.peek() == "":
            raise ValueError(f"parm {name} is not closed")
        if scanner.peek() == "[":
            scanner.pos += 1
            channels.append(scanner.bare())
            values.append(_channel_cached_value(scanner))
            scanner.expect("]")
        else:
            channels.append(None)
            values.append(scanner.value())
    scanner.expect(")")
    return Parm(name, values, channels)


def _channel_cached_value(scanner: _Scanner) -> str:
    if scanner.peek() == '"':
        return scanner.quoted()
    scanner.skip_space()
    end = scanner.text.find(" ]", scanner.pos)
    if end < 0:
        raise ValueError("unterminated channel reference")
    value = scanner.text[scanner.pos : end]
    scanner.pos = end
    return _unescape(value.strip())


# -- .chn -------------------------------------------------------------------

_CHANNEL_HEAD = re.compile(r"channel\s+(\S+)\s*\{")


def parse_channels(text: str) -> Dict[str, Channel]:
    """Expression (first segment) and keyframe count of every ``channel`` block."""
    channels: Dict[str, Channel] = {}
    position = 0
    while True:
        match = _CHANNEL_HEAD.search(text, position)
        if match is None:
            return channels
        body, position = _braced(text, match.end())
        channels[match.group(1)] = _channel(body)


def _braced(text: str, start: int) -> Tuple[str, int]:
    """Text up to the brace closing the one just before ``start`` (quoted strings skipped)."""
    depth = 1
    position = start
    in_quote = False
    while position < len(text):
        char = text[position]
        if char == "\\":
            position += 1  # escaped quotes appear both inside and outside strings
        elif in_quote:
            if char == '"':
                in_quote = False
        elif char == '"':
            in_quote = True
        elif char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return text[start:position], position + 1
        position += 1
    raise ValueError("unterminated channel block")


def _channel(body: str) -> Channel:
    segments = [m.end() for m in re.finditer(r"\bsegment\s*\{", body)]
    expression: Optional[str] = None
    language = "hscript"
    if segments:
        segment, _ = _braced(body, segments[0])
        found = re.search(r"\bexpr\s*=\s*", segment)
        if found:
            scanner = _Scanner(segment)
            scanner.pos = found.end()
            expression = scanner.value(" \t\r\n")
        lang = re.search(r"\blanguage\s*=\s*(\w+)", segment)
        if lang:
            language = lang.group(1)
    return Channel(expression=expression, language=language, keyframes=max(1, len(segments)))
