"""The asset list 3ds Max keeps in ``FileAssetMetaData2`` / ``FileAssetMetaData3``.

Each record is a GUID, the asset type and the path as stored (version 3 adds
the path Max last resolved it to), all UTF-16LE with explicit lengths
(scene-formats.md §3.2).  The list mixes inputs with render outputs and
material names, so classification happens in the reader, not here.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from typing import List


@dataclass(frozen=True)
class AssetRecord:
    asset_type: str
    path: str
    resolved: str = ""


class AssetListError(ValueError):
    """The asset stream is truncated or not in the expected layout."""


def parse_assets(stream: bytes, version: int) -> List[AssetRecord]:
    records: List[AssetRecord] = []
    offset = 0
    while offset < len(stream):
        offset += 16  # asset GUID
        asset_type, offset = _string(stream, offset)
        path, offset = _string(stream, offset)
        resolved = ""
        if version >= 3:
            resolved, offset = _string(stream, offset)
        records.append(AssetRecord(asset_type, path, resolved))
    return records


def _string(stream: bytes, offset: int) -> tuple:
    if offset + 4 > len(stream):
        raise AssetListError(f"asset list truncated at byte {offset} of {len(stream)}")
    (count,) = struct.unpack_from("<I", stream, offset)
    end = offset + 4 + count * 2
    if count > 32_768 or end + 2 > len(stream):
        raise AssetListError(f"asset string of {count} characters at byte {offset} runs past the end")
    text = stream[offset + 4 : end].decode("utf-16-le", errors="replace")
    return text, end + 2  # skip the UTF-16 NUL
