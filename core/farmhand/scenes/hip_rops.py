"""Which nodes of a Houdini scene are ROPs, what they make and in which order they must run.

The table of ROP types (output parm, camera parm, render vs cache) is shared
by the offline ``.hip`` reader and the in-host adapter, so both classify a
node the same way.  Fox's ``option``: -1 renders images, 0 runs a cache or
simulation ("general solution"), 1 a distributed simulation.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, Optional, Tuple

from farmhand.model import OPTION_DISTRIBUTED, OPTION_RENDER, OPTION_SIMULATION


@dataclass(frozen=True)
class RopKind:
    option: int
    role: str  # "render", "cache", "simulation", "export" or "distributed"
    outputs: Tuple[str, ...] = ()
    camera_parm: str = ""
    renderer: str = ""
    needs_gpu: bool = False


def _render(outputs: Tuple[str, ...], renderer: str, camera: str = "camera", gpu: bool = False) -> RopKind:
    return RopKind(OPTION_RENDER, "render", outputs, camera, renderer, gpu)


def _cache(outputs: Tuple[str, ...], role: str = "cache") -> RopKind:
    return RopKind(OPTION_SIMULATION, role, outputs)


_MANTRA = _render(("vm_picture",), "mantra")
_KARMA = _render(("picture",), "karma")
_USDRENDER = _render(("outputimage",), "usd", camera="override_camera")
_GEOMETRY = _cache(("sopoutput",))
_ALEMBIC = _cache(("filename",))
_FBX = _cache(("sopoutput",), "export")
_DOP = _cache(("dopoutput",), "simulation")
_USD = _cache(("lopoutput",), "export")
_COMP = _render(("copoutput",), "comp", camera="")
_OPENGL = _render(("picture",), "opengl", gpu=True)

# (category, base type name) -> kind.  The base name drops namespace and
# version (``labs::foo::2.0`` -> ``foo``); the category matters because the
# same name can be a writer in one context and a reader in another
# (Driver ``alembic`` writes, Sop ``alembic`` reads).
ROP_KINDS: Dict[Tuple[str, str], RopKind] = {
    ("Driver", "ifd"): _MANTRA,
    ("Driver", "karma"): _KARMA,
    ("Driver", "usdrender"): _USDRENDER,
    ("Lop", "usdrender_rop"): _USDRENDER,
    ("Driver", "Redshift_ROP"): _render(("RS_outputFileNamePrefix",), "redshift", camera="RS_renderCamera"),
    ("Driver", "arnold"): _render(("ar_picture",), "arnold"),
    ("Driver", "vray_renderer"): _render(("SettingsOutput_img_file_path",), "vray", camera="render_camera"),
    ("Driver", "Octane_ROP"): _render((), "octane", camera=""),
    ("Driver", "opengl"): _OPENGL,
    ("Driver", "comp"): _COMP,
    ("Driver", "baketexture"): _render(("vm_uvoutputpicture1",), "mantra", camera=""),
    ("Driver", "ris"): _render((), "renderman"),
    ("Driver", "geometry"): _GEOMETRY,
    ("Sop", "rop_geometry"): _GEOMETRY,
    ("Sop", "filecache"): _cache(("file",)),
    ("Driver", "alembic"): _ALEMBIC,
    ("Sop", "rop_alembic"): _ALEMBIC,
    ("Driver", "filmboxfbx"): _FBX,
    ("Driver", "fbx"): _FBX,
    ("Sop", "rop_fbx"): _FBX,
    ("Driver", "dop"): _DOP,
    ("Dop", "rop_dop"): _DOP,
    ("Sop", "rop_dop"): _DOP,
    ("Object", "rop_dop"): _DOP,
    ("Driver", "usd"): _USD,
    ("Lop", "usd_rop"): _USD,
    ("Driver", "channel"): _cache(("chopoutput",), "export"),
    ("Driver", "hq_sim"): RopKind(OPTION_DISTRIBUTED, "distributed", ()),
    # TOP nodes that embed a ROP (the ROP's parms live on the TOP node).
    ("Top", "ropgeometry"): _GEOMETRY,
    ("Top", "ropalembic"): _ALEMBIC,
    ("Top", "ropfbx"): _FBX,
    ("Top", "ropusd"): _USD,
    ("Top", "ropmantra"): _MANTRA,
    ("Top", "ropkarma"): _KARMA,
    ("Top", "ropcomposite"): _COMP,
    ("Top", "ropopengl"): _OPENGL,
}

# Driver-network nodes that only route other ROPs; never render units themselves.
ROUTING_TYPES = ("merge", "null", "switch", "subnet", "fetch", "wedge", "batch", "ropnet", "topnet", "shell")

# A TOP ``ropfetch`` cooks the ROP its ``roppath`` names; it takes that ROP's kind.
TOP_FETCH = "ropfetch"

# A ROP type we do not know still runs on the farm as a "general solution".
UNKNOWN_KIND = _cache((), "unknown")


def base_type(type_name: str) -> str:
    """``labs::vat::3.0`` -> ``vat``; ``filecache::2.0`` -> ``filecache``; ``ifd`` -> ``ifd``."""
    parts = type_name.split("::")
    if len(parts) >= 2 and _is_version(parts[-1]):
        parts = parts[:-1]
    return parts[-1]


def _is_version(text: str) -> bool:
    return bool(text) and all(piece.isdigit() for piece in text.split("."))


def rop_kind(category: str, type_name: str) -> Optional[RopKind]:
    """The kind of a node, ``None`` when the node is not a ROP (or is a routing node)."""
    base = base_type(type_name)
    kind = ROP_KINDS.get((category, base))
    if kind is not None:
        return kind
    if category == "Top" and base == TOP_FETCH:
        return UNKNOWN_KIND  # replaced by the fetched ROP's kind by the caller
    if category == "Driver" and base not in ROUTING_TYPES and type_name:
        return UNKNOWN_KIND
    return None


def is_routing(category: str, type_name: str) -> bool:
    return category == "Driver" and base_type(type_name) in ROUTING_TYPES
