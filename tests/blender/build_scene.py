"""Builds the test scenes with real ``bpy`` and describes them in-host, in one Blender session.

Run with a Python that imports ``bpy``: ``python build_scene.py OUT_DIR``.  Writes into OUT_DIR:

* ``lib/lib.blend``: a library with a textured object (its texture relative to the library);
* ``shot.blend``: the main scene: a texture, a UDIM image (2 tiles), an image sequence read by
  an image user (frames 1-3 of 4 on disk), a linked object, a missing texture, a packed image,
  a sound, a font, an Alembic cache on a MeshSequenceCache modifier, two view layers (one
  disabled), cameras bound to markers and a second scene with other settings;
* ``inhost.json``: ``describe_session()`` of the session that built and saved ``shot.blend``;
* ``frame_paths.json``: what ``RenderSettings.frame_path`` answers for several output settings;
* ``formats/<FORMAT>.blend``: one file per output format, for the imtype table.

The scene is built here rather than checked in so that it is always written by the Blender the
tests run, and so that its contents are visible in code.
"""

from __future__ import annotations

import json
import os
import shutil
import struct
import sys
import wave

import bpy

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "blender_addon"))

from farmhand_blender.scene import describe_session, read_scenes  # noqa: E402


def write_png(path: str, color=(1.0, 0.5, 0.0, 1.0)) -> None:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    image = bpy.data.images.new("tmp-writer", 4, 4)
    image.pixels = list(color) * 16
    image.filepath_raw = path
    image.file_format = "PNG"
    image.save()
    bpy.data.images.remove(image)


def write_wav(path: str) -> None:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with wave.open(path, "wb") as handle:
        handle.setnchannels(1)
        handle.setsampwidth(2)
        handle.setframerate(8000)
        handle.writeframes(struct.pack("<h", 0) * 800)


def textured_material(name: str, image) -> bpy.types.Material:
    material = bpy.data.materials.new(name)
    material.use_nodes = True
    node = material.node_tree.nodes.new("ShaderNodeTexImage")
    node.name = f"{name} texture"
    node.image = image
    return material, node


def add_mesh(name: str, material=None):
    mesh = bpy.data.meshes.new(name)
    mesh.from_pydata([(0, 0, 0), (1, 0, 0), (0, 1, 0)], [], [(0, 1, 2)])
    ob = bpy.data.objects.new(name, mesh)
    bpy.context.scene.collection.objects.link(ob)
    if material is not None:
        mesh.materials.append(material)
    return ob


def empty_session() -> None:
    bpy.ops.wm.read_factory_settings(use_empty=True)


def build_library(root: str) -> str:
    empty_session()
    write_png(os.path.join(root, "lib", "textures", "lib_color.png"))
    image = bpy.data.images.load(os.path.join(root, "lib", "textures", "lib_color.png"))
    material, _ = textured_material("LibMaterial", image)
    add_mesh("LibObject", material)
    rig = bpy.data.collections.new("LibRig")
    bpy.context.scene.collection.children.link(rig)
    rig.objects.link(bpy.data.objects.new("LibCam", bpy.data.cameras.new("LibCam")))
    path = os.path.join(root, "lib", "lib.blend")
    bpy.ops.wm.save_as_mainfile(filepath=path, relative_remap=True)
    return path


def export_alembic(root: str) -> str:
    """An animated mesh exported as Alembic, so that importing it keeps a CacheFile."""
    empty_session()
    ob = add_mesh("Waving")
    ob.location = (0, 0, 0)
    ob.keyframe_insert("location", frame=1)
    ob.location = (0, 0, 2)
    ob.keyframe_insert("location", frame=3)
    path = os.path.join(root, "caches", "waving.abc")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    bpy.ops.wm.alembic_export(filepath=path, start=1, end=3, selected=False)
    return path


