"""Reading a .blend without Blender, through blender-asset-tracer (BAT) 1.x.

BAT is GPL, so it is an optional dependency of the CLI only: this module is imported by
:mod:`farmhand.scenes.blender_blend` only after BAT imported fine, and it is never vendored.
``trace.deps`` gives the external files (following linked libraries recursively); the scene
blocks (``SC``) give the render settings through BAT's ``blendfile`` DNA reader.  Both become the
records of :mod:`farmhand.scenes.blender_common`, exactly as the in-host adapter's do.
"""

from __future__ import annotations

import contextlib
import logging
import os
import pathlib
import posixpath
import re
from typing import Dict, Iterator, List, Optional, Tuple

from blender_asset_tracer import blendfile, trace
from blender_asset_tracer.blendfile import exceptions as bat_exceptions
from blender_asset_tracer.blendfile import iterators

from farmhand.model import SceneDescription
from farmhand.paths import has_tile_token
from farmhand.scenes import SceneReadError
from farmhand.scenes.blender_common import (
    IMTYPES,
    NO_IMAGE_USER_NOTE,
    VOLUME_SEQUENCE_MODES,
    BlenderPath,
    BlenderScene,
    describe,
    image_user_frames,
    scene_frame_numbers,
    volume_frames,
)

OB_CAMERA = 11
OB_HIDE_RENDER = 1 << 2
R_EXTENSION = 1 << 4
R_SINGLE_LAYER = 1 << 9
VIEW_LAYER_RENDER = 1 << 0
SCE_LAY_DISABLE = 1 << 17  # 2.7x SceneRenderLayer.layflag
CYCLES_DEVICES = {0: "CPU", 1: "GPU"}
RETIRED_ENGINES = ("BLENDER_RENDER", "BLENDER_GAME")
BLENDER_5 = 500
LIBRARY_5_NOTE = (
    "Blender 5 library traced whole (BAT 1.x cannot follow its links): every file it uses is listed"
)
IMA_SRC_SEQUENCE = 2
IMA_SRC_MOVIE = 3
SEQ_TYPE_IMAGE = 0
SEQ_TYPE_MOVIE = 3
SEQ_TYPE_SOUND_RAM = 4
SEQ_TYPE_SOUND_HD = 5

# BAT block type -> (dependency kind, RNA collection for the node, RNA attribute)
_ID_USAGES = {
    "Image": ("texture", "images", "filepath"),
    "Library": ("library", "libraries", "filepath"),
    "CacheFile": ("cache", "cache_files", "filepath"),
    "Volume": ("volume", "volumes", "filepath"),
    "bSound": ("sound", "sounds", "filepath"),
    "VFont": ("font", "fonts", "filepath"),
    "MovieClip": ("movie", "movieclips", "filepath"),
    "Mesh": ("cache", "meshes", "external multires"),
}
_MODIFIER_ATTRIBUTES = {b"cache_directory": "cache_directory", b"directory": "directory"}
_MODIFIER_PATH = re.compile(r"^OB(?P<object>.*)\.modifiers\[(?P<index>\d+)\]$")


def read(path: str, *, frames: Optional[str] = None) -> SceneDescription:
    """The description of ``path`` read by BAT; any malformed file becomes a :class:`SceneReadError`."""
    try:
        with _quiet_bat():
            return _read(path, frames)
    except SceneReadError:
        raise
    except bat_exceptions.BlendFileError as exc:
        # BAT's own text ends with the (absolute) path again; ours names the file already.
        reason = exc.args[0] if exc.args else type(exc).__name__
        raise SceneReadError(f"cannot read {path}: {_first_line(Exception(reason))}") from exc
    except bat_exceptions.SegmentationFault as exc:
        raise SceneReadError(f"cannot read {path}: {_first_line(exc)}") from exc
    except Exception as exc:  # BAT parses untrusted bytes; any decoder or DNA failure means "unreadable"
        raise SceneReadError(f"cannot read {path}: not a readable .blend file ({_first_line(exc)})") from exc
    finally:
        blendfile.close_all_cached()


