"""Writes tests/data/blender5/: a Blender 5 file linking a textured object from a Blender 5 library.

Run by hand with bpy 5.0.x (not part of the test run; the files are checked in, about 180 KB):

    python -m venv /tmp/bpy50 && /tmp/bpy50/bin/pip install bpy==5.0.1
    PYTHONPATH=core /tmp/bpy50/bin/python tests/blender/make_blender5_fixture.py tests/data/blender5

Besides the .blend files it records ``inhost.json``: what the in-host adapter said inside Blender
5.0.1 right after saving, which the offline reader is compared with.  Paths in it are absolute for
the folder it was generated in; the test maps them to wherever the fixture is read from.
"""

from __future__ import annotations

import os
import shutil
import sys

import bpy
from build_scene import add_mesh, build_library, empty_session, textured_material, write_png
from farmhand_blender.scene import describe_session


def main() -> None:
    root = os.path.abspath(sys.argv[-1])
    shutil.rmtree(root, ignore_errors=True)
    library = build_library(root)
    empty_session()
    scene = bpy.context.scene
    scene.name = "Shot"
    write_png(os.path.join(root, "textures", "local.png"))
    image = bpy.data.images.load(os.path.join(root, "textures", "local.png"))
    material, _ = textured_material("Local", image)
    add_mesh("Local", material)
    with bpy.data.libraries.load(library, link=True) as (_source, target):
        target.objects = ["LibObject"]
    for ob in target.objects:
        scene.collection.objects.link(ob)
    scene.frame_start, scene.frame_end = 1, 2
    scene.render.filepath = "//render/shot_####"
    bpy.ops.wm.save_as_mainfile(filepath=os.path.join(root, "main.blend"), relative_remap=True)
    with open(os.path.join(root, "inhost.json"), "w", encoding="utf-8") as handle:
        handle.write(describe_session().to_json())


if __name__ == "__main__":
    main()
