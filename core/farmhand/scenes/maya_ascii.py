"""Maya ASCII (``.ma``) reader: a MEL-subset interpreter, no Maya needed.

Only the commands Maya writes into scene files carry meaning here
(``requires``, ``fileInfo``, ``currentUnit``, ``file``, ``createNode``,
``select``, ``setAttr``, ``addAttr``, ``connectAttr``); everything else is
skipped.  The interpreter keeps Maya's "current node" state: ``setAttr``
applies to the node made by the last ``createNode`` or named by
``select -ne``.  Interpretation of the values (defaults, layers, paths) is
shared with the ``.mb`` reader in :mod:`farmhand.scenes.maya_describe`.
"""

from __future__ import annotations

import codecs
import re
from typing import Any, Callable, Dict, List, Optional, Union

from farmhand.model import SceneDescription
from farmhand.scenes import SceneReadError
from farmhand.scenes.maya_attributes import DEFAULT_NODE_TYPES
from farmhand.scenes.maya_data import MayaNode, MayaReference, MayaScene
from farmhand.scenes.maya_tokens import Statement, Str, Token, statements


def read(path: str, *, frames: Optional[str] = None) -> SceneDescription:
    from farmhand.scenes.maya_describe import describe

    return describe(parse(path), frames=frames)


def parse(path: str) -> MayaScene:
    """Interpret ``path`` into a :class:`MayaScene` (raises SceneReadError)."""
    return parse_text(_load_text(path), path)


def parse_text(text: str, path: str = "<string>") -> MayaScene:
    interpreter = _Interpreter(MayaScene(path=path, format="ascii"))
    for statement in statements(text, path):
        interpreter.run(statement)
    scene = interpreter.finish()
    if not text.lstrip().startswith("//Maya ASCII"):
        scene.notes.append("no '//Maya ASCII' header: not written by Maya, read as best effort")
    elif "//" not in text[-400:] or "End of" not in text[-400:]:
        scene.notes.append("no '// End of' line: the file may be truncated")
    return scene


def _load_text(path: str) -> str:
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as exc:
        raise SceneReadError(f"cannot read {path}: {exc.strerror or exc}") from exc
    if data[:4] in (b"FOR4", b"FOR8"):
        raise SceneReadError(f"{path} is a Maya Binary file with a .ma name; rename it to .mb")
    if b"\0" in data[:65536]:
        raise SceneReadError(f"{path} is not a Maya ASCII file (it contains binary data)")
    if not data.strip():
        raise SceneReadError(f"{path}: the file is empty (an interrupted save?)")
    try:
        return data.decode("utf-8-sig")  # -sig: an editor may have prefixed a byte-order mark
    except UnicodeDecodeError:
        return data.decode(_declared_codec(data), errors="replace")


_CODESET = re.compile(rb"^//Codeset: *([A-Za-z0-9_.-]+)", re.MULTILINE)


def _declared_codec(data: bytes) -> str:
    """The codec for the ``//Codeset:`` line Maya writes: the system code page on Windows.

    Maya on a Japanese or Chinese Windows saves in code page 932 / 936, whose
    bytes cp1252 would turn into the wrong path; unknown names fall back to
    cp1252 (Western Windows, the most common non-UTF-8 save).
    """
    match = _CODESET.search(data[:2048])
    if match:
        name = match.group(1).decode("ascii")
        codec = "cp" + name if name.isdigit() else name
        try:
            if codecs.lookup(codec).name != "utf-8":  # declared UTF-8 yet not: a script's cp1252
                return codec
        except LookupError:
            pass
    return "cp1252"


_CREATE_VALUE_FLAGS = {"-n", "-name", "-p", "-parent"}
_SETATTR_VALUE_FLAGS = {"-k", "-keyable", "-l", "-lock", "-s", "-size", "-cb", "-channelBox", "-type"}
_FILE_VALUE_FLAGS = {
    "-rdi": "depth",
    "-referenceDepthInfo": "depth",
    "-ns": "namespace",
    "-namespace": "namespace",
    "-dr": "deferred",
    "-deferReference": "deferred",
    "-rfn": "reference_node",
    "-referenceNode": "reference_node",
    "-typ": "file_type",
    "-type": "file_type",
    "-op": "options",
    "-options": "options",
    "-rpr": "prefix",
    "-renamingPrefix": "prefix",
    "-shd": "shared",
    "-sharedNodes": "shared",
    "-lrd": "load_depth",
    "-loadReferenceDepth": "load_depth",
}


