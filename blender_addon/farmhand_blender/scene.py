"""The open Blender session as a :class:`farmhand.model.SceneDescription` (pure ``bpy``, no UI).

This is the in-host half of Blender support: it reads what ``bpy`` knows (render settings of every
scene, view layers, cameras, every external file with the datablock that uses it) into the plain
records of :mod:`farmhand.scenes.blender_common`, which also builds the description for the
offline reader, so in-host and offline analysis of one file can only differ in what they read.

Public entry points (what the N-panel and the offline ``bpy`` subprocess call):

* :func:`describe_session` - the whole description of the saved, open file;
* :func:`read_scenes` - render settings only (cheap, for redrawing a panel);
* :func:`collect_paths` - external files before resolution.
"""

from __future__ import annotations

import os
from typing import Iterable, Iterator, List, Optional, Set, Tuple

import bpy

from farmhand.errors import FarmhandError
from farmhand.frames import FrameSpec
from farmhand.model import SceneDescription
from farmhand.scenes.blender_common import (
    NO_IMAGE_USER_NOTE,
    BlenderPath,
    BlenderScene,
    describe,
    image_user_frames,
    scene_frame_numbers,
    volume_frames,
)


class UnsavedSceneError(FarmhandError):
    """The session has never been saved, so ``//`` paths have nothing to be relative to."""


def describe_session(frames: Optional[str] = None) -> SceneDescription:
    """Everything Farmhand needs from the open, saved .blend; ``frames`` (Fox spec) overrides the range."""
    scene_file = bpy.data.filepath
    if not scene_file:
        raise UnsavedSceneError("the Blender file has not been saved yet; save it before submitting")
    scenes = read_scenes()
    wanted = scene_frame_numbers(scenes, frames)
    active = bpy.context.scene.name if bpy.context.scene is not None else ""
    major, minor = bpy.app.version[:2]
    description = describe(
        scene_file,
        host_version=f"{major}.{minor}",
        scenes=scenes,
        active_scene=active,
        paths=collect_paths(wanted),
        frames=frames,
    )
    _check_output_files(description)
    description.settings["blender_version"] = bpy.app.version_string
    if not bpy.app.background:
        # The farm renders the file on disk: the panel offers to save first rather than ignore edits.
        # (Without a window Blender reports every file as modified, so there it is left out.)
        description.settings["unsaved_changes"] = bool(bpy.data.is_dirty)
    return description


def _check_output_files(description: SceneDescription) -> None:
    """Ask Blender itself for each unit's first output file; the shared rule must give the same."""
    for unit in description.units:
        if unit.settings.get("is_movie"):
            continue
        scene = bpy.data.scenes.get(unit.settings["scene"])
        first = FrameSpec.parse(unit.frames).first
        truth = os.path.normpath(scene.render.frame_path(frame=first)) if scene is not None else ""
        if truth and truth != os.path.normpath(unit.settings["first_output_file"]):
            unit.low_confidence["output"] = f"Blender writes {truth} for frame {first}"
            unit.settings["first_output_file"] = truth


# ------------------------------------------------------------------------------------------------
# Render settings
# ------------------------------------------------------------------------------------------------


def read_scenes() -> List[BlenderScene]:
    """Render settings of every local scene (linked scenes cannot be rendered from this file)."""
    return [_read_scene(scene) for scene in bpy.data.scenes if scene.library is None]


def _read_scene(scene) -> BlenderScene:
    render = scene.render
    return BlenderScene(
        name=scene.name,
        engine=render.engine,
        frame_start=scene.frame_start,
        frame_end=scene.frame_end,
        frame_step=scene.frame_step,
        resolution_x=render.resolution_x,
        resolution_y=render.resolution_y,
        resolution_percentage=render.resolution_percentage,
        filepath=render.filepath,
        file_format=render.image_settings.file_format,
        use_file_extension=render.use_file_extension,
        use_single_layer=render.use_single_layer,
        camera=scene.camera.name if scene.camera else "",
        marker_cameras=_unique(m.camera.name for m in _markers_in_order(scene) if m.camera is not None),
        marker_bindings=_marker_bindings(scene),
        cameras=sorted(ob.name for ob in scene.objects if ob.type == "CAMERA"),
        view_layers=[(layer.name, bool(layer.use)) for layer in scene.view_layers],
        device=_cycles_device(scene),
    )


