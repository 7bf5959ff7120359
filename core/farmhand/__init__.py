"""Farmhand: render-farm submission for Maya, Houdini, 3ds Max and Blender.

This package is the host-neutral core.  It is vendored into every host
bundle, so it imports nothing outside the standard library, ``requests`` and
``yaml``, runs on Python 3.9 to 3.13, and never imports a host module or the
local farm service.
"""

__version__ = "0.1.0"