def _is_flag(token: Token) -> bool:
    return not isinstance(token, Str) and len(token) > 1 and token[0] == "-" and token[1].isalpha()


class _Interpreter:
    def __init__(self, scene: MayaScene) -> None:
        self.scene = scene
        self.current: Optional[MayaNode] = None
        self.depth_records: List[MayaReference] = []
        self.reference_records: List[MayaReference] = []
        self.handlers: Dict[str, Callable[[List[Token]], None]] = {
            "setAttr": self.set_attr,
            "createNode": self.create_node,
            "select": self.select,
            "connectAttr": self.connect_attr,
            "addAttr": self.add_attr,
            "requires": self.requires,
            "fileInfo": self.file_info,
            "file": self.file,
            "currentUnit": self.current_unit,
        }

    def run(self, statement: Statement) -> None:
        tokens = statement.tokens
        handler = self.handlers.get(tokens[0])
        if handler is None or isinstance(tokens[0], Str):
            return
        try:
            handler(tokens[1:])
        except (IndexError, ValueError) as exc:
            raise SceneReadError(
                f"{self.scene.path}: line {statement.line}: malformed {tokens[0]} statement ({exc})"
            ) from exc

    # -- commands ---------------------------------------------------------
    def requires(self, args: List[Token]) -> None:
        node_types: List[str] = []
        positional: List[str] = []
        index = 0
        while index < len(args):
            token = args[index]
            if _is_flag(token):
                if token in ("-nodeType", "-dataType"):
                    if token == "-nodeType":
                        node_types.append(args[index + 1])
                    index += 2
                    continue
                index += 1
                continue
            positional.append(token)
            index += 1
        if len(positional) < 2:
            return
        plugin, version = positional[0], positional[1]
        if plugin == "maya":
            self.scene.maya_version = version
            return
        self.scene.plugins[plugin] = version
        for node_type in node_types:
            self.scene.plugin_node_types[node_type] = plugin

    def file_info(self, args: List[Token]) -> None:
        if len(args) >= 2:
            self.scene.file_info[args[0]] = args[1]

    def current_unit(self, args: List[Token]) -> None:
        for flag, value in zip(args, args[1:]):
            if flag in ("-t", "-time"):
                self.scene.time_unit = value

    def file(self, args: List[Token]) -> None:
        values: Dict[str, str] = {}
        is_reference = False
        index = 0
        while index < len(args) - 1:
            token = args[index]
            key = _FILE_VALUE_FLAGS.get(token) if not isinstance(token, Str) else None
            if key is not None:
                values[key] = args[index + 1]
                index += 2
                continue
            if token in ("-r", "-reference"):
                is_reference = True
            index += 1
        if not args or not isinstance(args[-1], Str):
            return
        if "depth" not in values and not is_reference:
            return  # file -import, -open ... are not written into scenes
        record = MayaReference(
            path=args[-1],
            namespace=values.get("namespace", ""),
            reference_node=values.get("reference_node", ""),
            file_type=values.get("file_type", ""),
            depth=int(values.get("depth", "1")),
            deferred=values.get("deferred", "0") not in ("0", "false", "off", "no"),
        )
        (self.depth_records if "depth" in values else self.reference_records).append(record)

    def create_node(self, args: List[Token]) -> None:
        node_type = ""
        name = ""
        parent = ""
        index = 0
        while index < len(args):
            token = args[index]
            if token in _CREATE_VALUE_FLAGS and not isinstance(token, Str):
                value = args[index + 1]
                if token in ("-n", "-name"):
                    name = value
                else:
                    parent = value
                index += 2
                continue
            if not _is_flag(token) and not node_type:
                node_type = token
            index += 1
        if not node_type:
            raise ValueError("no node type")
        self.current = self.scene.add_node(
            MayaNode(name=name or node_type + "1", type=node_type, parent=parent)
        )

    def select(self, args: List[Token]) -> None:
        names = [token for token in args if not _is_flag(token)]
        if names:
            name = names[-1].lstrip(":")
            self.current = self.scene.ensure_node(name, DEFAULT_NODE_TYPES.get(name, "unknown"))

    def add_attr(self, args: List[Token]) -> None:
        if self.current is None:
            return
        short = long = ""
        default: Any = 0
        for flag, value in zip(args, args[1:]):
            if flag in ("-sn", "-shortName"):
                short = value
            elif flag in ("-ln", "-longName"):
                long = value
            elif flag in ("-dt", "-dataType"):
                default = ""
            elif flag in ("-dv", "-defaultValue"):
                default = str(value)
        if short or long:
            self.current.dynamic[short or long] = long or short
            self.current.dynamic_defaults[short or long] = default

    def connect_attr(self, args: List[Token]) -> None:
        plugs = [token for token in args if isinstance(token, Str)]
        if len(plugs) >= 2:
            self.scene.connect(plugs[0], plugs[1])

    def set_attr(self, args: List[Token]) -> None:
        attr: Optional[str] = None
        value_type = ""
        values: List[Token] = []
        index = 0
        count = len(args)
        while index < count:
            token = args[index]
            if token in _SETATTR_VALUE_FLAGS and not isinstance(token, Str):
                if token == "-type":
                    value_type = args[index + 1]
                index += 2
                continue
            if attr is None and (isinstance(token, Str) or token.startswith(".")):
                attr = token
            elif not _is_flag(token):
                values.append(token)
            index += 1
        if attr is None or not values:
            return  # flag-only setAttr: keyable/lock state, value at its default
        node = self._target(attr)
        if node is None:
            return
        name = attr[attr.index(".") + 1 :]
        node.attrs[name] = _value(value_type, values)

    def _target(self, attr: str) -> Optional[MayaNode]:
        if attr.startswith("."):
            return self.current
        node_name = attr.partition(".")[0]
        return self.scene.ensure_node(node_name, DEFAULT_NODE_TYPES.get(node_name.lstrip(":"), "unknown"))

    # -- end ----------------------------------------------------------------
    def finish(self) -> MayaScene:
        self.scene.references = _reference_tree(self.depth_records, self.reference_records)
        return self.scene


