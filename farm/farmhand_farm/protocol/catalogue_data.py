"""What the local farm offers: software versions, plug-ins, hardware, analysis error codes.

Version strings must equal what job files send in ``software_config.cg_version``
(the SDK and our builder compare exactly, §10.12): Maya and 3ds Max use the year,
Houdini the full build (as ``_HIP_SAVEVERSION`` writes it) and the short form,
Blender ``major.minor``.  The Houdini builds include every build the sample
scenes were saved with.

Lists are append-only: version and plug-in ids derive from positions and are
stored in existing databases (and in users' render environments).
"""

from __future__ import annotations

from typing import Dict, List, Tuple

# cgId, cgName, cgType, iconPath, isNeedProjectPath, isNeedAnalyse, isSupportLinux (§7.3)
SOFTWARE: List[Tuple[int, str, str, str, int, int, int]] = [
    (2000, "Maya", "ma;mb", "/img/softimage/maya.png", 3, 1, 1),
    (2001, "3ds Max", "max", "/img/softimage/max.png", 3, 1, 0),
    (2004, "Houdini", "hip;hipnc;hiplc", "/img/softimage/houdini.png", 2, 1, 1),
    (2007, "Blender", "blend", "/img/softimage/blender.png", 3, 1, 1),
]

DEFAULT_CG_ID = 2000

_HOUDINI_BUILDS = [
    "16.5.268", "17.5.293", "18.0.566", "18.5.462", "18.5.506", "18.5.759",
    "19.0.428", "19.0.720", "19.5.303", "19.5.640", "19.5.805",
    "20.0.506", "20.0.547", "20.0.653", "20.0.724",
    "20.5.278", "20.5.332", "20.5.410", "20.5.487", "20.5.550",
    "21.0.440", "21.0.512",
]  # fmt: skip

VERSIONS: Dict[int, List[str]] = {
    # Older releases come last (append-only ids): sample scenes from Maya 2009 and Max 2011/2012 exist.
    2000: [str(year) for year in range(2016, 2027)] + [str(year) for year in range(2009, 2016)],
    2001: [str(year) for year in range(2014, 2027)] + [str(year) for year in range(2010, 2014)],
    2004: _HOUDINI_BUILDS + ["16.5", "17.5", "18.0", "18.5", "19.0", "19.5", "20.0", "20.5", "21.0"],
    2007: ["2.79", "2.80", "2.81", "2.82", "2.83", "2.90", "2.91", "2.92", "2.93"]
    + [f"3.{minor}" for minor in range(7)]
    + [f"4.{minor}" for minor in range(6)],
}

# Plug-ins offered with every version of a DCC: name -> versions (pluginVersion is "<name> <version>").
PLUGINS: Dict[int, Dict[str, List[str]]] = {
    2000: {
        "mtoa": ["3.2.1.1", "4.2.4", "5.3.4", "5.4.5"],
        "redshift": ["3.0.64", "3.5.22"],
        "vrayformaya": ["5.20.02", "6.10.01"],
        "renderman": ["24.4", "25.2"],
    },
    2001: {"vray": ["5.20.02", "6.10.08"], "corona": ["10", "11"], "MAXtoA": ["5.6.2"]},
    2004: {"htoa": ["6.2.4.1"], "redshift": ["3.5.22"], "renderman": ["25.2"], "karma": ["builtin"]},
    2007: {"cycles": ["builtin"], "eevee": ["builtin"]},
}

# id, type (1 CPU / 2 GPU), model, ram, gpuNum, status, notSupportCgId, notSupportCode,
# notSupportCgVersions, notSupportPluginList.  Platform comes from the farm settings.
HARDWARE = [
    (301, 1, "Default", "64GB", None, 1, [], [], [], []),
    (303, 1, "Default", "128GB", None, 1, [], [], [], []),
    (337, 2, "1080Ti", "64GB", "2*GPU", 1, [2001], ["10012"], [], []),
    (
        339,
        2,
        "2080Ti",
        "128GB",
        "2*GPU",
        1,
        [2001],
        [],
        [{"cgId": 2000, "cgVersionName": "2016"}],
        ["^mtoa 3\\."],
    ),
]

# code -> (type: 1 blocks submission / 0 warning, description, solution)
ERROR_CODES: Dict[str, Tuple[int, str, str]] = {
    "999": (1, "Unknown analysis error.", "Check the analysis log and submit again."),
    "10010": (0, "A material is broken.", "Repair or replace the material."),
    "10011": (0, "A FumeFX cache is missing.", "Upload the cache or re-simulate."),
    "10012": (0, "A referenced file is missing.", "Restore the file or remove the reference."),
    "10013": (0, "Gamma correction is on.", "Check the gamma settings."),
    "10015": (0, "Multi-frame output is not supported.", "Render to a frame sequence."),
    "10018": (0, "An Alembic file is missing.", "Restore the Alembic file."),
    "10019": (0, "A Krakatoa file is missing.", "Restore the file."),
    "10023": (0, "A V-Ray irradiance map is missing.", "Restore the map or recompute it."),
    "10024": (0, "A V-Ray light cache is missing.", "Restore the light cache or recompute it."),
    "10025": (0, "An XRef scene is referenced.", "Make sure the XRef file is uploaded."),
    "10028": (0, "A VDB file is missing.", "Restore the VDB file."),
    "10035": (1, "No camera is active for rendering.", "Set a renderable camera."),
    "15002": (1, "The scene information could not be read.", "Save the scene again and resubmit."),
    "15004": (1, "The renderer is not supported.", "Choose a supported renderer."),
    "15005": (1, "The renderer is missing.", "Install or select the renderer."),
    "15006": (1, "No render camera is set.", "Set a render camera."),
    "15013": (
        0,
        "The scene was saved with another version than the one selected.",
        "Select the scene's version.",
    ),
    "15019": (
        0,
        "The application is not installed on the submitting machine.",
        "Install it or analyse in the host.",
    ),
    "15024": (1, "The scene file does not exist.", "Check the scene path."),
    "15031": (0, "A render element plug-in is missing.", "Install the plug-in or remove the element."),
    "20001": (0, "Maya analysis warning.", "Check the analysis details."),
    "25009": (0, "A Maya plug-in is not available on the farm.", "Select a supported plug-in version."),
    "35001": (0, "A referenced file is missing.", "Restore the file."),
    "46000": (1, "Movie output formats cannot be rendered frame by frame.", "Render to an image sequence."),
    "46001": (0, "The frame step is not 1.", "Check the frame range."),
    "46002": (0, "Eevee renders need a GPU platform.", "Submit on a GPU configuration."),
    "46003": (1, "The scene has no camera.", "Add and set a scene camera."),
    "50001": (0, "A file read by a node is missing.", "Restore the file or fix the node's path."),
    "50002": (1, "The scene has no render node set.", "Add a render node (ROP)."),
    "50003": (1, "The camera of a render node does not exist.", "Set an existing camera on the ROP."),
}
