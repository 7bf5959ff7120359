"""The in-Maya adapter (maya_plugin) agrees with the offline reader, per layer, on real scenes.

Maya cannot run here: ``maya.cmds`` is the stand-in in maya_standin.py, which
answers from the offline reader's parse of the same scene file the way Maya
answers once that file is open.  The adapter then has to arrive at the same
SceneDescription as ``farmhand.scenes.read_scene`` for that file.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import pytest
from maya_scenes import LEGACY_LAYERS, RENDER_SETUP, write_scene, write_texture_scene
from maya_standin import SceneCmds, install, uninstall

from farmhand.scenes import read_scene
from farmhand.scenes.maya_ascii import parse

ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = ROOT / "maya_plugin" / "scripts"
SAMPLES = ROOT.parent / "shared" / "samples" / "maya"
SAMPLE_SCENES = [
    "aws-deadline-maya/cube/scene/cube.ma",
    "aws-deadline-maya/layers_no_variation/scene/layers_no_variation.ma",
    "maya-usd/lib/usd/translators/UsdExportImportUDIMTest/UsdExportUDIMTest.ma",
    "maya-usd/lib/usd/translators/UsdExportUsdzPackage/asset.ma",
    "maya-usd/lib/usd/translators/UsdExportStagesAsRefsTest/sceneWithStage.ma",
    "maya-usd/lib/mayaUsd/nodes/LayerManagerSerializationTest/SerializationTest.ma",
    "maya-usd/testSamples/tree/treeRef.ma",
]
UNIT_FIELDS = ("name", "kind", "enabled", "frames", "cameras", "all_cameras", "width", "height", "output")
UNIT_FIELDS += ("image_format", "renderer")
UNIT_SETTINGS = ("layer_node", "render_setup", "animation", "image_file_prefix", "output_directories")


@pytest.fixture
def open_in_maya():
    """Open a scene in the stand-in Maya and return (farmhand_maya.scene, cmds)."""
    sys.path.insert(0, str(SCRIPTS))

    def open_scene(path: str):
        uninstall()
        cmds = SceneCmds(parse(path))
        install(cmds)
        return importlib.import_module("farmhand_maya.scene"), cmds

    yield open_scene
    uninstall()
    sys.path.remove(str(SCRIPTS))


def assert_same_description(live, offline):
    assert (live.host, live.scene_file, live.host_version) == (
        offline.host,
        offline.scene_file,
        offline.host_version,
    )
    assert live.project_root == offline.project_root and live.plugins == offline.plugins
    assert live.cameras == offline.cameras and live.renderer == offline.renderer
    assert [unit.name for unit in live.units] == [unit.name for unit in offline.units]
    for mine, theirs in zip(live.units, offline.units):
        for field in UNIT_FIELDS:
            assert getattr(mine, field) == getattr(theirs, field), (mine.name, field)
        for key in UNIT_SETTINGS:
            assert mine.settings[key] == theirs.settings[key], (mine.name, key)
    assert {_dep(dep) for dep in live.dependencies} == {_dep(dep) for dep in offline.dependencies}
    assert live.settings["moved_files"] == offline.settings["moved_files"]


def _dep(dep):
    return (dep.node, dep.attribute, dep.kind, dep.path, tuple(dep.files), tuple(dep.missing), dep.exists)


@pytest.mark.skipif(not SAMPLES.is_dir(), reason="shared samples not present")
@pytest.mark.parametrize("relative", SAMPLE_SCENES)
def test_adapter_agrees_with_offline_reader_on_samples(open_in_maya, relative):
    path = str(SAMPLES / relative)
    scene_module, cmds = open_in_maya(path)
    live = scene_module.describe_session()
    assert_same_description(live, read_scene(path))
    # the scan leaves the scene as it found it: same visible layer, no unsaved changes
    assert cmds.visible == "defaultRenderLayer" and cmds.modified is False


@pytest.mark.parametrize("body", [LEGACY_LAYERS, RENDER_SETUP], ids=["legacy-layers", "render-setup"])
def test_adapter_agrees_on_layer_overrides(open_in_maya, tmp_path, body):
    path = write_scene(tmp_path, body)
    scene_module, _ = open_in_maya(path)
    live = scene_module.describe_session()
    offline = read_scene(path)
    assert_same_description(live, offline)
    assert len({unit.frames for unit in live.units}) > 1 or len({tuple(u.cameras) for u in live.units}) > 1


def test_adapter_agrees_on_textures_sequences_and_missing_files(open_in_maya, tmp_path):
    path = write_texture_scene(tmp_path)
    scene_module, _ = open_in_maya(path)
    live = scene_module.describe_session()
    assert_same_description(live, read_scene(path))
    by_node = {dep.node: dep for dep in live.dependencies}
    assert len(by_node["udim"].files) == 2 and len(by_node["plateShape"].files) == 3
    assert by_node["gone"].missing and by_node["gpu"].missing


def test_selection_callbacks(open_in_maya, tmp_path):
    path = write_scene(tmp_path, LEGACY_LAYERS)
    open_in_maya(path)
    selection = importlib.import_module("farmhand_maya.selection")
    seen = []
    job = selection.watch_selection(seen.append)
    selection.select_node("shotCamShape.renderable")
    assert seen == [["shotCamShape"]] and selection.selected_nodes() == ["shotCamShape"]
    selection.stop_watching(job)
    selection.select_node("persp")
    assert seen == [["shotCamShape"]]
    with pytest.raises(selection.NodeNotFound, match="'gone' is not in the scene"):
        selection.select_node("gone")
