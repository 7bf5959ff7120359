"""Builds a small textured Blender project with real ``bpy``: ``python make_project.py ROOT``.

ROOT/scenes/shot.blend (camera, PNG output, frames 1-12) uses two textures saved
with Blender-relative paths: ``//../textures/wood.png`` (above the scene's folder)
and ``//maps/ao.png`` (below it), so a project archive must keep the scene one
folder down from the common root for both to resolve.
"""

from __future__ import annotations

import os
import sys

import bpy


def write_png(path: str, color) -> None:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    image = bpy.data.images.new(os.path.basename(path), 4, 4)
    image.pixels = list(color) * 16
    image.filepath_raw = path
    image.file_format = "PNG"
    image.save()
    bpy.data.images.remove(image)


def main(root: str) -> None:
    bpy.ops.wm.read_factory_settings(use_empty=True)
    scene = bpy.context.scene
    scene.frame_start, scene.frame_end = 1, 12
    scene.render.image_settings.file_format = "PNG"
    scene.render.filepath = "//render/shot_####"
    camera = bpy.data.objects.new("Camera", bpy.data.cameras.new("Camera"))
    scene.collection.objects.link(camera)
    scene.camera = camera
    write_png(os.path.join(root, "textures", "wood.png"), (0.6, 0.4, 0.2, 1.0))
    write_png(os.path.join(root, "scenes", "maps", "ao.png"), (0.5, 0.5, 0.5, 1.0))
    material = bpy.data.materials.new("Wood")
    material.use_nodes = True
    for name in ("wood.png", "ao.png"):
        folder = "textures" if name == "wood.png" else os.path.join("scenes", "maps")
        node = material.node_tree.nodes.new("ShaderNodeTexImage")
        node.image = bpy.data.images.load(os.path.join(root, folder, name))
    mesh = bpy.data.meshes.new("Plane")
    mesh.materials.append(material)
    scene.collection.objects.link(bpy.data.objects.new("Plane", mesh))
    os.makedirs(os.path.join(root, "scenes"), exist_ok=True)
    bpy.ops.wm.save_as_mainfile(filepath=os.path.join(root, "scenes", "shot.blend"), relative_remap=True)


if __name__ == "__main__":
    main(sys.argv[1])