def build_main(root: str, library: str, alembic: str) -> None:
    empty_session()
    scene = bpy.context.scene
    scene.name = "Shot"
    tex = os.path.join(root, "textures")
    write_png(os.path.join(tex, "diffuse.png"))
    for tile in (1001, 1002):
        write_png(os.path.join(tex, f"udim.{tile}.png"))
    for frame in (1, 2, 3, 4):
        write_png(os.path.join(root, "seq", f"frame.{frame:04d}.png"))
    write_wav(os.path.join(root, "audio", "beep.wav"))
    fonts = os.path.join(bpy.utils.system_resource("DATAFILES"), "fonts", "DejaVuSansMono.woff2")
    os.makedirs(os.path.join(root, "fonts"), exist_ok=True)
    shutil.copy(fonts, os.path.join(root, "fonts", "mono.woff2"))

    diffuse = bpy.data.images.load(os.path.join(tex, "diffuse.png"))
    material, _ = textured_material("Diffuse", diffuse)
    add_mesh("Plain", material)

    udim = bpy.data.images.load(os.path.join(tex, "udim.1001.png"))
    udim.source = "TILED"
    udim.tiles.new(tile_number=1002)
    material, _ = textured_material("Udim", udim)
    add_mesh("Tiled", material)

    sequence = bpy.data.images.load(os.path.join(root, "seq", "frame.0001.png"))
    sequence.source = "SEQUENCE"
    material, node = textured_material("Sequence", sequence)
    node.image_user.frame_start = 1
    node.image_user.frame_duration = 3
    node.image_user.frame_offset = 0
    add_mesh("Animated", material)

    missing = bpy.data.images.new("missing", 4, 4)
    missing.source = "FILE"
    missing.filepath = os.path.join(tex, "not_there.png")
    material, _ = textured_material("Missing", missing)
    add_mesh("Broken", material)

    packed = bpy.data.images.load(os.path.join(tex, "diffuse.png"), check_existing=False)
    packed.name = "packed"
    packed.pack()
    material, _ = textured_material("Packed", packed)
    add_mesh("Packed", material)

    sound = bpy.data.sounds.load(os.path.join(root, "audio", "beep.wav"))
    speaker = bpy.data.speakers.new("Speaker")
    speaker.sound = sound
    scene.collection.objects.link(bpy.data.objects.new("Speaker", speaker))

    font = bpy.data.fonts.load(os.path.join(root, "fonts", "mono.woff2"))
    text = bpy.data.curves.new("Title", "FONT")
    text.font = font
    scene.collection.objects.link(bpy.data.objects.new("Title", text))

    with bpy.data.libraries.load(library, link=True) as (source, target):
        target.objects = ["LibObject"]
        target.collections = ["LibRig"]
    for ob in target.objects:
        scene.collection.objects.link(ob)
    scene.collection.children.link(target.collections[0])  # a linked camera, inside a linked collection

    bpy.ops.wm.alembic_import(filepath=alembic, as_background_job=False)
    cache = bpy.data.cache_files[0]
    holder = add_mesh("CacheHolder")
    modifier = holder.modifiers.new("Alembic", "MESH_SEQUENCE_CACHE")
    modifier.cache_file = cache
    modifier.object_path = "/Waving/Waving"

    add_caches_and_strips(root, scene)

    cameras = []
    for name in ("CamA", "CamB", "CamC"):
        camera = bpy.data.objects.new(name, bpy.data.cameras.new(name))
        scene.collection.objects.link(camera)
        cameras.append(camera)
    scene.camera = cameras[0]
    # Blender renders frame 1 with the first marker's camera (CamB), so CamA only from frame 3.
    # The later marker is made first: cameras are listed in frame order, not creation order.
    scene.timeline_markers.new("back", frame=3).camera = cameras[0]
    scene.timeline_markers.new("switch", frame=2).camera = cameras[1]
    scene.timeline_markers.new("later", frame=10).camera = cameras[2]  # after the rendered range
    scene.timeline_markers.new("tie", frame=10).camera = cameras[0]  # same frame, listed second
    hidden = bpy.data.objects.new("CamHidden", bpy.data.cameras.new("CamHidden"))
    hidden.hide_render = True  # Blender's switching skips it: frames 6-9 keep CamA
    scene.collection.objects.link(hidden)
    scene.timeline_markers.new("hidden", frame=6).camera = hidden

    render = scene.render
    render.engine = "CYCLES"
    scene.cycles.device = "GPU"
    scene.frame_start, scene.frame_end, scene.frame_step = 1, 3, 1
    render.resolution_x, render.resolution_y, render.resolution_percentage = 64, 48, 50
    render.filepath = "//render/shot_####"
    render.image_settings.file_format = "PNG"
    scene.view_layers[0].name = "Beauty"
    scene.view_layers.new("Holdout").use = False

    alt = bpy.data.scenes.new("Alt")
    alt.render.engine = "BLENDER_WORKBENCH"
    alt.frame_start, alt.frame_end, alt.frame_step = 10, 20, 5
    alt.render.resolution_x, alt.render.resolution_y = 32, 32
    alt.render.filepath = "//render/alt/"
    alt.render.image_settings.file_format = "OPEN_EXR"
    alt.render.use_single_layer = True
    alt.camera = cameras[2]
    alt.collection.objects.link(cameras[2])

    bpy.ops.wm.save_as_mainfile(filepath=os.path.join(root, "shot.blend"), relative_remap=True)
    with open(os.path.join(root, "inhost.json"), "w", encoding="utf-8") as handle:
        handle.write(describe_session().to_json())


