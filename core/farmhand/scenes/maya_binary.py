"""Maya Binary (``.mb``) reader: an IFF walker, no Maya needed.

The file is an IFF tree: ``FOR4`` (32-bit sizes, 4-byte alignment) or
``FOR8`` (64-bit sizes, 8-byte alignment).  Data chunks are padded relative
to the start of their parent group's children, not to file offsets.  The top
``Maya`` form holds a ``HEAD`` group (version, ``FINF`` fileInfo, ``PLUG``
requires, units), one group per node whose form type is the node type (a
four-character code for built-in types, a numeric id for plug-in types,
named in ``PLUG`` since Maya 2016-ish), ``SLCT`` groups for values set on
default nodes, and a ``CONS`` list of connections.

Inside a node we read ``CREA`` (name, parent), ``STR `` / ``STR#`` (string
values, which is where paths live), ``DBLE`` (numbers) and ``FREF``
(references).  Everything is turned into the same :class:`MayaScene` the
ASCII reader produces, so :mod:`farmhand.scenes.maya_describe` gives both the
same meaning; values the walker cannot type are simply absent (defaults).
"""

from __future__ import annotations

import struct
from typing import Dict, Optional, Tuple

from farmhand.model import SceneDescription
from farmhand.scenes import SceneReadError
from farmhand.scenes.maya_attributes import DEFAULT_NODE_TYPES, TIME_UNITS
from farmhand.scenes.maya_data import MayaNode, MayaReference, MayaScene

TICKS_PER_SECOND = 141120000  # Maya's internal time resolution (HEAD/TDUR)
_GROUPS = (b"FOR4", b"FOR8", b"LIS4", b"LIS8", b"CAT4", b"CAT8")

# Four-character type codes of built-in node types (seen in sample files or
# listed by public IFF readers).
BUILTIN_TYPES = {
    b"XFRM": "transform",
    b"DCAM": "camera",
    b"DMSH": "mesh",
    b"RNDL": "renderLayer",
    b"RNLM": "renderLayerManager",
    b"SCRP": "script",
    b"PTOR": "polyTorus",
    b"DSPL": "displayLayer",
    b"DPLM": "displayLayerManager",
    b"RLLK": "lightLinker",
    b"PSDM": "poseInterpolatorManager",
    b"SDML": "shapeEditorManager",
    b"RTFT": "file",
    b"RPL2": "place2dTexture",
    b"REFE": "reference",
}
# Time-typed attributes stored as 64-bit tick counts, not doubles.
_TIME_ATTRIBUTES = {"o", "unw", "fs", "ef"}


def read(path: str, *, frames: Optional[str] = None) -> SceneDescription:
    from farmhand.scenes.maya_describe import describe

    return describe(parse(path), frames=frames)


def parse(path: str) -> MayaScene:
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as exc:
        raise SceneReadError(f"cannot read {path}: {exc.strerror or exc}") from exc
    return parse_bytes(data, path)


def parse_bytes(data: bytes, path: str = "<bytes>") -> MayaScene:
    if data[:4] not in (b"FOR4", b"FOR8") or len(data) < 16:
        raise SceneReadError(f"{path} is not a Maya Binary file (no FOR4/FOR8 header)")
    walker = _Walker(data, path, wide=data[:4] == b"FOR8")
    tag, size, body = walker.header(0, len(data))
    if data[body : body + 4] != b"Maya":
        raise SceneReadError(f"{path} is an IFF file but not a Maya scene (form {data[body : body + 4]!r})")
    walker.group(body + 4, body + size, "Maya")
    return walker.finish()


