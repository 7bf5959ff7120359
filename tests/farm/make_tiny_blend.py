"""``python make_tiny_blend.py OUT_DIR [SAMPLES [SIZE]]`` (test interpreter): writes a tiny real scene.

OUT_DIR/shot.blend: a cube with a checker-textured material seen by a camera,
lit by a sun; Cycles on the CPU at 64x64 (SIZE) with few samples, frames 1-3, output
``//render/cube_####`` as PNG.  The texture (OUT_DIR/tex/checker.png) is
referenced by ABSOLUTE path, and so is OUT_DIR/lib/props.blend, a library whose
red glowing ball is linked into the shot: the farm must remap both (and reload
the library) to its stored copies.
"""

from __future__ import annotations

import math
import os
import sys

import bpy


def make_library(path: str) -> None:
    """lib/props.blend: an object "Ball" with a pure red emission material."""
    bpy.ops.wm.read_factory_settings(use_empty=True)
    bpy.context.preferences.filepaths.save_version = 0
    bpy.ops.mesh.primitive_uv_sphere_add(radius=0.7, location=(1.2, -1.6, 0.0))
    ball = bpy.context.active_object
    ball.name = "Ball"
    material = bpy.data.materials.new("red glow")
    material.use_nodes = True
    nodes = material.node_tree.nodes
    nodes.remove(nodes["Principled BSDF"])
    emission = nodes.new("ShaderNodeEmission")
    emission.inputs["Color"].default_value = (1.0, 0.0, 0.0, 1.0)
    material.node_tree.links.new(emission.outputs["Emission"], nodes["Material Output"].inputs["Surface"])
    ball.data.materials.append(material)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    bpy.ops.wm.save_as_mainfile(filepath=path)


def link_ball(library: str, scene) -> None:
    with bpy.data.libraries.load(library, link=True, relative=False) as (_available, wanted):
        wanted.objects = ["Ball"]
    for obj in wanted.objects:
        scene.collection.objects.link(obj)


def main(out_dir: str, samples: int, size: int = 64) -> None:
    library = os.path.join(out_dir, "lib", "props.blend")
    make_library(library)
    bpy.ops.wm.read_factory_settings(use_empty=True)
    bpy.context.preferences.filepaths.save_version = 0
    os.makedirs(os.path.join(out_dir, "tex"), exist_ok=True)
    texture_path = os.path.join(out_dir, "tex", "checker.png")
    image = bpy.data.images.new("checker", 32, 32)
    pixels = []
    for y in range(32):
        for x in range(32):
            pixels += [1.0, 0.4, 0.0, 1.0] if (x // 4 + y // 4) % 2 else [0.0, 0.3, 1.0, 1.0]
    image.pixels = pixels
    image.filepath_raw = texture_path
    image.file_format = "PNG"
    image.save()

    bpy.ops.mesh.primitive_cube_add(size=2)
    cube = bpy.context.active_object
    material = bpy.data.materials.new("checker")
    material.use_nodes = True
    nodes = material.node_tree.nodes
    texture = nodes.new("ShaderNodeTexImage")
    texture.image = image
    material.node_tree.links.new(texture.outputs["Color"], nodes["Principled BSDF"].inputs["Base Color"])
    cube.data.materials.append(material)
    cube.rotation_euler = (0.4, 0.0, 0.0)
    cube.keyframe_insert("rotation_euler", frame=1)
    cube.rotation_euler = (0.4, 0.0, math.pi / 2)
    cube.keyframe_insert("rotation_euler", frame=3)

    bpy.ops.object.camera_add(location=(4.5, -4.5, 3.5), rotation=(math.radians(62), 0, math.radians(45)))
    camera = bpy.context.active_object
    camera.name = "Camera"
    scene = bpy.context.scene
    scene.camera = camera
    bpy.ops.object.light_add(type="SUN", rotation=(0.6, 0.2, 0.3))
    bpy.context.active_object.data.energy = 4.0
    scene.world = bpy.data.worlds.new("World")
    scene.render.engine = "CYCLES"
    scene.cycles.device = "CPU"
    scene.cycles.samples = samples
    scene.cycles.use_denoising = False
    scene.cycles.use_adaptive_sampling = False  # SAMPLES is the real cost of a frame
    scene.render.resolution_x = scene.render.resolution_y = size
    scene.render.resolution_percentage = 100
    scene.render.image_settings.file_format = "PNG"
    scene.render.filepath = "//render/cube_####"
    scene.frame_start, scene.frame_end = 1, 3
    link_ball(library, scene)
    bpy.ops.wm.save_as_mainfile(filepath=os.path.join(out_dir, "shot.blend"), relative_remap=False)
    print(os.path.join(out_dir, "shot.blend"))


if __name__ == "__main__":
    main(
        os.path.abspath(sys.argv[1]),
        int(sys.argv[2]) if len(sys.argv) > 2 else 4,
        int(sys.argv[3]) if len(sys.argv) > 3 else 64,
    )
