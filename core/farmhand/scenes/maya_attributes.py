"""Maya attribute names the readers need: path attributes per node type,
render-settings attributes, and Maya's defaults for values a file leaves out.

Maya writes short names (``.ftn``) but long names appear in hand-written and
third-party files (``.fileTextureName``), so every entry is an alias tuple
``(short, long)``.  Sources: scene-formats.md §1.3/§1.5 (seen in public files
or listed by public farm code); entries marked "unverified" there are kept and
their results flagged low-confidence by the callers.
"""

from __future__ import annotations

from typing import Dict, List, NamedTuple, Tuple

Aliases = Tuple[str, ...]


class PathAttribute(NamedTuple):
    names: Aliases  # short first when Maya has one
    kind: str  # a model.DEPENDENCY_KINDS word
    array: bool = False  # a stringArray of paths


def _tex(*names: str) -> PathAttribute:
    return PathAttribute(tuple(names), "texture")


# node type -> the attributes that hold file paths
PATH_ATTRIBUTES: Dict[str, List[PathAttribute]] = {
    "file": [_tex("ftn", "fileTextureName")],
    "psdFileTex": [_tex("ftn", "fileTextureName")],
    "mentalrayTexture": [_tex("ftn", "fileTextureName")],
    "imagePlane": [_tex("imn", "imageName")],
    "aiImage": [_tex("filename")],
    "aiStandIn": [PathAttribute(("dso",), "proxy")],
    "aiVolume": [PathAttribute(("filename",), "volume")],
    "aiPhotometricLight": [PathAttribute(("ai_filename", "aiFilename"), "ies")],
    "AlembicNode": [
        PathAttribute(("fn", "abc_File"), "cache"),
        PathAttribute(("fns", "abc_layerFiles"), "cache", array=True),
    ],
    "gpuCache": [PathAttribute(("cfn", "cacheFileName"), "cache")],
    "audio": [PathAttribute(("f", "filename"), "sound")],
    "RedshiftProxyMesh": [PathAttribute(("fn", "fileName"), "proxy")],
    "RedshiftVolumeShape": [PathAttribute(("fn", "fileName"), "volume")],
    "RedshiftDomeLight": [_tex("tex0"), _tex("tex1")],
    "RedshiftEnvironment": [_tex("tex0"), _tex("tex1"), _tex("tex2"), _tex("tex3"), _tex("tex4")],
    "RedshiftNormalMap": [_tex("tex0")],
    "RedshiftSprite": [_tex("tex0")],
    "RedshiftCameraMap": [_tex("tex0")],
    "RedshiftLightGobo": [_tex("tex0")],
    "RedshiftIESLight": [PathAttribute(("profile",), "ies")],
    "VRayMesh": [PathAttribute(("fileName", "fn"), "proxy")],
    "VRayVolumeGrid": [PathAttribute(("inFile",), "volume")],
    "VRayLightIESShape": [PathAttribute(("iesFile",), "ies")],
    "pgYetiMaya": [
        PathAttribute(("cacheFileName",), "cache"),
        PathAttribute(("groomFileName",), "cache"),
    ],
    "diskCache": [PathAttribute(("cacheName",), "cache")],
    "PxrTexture": [_tex("filename")],
    "PxrBump": [_tex("filename")],
    "PxrNormalMap": [_tex("filename")],
    "PxrPtexture": [_tex("filename")],
    "PxrMultiTexture": [_tex(f"filename{i}") for i in range(9)],
    # RenderMan lights (maya-usd's RfMLightsTest.ma writes both attributes)
    "PxrRectLight": [_tex("lightColorMap"), PathAttribute(("iesProfile",), "ies")],
    "PxrDomeLight": [_tex("lightColorMap")],
    "PxrDiskLight": [PathAttribute(("iesProfile",), "ies")],
    "PxrSphereLight": [PathAttribute(("iesProfile",), "ies")],
    "PxrCylinderLight": [PathAttribute(("iesProfile",), "ies")],
    "PxrMeshLight": [PathAttribute(("iesProfile",), "ies")],
    "mayaUsdProxyShape": [PathAttribute(("fp", "filePath"), "usd")],
    "xgmPalette": [PathAttribute(("xgFileName",), "other")],
    "assemblyReference": [PathAttribute(("definition",), "reference")],
    "svgToPoly": [PathAttribute(("svgFilepath",), "other")],
    "ExocortexAlembicXform": [PathAttribute(("fileName",), "cache")],
    "mip_binaryproxy": [PathAttribute(("object_filename",), "proxy")],
}

# RenderMan texture nodes: the renderer reads "<source>.tex" made by txmake.
RENDERMAN_TEXTURE_NODES = frozenset({"PxrTexture", "PxrBump", "PxrNormalMap", "PxrMultiTexture"})

# nCache: the description file is <cachePath>/<cacheName>.xml
CACHE_FILE = ("cacheFile", ("cp", "cachePath"), ("cn", "cacheName"))

