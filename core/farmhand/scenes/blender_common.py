"""What a Blender scene says, as plain values, and how both Blender readers turn it into a SceneDescription.

Two readers look at Blender files: the in-host adapter (``farmhand_blender.scene``, through ``bpy``)
and the offline reader (:mod:`farmhand.scenes.blender_blend`, through blender-asset-tracer).  They
fill the same :class:`BlenderScene` and :class:`BlenderPath` records and hand them to
:func:`describe`, so the output path rule, the frame spec, the unit names and the path resolution
are written once and the two readers can only differ in what they read, never in how they
interpret it.  Nothing here imports ``bpy``.
"""

from __future__ import annotations

import os
import posixpath
import re
from dataclasses import dataclass, field, replace
from typing import Any, Dict, Iterable, List, Optional, Tuple

from farmhand.frames import FrameSpec
from farmhand.model import Dependency, RenderUnit, SceneDescription
from farmhand.paths.listing import listing_cache

# Blender's R_IMF_IMTYPE_* numbers (DNA ``r.im_format.imtype``) -> RNA ``file_format`` identifiers.
IMTYPES = {
    0: "TARGA",
    1: "IRIS",
    4: "JPEG",
    14: "TARGA_RAW",
    15: "AVI_RAW",
    16: "AVI_JPEG",
    17: "PNG",
    19: "QUICKTIME",
    20: "BMP",
    21: "HDR",
    22: "TIFF",
    23: "OPEN_EXR",
    24: "FFMPEG",
    25: "FRAMESERVER",
    26: "CINEON",
    27: "DPX",
    28: "OPEN_EXR_MULTILAYER",
    29: "DDS",
    30: "JPEG2000",
    31: "H264",
    32: "XVID",
    33: "THEORA",
    34: "PSD",
    35: "WEBP",
}

# Formats that write one movie file for the whole range instead of one image per frame.
MOVIE_FORMATS = frozenset(
    ("AVI_JPEG", "AVI_RAW", "FFMPEG", "FRAMESERVER", "H264", "QUICKTIME", "THEORA", "XVID")
)

# The extension Blender gives each still format (the first one is what it appends).
EXTENSIONS = {
    "BMP": (".bmp",),
    "IRIS": (".rgb", ".sgi"),
    "PNG": (".png",),
    "JPEG": (".jpg", ".jpeg"),
    "JPEG2000": (".jp2", ".j2c"),
    "TARGA": (".tga",),
    "TARGA_RAW": (".tga",),
    "CINEON": (".cin",),
    "DPX": (".dpx",),
    "OPEN_EXR": (".exr",),
    "OPEN_EXR_MULTILAYER": (".exr",),
    "HDR": (".hdr",),
    "TIFF": (".tif", ".tiff"),
    "WEBP": (".webp",),
    "DDS": (".dds",),
    "PSD": (".psd",),
}
_IMAGE_EXTENSIONS = frozenset(ext for group in EXTENSIONS.values() for ext in group)

# Blender pads a frame written for ``#`` runs to four digits when the path has none.
DEFAULT_FRAME_DIGITS = 4

SINGLE_LAYER_NOTE = "'Render Single Layer' is on: Blender renders only the active view layer"
# Volume.sequence_mode, in DNA order.
VOLUME_SEQUENCE_MODES = ("CLIP", "EXTEND", "REPEAT", "PING_PONG")
NO_IMAGE_USER_NOTE = "no image user found: every file of the sequence on disk is listed"

_HASH_RUN = re.compile(r"#+")
_LAST_DIGITS = re.compile(r"(\d+)(?!.*\d)")


@dataclass
class BlenderScene:
    """One Blender scene's render settings, as read (values exactly as Blender stores them)."""

    name: str
    engine: str
    frame_start: int
    frame_end: int
    frame_step: int
    resolution_x: int
    resolution_y: int
    resolution_percentage: int
    filepath: str
    file_format: str
    use_file_extension: bool = True
    use_single_layer: bool = False
    camera: str = ""
    # cameras bound to timeline markers, in frame order
    marker_cameras: List[str] = field(default_factory=list)
    # (marker frame, camera) for every marker with a camera, in frame order (list order on ties)
    marker_bindings: List[Tuple[int, str]] = field(default_factory=list)
    cameras: List[str] = field(default_factory=list)
    # (view layer name, use for rendering)
    view_layers: List[Tuple[str, bool]] = field(default_factory=list)
    device: str = ""
    # what the reader was unsure of: field -> reason
    low_confidence: Dict[str, str] = field(default_factory=dict)


