"""Fox's names and ids for the host applications."""

from __future__ import annotations

# cgId per host (renderbus-protocol.md §10.2; the docs' memo has Maya/Max reversed).
CG_IDS = {"maya": "2000", "max": "2001", "houdini": "2004", "blender": "2007"}

# software_config.cg_name per host.
CG_NAMES = {"maya": "Maya", "max": "3ds Max", "houdini": "Houdini", "blender": "Blender"}