def _marker_bindings(scene) -> List[Tuple[int, str]]:
    """(frame, camera) of markers whose camera can render: Blender skips cameras hidden from renders."""
    markers = _markers_in_order(scene)
    return [(m.frame, m.camera.name) for m in markers if m.camera is not None and not m.camera.hide_render]


def _markers_in_order(scene) -> list:
    return sorted(scene.timeline_markers, key=lambda marker: marker.frame)


def _cycles_device(scene) -> str:
    if scene.render.engine != "CYCLES":
        return ""
    cycles = getattr(scene, "cycles", None)
    return str(getattr(cycles, "device", "")) if cycles is not None else ""


# ------------------------------------------------------------------------------------------------
# External files
# ------------------------------------------------------------------------------------------------


def collect_paths(frames: Iterable[int]) -> List[BlenderPath]:
    """Every external file the session uses, packed files and Blender's own files left out."""
    frames = sorted(set(frames))
    records: List[BlenderPath] = []
    for walker in (
        _images,
        _libraries,
        _cache_files,
        _volumes,
        _sounds,
        _fonts,
        _movie_clips,
        _strips,
        _modifiers,
        _point_caches,
        _ies_nodes,
        _multires,
    ):
        records.extend(walker(frames))
    installed = _installation_dirs()
    return [record for record in records if not _inside(record, installed)]


def _record(idblock, path: str, kind: str, node: str, attribute: str = "filepath", **extra) -> BlenderPath:
    return BlenderPath(
        path=path, kind=kind, node=node, attribute=attribute, base_dir=_base_dir(idblock), **extra
    )


def _base_dir(idblock) -> str:
    """The folder ``//`` means for ``idblock``: its library's folder when linked, else the .blend's."""
    library = getattr(idblock, "library", None)
    if library is not None:
        return os.path.dirname(_library_file(library))
    return os.path.dirname(bpy.data.filepath)


def _library_file(library) -> str:
    return os.path.normpath(bpy.path.abspath(library.filepath, library=library.parent))


def _node(collection: str, idblock) -> str:
    return f'bpy.data.{collection}["{idblock.name}"]'


def _is_packed(idblock) -> bool:
    return getattr(idblock, "packed_file", None) is not None


def _images(frames: List[int]) -> Iterator[BlenderPath]:
    users = _image_users()
    for image in bpy.data.images:
        if image.source not in ("FILE", "SEQUENCE", "MOVIE", "TILED") or not image.filepath:
            continue
        if _is_packed(image) or len(getattr(image, "packed_files", ())):
            continue
        node = _node("images", image)
        if image.source == "SEQUENCE":
            yield _image_sequence(image, node, users.get(image.as_pointer(), []), frames)
        else:
            kind = "movie" if image.source == "MOVIE" else "texture"
            yield _record(image, image.filepath, kind, node)


def _image_sequence(image, node: str, image_users: list, frames: List[int]) -> BlenderPath:
    numbers: Set[int] = set()
    for user in image_users:
        numbers.update(
            image_user_frames(
                frames, user.frame_start, user.frame_duration, user.frame_offset, bool(user.use_cyclic)
            )
        )
    numbers_or_all = sorted(numbers) if image_users else None
    record = _record(image, image.filepath, "texture", node, sequence=True, frames=numbers_or_all)
    if not image_users:
        record.low_confidence["files"] = NO_IMAGE_USER_NOTE
    return record


def _image_users() -> dict:
    """Image pointer -> the ImageUser settings that read it (image texture nodes and texture datablocks)."""
    found: dict = {}
    for tree in _node_trees():
        for node in tree.nodes:
            image = getattr(node, "image", None)
            user = getattr(node, "image_user", None)
            if image is not None and user is not None:
                found.setdefault(image.as_pointer(), []).append(user)
    for texture in bpy.data.textures:
        image = getattr(texture, "image", None)
        if image is not None:
            found.setdefault(image.as_pointer(), []).append(texture.image_user)
    return found


