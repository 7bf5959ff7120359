"""Offline reading of 3ds Max ``.max`` files (OLE compound files) with olefile.

What the file alone gives: resolution, renderer, output path, animation range,
render cameras, batch-render views (DocumentSummaryInformation "Render Data")
and the asset list (FileAssetMetaData2/3).  What it cannot give — the exact
render time type, render elements, renderer-specific outputs — is flagged
low-confidence so the user checks it in Max (scene-formats.md §3.3).
"""

from __future__ import annotations

import ntpath
import os
import re
import struct
from typing import Dict, List, Optional, Tuple

from farmhand.frames import FrameSpec
from farmhand.model import Dependency, RenderUnit, SceneDescription
from farmhand.paths import listing_cache, resolve_dependency
from farmhand.scenes import SceneReadError
from farmhand.scenes.max_assets import AssetListError, AssetRecord, parse_assets
from farmhand.scenes.max_properties import PropertySetError, document_parts, general_values, key_values

SUMMARY_STREAM = "\x05DocumentSummaryInformation"

# "3ds Max Version: 13,00" -> the release year Fox and users name versions by.
MAX_RELEASES = {n: str(2000 + n - 2) for n in range(9, 40)}

ASSET_KINDS = {
    "bitmap": "texture",
    "xref": "reference",
    "photometric": "ies",
    "proxy": "proxy",
    "animation": "cache",
    "pointcache": "cache",
    "batchrender": "other",
    "sound": "sound",
}
CACHE_EXTENSIONS = {
    ".abc": "cache",
    ".vrmesh": "proxy",
    ".rs": "proxy",
    ".cgeo": "proxy",
    ".ies": "ies",
    ".vdb": "volume",
    ".pc2": "cache",
    ".xmesh": "cache",
    ".max": "reference",
}

# (needle in the lower-cased alphanumeric name, Fox's renderer name)
RENDERERS = (
    ("vray", "vray"),
    ("corona", "corona"),
    ("arnold", "arnold"),
    ("scanline", "scanline"),
    ("artrenderer", "art"),
    ("mentalray", "mentalray"),
    ("redshift", "redshift"),
)

LOW_FRAMES = (
    "the render time type (single/segment/range/list) is not in the file; the animation range was used"
)
LOW_CAMERA = "the file lists render cameras but not which one the render dialog uses; the first was taken"


def read(path: str, *, frames: Optional[str] = None) -> SceneDescription:
    ole = _open(path)
    try:
        parts = _summary(ole, path)
        records = _assets(ole, path)
    finally:
        ole.close()
    return describe(path, parts, records, frames=frames)


def _open(path: str):
    try:
        import olefile
    except ImportError as exc:
        raise SceneReadError(f"reading {path} needs the olefile package: pip install olefile") from exc
    try:
        return olefile.OleFileIO(path)
    except (OSError, ValueError, IndexError) as exc:  # olefile raises plain OSError for non-OLE files
        raise SceneReadError(
            f"{path} is not a readable 3ds Max scene (not an OLE compound file: {exc})"
        ) from exc


def _summary(ole, path: str) -> Dict[str, List[str]]:
    if not ole.exists(SUMMARY_STREAM):
        raise SceneReadError(f"{path}: no DocumentSummaryInformation stream; is this a 3ds Max file?")
    try:
        return document_parts(_stream(ole, SUMMARY_STREAM))
    except PropertySetError as exc:
        raise SceneReadError(f"{path}: the scene summary is corrupt or truncated ({exc})") from exc


def _assets(ole, path: str) -> List[AssetRecord]:
    for name, version in (("FileAssetMetaData3", 3), ("FileAssetMetaData2", 2)):
        if ole.exists(name):
            try:
                return parse_assets(_stream(ole, name), version)
            except (AssetListError, PropertySetError) as exc:
                raise SceneReadError(f"{path}: the asset list ({name}) is corrupt ({exc})") from exc
    return []


def _stream(ole, name: str) -> bytes:
    """A stream's bytes; olefile's own errors on a damaged file become one kind of error."""
    try:
        return ole.openstream(name).read()
    except (OSError, ValueError, IndexError, struct.error) as exc:
        raise PropertySetError(f"cannot read the {name!r} stream: {exc}") from exc