@dataclass
class BlenderPath:
    """One external file a datablock uses, before resolution.

    ``base_dir`` is the folder ``//`` refers to: the folder of the .blend (or linked library)
    that holds the datablock.  ``sequence`` says that the last digits of the file name are a
    frame number, as Blender treats image, volume and Alembic sequences; ``frames`` are the
    numbers to substitute (None: every member on disk; empty: Blender reads none of them).
    ``members`` replaces the file name with an explicit list (a sequencer image strip's images).
    """

    path: str
    kind: str
    node: str
    attribute: str
    base_dir: str
    sequence: bool = False
    frames: Optional[List[int]] = None
    # file names in the path's folder, listed one by one (a sequencer image strip's elements)
    members: List[str] = field(default_factory=list)
    low_confidence: Dict[str, str] = field(default_factory=dict)


# ------------------------------------------------------------------------------------------------
# Output path, as Blender writes it
# ------------------------------------------------------------------------------------------------


def blend_abspath(path: str, base_dir: str) -> str:
    """``bpy.path.abspath`` plus the normalisation Blender applies when it writes: ``//`` -> ``base_dir``."""
    if path.startswith("//"):
        path = base_dir.rstrip("/\\") + "/" + path[2:]
    if not path:
        return path
    trailing = path.endswith(("/", "\\"))
    normalised = posixpath.normpath(path.replace("\\", "/")) if "/" in path else path
    return normalised + "/" if trailing and not normalised.endswith("/") else normalised


def output_pattern(filepath: str, file_format: str, use_file_extension: bool, base_dir: str) -> str:
    """The render output with one ``#`` run for the frame, as ``RenderSettings.frame_path`` fills it.

    Blender substitutes only the last ``#`` run of the file name, appends four digits when there is
    none, then (with "File Extensions" on) replaces a known image extension or appends its own.
    """
    path = blend_abspath(filepath, base_dir)
    folder, name = _split(path)
    if not _HASH_RUN.search(name):
        name += "#" * DEFAULT_FRAME_DIGITS
    if use_file_extension and file_format in EXTENSIONS:
        name = _with_extension(name, EXTENSIONS[file_format])
    return folder + name


def output_file(pattern: str, frame: int) -> str:
    """The file Blender writes for ``frame``: the last ``#`` run of the name, padded like C's ``%.Nd``."""
    folder, name = _split(pattern)
    runs = list(_HASH_RUN.finditer(name))
    if not runs:
        return pattern
    run = runs[-1]
    digits = str(abs(frame)).zfill(run.end() - run.start())
    number = "-" + digits if frame < 0 else digits
    return folder + name[: run.start()] + number + name[run.end() :]


def _split(path: str) -> Tuple[str, str]:
    cut = max(path.rfind("/"), path.rfind("\\")) + 1
    return path[:cut], path[cut:]


def _with_extension(name: str, extensions: Tuple[str, ...]) -> str:
    stem, extension = os.path.splitext(name)
    if extension.lower() in extensions:
        return name
    if extension.lower() in _IMAGE_EXTENSIONS:
        name = stem
    return name + extensions[0]


# ------------------------------------------------------------------------------------------------
# Sequences
# ------------------------------------------------------------------------------------------------


def sequence_pattern(path: str) -> str:
    """A sequence member's path with its frame digits (the last digits of the file name) as ``#``.

    ``//imgseq/000210.png`` -> ``//imgseq/######.png``; a name without digits is returned as is.
    """
    folder, name = _split(path)
    stem, extension = os.path.splitext(name)
    match = _LAST_DIGITS.search(stem)
    if match is None:
        return path
    return folder + stem[: match.start()] + "#" * len(match.group(1)) + stem[match.end() :] + extension


def image_user_frames(
    scene_frames: Iterable[int], start: int, duration: int, offset: int, cyclic: bool
) -> List[int]:
    """The image-sequence frame numbers an image user reads for ``scene_frames``.

    Blender's rule (``BKE_image_user_frame_get``): scene frame ``f`` is ``f - start + 1`` into
    the user's range; cyclic users wrap it into ``1..duration``, others clamp it to
    ``0..duration``; then ``offset`` is added.  A duration of 0 always reads frame 0.
    """
    frames = set()
    for frame in scene_frames:
        if duration <= 0:
            frames.add(0)
            continue
        number = frame - start + 1
        if cyclic:
            number %= duration
            number = duration if number == 0 else number
        frames.add(min(max(number, 0), duration) + offset)
    return sorted(frames)


