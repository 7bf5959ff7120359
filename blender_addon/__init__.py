"""Farmhand for Blender: the add-on entry point (extension and legacy add-on alike).

The Farmhand core (``farmhand``, pure Python) travels inside the add-on under ``_vendor``; it is
put on ``sys.path`` while the add-on is registered, because the core imports itself absolutely
and is shared with the offline tools.  Blender-side code lives in :mod:`.farmhand_blender`.
The N-panel and the submit operator are registered from here as they arrive; for now the add-on
offers one operator that describes the open scene, the foundation they build on.
"""

from __future__ import annotations

import os
import sys

import bpy

bl_info = {
    "name": "Farmhand",
    "author": "Farmhand developers",
    "version": (0, 1, 0),
    "blender": (4, 2, 0),
    "location": "3D Viewport > Sidebar > Farmhand",
    "description": "Submit the open scene to a render farm",
    "category": "Render",
}

VENDOR_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "_vendor")


class FARMHAND_OT_describe_scene(bpy.types.Operator):
    """Read the open scene as Farmhand will submit it and report what was found"""

    bl_idname = "farmhand.describe_scene"
    bl_label = "Describe Scene for Farmhand"
    bl_options = {"REGISTER"}

    def execute(self, context):
        from farmhand.errors import FarmhandError

        from .farmhand_blender.scene import describe_session

        try:
            scene = describe_session()
        except FarmhandError as exc:
            self.report({"ERROR"}, str(exc))
            return {"CANCELLED"}
        missing = sum(len(dep.missing) + len(dep.unresolved) for dep in scene.dependencies)
        files = sum(len(dep.files) for dep in scene.dependencies)
        enabled = len(scene.enabled_units)
        self.report({"INFO"}, f"{enabled} view layer(s) to render, {files} file(s), {missing} missing")
        return {"FINISHED"}


CLASSES = (FARMHAND_OT_describe_scene,)


def _add_vendor_path() -> None:
    if os.path.isdir(VENDOR_DIR) and VENDOR_DIR not in sys.path:
        sys.path.insert(0, VENDOR_DIR)


def register() -> None:
    _add_vendor_path()
    for cls in CLASSES:
        bpy.utils.register_class(cls)
    from .farmhand_blender import addon

    addon.register()


def unregister() -> None:
    from .farmhand_blender import addon

    addon.unregister()
    for cls in reversed(CLASSES):
        bpy.utils.unregister_class(cls)
    if VENDOR_DIR in sys.path:
        sys.path.remove(VENDOR_DIR)
