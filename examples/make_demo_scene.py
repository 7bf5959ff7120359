"""Builds the demo shot with real Blender (bpy): a textured, spinning cube seen by a camera.

Run as ``python examples/make_demo_scene.py OUT_DIR``; it writes
``OUT_DIR/shot.blend`` and the texture it uses (``OUT_DIR/textures/checker.png``,
referenced relatively as ``//textures/checker.png``), so submitting the scene
exercises dependency discovery and upload as well as rendering.
"""

from __future__ import annotations

import math
import os
import sys

import bpy

FRAMES = (1, 5)
SIZE = 128


def checker_texture(path: str) -> bpy.types.Image:
    image = bpy.data.images.new("checker", 64, 64)
    pixels = []
    for y in range(64):
        for x in range(64):
            on = (x // 8 + y // 8) % 2
            pixels += [0.9, 0.5, 0.1, 1.0] if on else [0.1, 0.2, 0.6, 1.0]
    image.pixels = pixels
    image.filepath_raw = path
    image.file_format = "PNG"
    image.save()
    return image


def textured_cube(image: bpy.types.Image) -> bpy.types.Object:
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
    cube.keyframe_insert("rotation_euler", frame=FRAMES[0])
    cube.rotation_euler = (0.4, 0.0, math.pi / 2)
    cube.keyframe_insert("rotation_euler", frame=FRAMES[1])
    return cube


def main(out_dir: str) -> None:
    bpy.ops.wm.read_factory_settings(use_empty=True)
    bpy.context.preferences.filepaths.save_version = 0  # no shot.blend1 backups
    os.makedirs(os.path.join(out_dir, "textures"), exist_ok=True)
    scene_path = os.path.join(out_dir, "shot.blend")
    image = checker_texture(os.path.join(out_dir, "textures", "checker.png"))
    textured_cube(image)
    bpy.ops.object.camera_add(location=(5.5, -5.5, 4.0), rotation=(math.radians(60), 0, math.radians(45)))
    scene = bpy.context.scene
    scene.camera = bpy.context.active_object
    bpy.ops.object.light_add(type="SUN", rotation=(0.6, 0.2, 0.3))
    bpy.context.active_object.data.energy = 4.0
    scene.render.engine = "CYCLES"
    scene.cycles.samples = 8
    scene.cycles.use_denoising = False
    scene.render.resolution_x = scene.render.resolution_y = SIZE
    scene.render.resolution_percentage = 100
    scene.render.image_settings.file_format = "PNG"
    scene.render.filepath = "//render/shot_####"
    scene.frame_start, scene.frame_end = FRAMES
    bpy.ops.wm.save_as_mainfile(filepath=scene_path, relative_remap=True)
    # Save again after the texture path is made relative to the .blend.
    image.filepath = "//textures/checker.png"
    bpy.ops.wm.save_as_mainfile(filepath=scene_path)
    print(scene_path)


if __name__ == "__main__":
    main(os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "demo"))