def _node_trees() -> Iterator:
    owners = [bpy.data.materials, bpy.data.worlds, bpy.data.lights, bpy.data.textures, bpy.data.scenes]
    for collection in owners:
        for owner in collection:
            tree = getattr(owner, "node_tree", None)
            if tree is not None:
                yield tree
    yield from bpy.data.node_groups


def _libraries(frames: List[int]) -> Iterator[BlenderPath]:
    for library in bpy.data.libraries:
        if _is_packed(library):
            continue
        parent = library.parent
        base = (
            os.path.dirname(_library_file(parent))
            if parent is not None
            else os.path.dirname(bpy.data.filepath)
        )
        yield BlenderPath(library.filepath, "library", _node("libraries", library), "filepath", base)


def _cache_files(frames: List[int]) -> Iterator[BlenderPath]:
    for cache in bpy.data.cache_files:
        node = _node("cache_files", cache)
        if not cache.is_sequence:
            yield _record(cache, cache.filepath, "cache", node)
            continue
        numbers = [int(cache.frame)] if cache.override_frame else list(frames)
        yield _record(cache, cache.filepath, "cache", node, sequence=True, frames=numbers)


def _volumes(frames: List[int]) -> Iterator[BlenderPath]:
    for volume in bpy.data.volumes:
        if _is_packed(volume) or not volume.filepath:
            continue
        node = _node("volumes", volume)
        if not volume.is_sequence:
            yield _record(volume, volume.filepath, "volume", node)
            continue
        numbers = volume_frames(
            frames, volume.frame_start, volume.frame_duration, volume.frame_offset, volume.sequence_mode
        )
        yield _record(volume, volume.filepath, "volume", node, sequence=True, frames=numbers)


def _sounds(frames: List[int]) -> Iterator[BlenderPath]:
    for sound in bpy.data.sounds:
        if not _is_packed(sound) and sound.filepath:
            yield _record(sound, sound.filepath, "sound", _node("sounds", sound))


def _fonts(frames: List[int]) -> Iterator[BlenderPath]:
    for font in bpy.data.fonts:
        if not _is_packed(font) and font.filepath and font.filepath != "<builtin>":
            yield _record(font, font.filepath, "font", _node("fonts", font))


def _movie_clips(frames: List[int]) -> Iterator[BlenderPath]:
    for clip in bpy.data.movieclips:
        sequence = clip.source == "SEQUENCE"
        yield _record(clip, clip.filepath, "movie", _node("movieclips", clip), sequence=sequence)


def _strips(frames: List[int]) -> Iterator[BlenderPath]:
    for scene in bpy.data.scenes:
        editor = scene.sequence_editor
        if editor is None:
            continue
        strips = getattr(editor, "strips_all", None) or getattr(editor, "sequences_all", ())
        for strip in strips:
            yield from _strip_paths(scene, strip)


def _strip_paths(scene, strip) -> Iterator[BlenderPath]:
    node = f'bpy.data.scenes["{scene.name}"].sequence_editor.strips_all["{strip.name}"]'
    if strip.type == "IMAGE" and len(strip.elements):
        path = strip.directory.rstrip("/\\") + "/" + strip.elements[0].filename
        members = [element.filename for element in strip.elements]
        yield _record(scene, path, "texture", node, "directory", members=members)
    elif strip.type == "MOVIE":
        yield _record(scene, strip.filepath, "movie", node)
    elif strip.type == "SOUND" and strip.sound is not None and not _is_packed(strip.sound):
        yield _record(strip.sound, strip.sound.filepath, "sound", node)


