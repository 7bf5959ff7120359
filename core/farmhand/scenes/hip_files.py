"""Files a Houdini scene reads, found in parm values, and the HDA libraries it uses.

Houdini flags file parms in the node type definitions, which a ``.hip`` does
not carry; offline a parm is a file reference when its value ends in a file
extension Houdini nodes read.  Outputs (ROP parms, render products) are not
reads, and built-in or in-memory locations (``opdef:``, ``$HFS``...) are not
files to ship.
"""

from __future__ import annotations

import posixpath
import re
from typing import Dict, List, Optional, Tuple

from farmhand.scenes.hip_rops import base_type, rop_kind
from farmhand.scenes.houdini_units import FileRead, NodeView, Text

_EXTENSION_KINDS: Dict[str, str] = {}
for _kind, _extensions in {
    "cache": "bgeo bgeo.sc bgeo.gz bgeo.lzma geo geo.gz bhclassic poly abc sim simdata pc ptc i3d bphys",
    "volume": "vdb",
    "usd": "usd usda usdc usdz",
    "texture": "exr png jpg jpeg tif tiff tx rat hdr pic tga dpx cin bmp psd tex",
    "reference": "fbx obj ply stl gltf glb ass rs vrmesh vrscene mtlx osl",
    "ies": "ies",
    "sound": "wav mp3 aiff",
    "hda": "hda hdanc hdalc otl otlnc otllc",
}.items():
    for _extension in _extensions.split():
        _EXTENSION_KINDS[_extension] = _kind

_EXTENSION = re.compile(
    r"\.(" + "|".join(re.escape(e) for e in sorted(_EXTENSION_KINDS, key=len, reverse=True)) + r")$", re.I
)
# In-memory or built-in locations: nothing on disk to send.
_NOT_FILES = ("opdef:", "oplib:", "temp:", "op:", "$HFS", "${HFS}", "$HH", "${HH}", "http://", "https://")
# Parms that name what a node writes, not what it reads.
OUTPUT_PARMS = frozenset(
    (
        "picture",
        "productName",
        "vm_picture",
        "vm_dcmfilename",
        "dcmfilename",
        "sopoutput",
        "outputimage",
        "lopoutput",
        "copoutput",
        "dopoutput",
        "chopoutput",
        "ar_picture",
        "RS_outputFileNamePrefix",
        "SettingsOutput_img_file_path",
    )
)


def written_not_read(category: str, type_name: str, parm: str, loads_from_disk: bool) -> bool:
    """A ROP's output parm names what it writes (a file cache loading from disk also reads it)."""
    if parm in OUTPUT_PARMS:
        return True
    kind = rop_kind(category, type_name)
    if kind is None or parm not in kind.outputs:
        return False
    return not (base_type(type_name) == "filecache" and loads_from_disk)


def file_kind(path: str) -> Optional[str]:
    """The dependency kind of a value that looks like a file, ``None`` if it does not."""
    value = path.strip()
    if not value or value.startswith(_NOT_FILES) or "\n" in value:
        return None
    if "/" not in value and "\\" not in value and "$" not in value and "`" not in value:
        return None  # a bare name is looked up on HOUDINI_PATH (defcam.bgeo, default.pic...)
    match = _EXTENSION.search(value)
    return _EXTENSION_KINDS[match.group(1).lower()] if match else None


def parm_reads(node: NodeView, parm_names: List[str], loads_from_disk: bool) -> List[Tuple[FileRead, str]]:
    """(read, kind) for every component of ``parm_names`` on ``node`` that names a file it reads."""
    found: List[Tuple[FileRead, str]] = []
    for parm in parm_names:
        if written_not_read(node.category, node.type_name, parm, loads_from_disk):
            continue
        index = 0
        while True:
            raw = node.raw(parm, index)
            if raw is None:
                break
            kind = file_kind(raw)
            if kind is not None:
                text = node.text(parm, index) or Text(raw)
                found.append((FileRead(node.path, parm, raw, text.value, text.unresolved), kind))
            index += 1
    return found


def hda_libraries(fallbacks: List[Tuple[str, str]], libraries: List[str]) -> List[Tuple[str, List[str]]]:
    """(library path, operator types) for every HDA library outside the Houdini installation.

    ``.OPfallbacks`` pairs each asset type with its library at save time
    (absolute, then relative).  Built-in libraries are recognised by
    directory: the installation is wherever ``OPlib*.hda`` files live.
    """
    installs = {
        posixpath.dirname(posixpath.dirname(path.replace("\\", "/")))
        for _, path in fallbacks
        if posixpath.basename(path.replace("\\", "/")).startswith("OPlib")
    }
    result: Dict[str, List[str]] = {}
    for op_type, path in fallbacks:
        normal = path.replace("\\", "/")
        if not _is_absolute(normal) or any(normal.startswith(root + "/") for root in installs):
            continue
        result.setdefault(path, []).append(op_type)
    for path in libraries:
        if not path.startswith(_NOT_FILES) and path not in result:
            result[path] = []
    return list(result.items())


def _is_absolute(path: str) -> bool:
    return path.startswith("/") or bool(re.match(r"^[A-Za-z]:/", path)) or path.startswith("$")