def _read(path: str, frames: Optional[str]) -> SceneDescription:
    bfile = blendfile.open_cached(pathlib.Path(path))
    scenes = [_scene(block) for block in bfile.find_blocks_from_code(b"SC")]
    wanted = scene_frame_numbers(scenes, frames)
    records = list(_dependencies(pathlib.Path(path), bfile, wanted))
    version = bfile.header.version
    description = describe(
        path,
        host_version=f"{version // 100}.{version % 100}",
        scenes=scenes,
        active_scene=_active_scene(bfile),
        paths=records,
        frames=frames,
    )
    description.low_confidence["host_version"] = "the Blender version that last saved the file"
    return description


@contextlib.contextmanager
def _quiet_bat() -> Iterator[None]:
    """BAT logs every missing file as a warning; Farmhand reports them itself, once."""
    logger = logging.getLogger("blender_asset_tracer")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def _listbase(first, next_path=b"next") -> Iterator:
    """A DNA linked list, stopping at a repeated element: a damaged file must not loop forever."""
    seen = set()
    block = first
    while block is not None and block.addr_old not in seen:
        seen.add(block.addr_old)
        yield block
        pointer = block.get(next_path)
        block = block.bfile.dereference_pointer(pointer) if pointer else None


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0]


# ------------------------------------------------------------------------------------------------
# Render settings
# ------------------------------------------------------------------------------------------------


def _text(value) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value or "")


def _id_name(block) -> str:
    return _text(block[b"id", b"name"])[2:]


def _active_scene(bfile) -> str:
    for glob in bfile.find_blocks_from_code(b"GLOB"):
        scene = glob.get_pointer(b"curscene")
        if scene is not None:
            return _id_name(scene)
    return ""


def _scene(block) -> BlenderScene:
    imtype = block.get((b"r", b"im_format", b"imtype"))
    scene = BlenderScene(
        name=_id_name(block),
        engine=_text(block.get((b"r", b"engine"))),
        frame_start=block.get((b"r", b"sfra")),
        frame_end=block.get((b"r", b"efra")),
        frame_step=block.get((b"r", b"frame_step")),
        resolution_x=block.get((b"r", b"xsch")),
        resolution_y=block.get((b"r", b"ysch")),
        resolution_percentage=block.get((b"r", b"size")),
        filepath=_text(block.get((b"r", b"pic"))),
        file_format=IMTYPES.get(imtype, f"imtype {imtype}"),
        use_file_extension=bool(block.get((b"r", b"scemode")) & R_EXTENSION),
        use_single_layer=bool(block.get((b"r", b"scemode")) & R_SINGLE_LAYER),
        camera=_object_name(block.get_pointer(b"camera")),
        marker_cameras=_unique_names(name for _frame, name in _marker_bindings(block, renderable_only=False)),
        marker_bindings=_marker_bindings(block),
        cameras=_cameras(block),
        view_layers=_view_layers(block),
    )
    if scene.engine == "CYCLES":
        scene.device = _cycles_device(block)
    if scene.engine in RETIRED_ENGINES:
        scene.low_confidence["renderer"] = (
            f"{scene.engine} was removed in Blender 2.80; newer Blenders use Eevee"
        )
    return scene


def _cycles_device(scene) -> str:
    """``scene.cycles.device``: an add-on property, so an ID property (absent = the default, CPU)."""
    for field in (b"system_properties", b"properties"):
        try:
            group = scene.get_pointer((b"id", field))
        except KeyError:  # Blender before 5.0 has no system_properties
            continue
        cycles = _id_property(group, b"cycles")
        device = _id_property(cycles, b"device")
        if device is not None:
            return CYCLES_DEVICES.get(device.get((b"data", b"val")), "CPU")
    return "CPU"


def _id_property(group, name: bytes):
    if group is None:
        return None
    for child in _listbase(group.get_pointer((b"data", b"group", b"first"))):
        if child.get(b"name") == name:
            return child
    return None


def _cameras(scene) -> List[str]:
    """Camera objects of the scene, linked ones included (read from their library)."""
    return sorted({_id_name(ob) for ob in _scene_objects(scene) if ob.get(b"type") == OB_CAMERA})


def _object_name(block) -> str:
    return _id_name(block) if block is not None else ""