def volume_frames(
    scene_frames: Iterable[int], start: int, duration: int, offset: int, mode: str
) -> List[int]:
    """The VDB sequence frame numbers a volume reads for ``scene_frames`` (Blender's volume rule).

    Scene frame ``f`` is ``f - start + 1`` into the sequence; ``CLIP`` reads nothing outside
    ``1..duration``, ``EXTEND`` clamps, ``REPEAT`` wraps, ``PING_PONG`` runs back and forth; then
    ``offset`` is added.  A duration of 0 reads nothing at all (Blender's default for a new volume).
    """
    frames = set()
    for frame in scene_frames:
        number = _volume_frame(frame - start + 1, duration, mode)
        if number is not None:
            frames.add(number + offset)
    return sorted(frames)


def _volume_frame(number: int, duration: int, mode: str) -> Optional[int]:
    if duration <= 0:
        return None
    if mode == "EXTEND":
        return min(max(number, 1), duration)
    if mode == "REPEAT":
        return number % duration or duration
    if mode == "PING_PONG":
        if duration == 1:
            return 1
        period = 2 * duration - 2
        number = number % period or period
        return 2 * duration - number if number > duration else number
    return number if 1 <= number <= duration else None


# ------------------------------------------------------------------------------------------------
# Building the description
# ------------------------------------------------------------------------------------------------


def resolve_path(record: BlenderPath) -> Dependency:
    """Resolve one record with the shared resolver; ``path`` stays as Blender wrote it."""
    if record.members:
        return _resolve_members(record)
    from farmhand.paths import resolve_dependency

    probe = sequence_pattern(record.path) if record.sequence else record.path
    dependency = Dependency(
        path=probe,
        node=record.node,
        attribute=record.attribute,
        kind=record.kind,
        low_confidence=dict(record.low_confidence),
    )
    frames = record.frames if record.sequence and record.frames is not None else []
    result = resolve_dependency(dependency, base_dir=record.base_dir, frames=frames, blender_relative=True)
    result.path = record.path
    return result


def _resolve_members(record: BlenderPath) -> Dependency:
    """One dependency for a folder + explicit file names: the union of each name's resolution."""
    folder, _ = _split(record.path)
    parts = [
        resolve_path(replace(record, path=folder + name, members=[], sequence=False))
        for name in record.members
    ]
    result = Dependency(
        path=record.path,
        node=record.node,
        attribute=record.attribute,
        kind=record.kind,
        files=sorted({path for part in parts for path in part.files}),
        missing=sorted({path for part in parts for path in part.missing}),
        unresolved=sorted({token for part in parts for token in part.unresolved}),
        low_confidence=dict(record.low_confidence),
    )
    for part in parts:
        result.low_confidence.update(part.low_confidence)
    result.exists = bool(result.files) and not result.missing and not result.unresolved
    return result


def merge_dependencies(records: Iterable[BlenderPath]) -> List[Dependency]:
    """Resolved dependencies, one per (path as written, folder it is relative to, node, attribute)."""
    seen = set()
    dependencies = []
    for record in records:
        key = (record.path, record.base_dir, record.node, record.attribute)
        if key in seen or not record.path:
            continue
        seen.add(key)
        dependencies.append(resolve_path(record))
    return dependencies


