"""Installs a built Farmhand zip into a throw-away Blender user folder, uses it, and removes it.

``python addon_probe.py extension|legacy ZIP WORK_DIR`` with a ``bpy`` interpreter and
``BLENDER_USER_RESOURCES`` pointing into WORK_DIR (so nothing touches the real user folders).
Prints one JSON line (prefixed ``RESULT``) with what it observed; the test decides what is right.
"""

from __future__ import annotations

import json
import os
import sys

import bpy


def install(kind: str, zip_path: str) -> str:
    import addon_utils  # importable only once bpy is

    if kind == "extension":
        bpy.ops.extensions.package_install_files(
            filepath=zip_path, repo="user_default", enable_on_install=True
        )
        return "bl_ext.user_default.farmhand"
    bpy.ops.preferences.addon_install(filepath=zip_path)
    addon_utils.enable("farmhand_addon", default_set=True, handle_error=None)
    return "farmhand_addon"


def saved_scene(work: str) -> str:
    image = bpy.data.images.new("absent", 4, 4)
    image.source = "FILE"
    image.filepath = "//textures/absent.png"
    image.use_fake_user = True
    path = os.path.join(work, "probe.blend")
    bpy.ops.wm.save_as_mainfile(filepath=path)
    return path


def main() -> None:
    import addon_utils

    kind, zip_path, work = sys.argv[-3:]
    module = install(kind, zip_path)
    import farmhand

    result = {
        "module": module,
        "registered": hasattr(bpy.types, "FARMHAND_OT_describe_scene"),
        "core_file": farmhand.__file__,
        "enabled_addons": sorted(a.module for a in bpy.context.preferences.addons if "farmhand" in a.module),
    }
    try:
        result["unsaved"] = sorted(bpy.ops.farmhand.describe_scene())
    except RuntimeError as exc:  # an operator reporting an error raises when called from Python
        result["unsaved"] = str(exc)
    saved_scene(work)
    result["operator"] = sorted(bpy.ops.farmhand.describe_scene())
    addon_utils.disable(module, default_set=True)
    result["registered_after_disable"] = hasattr(bpy.types, "FARMHAND_OT_describe_scene")
    result["vendor_on_path_after_disable"] = any(p.endswith("_vendor") for p in sys.path)
    addon_utils.enable(module, default_set=True)
    result["registered_again"] = hasattr(bpy.types, "FARMHAND_OT_describe_scene")
    addon_utils.disable(module, default_set=True)
    print("RESULT" + json.dumps(result))


if __name__ == "__main__":
    main()