def add_caches_and_strips(root: str, scene) -> None:
    """An IES light (file missing), a VDB sequence, a MeshCache .mdd and sequencer strips."""
    light = bpy.data.lights.new("Spot", "SPOT")
    light.use_nodes = True
    ies = light.node_tree.nodes.new("ShaderNodeTexIES")
    ies.name = "Profile"
    ies.mode = "EXTERNAL"
    ies.filepath = "//ies/profile.ies"
    scene.collection.objects.link(bpy.data.objects.new("Spot", light))

    for frame in (1, 2, 3, 4):
        touch(os.path.join(root, "vdb", f"smoke.{frame:04d}.vdb"))
    volume = bpy.data.volumes.new("Smoke")
    volume.filepath = "//vdb/smoke.0001.vdb"
    volume.is_sequence = True
    # Scene frames 1-3 read sequence frames 2-4: file 0001 is on disk but never read.
    volume.frame_start, volume.frame_duration, volume.frame_offset = 1, 3, 1
    volume.sequence_mode = "EXTEND"
    scene.collection.objects.link(bpy.data.objects.new("Smoke", volume))
    unread = bpy.data.volumes.new("Unread")  # duration 0, Blender's default: no file is ever read
    unread.filepath = "//vdb/smoke.0001.vdb"
    unread.is_sequence = True
    scene.collection.objects.link(bpy.data.objects.new("Unread", unread))

    touch(os.path.join(root, "caches", "anim.mdd"))
    holder = add_mesh("Deformed")
    modifier = holder.modifiers.new("Point Cache", "MESH_CACHE")
    modifier.cache_format = "MDD"
    modifier.filepath = "//caches/anim.mdd"

    editor = scene.sequence_editor_create()
    strip = editor.strips.new_image("Plate", os.path.join(root, "seq", "frame.0001.png"), 1, 1)
    strip.elements.append("frame.0002.png")
    editor.strips.new_sound("Beep", os.path.join(root, "audio", "beep.wav"), 2, 1)


def touch(path: str) -> None:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb"):
        pass


def record_frame_paths(root: str) -> None:
    """Blender's own answer for output paths, to check the offline rule against."""
    bpy.ops.wm.open_mainfile(filepath=os.path.join(root, "shot.blend"))
    render = bpy.context.scene.render
    cases = []
    for filepath in ("//render/shot_####", "//out/a_##_v#.exr", "//out/", "//out/shot.jpg", "//../x/y.#.png"):
        for file_format in ("PNG", "OPEN_EXR", "JPEG"):
            for use_extension in (True, False):
                render.filepath = filepath
                render.image_settings.file_format = file_format
                render.use_file_extension = use_extension
                answers = {str(frame): render.frame_path(frame=frame) for frame in (7, -7, 12345)}
                cases.append([filepath, file_format, use_extension, answers])
    with open(os.path.join(root, "frame_paths.json"), "w", encoding="utf-8") as handle:
        json.dump(cases, handle)


def record_camera_switches(root: str) -> None:
    """The camera Blender puts in ``scene.camera`` on each frame, markers applied."""
    bpy.ops.wm.open_mainfile(filepath=os.path.join(root, "shot.blend"))
    scene = bpy.data.scenes["Shot"]
    bindings = next(read.marker_bindings for read in read_scenes() if read.name == "Shot")
    switches = {}
    for frame in range(-2, 14):
        scene.frame_set(frame)
        switches[str(frame)] = scene.camera.name
    with open(os.path.join(root, "camera_switches.json"), "w", encoding="utf-8") as handle:
        json.dump({"bindings": bindings, "cameras": switches}, handle)


def save_formats(root: str) -> None:
    empty_session()
    settings = bpy.context.scene.render.image_settings
    os.makedirs(os.path.join(root, "formats"), exist_ok=True)
    for item in settings.bl_rna.properties["file_format"].enum_items:
        try:
            settings.file_format = item.identifier
        except TypeError:  # Blender 5.0 lists formats that only a media type makes settable
            continue
        bpy.ops.wm.save_as_mainfile(filepath=os.path.join(root, "formats", f"{item.identifier}.blend"))


def main() -> None:
    root = os.path.abspath(sys.argv[-1])
    library = build_library(root)
    alembic = export_alembic(root)
    build_main(root, library, alembic)
    record_frame_paths(root)
    record_camera_switches(root)
    save_formats(root)


if __name__ == "__main__":
    main()