# Attribute short names that identify a path attribute even when the node
# type is unknown (Maya Binary plug-in types whose id has no name).
UNAMBIGUOUS_PATH_NAMES: Dict[str, str] = {
    "ftn": "texture",
    "fileTextureName": "texture",
    "cfn": "cache",
    "cacheFileName": "cache",
    "dso": "proxy",
    "abc_File": "cache",
}

# node types whose useFrameExtension / uvTilingMode turn the written file into a pattern
SEQUENCE_NODE_TYPES = frozenset({"file", "imagePlane"})
# file texture tiling and frame extensions
UV_TILING_MODE = ("uvt", "uvTilingMode")
USE_FRAME_EXTENSION = ("ufe", "useFrameExtension")

# defaultRenderGlobals
CURRENT_RENDERER = ("ren", "currentRenderer")
ANIMATION = ("an", "animation")
START_FRAME = ("fs", "startFrame")
END_FRAME = ("ef", "endFrame")
BY_FRAME = ("bfs", "byFrameStep", "byFrame")
IMAGE_FILE_PREFIX = ("ifp", "imageFilePrefix")
IMAGE_FORMAT = ("outf", "imageFormat")
IMF_PLUGIN_KEY = ("imfkey", "imfPluginKey")
# defaultResolution
WIDTH = ("w", "width")
HEIGHT = ("h", "height")
# camera / renderLayer
CAMERA_RENDERABLE = ("rnd", "renderable")
LAYER_RENDERABLE = ("rndr", "renderable")
DISPLAY_ORDER = ("do", "displayOrder")
# time1
CURRENT_TIME = ("o", "outTime")

# Render Setup override attributes
OVERRIDE_ATTRIBUTE = ("atr", "attribute")
OVERRIDE_TARGET = ("tgName", "targetNodeName")
OVERRIDE_VALUE = ("atv", "attrValue")
OVERRIDE_ENABLED = ("slf", "selfEnabled")
SELECTOR_STATIC = ("ssl", "staticSelection")
SELECTOR_PATTERN = ("pat", "pattern")


# Values Maya uses when the file does not write them (only non-defaults are
# written).  Confirmed for Maya 2023 by the aws-deadline expected bundles:
# frames 1-10, 960x540, renderer mayaSoftware, prefix empty (<Scene>).
RENDER_GLOBAL_DEFAULTS = {
    "currentRenderer": "mayaSoftware",
    "animation": False,
    "startFrame": 1.0,
    "endFrame": 10.0,
    "byFrameStep": 1.0,
    "imageFilePrefix": "",
    "imageFormat": 7,
}


# Defaults that have not changed across Maya versions: not flagged when taken.
STABLE_DEFAULTS = frozenset({"imageFilePrefix"})


def default_resolution(maya_version: str) -> Tuple[int, int]:
    """defaultResolution before and after Maya 2017 changed it (older value unverified)."""
    year = _year(maya_version)
    if year and year < 2017:
        return 640, 480
    return 960, 540


def _year(version: str) -> int:
    digits = "".join(ch for ch in version[:4] if ch.isdigit())
    return int(digits) if len(digits) == 4 else 0


# defaultRenderGlobals.imageFormat enum -> extension (40 exr and 51 "custom,
# see imfPluginKey" are seen in sample files; the rest are Maya's documented
# enum and unverified here).
IMAGE_FORMATS = {
    0: "gif",
    1: "pic",
    2: "rla",
    3: "tif",
    4: "tif",
    5: "sgi",
    6: "als",
    7: "iff",
    8: "jpg",
    9: "eps",
    10: "iff",
    11: "cin",
    12: "yuv",
    13: "sgi",
    19: "tga",
    20: "bmp",
    31: "psd",
    32: "png",
    35: "dds",
    36: "psd",
    40: "exr",
}
CUSTOM_IMAGE_FORMAT = 51


def image_format_name(image_format: int, plugin_key: str) -> Tuple[str, bool]:
    """(extension, known) for defaultRenderGlobals.imageFormat / imfPluginKey."""
    if image_format == CUSTOM_IMAGE_FORMAT:
        return plugin_key, True
    if image_format in IMAGE_FORMATS:
        return IMAGE_FORMATS[image_format], True
    return str(image_format), False


# Maya ASCII `currentUnit -t` names -> frames per second
TIME_UNITS = {
    "game": 15.0,
    "film": 24.0,
    "pal": 25.0,
    "ntsc": 30.0,
    "show": 48.0,
    "palf": 50.0,
    "ntscf": 60.0,
}

# Nodes that exist in every scene; `select -ne :name` addresses them.
DEFAULT_NODE_TYPES = {
    "defaultRenderGlobals": "renderGlobals",
    "defaultResolution": "resolution",
    "time1": "time",
    "defaultColorMgtGlobals": "colorManagementGlobals",
    "defaultRenderLayer": "renderLayer",
    "renderLayerManager": "renderLayerManager",
    "hardwareRenderingGlobals": "hardwareRenderingGlobals",
}