def _value(value_type: str, values: List[Token]) -> Union[str, List[str]]:
    if value_type == "string":
        return str(values[0])
    if value_type == "stringArray":
        return [str(token) for token in values[1:] if isinstance(token, Str)]
    if len(values) == 1:
        return str(values[0])
    return [str(token) for token in values]


def _reference_tree(
    depth_records: List[MayaReference], top_level: List[MayaReference]
) -> List[MayaReference]:
    """Nest references using ``-rdi`` depth records; fall back to ``-r`` records.

    Maya writes one ``file -rdi N`` record per reference at every depth (in
    depth-first order) and a ``file -r`` record per top-level reference; the
    ``-r`` record's ``-dr`` (deferred) flag is the authoritative load state
    for top-level references.
    """
    if not depth_records:
        return list(top_level)
    loaded_state = {record.reference_node or record.path: record.deferred for record in top_level}
    stack: List[MayaReference] = []
    for record in depth_records:
        while stack and stack[-1].depth >= record.depth:
            stack.pop()
        record.parent = stack[-1].reference_node if stack else ""
        if record.depth == 1:
            record.deferred = loaded_state.get(record.reference_node or record.path, record.deferred)
        elif stack and stack[-1].deferred:
            record.deferred = True  # nothing inside an unloaded reference is loaded
        stack.append(record)
    known = {record.reference_node or record.path for record in depth_records}
    extra = [record for record in top_level if (record.reference_node or record.path) not in known]
    return depth_records + extra
