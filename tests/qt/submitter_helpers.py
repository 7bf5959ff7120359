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
from farmhand.qt import HostBridge, SubmitterDialog

# Generous: the machine is shared; a run normally takes seconds.
RUN_TIMEOUT_MS = 180_000


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


def farm_factory_for(farm, asked: List[str]):
    """The provider ``farmhand submit`` builds for a local farm, pointed at the test's farm process."""

    def factory(profile: str):
        from farmhand.providers import http_farm_provider

        asked.append(profile)
        return http_farm_provider(farm.url, farm.access_id, farm.access_key)

    return factory


def open_ready_dialog(qtbot, scene, config, factory, *, follow: bool) -> SubmitterDialog:
    """A shown dialog whose background checks have passed (Submit enabled)."""
    dialog = SubmitterDialog(scene, provider_factory=factory, config=config)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.job.wait.setChecked(follow)
    qtbot.waitUntil(lambda: dialog.submit_button.isEnabled(), timeout=10_000)
    return dialog