def describe(
    path: str, parts: Dict[str, List[str]], records: List[AssetRecord], *, frames: Optional[str] = None
) -> SceneDescription:
    render = key_values(parts.get("Render Data", []))
    general = general_values(parts.get("General", []))
    batch = [parse_batch(value) for key, value in sorted(render.items()) if key.startswith("Batch Render ")]
    renderer, renderer_version = renderer_name(render.get("Renderer Name", ""))
    unit = _render_unit(render, parts, batch, renderer, frames)
    scene_dir = os.path.dirname(os.path.abspath(path))
    outputs = [render.get("Render Output", "")] + [entry["output"] for entry in batch]
    with listing_cache():  # one scan: each asset folder is listed once
        dependencies = _dependencies(
            records, parts.get("External Dependencies", []), outputs, scene_dir, unit.frames
        )
    scene = SceneDescription(
        host="max",
        scene_file=os.path.abspath(path),
        host_version=max_release(general.get("3ds Max Version", "")),
        renderer=renderer,
        plugins={renderer: renderer_version} if renderer_version else {},
        units=[unit],
        dependencies=dependencies,
        cameras=list(unit.all_cameras),
        settings={
            "build": general.get("Build", ""),
            "saved_as_version": max_release(general.get("Saved As Version", "")),
            "objects": parts.get("Objects", []),
            "used_plugins": parts.get("Used Plug-Ins", []),
            "batch_render": batch,
        },
    )
    return scene


def _render_unit(
    render: Dict[str, str],
    parts: Dict[str, List[str]],
    batch: List[Dict],
    renderer: str,
    frames: Optional[str],
) -> RenderUnit:
    start, end = _int(render.get("Animation Start"), 0), _int(render.get("Animation End"), 0)
    step = max(1, _int(render.get("Nth Frame"), 1))
    spec = FrameSpec.parse(frames) if frames else FrameSpec.from_range(min(start, end), max(start, end), step)
    cameras = [value for key, value in sorted(render.items()) if key.startswith("Render Camera ")]
    output = render.get("Render Output", "")
    mesh = general_values(parts.get("Mesh Totals", []))
    unit = RenderUnit(
        name="render",
        kind="render",
        frames=str(spec),
        cameras=cameras[:1],
        all_cameras=cameras,
        width=_int(render.get("Render Width"), None),
        height=_int(render.get("Render Height"), None),
        output=output.replace("\\", "/"),
        image_format=ntpath.splitext(output)[1].lstrip(".").lower(),
        renderer=renderer,
        settings={
            "rend_timeType": "3" if len(spec) > 1 else "1",
            "animation_range": f"{start}-{end}",
            "renderer_orign": render.get("Renderer Name", ""),
            "gamma_val": _number(render.get("Render Output Gamma", "")),
            "element_active": "1" if render.get("RenderElements") == "1" else "0",
            "Faces": mesh.get("Faces", ""),
            "Vertices": mesh.get("Vertices", ""),
        },
    )
    if not frames:
        unit.low_confidence["frames"] = LOW_FRAMES
    if len(cameras) > 1:
        unit.low_confidence["cameras"] = LOW_CAMERA
    unit.low_confidence["settings.element_list"] = "render elements are not in the file; check them in Max"
    return unit


def _dependencies(
    records: List[AssetRecord], basenames: List[str], outputs: List[str], scene_dir: str, frames: str
) -> List[Dependency]:
    output_keys = {_key(path) for path in outputs if path}
    frame_list = FrameSpec.parse(frames).frames() if frames else []
    found: Dict[str, Dependency] = {}
    resolved_keys = {
        _key(record.resolved) for record in records if record.resolved and record.resolved != record.path
    }
    for record in records:
        key = _key(record.path)
        if key in output_keys or _is_material_name(record.path) or key in found or key in resolved_keys:
            continue  # a render output, a material name, a repeat, or the resolved copy of another record
        dependency = Dependency(
            path=record.path, attribute=record.asset_type, kind=asset_kind(record.asset_type, record.path)
        )
        found[_key(record.path)] = resolve_asset(dependency, record.resolved, scene_dir, frame_list)
    named = {ntpath.basename(key) for key in found} | {ntpath.basename(k) for k in output_keys}
    for basename in basenames:
        if basename.lower() not in named:
            dependency = Dependency(path=basename, kind=asset_kind("", basename))
            dependency.low_confidence["path"] = "only the file name is in the scene summary"
            found[basename.lower()] = resolve_asset(dependency, "", scene_dir, frame_list)
    return list(found.values())


