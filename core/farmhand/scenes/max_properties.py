"""Decoding the "Render Data" that 3ds Max writes into its DocumentSummaryInformation.

Max stores render settings as text lines ("Render Width=640") in the document
parts of the OLE property set, grouped under headings ("[Render Data]").
olefile's own decoder truncates those lists, so the property set is decoded
here from the bytes (MS-OLEPS layout; scene-formats.md §3.1).
"""

from __future__ import annotations

import struct
from typing import Dict, List, Tuple

VT_I2, VT_I4, VT_LPSTR = 0x02, 0x03, 0x1E
VT_VECTOR_VARIANT, VT_VECTOR_LPSTR = 0x100C, 0x101E
PID_CODEPAGE, PID_HEADINGS, PID_PARTS = 1, 12, 13


class PropertySetError(ValueError):
    """The property set is not laid out as MS-OLEPS says (truncated or corrupt)."""


class _Reader:
    def __init__(self, data: bytes, offset: int) -> None:
        self.data, self.offset = data, offset

    def u32(self) -> int:
        return self._unpack("<I", 4)

    def i32(self) -> int:
        return self._unpack("<i", 4)

    def _unpack(self, fmt: str, size: int) -> int:
        if self.offset + size > len(self.data):
            raise PropertySetError(
                f"property set ends at byte {len(self.data)}, expected {size} more at {self.offset}"
            )
        (value,) = struct.unpack_from(fmt, self.data, self.offset)
        self.offset += size
        return value

    def lpstr(self, codepage: int) -> str:
        length = self.u32()
        raw = self.data[self.offset : self.offset + length]
        if len(raw) != length:
            raise PropertySetError(f"string of {length} bytes runs past the end of the property set")
        self.offset += (length + 3) & ~3
        return _decode(raw, codepage)


def _decode(raw: bytes, codepage: int) -> str:
    if codepage == 1200:
        return raw.decode("utf-16-le", errors="replace").rstrip("\0")
    try:
        return raw.decode(f"cp{codepage}", errors="replace").rstrip("\0")
    except LookupError:
        return raw.decode("latin-1").rstrip("\0")


def document_parts(stream: bytes) -> Dict[str, List[str]]:
    """``{heading: [parts]}`` from a ``\\x05DocumentSummaryInformation`` stream."""
    section = _first_section(stream)
    properties = _property_offsets(stream, section)
    codepage = _codepage(stream, section, properties)
    headings = (
        _headings(stream, section + properties[PID_HEADINGS], codepage) if PID_HEADINGS in properties else []
    )
    parts = _parts(stream, section + properties[PID_PARTS], codepage) if PID_PARTS in properties else []
    grouped: Dict[str, List[str]] = {}
    index = 0
    for heading, count in headings:
        grouped[heading] = parts[index : index + count]
        index += count
    return grouped


def _first_section(stream: bytes) -> int:
    if len(stream) < 48 or stream[:2] != b"\xfe\xff":
        raise PropertySetError("not an OLE property set (bad byte-order mark)")
    reader = _Reader(stream, 24)
    if reader.u32() < 1:
        raise PropertySetError("property set has no section")
    reader.offset += 16  # FMTID of DocumentSummaryInformation
    return reader.u32()


def _property_offsets(stream: bytes, section: int) -> Dict[int, int]:
    reader = _Reader(stream, section + 4)
    count = reader.u32()
    if count > 10_000:
        raise PropertySetError(f"implausible property count {count}")
    return {reader.u32(): reader.u32() for _ in range(count)}


def _codepage(stream: bytes, section: int, properties: Dict[int, int]) -> int:
    if PID_CODEPAGE not in properties:
        return 1252
    reader = _Reader(stream, section + properties[PID_CODEPAGE])
    if reader.u32() != VT_I2:
        return 1252
    return reader.u32() & 0xFFFF


def _headings(stream: bytes, offset: int, codepage: int) -> List[Tuple[str, int]]:
    reader = _Reader(stream, offset)
    if reader.u32() != VT_VECTOR_VARIANT:
        raise PropertySetError("heading pairs are not a vector of variants")
    count = reader.u32()
    pairs: List[Tuple[str, int]] = []
    for _ in range(count // 2):
        if reader.u32() != VT_LPSTR:
            raise PropertySetError("heading name is not a string")
        name = reader.lpstr(codepage)
        if reader.u32() != VT_I4:
            raise PropertySetError("heading count is not an integer")
        pairs.append((name, reader.i32()))
    return pairs


def _parts(stream: bytes, offset: int, codepage: int) -> List[str]:
    reader = _Reader(stream, offset)
    if reader.u32() != VT_VECTOR_LPSTR:
        raise PropertySetError("document parts are not a vector of strings")
    return [reader.lpstr(codepage) for _ in range(reader.u32())]


def key_values(parts: List[str]) -> Dict[str, str]:
    """``["Render Width=640", ...]`` -> ``{"Render Width": "640"}`` (the first '=' splits)."""
    values = {}
    for part in parts:
        key, sep, value = part.partition("=")
        if sep:
            values[key.strip()] = value.strip()
    return values


def general_values(parts: List[str]) -> Dict[str, str]:
    """``["3ds Max Version: 13,00", "Uncompressed"]`` -> ``{"3ds Max Version": "13,00"}``."""
    values = {}
    for part in parts:
        key, sep, value = part.partition(":")
        if sep:
            values[key.strip()] = value.strip()
    return values