def scene_units(scene: BlenderScene, base_dir: str, frames: Optional[str]) -> List[RenderUnit]:
    """One render unit per view layer of ``scene``, named ``"<scene>/<view layer>"``."""
    spec = FrameSpec.parse(frames) if frames else _scene_frames(scene)
    pattern = output_pattern(scene.filepath, scene.file_format, scene.use_file_extension, base_dir)
    is_movie = scene.file_format in MOVIE_FORMATS
    cameras = rendering_cameras(scene.camera, scene.marker_bindings, spec)
    settings: Dict[str, Any] = {
        "scene": scene.name,
        "frame_start": scene.frame_start,
        "frame_end": scene.frame_end,
        "frame_step": scene.frame_step,
        "resolution_percentage": scene.resolution_percentage,
        "render_width": scene.resolution_x * scene.resolution_percentage // 100,
        "render_height": scene.resolution_y * scene.resolution_percentage // 100,
        "filepath": scene.filepath,
        "file_format": scene.file_format,
        "is_movie": is_movie,
        "use_file_extension": scene.use_file_extension,
        "use_single_layer": scene.use_single_layer,
        "first_output_file": "" if is_movie else output_file(pattern, spec.first),
        "marker_cameras": list(scene.marker_cameras),
    }
    if scene.device:
        settings["device"] = scene.device
    doubts = dict(scene.low_confidence)
    if scene.use_single_layer:
        doubts["enabled"] = SINGLE_LAYER_NOTE
    units = []
    for layer, use in scene.view_layers:
        unit_settings = dict(settings, view_layer=layer)
        units.append(
            RenderUnit(
                name=f"{scene.name}/{layer}",
                kind="view_layer",
                enabled=use,
                frames=spec.to_fox(),
                cameras=list(cameras),
                all_cameras=list(scene.cameras),
                width=scene.resolution_x,
                height=scene.resolution_y,
                output=pattern,
                image_format=scene.file_format,
                renderer=scene.engine,
                settings=unit_settings,
                low_confidence=dict(doubts),
            )
        )
    return units


def rendering_cameras(scene_camera: str, bindings: List[Tuple[int, str]], spec: FrameSpec) -> List[str]:
    """The cameras that render ``spec``, as Blender switches them (``BKE_scene_camera_switch_find``).

    Without marker cameras the scene camera renders every frame.  With them, a frame renders
    with the camera of the last marker at or before it, and frames before the first marker with
    that first marker's camera; of several markers on one frame the first listed wins.
    """
    if not bindings:
        return [scene_camera] if scene_camera else []
    switches: List[Tuple[int, str]] = []
    for frame, camera in sorted(bindings, key=lambda binding: binding[0]):
        if not switches or switches[-1][0] != frame:
            switches.append((frame, camera))
    used = [switches[0][1]] if spec.first < switches[0][0] else []
    for index, (frame, camera) in enumerate(switches):
        last = switches[index + 1][0] - 1 if index + 1 < len(switches) else max(spec.last, frame)
        if spec.intersection(FrameSpec.from_range(frame, last)) is not None:
            used.append(camera)
    return _unique(used)


def _scene_frames(scene: BlenderScene) -> FrameSpec:
    step = max(scene.frame_step, 1)
    end = max(scene.frame_end, scene.frame_start)
    return FrameSpec.from_range(scene.frame_start, end, step)


def describe(
    scene_file: str,
    *,
    host_version: str,
    scenes: List[BlenderScene],
    active_scene: str,
    paths: Iterable[BlenderPath],
    frames: Optional[str] = None,
) -> SceneDescription:
    """The host-neutral description of a .blend file, from what either reader found in it."""
    base_dir = os.path.dirname(os.path.abspath(scene_file))
    active = next((s for s in scenes if s.name == active_scene), scenes[0] if scenes else None)
    description = SceneDescription(
        host="blender",
        scene_file=os.path.abspath(scene_file),
        host_version=host_version,
        renderer=active.engine if active else "",
    )
    for scene in scenes:
        description.units.extend(scene_units(scene, base_dir, frames))
    description.cameras = _unique(camera for scene in scenes for camera in scene.cameras)
    records = list(paths)
    with listing_cache():  # one scan: a folder of UDIM tiles or frames is listed once
        description.dependencies = merge_dependencies(r for r in records if not _reads_nothing(r))
    description.reader_notes.extend(_unread_note(r) for r in records if _reads_nothing(r))
    description.settings = {
        "active_scene": active.name if active else "",
        "scenes": [scene.name for scene in scenes],
    }
    if active is not None and active.device:
        description.settings["device"] = active.device
    return description


def _reads_nothing(record: BlenderPath) -> bool:
    return record.sequence and record.frames is not None and not record.frames


def _unread_note(record: BlenderPath) -> Dict[str, str]:
    message = f"Blender reads no file of this {record.kind} sequence for the frames rendered"
    return {"message": message, "node": record.node, "attribute": record.attribute, "path": record.path}


def scene_frame_numbers(scenes: Iterable[BlenderScene], frames: Optional[str]) -> List[int]:
    """Every frame any scene renders (or the override), for resolving sequences."""
    if frames:
        return FrameSpec.parse(frames).frames()
    numbers = set()
    for scene in scenes:
        numbers.update(_scene_frames(scene).frames())
    return sorted(numbers)


def _unique(values: Iterable[str]) -> List[str]:
    return list(dict.fromkeys(value for value in values if value))
