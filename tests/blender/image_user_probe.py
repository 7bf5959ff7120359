"""Renders which image of a sequence an image texture shows on each scene frame (real Cycles).

``python image_user_probe.py OUT_DIR START DURATION OFFSET CYCLIC FRAME...`` prints one line
``RESULT {"<scene frame>": <image frame>, ...}``.  Image file N of the sequence is a flat colour
whose red channel encodes N, the plane shows it through an emission shader with the Standard
view transform, and each frame is rendered at 4x4 and read back: Blender's answer, not ours.
"""

from __future__ import annotations

import json
import os
import sys

import bpy

IMAGES = 12


def red_for(number: int) -> float:
    return number / (IMAGES + 1)


def write_sequence(folder: str) -> None:
    for number in range(IMAGES + 1):
        image = bpy.data.images.new("writer", 2, 2)
        image.pixels = [red_for(number), 0.0, 0.0, 1.0] * 4
        image.filepath_raw = os.path.join(folder, f"tone.{number:04d}.png")
        image.file_format = "PNG"
        image.save()
        bpy.data.images.remove(image)


def build(folder: str, start: int, duration: int, offset: int, cyclic: bool):
    bpy.ops.wm.read_factory_settings(use_empty=True)
    scene = bpy.context.scene
    write_sequence(folder)
    image = bpy.data.images.load(os.path.join(folder, "tone.0001.png"))
    image.source = "SEQUENCE"
    material = bpy.data.materials.new("Tone")
    material.use_nodes = True
    nodes, links = material.node_tree.nodes, material.node_tree.links
    nodes.clear()
    texture = nodes.new("ShaderNodeTexImage")
    texture.image = image
    texture.interpolation = "Closest"
    user = texture.image_user
    user.frame_start, user.frame_duration = start, duration
    user.frame_offset, user.use_cyclic = offset, cyclic
    emission = nodes.new("ShaderNodeEmission")
    output = nodes.new("ShaderNodeOutputMaterial")
    links.new(texture.outputs["Color"], emission.inputs["Color"])
    links.new(emission.outputs["Emission"], output.inputs["Surface"])
    bpy.ops.mesh.primitive_plane_add(size=4)
    bpy.context.object.data.materials.append(material)
    camera = bpy.data.objects.new("Camera", bpy.data.cameras.new("Camera"))
    camera.location = (0, 0, 3)
    scene.collection.objects.link(camera)
    scene.camera = camera
    scene.render.engine = "CYCLES"
    scene.cycles.samples = 1
    scene.cycles.use_denoising = False
    scene.render.resolution_x = scene.render.resolution_y = 4
    scene.view_settings.view_transform = "Standard"
    scene.render.image_settings.file_format = "PNG"
    return scene


def shown(scene, folder: str, frame: int) -> int:
    scene.frame_set(frame)
    scene.render.filepath = os.path.join(folder, f"render_{frame}.png")
    bpy.ops.render.render(write_still=True)
    result = bpy.data.images.load(scene.render.filepath)
    red = result.pixels[0]
    bpy.data.images.remove(result)
    return min(range(IMAGES + 1), key=lambda number: abs(red_for(number) - red))


def main() -> None:
    folder, start, duration, offset, cyclic, *frames = sys.argv[1:]
    scene = build(folder, int(start), int(duration), int(offset), cyclic == "1")
    print("RESULT" + json.dumps({frame: shown(scene, folder, int(frame)) for frame in frames}))


if __name__ == "__main__":
    main()
