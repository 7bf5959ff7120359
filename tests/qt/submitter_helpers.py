"""Helpers of the Qt submitter tests: real scenes on disk and an honest host stand-in.

The host stand-in answers ``select_node`` from the scene description it was
built from (a node exists if the scene names it), like Maya's ``cmds.select``
would for the same scene; it scripts nothing per test.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import List, Optional

from farmhand.model import Dependency, RenderUnit, SceneDescription
from farmhand.qt import HostBridge


class SceneHost(HostBridge):
    """A host whose open scene is ``scene``: selection succeeds only for nodes the scene has."""

    def __init__(self, scene: SceneDescription) -> None:
        self.scene = scene
        self.selected: List[str] = []
        self.saved = 0
        self.dirty = False

    def select_node(self, node: str) -> bool:
        known = {unit.name for unit in self.scene.units} | {d.node for d in self.scene.dependencies}
        if node not in known:
            return False
        self.selected.append(node)
        return True

    def scene_is_dirty(self) -> bool:
        return self.dirty

    def save_scene(self) -> None:
        self.saved += 1
        self.dirty = False


def texture(path: Path, node: str, *, size: int = 2048) -> Dependency:
    """A texture dependency whose file really exists (written here)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(os.urandom(size))
    return Dependency(
        str(path), files=[str(path)], node=node, attribute="fileTextureName", kind="texture", exists=True
    )


def missing_texture(path: Path, node: str) -> Dependency:
    return Dependency(str(path), missing=[str(path)], node=node, attribute="fileTextureName", kind="texture")


def maya_scene(
    root: Path,
    *,
    layers: Optional[List[RenderUnit]] = None,
    dependencies: Optional[List[Dependency]] = None,
    cameras: Optional[List[str]] = None,
) -> SceneDescription:
    """A Maya scene description over a real scene file under ``root``."""
    root.mkdir(parents=True, exist_ok=True)
    scene_file = root / "shot010.ma"
    scene_file.write_text('//Maya ASCII 2024 scene\nrequires maya "2024";\n', encoding="utf-8")
    units = (
        layers
        if layers is not None
        else [
            RenderUnit("masterLayer", "layer", frames="1-10[1]", cameras=["persp"], output="<Scene>/<Layer>"),
            RenderUnit("beauty", "layer", frames="1-10[1]", cameras=["shotCam"], output="<Scene>/beauty"),
        ]
    )
    return SceneDescription(
        "maya",
        str(scene_file),
        host_version="2024",
        renderer="arnold",
        project_root=str(root),
        units=units,
        dependencies=dependencies or [],
        cameras=cameras if cameras is not None else ["persp", "shotCam"],
    )
