"""Farmhand inside Maya: the scene adapter, selection callbacks, menu and shelf.

``scene`` turns the open scene into the core's SceneDescription; everything
else (validation, job files, upload, the submitter UI) lives in the vendored
``farmhand`` core.
"""

__version__ = "0.1.0"
