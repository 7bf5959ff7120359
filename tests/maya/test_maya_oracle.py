"""The offline Maya reader against what the real Maya submitter found.

The aws-deadline samples ship, next to each scene, the job bundle that
Deadline Cloud's Maya submitter wrote from inside Maya: input files, frames,
output prefix, resolution, and one step per render layer with its cameras
and renderer.  The bundle was made with the scene copied into one folder
(``/normalized/job/bundle/dir``, also the project), so files are compared by
their path relative to that folder (the scene folder here) and output
folders relative to the project.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml

from farmhand.frames import FrameSpec
from farmhand.scenes import read_scene

SAMPLES = Path(__file__).resolve().parents[3] / "shared" / "samples" / "maya" / "aws-deadline-maya"
BUNDLE_DIR = "/normalized/job/bundle/dir/"
CASES = {"cube": "cube.ma", "layers_no_variation": "layers_no_variation.ma"}

pytestmark = pytest.mark.skipif(not SAMPLES.is_dir(), reason="shared samples not present")


def _oracle(case: str) -> dict:
    bundle = SAMPLES / case / "expected_job_bundle"
    params = yaml.safe_load((bundle / "parameter_values.yaml").read_text())["parameterValues"]
    assets = yaml.safe_load((bundle / "asset_references.yaml").read_text())["assetReferences"]
    template = yaml.safe_load((bundle / "template.yaml").read_text())
    steps = {}
    for step in template["steps"]:
        init = yaml.safe_load(
            step["stepEnvironments"][0]["script"]["embeddedFiles"][0]["data"].split("scene_file")[0]
        )
        cameras = next(
            p["range"] for p in step["parameterSpace"]["taskParameterDefinitions"] if p["name"] == "Camera"
        )
        steps[step["name"]] = {
            "renderer": init["renderer"],
            "layer": init["render_layer"],
            "cameras": cameras,
        }
    return {
        "params": {p["name"]: p["value"] for p in params},
        "inputs": assets["inputs"]["filenames"],
        "outputs": assets["outputs"]["directories"],
        "steps": steps,
    }


def _relative(path: str) -> str:
    assert path.startswith(BUNDLE_DIR), path
    return path[len(BUNDLE_DIR) :]


@pytest.fixture(params=sorted(CASES))
def case(request):
    name = request.param
    scene_path = SAMPLES / name / "scene" / CASES[name]
    return name, scene_path, read_scene(str(scene_path)), _oracle(name)


def test_same_render_layers_cameras_and_renderer(case):
    _, _, scene, oracle = case
    enabled = {unit.name: unit for unit in scene.units if unit.enabled}
    assert set(enabled) == set(oracle["steps"])
    for name, step in oracle["steps"].items():
        assert step["layer"] == name
        assert enabled[name].cameras == step["cameras"], name
        assert enabled[name].renderer == step["renderer"], name


def test_same_frames_prefix_and_resolution(case):
    _, _, scene, oracle = case
    params = oracle["params"]
    for unit in scene.enabled_units:
        assert FrameSpec.parse(unit.frames) == FrameSpec.parse(str(params["Frames"])), unit.name
        assert unit.output == params["OutputFilePrefix"], unit.name
        assert (unit.width, unit.height) == (params["ImageWidth"], params["ImageHeight"]), unit.name


def test_same_input_files(case):
    _, scene_path, scene, oracle = case
    scene_dir = scene_path.parent
    expected = {_relative(path) for path in oracle["inputs"]}
    found = {os.path.relpath(scene.scene_file, scene_dir)}
    for dep in scene.dependencies:
        found.update(os.path.relpath(path, scene_dir) for path in dep.files)
        assert not dep.missing, dep
    assert found == expected


def test_same_output_folders(case):
    _, _, scene, oracle = case
    expected = {_relative(path) for path in oracle["outputs"]}
    found = set()
    for unit in scene.enabled_units:
        found.update(
            os.path.relpath(folder, scene.project_root) for folder in unit.settings["output_directories"]
        )
    assert found == expected
    assert os.path.relpath(scene.settings["images_dir"], scene.project_root) == _relative(
        oracle["params"]["OutputFilePath"]
    )


def test_project_is_the_workspace_folder(case):
    _, _, scene, _ = case
    assert os.path.isfile(os.path.join(scene.project_root, "workspace.mel"))
    assert "project_root" not in scene.low_confidence


def test_dependencies_name_their_node_and_attribute(case):
    _, _, scene, _ = case
    for dep in scene.dependencies:
        assert dep.node and dep.attribute and dep.kind != "other", dep
    reference = next(dep for dep in scene.dependencies if dep.kind == "reference")
    assert reference.node == "scene_file_to_referenceRN"
    # the scene names a D:/ path that does not exist here: found by Maya's moved-file search, and said so
    assert reference.path.startswith("D:/")
    assert "files" in reference.low_confidence
    # the farm gets the mapping from the written path to the file that is uploaded
    assert scene.settings["moved_files"][reference.path] == reference.files[0]