def _modifiers(frames: List[int]) -> Iterator[BlenderPath]:
    for ob in bpy.data.objects:
        for modifier in ob.modifiers:
            node = f'bpy.data.objects["{ob.name}"].modifiers["{modifier.name}"]'
            if _reads_its_filepath(modifier):
                yield _record(ob, modifier.filepath, "cache", node)
            elif modifier.type == "FLUID" and modifier.fluid_type == "DOMAIN":
                yield _record(ob, modifier.domain_settings.cache_directory, "cache", node, "cache_directory")
            elif modifier.type == "NODES":
                yield from _bake_paths(ob, modifier, node)


def _reads_its_filepath(modifier) -> bool:
    """Mesh Cache (.mdd/.pc2) always; Ocean only once baked to disk."""
    if modifier.type == "MESH_CACHE":
        return bool(modifier.filepath)
    return modifier.type == "OCEAN" and bool(modifier.is_cached)


def _bake_paths(ob, modifier, node: str) -> Iterator[BlenderPath]:
    for index, bake in enumerate(getattr(modifier, "bakes", ())):
        target = bake.bake_target if bake.bake_target != "INHERIT" else modifier.bake_target
        if target != "DISK":
            continue
        directory = bake.directory if bake.use_custom_path else modifier.bake_directory
        if directory:
            yield _record(ob, directory, "cache", f"{node}.bakes[{index}]", "directory")


def _point_caches(frames: List[int]) -> Iterator[BlenderPath]:
    blend = os.path.splitext(os.path.basename(bpy.data.filepath))[0]
    for ob in bpy.data.objects:
        for modifier in ob.modifiers:
            system = getattr(modifier, "particle_system", None)
            cache = system.point_cache if system is not None else getattr(modifier, "point_cache", None)
            if cache is None or not (cache.use_disk_cache or cache.use_external):
                continue
            node = f'bpy.data.objects["{ob.name}"].modifiers["{modifier.name}"]'
            yield _record(ob, _point_cache_pattern(ob, cache, blend), "cache", node, "point_cache")


def _point_cache_pattern(ob, cache, blend: str) -> str:
    """Disk-cache files ``<name or hex(object)>_<frame:06>_<index:02>.bphys``; external: the folder."""
    if cache.use_external:
        return cache.filepath
    folder = f"//blendcache_{blend}/"
    prefix = cache.name if cache.name else ob.name.encode("utf-8").hex().upper()
    index = f"_{cache.index:02d}" if cache.index >= 0 else ""
    return folder.rstrip("/\\") + f"/{prefix}_######{index}.bphys"


def _ies_nodes(frames: List[int]) -> Iterator[BlenderPath]:
    for collection, owners in (("lights", bpy.data.lights), ("materials", bpy.data.materials)):
        for owner in owners:
            tree = owner.node_tree
            if tree is None:
                continue
            for node in tree.nodes:
                if node.bl_idname == "ShaderNodeTexIES" and node.mode == "EXTERNAL" and node.filepath:
                    where = f'{_node(collection, owner)}.node_tree.nodes["{node.name}"]'
                    yield _record(owner, node.filepath, "ies", where)


def _multires(frames: List[int]) -> Iterator[BlenderPath]:
    """External multires displacement (``.btx``): RNA does not expose it, ``file_path_map`` does."""
    for idblock, paths in bpy.data.file_path_map(include_libraries=False).items():
        if isinstance(idblock, bpy.types.Mesh) and idblock.library is None:
            for path in sorted(paths):
                yield _record(idblock, path, "cache", _node("meshes", idblock), "external multires")


def _installation_dirs() -> List[str]:
    dirs = [bpy.utils.resource_path("LOCAL"), bpy.utils.resource_path("SYSTEM")]
    if bpy.app.binary_path:
        dirs.append(os.path.dirname(bpy.app.binary_path))
    return [os.path.normpath(d) + os.sep for d in dirs if d]


def _inside(record: BlenderPath, installed: List[str]) -> bool:
    path = record.path
    if path.startswith("//"):
        path = os.path.join(record.base_dir, path[2:])
    path = os.path.normpath(path)
    return any(path.startswith(folder) for folder in installed)


def _unique(values: Iterable[str]) -> List[str]:
    return list(dict.fromkeys(values))