class _Walker:
    def __init__(self, data: bytes, path: str, wide: bool) -> None:
        self.data = data
        self.path = path
        self.wide = wide
        self.header_size = 16 if wide else 8
        self.align = 8 if wide else 4
        self.scene = MayaScene(path=path, format="binary")
        self.type_ids: Dict[int, str] = {}
        self.current: Optional[MayaNode] = None

    # -- structure -----------------------------------------------------------
    def header(self, offset: int, end: int) -> Tuple[bytes, int, int]:
        if offset + self.header_size > end:
            raise self.truncated(offset)
        tag = self.data[offset : offset + 4]
        if self.wide:
            size = struct.unpack_from(">Q", self.data, offset + 8)[0]
        else:
            size = struct.unpack_from(">I", self.data, offset + 4)[0]
        body = offset + self.header_size
        if body + size > end:
            raise self.truncated(offset)
        return tag, size, body

    def truncated(self, offset: int) -> SceneReadError:
        return SceneReadError(
            f"{self.path}: chunk at byte {offset} runs past the end of its group or of the file "
            f"({len(self.data)} bytes): the file is truncated or corrupt"
        )

    def group(self, start: int, end: int, form: str) -> None:
        offset = start
        while offset < end:
            if end - offset < self.header_size:
                break  # trailing padding
            tag, size, body = self.header(offset, end)
            if tag in _GROUPS:
                self.enter(self.data[body : body + 4], body + 4, body + size)
                offset = body + size
                continue
            self.chunk(tag, self.data[body : body + size], form)
            offset = body + size
            offset += (-(offset - start)) % self.align

    def enter(self, form: bytes, start: int, end: int) -> None:
        if form == b"HEAD":
            self.group(start, end, "HEAD")
        elif form in (b"CONS", b"CONN", b"SLCT", b"Maya"):
            self.current = None
            self.group(start, end, form.decode("ascii"))
        else:
            self.current = None
            self.group(start, end, self.node_type(form))

    def node_type(self, form: bytes) -> str:
        if form in BUILTIN_TYPES:
            return BUILTIN_TYPES[form]
        if form.isalnum() and form.isascii():
            return form.decode("ascii")
        return self.type_ids.get(struct.unpack(">I", form)[0], "unknown")

    # -- chunks --------------------------------------------------------------
    def chunk(self, tag: bytes, payload: bytes, form: str) -> None:
        handler = _HANDLERS.get(tag)
        if handler is not None:
            handler(self, payload, form)

    def on_version(self, payload: bytes, form: str) -> None:
        if form == "HEAD":
            self.scene.maya_version = _text(payload)

    def on_time_unit(self, payload: bytes, form: str) -> None:
        if form == "HEAD":
            self.scene.time_unit = _text(payload)

    def on_file_info(self, payload: bytes, form: str) -> None:
        parts = [_decode(part) for part in payload.split(b"\0")]
        if len(parts) >= 2:
            self.scene.file_info[parts[0]] = parts[1]

    def on_plugin(self, payload: bytes, form: str) -> None:
        """``plugin\\0version\\0flags\\0`` then ``(typeName\\0 + 4-byte id)*`` (2016+)."""
        parts = payload.split(b"\0", 3)
        if len(parts) < 2:
            return
        plugin, version = _decode(parts[0]), _decode(parts[1])
        self.scene.plugins[plugin] = version
        rest = parts[3] if len(parts) > 3 else b""
        while rest:
            name, sep, tail = rest.partition(b"\0")
            if not sep or len(tail) < 4 or not name:
                break
            type_name = _decode(name)
            self.type_ids[struct.unpack(">I", tail[:4])[0]] = type_name
            self.scene.plugin_node_types[type_name] = plugin
            rest = tail[4:]

    def on_create(self, payload: bytes, form: str) -> None:
        """flags byte, ``name\\0``, optional ``parent\\0``, then a 16-byte UUID since Maya 2016."""
        name, _, rest = payload[1:].partition(b"\0")
        parent = b""
        if rest and not _is_uuid(rest):
            parent = rest.partition(b"\0")[0]
        self.current = self.scene.add_node(MayaNode(name=_decode(name), type=form, parent=_decode(parent)))

    def on_select(self, payload: bytes, form: str) -> None:
        if form == "SLCT":
            name = _text(payload).lstrip(":")
            self.current = self.scene.ensure_node(name, DEFAULT_NODE_TYPES.get(name, "unknown"))

    def on_string(self, payload: bytes, form: str) -> None:
        if self.current is None:
            return
        name, sep, rest = payload.partition(b"\0")
        if sep and rest:
            self.current.attrs[_decode(name)] = _text(rest[1:])

    def on_string_array(self, payload: bytes, form: str) -> None:
        if self.current is None:
            return
        name, sep, rest = payload.partition(b"\0")
        if not sep or len(rest) < 5:
            return
        count = struct.unpack(">I", rest[1:5])[0]
        values = [_decode(part) for part in rest[5:].split(b"\0")[:count]]
        self.current.attrs[_decode(name)] = values

    def on_double(self, payload: bytes, form: str) -> None:
        if self.current is None:
            return
        name, sep, rest = payload.partition(b"\0")
        if not sep or len(rest) < 9:
            return
        attr = _decode(name)
        numbers = rest[1:]
        count = len(numbers) // 8
        values = list(struct.unpack(f">{count}d", numbers[: count * 8]))
        if attr in _TIME_ATTRIBUTES and count == 1 and 0 < abs(values[0]) < 1e-300:
            # time values are 64-bit tick counts; read as a double they are denormal
            ticks = struct.unpack(">q", numbers[:8])[0]
            values = [ticks * self.fps() / TICKS_PER_SECOND]
        texts = [_number(value) for value in values]
        self.current.attrs[attr] = texts[0] if count == 1 else texts

    def on_connection(self, payload: bytes, form: str) -> None:
        parts = payload[1:].split(b"\0")
        if len(parts) >= 2 and parts[0] and parts[1]:
            self.scene.connect(_decode(parts[0]), _decode(parts[1]))

    def on_reference(self, payload: bytes, form: str) -> None:
        parts = [_decode(part) for part in payload.split(b"\0")]
        if not parts or not parts[0]:
            return
        reference = MayaReference(
            path=parts[0],
            namespace=parts[1] if len(parts) > 1 else "",
            reference_node=parts[2] if len(parts) > 2 else "",
            file_type=parts[3] if len(parts) > 3 else "",
        )
        reference.low_confidence["deferred"] = (
            "Maya Binary reference records are read without their load state"
        )
        self.scene.references.append(reference)

    def fps(self) -> float:
        return TIME_UNITS.get(self.scene.time_unit, 24.0)

    def finish(self) -> MayaScene:
        if self.scene.maya_version == "" and "version" in self.scene.file_info:
            self.scene.maya_version = self.scene.file_info["version"]
        return self.scene


_HANDLERS = {
    b"VERS": _Walker.on_version,
    b"TUNI": _Walker.on_time_unit,
    b"FINF": _Walker.on_file_info,
    b"PLUG": _Walker.on_plugin,
    b"CREA": _Walker.on_create,
    b"SLCT": _Walker.on_select,
    b"STR ": _Walker.on_string,
    b"STR#": _Walker.on_string_array,
    b"DBLE": _Walker.on_double,
    b"CWFL": _Walker.on_connection,
    b"FREF": _Walker.on_reference,
}


def _decode(raw: bytes) -> str:
    return raw.decode("utf-8", errors="replace")


def _text(raw: bytes) -> str:
    return _decode(raw.split(b"\0", 1)[0])


def _number(value: float) -> str:
    return str(int(value)) if value == int(value) else repr(value)


def _is_uuid(rest: bytes) -> bool:
    """A 16-byte tail that is not a NUL-terminated printable name is the node UUID."""
    if len(rest) != 16:
        return False
    name = rest[:-1]
    return not (rest.endswith(b"\0") and b"\0" not in name and name.isascii() and name.decode().isprintable())