def _marker_bindings(scene, renderable_only: bool = True) -> List[Tuple[int, str]]:
    """(frame, camera) of markers binding a camera, in frame order (list order on ties).

    Blender's camera switching skips cameras hidden from renders (``restrictflag`` bit 2 in the
    file, ``hide_render`` in Python); ``renderable_only=False`` keeps them.
    """
    bindings = []
    for marker in _listbase(scene.get_pointer((b"markers", b"first"))):
        camera = _linked(marker.get_pointer(b"camera"))
        if camera is None or (renderable_only and camera.get(b"restrictflag") & OB_HIDE_RENDER):
            continue
        bindings.append((marker.get(b"frame"), _id_name(camera)))
    return sorted(bindings, key=lambda binding: binding[0])


def _unique_names(names) -> List[str]:
    return list(dict.fromkeys(names))


def _view_layers(scene) -> List[Tuple[str, bool]]:
    if scene.has_field(b"view_layers"):
        layers = _listbase(scene.get_pointer((b"view_layers", b"first")))
        return [(_text(layer.get(b"name")), bool(layer.get(b"flag") & VIEW_LAYER_RENDER)) for layer in layers]
    # Blender 2.7x: render layers live in RenderData.
    layers = _listbase(scene.get_pointer((b"r", b"layers", b"first")))
    return [(_text(layer.get(b"name")), not layer.get(b"layflag") & SCE_LAY_DISABLE) for layer in layers]


def _scene_objects(scene) -> Iterator:
    """Objects of the scene: its master collection and children (2.8+) or its Base list (2.7x)."""
    if scene.has_field(b"master_collection"):
        yield from _collection_objects(scene.get_pointer(b"master_collection"), set())
        return
    for base in _listbase(scene.get_pointer((b"base", b"first"))):
        ob = _linked(base.get_pointer(b"object"))
        if ob is not None:
            yield ob


def _collection_objects(collection, seen: set) -> Iterator:
    collection = _linked(collection)
    if collection is None or (collection.bfile.filepath, collection.addr_old) in seen:
        return
    seen.add((collection.bfile.filepath, collection.addr_old))
    for entry in _listbase(collection.get_pointer((b"gobject", b"first"))):
        ob = _linked(entry.get_pointer(b"ob"))
        if ob is not None:
            yield ob
    for child in _listbase(collection.get_pointer((b"children", b"first"))):
        yield from _collection_objects(child.get_pointer(b"collection"), seen)


def _linked(block):
    """The real datablock behind a linked-ID placeholder (``ID`` block), looked up in its library.

    Returns ``block`` itself when it is not a placeholder, and None when the library is missing.
    """
    if block is None or block.code != b"ID":
        return block
    library = block.get_pointer(b"lib")
    if library is None:
        return None
    written = _text(library[b"name"])
    folder = os.path.dirname(os.path.abspath(str(block.bfile.filepath)))
    path = pathlib.Path(folder, written[2:]) if written.startswith("//") else pathlib.Path(written)
    if not path.is_file():
        return None
    name = block[b"name"]
    for candidate in blendfile.open_cached(path).find_blocks_from_code(name[:2]):
        if candidate.id_name == name:
            return _linked(candidate)
    return None


# ------------------------------------------------------------------------------------------------
# Dependencies
# ------------------------------------------------------------------------------------------------


def _dependencies(path: pathlib.Path, bfile, frames: List[int]) -> Iterator[BlenderPath]:
    lookups = _MainFile(bfile, frames)
    libraries: List[pathlib.Path] = []
    for usage in trace.deps(path):
        yield _record(usage, lookups, frames)
        if usage.block.dna_type_name == "Library":
            libraries.append(_usage_file(usage))
    yield from _blender5_libraries(libraries, {path.resolve()}, frames)


def _blender5_libraries(queue: List[pathlib.Path], traced: set, frames: List[int]) -> Iterator[BlenderPath]:
    """Trace Blender 5 libraries whole: BAT 1.x reads them but cannot follow links into them.

    Every file such a library uses is listed (more than the linked data needs, never less), and
    flagged, so textures of linked assets are not silently left behind.
    """
    while queue:
        library = queue.pop(0).resolve()
        if library in traced or not library.is_file():
            continue
        traced.add(library)
        if blendfile.open_cached(library).header.version < BLENDER_5:
            continue
        for usage in trace.deps(library):
            record = _record(usage, None, frames)
            record.low_confidence.setdefault("files", LIBRARY_5_NOTE)
            yield record
            if usage.block.dna_type_name == "Library":
                queue.append(_usage_file(usage))


