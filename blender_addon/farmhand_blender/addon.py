"""Registers the N-panel, its settings and operators, and the handlers that keep the panel current.

Called from the add-on's ``register``/``unregister`` after the vendored core is on ``sys.path``.
Unregistering stops the timers and cancels a running job first, so no callback outlives the code
it belongs to.
"""

from __future__ import annotations

import bpy
from bpy.app.handlers import persistent

from . import operators, panel, properties
from .background import stop_timer
from .state import STATE


@persistent
def _file_loaded(*_args) -> None:
    """Another file is open: the last analysis belongs to the old one."""
    STATE.reset()


@persistent
def _file_saved(*_args) -> None:
    """What is on disk changed (relative paths may resolve elsewhere): re-check before trusting it."""
    STATE.mark_stale()


HANDLERS = ((bpy.app.handlers.load_post, _file_loaded), (bpy.app.handlers.save_post, _file_saved))


def register() -> None:
    properties.register()
    operators.register()
    panel.register()
    for handlers, function in HANDLERS:
        if function not in handlers:
            handlers.append(function)


def unregister() -> None:
    stop_timer()
    for handlers, function in HANDLERS:
        if function in handlers:
            handlers.remove(function)
    panel.unregister()
    operators.unregister()
    properties.unregister()
    STATE.reset()
