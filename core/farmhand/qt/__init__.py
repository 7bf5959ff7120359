"""The shared Qt submitter that Maya, Houdini and 3ds Max host.

Written against Qt.py so one code base runs on PySide2 (Maya 2023-2024,
Houdini 19.5-20, Max 2023-2024) and PySide6 (Maya 2025+, Houdini 20.5+, Max
2025+).  Only Qt hosts import this package: ``import farmhand`` never imports
Qt, so the core stays usable from the CLI, Blender and batch processes.
"""

from __future__ import annotations

from farmhand.qt.dialog import SubmitterDialog
from farmhand.qt.host_bridge import HostBridge

__all__ = ["HostBridge", "SubmitterDialog"]