def _usage_file(usage) -> pathlib.Path:
    """The absolute file a usage names (BAT's ``__fspath__`` returns a Path, not a str)."""
    return pathlib.Path(usage.__fspath__())


class _MainFile:
    """Lookups by block address, valid only for blocks of the main file (addresses are per file)."""

    def __init__(self, bfile, frames: List[int]) -> None:
        self.bfile = bfile
        self.image_frames = _image_user_frames(bfile, frames)
        self.strip_scenes = _strip_scenes(bfile)


def _record(usage, main: Optional[_MainFile], frames: List[int]) -> BlenderPath:
    block = usage.block
    if main is not None and block.bfile is not main.bfile:
        main = None
    owner_file = block.bfile.filepath
    base_dir = os.path.dirname(os.path.abspath(str(owner_file)))
    written = _text(bytes(usage.asset_path))
    type_name = block.dna_type_name
    record = BlenderPath(path=written, kind="cache", node="", attribute="filepath", base_dir=base_dir)
    if type_name in _ID_USAGES:
        record.kind, collection, record.attribute = _ID_USAGES[type_name]
        record.node = f'bpy.data.{collection}["{_id_name(block)}"]'
        if type_name == "Library" and main is None:
            # Blender names a library reached through another library after its file.
            record.node = f'bpy.data.libraries["{posixpath.basename(written)}"]'
        image_frames = main.image_frames if main is not None else {}
        _sequence_of_id(record, block, usage, image_frames, frames)
    elif type_name in ("Strip", "Sequence"):
        _strip(record, usage, main.strip_scenes if main is not None else {})
    elif type_name == "PointCache":
        _point_cache(record, usage)
    elif type_name == "NodeShaderTexIES":
        record.kind, record.node = "ies", _ies_node(block)
    else:
        _modifier(record, usage)
    return record


def _sequence_of_id(record: BlenderPath, block, usage, image_frames, frames: List[int]) -> None:
    type_name = block.dna_type_name
    if type_name == "Image":
        source = block.get(b"source")
        if source == IMA_SRC_MOVIE:
            record.kind = "movie"
        if source == IMA_SRC_SEQUENCE and not has_tile_token(record.path):
            record.sequence = True
            record.frames = image_frames.get(block.addr_old)
            if block.addr_old not in image_frames:
                record.low_confidence["files"] = NO_IMAGE_USER_NOTE
    elif type_name == "CacheFile" and block.get(b"is_sequence"):
        record.sequence = True
        record.frames = [int(block.get(b"frame"))] if block.get(b"override_frame") else list(frames)
    elif type_name == "Volume" and block.get(b"is_sequence"):
        record.sequence = True
        mode = block.get(b"sequence_mode")
        mode_name = VOLUME_SEQUENCE_MODES[mode] if 0 <= mode < len(VOLUME_SEQUENCE_MODES) else "CLIP"
        fields = (block.get(name) for name in (b"frame_start", b"frame_duration", b"frame_offset"))
        record.frames = volume_frames(frames, *fields, mode_name)
    elif type_name == "MovieClip":
        record.sequence = bool(usage.is_sequence)


def _strip(record: BlenderPath, usage, strip_scenes: Dict[int, Tuple[str, str, int]]) -> None:
    """BAT reports the strip's data block (``dir`` + first element); the strip itself says name and type."""
    scene, name, strip_type = strip_scenes.get(usage.block.addr_old, ("", "", SEQ_TYPE_IMAGE))
    record.kind = "movie" if strip_type == SEQ_TYPE_MOVIE else "texture"
    if strip_type in (SEQ_TYPE_SOUND_RAM, SEQ_TYPE_SOUND_HD):
        record.kind = "sound"
    record.attribute = "directory" if strip_type == SEQ_TYPE_IMAGE else "filepath"
    if strip_type == SEQ_TYPE_IMAGE:
        record.members = _strip_elements(usage.block)
    record.node = f'bpy.data.scenes["{scene}"].sequence_editor.strips_all["{name}"]'


