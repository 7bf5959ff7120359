"""What a Maya ASCII/binary scene says about RenderMan for Maya's own image output.

RenderMan ignores defaultRenderGlobals' image format and prefix: it writes
what the display connected to ``rmanGlobals.displays`` asks for (the
``d_*`` display-driver node plugged into ``rmanDefaultDisplay.displayType``)
under ``rmanGlobals.imageOutputDir`` / ``imageFileFormat``, which use
RenderMan's own tokens (``<ws>``, ``<scene>``, ``<aov>``, ``<f4>``...).
Reading these keeps a RenderMan unit from reporting Maya's ``iff`` default.
"""

from __future__ import annotations

from typing import Dict, Optional

from farmhand.scenes.maya_data import MayaScene, split_plug

RMAN_GLOBALS = "rmanGlobals"
DEFAULT_DISPLAY = "rmanDefaultDisplay"

# display-driver node type -> image extension (d_openexr seen in the
# aws-deadline renderman sample; the others follow RenderMan's driver names)
DISPLAY_DRIVER_FORMATS = {
    "d_openexr": "exr",
    "d_deepexr": "exr",
    "d_tiff": "tif",
    "d_png": "png",
}


def display_driver(scene: MayaScene) -> Optional[str]:
    """Node type of the driver connected to rmanDefaultDisplay.displayType, if the file says."""
    for source in scene.sources_of(DEFAULT_DISPLAY, ("displayType",)):
        node = scene.node(split_plug(source)[0])
        if node is not None:
            return node.type
    return None


def image_format(scene: MayaScene) -> Optional[str]:
    """Extension RenderMan's default display writes, or None when the file does not say."""
    driver = display_driver(scene)
    if driver is None:
        return None
    return DISPLAY_DRIVER_FORMATS.get(driver, driver[2:] if driver.startswith("d_") else driver)


def output_settings(scene: MayaScene) -> Dict[str, str]:
    """rmanGlobals' image folder and file-name template as written (RenderMan tokens, unexpanded)."""
    node = scene.node(RMAN_GLOBALS)
    if node is None:
        return {}
    found = {}
    for attr, key in (
        ("imageOutputDir", "renderman_image_output_dir"),
        ("imageFileFormat", "renderman_image_file_format"),
    ):
        value = node.get((attr,))
        if isinstance(value, str) and value:
            found[key] = value
    return found
