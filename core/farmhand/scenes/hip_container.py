"""The archive layer of a Houdini scene file: records (name + text body) out of the three containers.

A ``.hip`` is a cpio "odc" archive; ``.hipnc`` (Apprentice) and ``.hiplc``
(Indie) store the same records behind a 34-byte header whose sizes are
masked (XOR with a constant and with a hash of the record name).  The bodies
are plain text in all three, so once the records are split everything above
this module is container-agnostic.  Records are walked strictly by their
decoded sizes: scanning for magic strings would trip over HDA sections
embedded in bodies.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import List

from farmhand.scenes import SceneReadError

CPIO_MAGIC = b"070707"
CPIO_HEADER = 76
CPIO_TRAILER = "TRAILER!!!"

MASKED_MAGICS = {b"HouNC\x1a": "apprentice", b"HouLC\x1a": "indie"}
MASKED_HEADER = 34
MASKED_CONSTANT = b"10336"
NAMESIZE_MASK = 0xBAD
MASKED_TRAILERS = ("NON_COMMERCIAL_FILE!!!", "LIMITED_COMMERCIAL_FILE!!!")

TEXT_MARKER = b"HOUDINIMIMEBOUNDARY"

_U32 = 0xFFFFFFFF


@dataclass
class Record:
    name: str
    body: bytes

    @property
    def text(self) -> str:
        # Modern Houdini writes UTF-8; surrogateescape keeps any other byte
        # intact instead of failing, so an odd path still round-trips.
        return self.body.decode("utf-8", errors="surrogateescape")


@dataclass
class Archive:
    licence: str  # "commercial", "apprentice" or "indie"
    records: List[Record]


def name_hash(name: bytes) -> int:
    """Houdini's string hash followed by Thomas Wang's 32-bit integer mix (masks body sizes)."""
    value = 0
    for byte in name:
        value = (value * 37 + byte) & _U32
    value = (value + (~(value << 16) & _U32)) & _U32
    value ^= value >> 5
    value = (value + (value << 3)) & _U32
    value ^= value >> 13
    value = (value + (~(value << 9) & _U32)) & _U32
    value ^= value >> 17
    return value


def read_archive(data: bytes, where: str) -> Archive:
    """Split ``data`` (the whole file) into records; ``where`` names the file in errors."""
    if data.startswith(CPIO_MAGIC):
        return Archive("commercial", _read_cpio(data, where))
    licence = MASKED_MAGICS.get(data[:6])
    if licence is not None:
        return Archive(licence, _read_masked(data, where))
    if TEXT_MARKER in data[:4096]:
        raise SceneReadError(
            f"{where}: text-format .hip files (saved with 'Save as text') are not supported; "
            "save the scene in the default binary format"
        )
    if not data:
        raise SceneReadError(f"{where}: the file is empty")
    raise SceneReadError(f"{where}: not a Houdini scene (unknown header {data[:6]!r})")


def _read_cpio(data: bytes, where: str) -> List[Record]:
    records: List[Record] = []
    position = 0
    while True:
        header = data[position : position + CPIO_HEADER]
        if len(header) < CPIO_HEADER:
            raise _truncated(where, position, records)
        if not header.startswith(CPIO_MAGIC):
            raise SceneReadError(f"{where}: corrupt record header at byte {position} (expected cpio magic)")
        name_size = _octal(header[59:65], where, position)
        body_size = _octal(header[65:76], where, position)
        name, body, position = _take(data, position + CPIO_HEADER, name_size, body_size, where, records)
        if name == CPIO_TRAILER:
            return records
        records.append(Record(name, body))


def _read_masked(data: bytes, where: str) -> List[Record]:
    records: List[Record] = []
    position = 0
    while True:
        header = data[position : position + MASKED_HEADER]
        if len(header) < MASKED_HEADER:
            raise _truncated(where, position, records)
        if header[:6] not in MASKED_MAGICS or header[6:11] != MASKED_CONSTANT:
            raise SceneReadError(f"{where}: corrupt record header at byte {position}")
        name_size = _hex(header[11:16], where, position) ^ NAMESIZE_MASK
        masked_size = _hex(header[25:34], where, position)
        start = position + MASKED_HEADER
        raw_name = data[start : start + name_size - 1]
        body_size = masked_size ^ name_hash(raw_name)
        name, body, position = _take(data, start, name_size, body_size, where, records)
        if name in MASKED_TRAILERS:
            return records
        records.append(Record(name, body))


def _take(data: bytes, start: int, name_size: int, body_size: int, where: str, records: List[Record]):
    if name_size < 1:
        raise SceneReadError(f"{where}: corrupt record header at byte {start} (empty name)")
    end = start + name_size + body_size
    if end > len(data):
        raise _truncated(where, start, records)
    raw_name = data[start : start + name_size - 1]
    if data[start + name_size - 1] != 0:
        raise SceneReadError(f"{where}: corrupt record name at byte {start}")
    name = raw_name.decode("utf-8", errors="replace")
    return name, data[start + name_size : end], end


def _truncated(where: str, position: int, records: List[Record]) -> SceneReadError:
    last = records[-1].name if records else "(none)"
    return SceneReadError(
        f"{where}: the file is truncated at byte {position} after {len(records)} record(s) "
        f"(last complete record: {last}); it was probably not fully saved or copied"
    )


def _octal(field: bytes, where: str, position: int) -> int:
    try:
        return int(field, 8)
    except ValueError:
        raise SceneReadError(f"{where}: corrupt record header at byte {position} (bad size)") from None


def _hex(field: bytes, where: str, position: int) -> int:
    try:
        return int(field, 16)
    except ValueError:
        raise SceneReadError(f"{where}: corrupt record header at byte {position} (bad size)") from None
