"""Blender-side Farmhand code that needs ``bpy``; importable on its own so a ``bpy`` subprocess can use it.

Only absolute imports of the vendored ``farmhand`` core and relative imports inside this package,
never the add-on's top-level module: the offline reader runs :mod:`farmhand_blender.scene` in a
plain ``bpy`` interpreter where the add-on is not installed.
"""
