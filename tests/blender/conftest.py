"""Shared fixtures for the Blender tests: scenes built by real ``bpy`` in a child process.

``bpy`` keeps one open file per process, so scene building (and the in-host description of the
session that built it) happens in ``build_scene.py`` run once per test session; the tests then
read the saved files offline or in further ``bpy`` children.
"""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Dict, List, Tuple

import pytest

from farmhand.model import SceneDescription

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SAMPLES = os.path.join(os.path.dirname(ROOT), "shared", "samples", "blender", "bat-blendfiles")


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> str:
    """The folder ``build_scene.py`` filled (shot.blend, lib/, inhost.json, frame_paths.json...)."""
    root = str(tmp_path_factory.mktemp("blender-scene"))
    done = subprocess.run(
        [sys.executable, os.path.join(HERE, "build_scene.py"), root],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return root


@pytest.fixture(scope="session")
def inhost(built) -> SceneDescription:
    with open(os.path.join(built, "inhost.json"), encoding="utf-8") as handle:
        return SceneDescription.from_json(handle.read())


def units_view(scene: SceneDescription) -> List[Tuple]:
    """Everything about the units that both readers must agree on."""
    return sorted(
        (
            unit.name,
            unit.kind,
            unit.enabled,
            unit.frames,
            unit.renderer,
            unit.output,
            unit.image_format,
            tuple(unit.cameras),
            tuple(unit.all_cameras),
            unit.width,
            unit.height,
            tuple(sorted(unit.settings.items(), key=lambda item: item[0])),
            tuple(sorted(unit.low_confidence.items())),
        )
        for unit in scene.units
    )


def dependencies_view(scene: SceneDescription) -> Dict[Tuple[str, str], Tuple]:
    """(path as written, node) -> what was resolved, for comparing readers."""
    return {
        (dep.path, dep.node): (
            dep.kind,
            dep.attribute,
            tuple(dep.files),
            tuple(dep.missing),
            tuple(dep.unresolved),
            dep.exists,
            tuple(sorted(dep.low_confidence.items())),
        )
        for dep in scene.dependencies
    }


def scene_view(scene: SceneDescription) -> Tuple:
    session_only = ("blender_version", "unsaved_changes")  # facts about a running Blender, not the file
    settings = {key: value for key, value in scene.settings.items() if key not in session_only}
    notes = sorted(tuple(sorted(note.items())) for note in scene.reader_notes)
    return (
        scene.host,
        scene.scene_file,
        scene.host_version,
        scene.renderer,
        tuple(scene.cameras),
        settings,
        notes,
    )