def resolve_asset(dependency: Dependency, resolved: str, scene_dir: str, frames: List[int]) -> Dependency:
    """Resolve like Max: the path as stored, then the path Max last found, then by name beside the scene."""
    result = resolve_dependency(dependency, base_dir=scene_dir, frames=frames)
    if result.files:
        return result
    for candidate in (resolved, os.path.join(scene_dir, ntpath.basename(dependency.path))):
        local = _existing_case_insensitive(candidate) if candidate else None
        if local:
            result.files, result.missing, result.unresolved, result.exists = [local], [], [], True
            result.low_confidence["files"] = (
                "found by file name next to the scene, as Max's asset search would"
            )
            return result
    return result


def _existing_case_insensitive(path: str) -> Optional[str]:
    if os.path.isfile(path):
        return os.path.abspath(path)
    folder, name = os.path.split(path)
    if not os.path.isdir(folder or "."):
        return None
    for entry in os.listdir(folder or "."):
        if entry.lower() == name.lower() and os.path.isfile(os.path.join(folder, entry)):
            return os.path.abspath(os.path.join(folder, entry))
    return None


def asset_kind(asset_type: str, path: str) -> str:
    """Dependency kind from Max's asset type, refined by the file extension."""
    extension = ntpath.splitext(path)[1].lower()
    return CACHE_EXTENSIONS.get(extension) or ASSET_KINDS.get(asset_type.lower().replace(" ", ""), "texture")


def _is_material_name(path: str) -> bool:
    """Max lists some material names as bitmap "paths": no folder and no extension."""
    return "\\" not in path and "/" not in path and not ntpath.splitext(path)[1]


def _key(path: str) -> str:
    return path.replace("/", "\\").lower()


def parse_batch(value: str) -> Dict[str, object]:
    """``name;on;camera;output;R3,6;320,240,...;;preset`` -> a dict (fields past the range unverified)."""
    fields = value.split(";")
    fields += [""] * (8 - len(fields))
    first, last, nth = _batch_range(fields[4])
    size = fields[5].split(",")
    return {
        "name": fields[0],
        "enabled": fields[1].lower() == "on",
        "camera": fields[2],
        "output": fields[3],
        "frames": str(FrameSpec.from_range(first, last, nth)) if first is not None else "",
        "width": _int(size[0], None) if size and size[0] else None,
        "height": _int(size[1], None) if len(size) > 1 else None,
        "preset": fields[7],
    }


def _batch_range(text: str) -> Tuple[Optional[int], Optional[int], int]:
    match = re.fullmatch(r"R(-?\d+),(-?\d+)(?:,(\d+))?", text.strip())
    if not match:
        return None, None, 1
    first, last = sorted((int(match.group(1)), int(match.group(2))))
    return first, last, int(match.group(3) or 1)


def renderer_name(name: str) -> Tuple[str, str]:
    """``"V-Ray Adv 3.00.08"`` or the class name ``"V_Ray_Adv_3_00_08"`` -> ``("vray", "3.00.08")``."""
    compact = re.sub(r"[^a-z0-9]", "", name.lower())
    version = re.search(r"(\d+(?:[._]\d+)+)", name)
    for needle, short in RENDERERS:
        if needle in compact:
            found = version.group(1).replace("_", ".") if version and short != "scanline" else ""
            return short, found
    return name.lower(), ""


def max_release(version: str) -> str:
    """``"13,00"`` -> ``"2011"``: Max's internal major number to its release year."""
    match = re.match(r"(\d+)", version or "")
    return MAX_RELEASES.get(int(match.group(1)), "") if match else ""


def _int(text: Optional[str], default):
    try:
        return int(str(text).strip())
    except (TypeError, ValueError):
        return default


def _number(text: str) -> str:
    """Locale-formatted numbers ("1,00") in the canonical form ("1.00")."""
    return text.replace(",", ".")
