"""Farmhand inside Houdini: reads the session through ``hou`` and opens the shared Qt submitter.

The package stays thin: :mod:`scene` turns the session into a
``SceneDescription``, :mod:`selection` and :mod:`rop_menu` answer the UI's
callbacks, :mod:`panel` opens the submitter.  Everything else is the
vendored ``farmhand`` core.
"""