def _strip_elements(data) -> List[str]:
    """The file names an image strip shows, in order (its ``stripdata`` array)."""
    elements = data.get_pointer(b"stripdata")
    if elements is None:
        return []
    return [_text(element.get(b"name")) for element in iterators.dynamic_array(elements)]


def _point_cache(record: BlenderPath, usage) -> None:
    """BAT writes a disk cache as ``<prefix>_*.bphys``; Blender names ``<prefix>_<frame:06>_<index:02>``."""
    block = usage.block
    record.attribute = "point_cache"
    record.node = _modifier_node(usage)
    if "*" in record.path:
        index = block.get(b"index")
        record.path = record.path.replace("*", "######" + (f"_{index:02d}" if index >= 0 else ""))


def _modifier(record: BlenderPath, usage) -> None:
    record.node = _modifier_node(usage)
    field = usage.path_full_field
    if field is not None:
        name = bytes(field.name.name_only)
        record.attribute = _MODIFIER_ATTRIBUTES.get(name, "filepath")


def _modifier_node(usage) -> str:
    """``OBPlane.modifiers[0]`` (BAT's block name) -> ``bpy.data.objects["Plane"].modifiers["Cache"]``."""
    label = _text(usage.block_name)
    match = _MODIFIER_PATH.match(label)
    if match is None:
        return label
    ob_name, index = match.group("object"), int(match.group("index"))
    for ob in usage.block.bfile.find_blocks_from_code(b"OB"):
        if _id_name(ob) == ob_name:
            for position, modifier in enumerate(
                _listbase(ob.get_pointer((b"modifiers", b"first")), (b"modifier", b"next"))
            ):
                if position == index:
                    name = _text(modifier.get((b"modifier", b"name")))
                    return f'bpy.data.objects["{ob_name}"].modifiers["{name}"]'
    return f'bpy.data.objects["{ob_name}"].modifiers[{index}]'


def _ies_node(storage) -> str:
    for light in storage.bfile.find_blocks_from_code(b"LA"):
        tree = light.get_pointer(b"nodetree", None)
        if tree is None:
            continue
        for node in _listbase(tree.get_pointer((b"nodes", b"first"))):
            if node.get(b"storage") == storage.addr_old:
                return f'bpy.data.lights["{_id_name(light)}"].node_tree.nodes["{_text(node.get(b"name"))}"]'
    return ""


def _strip_scenes(bfile) -> Dict[int, Tuple[str, str, int]]:
    """Strip data block address -> (scene, strip name, strip type) of the strip that owns it."""
    found: Dict[int, Tuple[str, str, int]] = {}
    for scene in bfile.find_blocks_from_code(b"SC"):
        editor = scene.get_pointer(b"ed")
        if editor is None:
            continue
        for strip, strip_type in iterators.sequencer_strips(editor):
            data = strip.get(b"strip")
            if data:
                found[data] = (_id_name(scene), _text(strip.get(b"name"))[2:], strip_type)
    return found


def _image_user_frames(bfile, frames: List[int]) -> Dict[int, List[int]]:
    """Image block address -> image frames its texture nodes read over ``frames`` (main file only)."""
    found: Dict[int, set] = {}
    for code in (b"MA", b"WO", b"LA", b"NT", b"TE", b"SC"):
        for owner in bfile.find_blocks_from_code(code):
            tree = owner if code == b"NT" else _node_tree(owner)
            if tree is None:
                continue
            for node in _listbase(tree.get_pointer((b"nodes", b"first"))):
                _add_node_user(node, frames, found)
    return {address: sorted(numbers) for address, numbers in found.items()}


def _node_tree(owner):
    if not owner.has_field(b"nodetree"):
        return None
    return owner.get_pointer(b"nodetree", None)


def _add_node_user(node, frames: List[int], found: Dict[int, set]) -> None:
    image = node.get(b"id")
    storage = node.get_pointer(b"storage", None) if image else None
    if storage is None or not storage.has_field(b"iuser"):
        return
    start, duration, offset = (storage.get((b"iuser", field)) for field in (b"sfra", b"frames", b"offset"))
    cyclic = bool(storage.get((b"iuser", b"cycl")))
    found.setdefault(image, set()).update(image_user_frames(frames, start, duration, offset, cyclic))
