"""Regression tests over public scene files gathered beyond the shared samples.

Every assertion quotes the scene file's own text (see
tests/data/public_scenes/SOURCES.md for where each file comes from).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import yaml

from farmhand.cli import main
from farmhand.frames import parse_any
from farmhand.scenes import SceneReadError, read_scene

DATA = Path(__file__).resolve().parent.parent / "data" / "public_scenes"
MAYA = DATA / "maya"
ALL_SCENES = sorted(p for p in DATA.rglob("*") if p.suffix in (".ma", ".mb", ".hip", ".max"))


@pytest.mark.parametrize("scene", ALL_SCENES, ids=lambda p: p.name)
def test_cli_analyze_and_build_give_a_description(scene, tmp_path, capsys):
    """`farmhand analyze --json` / `build` read every gathered file without an error."""
    assert main(["analyze", str(scene), "--json"]) in (0, 1)
    summary = json.loads(capsys.readouterr().out)
    assert summary["scene"]["units"], scene
    assert main(["build", str(scene), "-o", str(tmp_path / "job")]) in (0, 1)
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    assert len(os.listdir(tmp_path / "job")) == 4


def test_renderman_scene_output_comes_from_rman_globals():
    scene = read_scene(MAYA / "deadline_renderman_excerpt.ma")
    unit = scene.units[0]
    assert scene.renderer == "renderman"  # setAttr ".ren" -type "string" "renderman"
    # connectAttr "d_openexr1.msg" ":rmanDefaultDisplay.displayType" (createNode d_openexr -n "d_openexr1")
    assert unit.image_format == "exr"
    assert unit.settings["renderman_image_file_format"] == "<scene>_<layer>_<camera>_<aov>.<f4>.<ext>"
    assert unit.settings["renderman_image_output_dir"] == "<ws>/images/<scene>_v<version>_t<take>"
    assert "output" in unit.low_confidence
    # time1 .o 537 and no ".an" on defaultRenderGlobals: one frame, the current one
    assert unit.frames == "537"
    assert unit.cameras == ["persp"]  # topShape has ".rnd" no
    assert scene.plugins["RenderMan_for_Maya.py"] == "25.2 @ 2282507"  # multi-line requires -nodeType


def test_renderman_scene_dependencies_carry_node_and_attribute():
    scene = read_scene(MAYA / "deadline_renderman_excerpt.ma")
    found = {(dep.node, dep.attribute, dep.path) for dep in scene.dependencies}
    logo = (
        "/Users/rmvh/work/deadline/deadline-cloud-for-maya/job_bundle_output_tests/"
        "renderman/scene/deadline_logo_48x48.png"
    )
    assert ("PxrTexture1", "filename", logo) in found
    assert ("file1", "ftn", logo) in found
    reference = next(dep for dep in scene.dependencies if dep.kind == "reference")
    assert reference.path.endswith("/renderman/scene/scene_file_to_reference.mb")
    assert reference.node == "scene_file_to_referenceRN"
    assert "kind" in reference.low_confidence  # file -r ... -dr 1: deferred


def test_vray_2025_scene_with_data_type_requires():
    scene = read_scene(MAYA / "deadline_vray_excerpt.ma")
    unit = scene.units[0]
    assert scene.host_version == "2025"
    assert scene.renderer == "vray"
    assert scene.plugins["vrayformaya"] == "7"  # requires -nodeType ... -dataType ... "vrayformaya" "7"
    assert (unit.width, unit.height) == (960, 540)
    assert unit.frames == "0"  # time1 .o 0, animation off
    assert unit.cameras == ["persp"]


def test_crlf_windows_2018_scene():
    raw = (MAYA / "deadline_adaptor_maya2018_excerpt.ma").read_bytes()
    assert b"\r\n" in raw
    scene = read_scene(MAYA / "deadline_adaptor_maya2018_excerpt.ma")
    unit = scene.units[0]
    assert scene.host_version.startswith("2018")  # requires maya "2018ff09"
    assert unit.image_format == "jpg"  # setAttr ".outf" 8
    assert unit.cameras == ["persp"]
    assert unit.all_cameras == ["persp", "side"]
    assert scene.plugins["mtoa"] == "3.1.1.1"


def test_usd_proxy_sublayers_and_the_missing_one():
    scene = read_scene(MAYA / "mayausd_serialization" / "SerializationTest.ma")
    assert scene.host_version == "2022"  # not fileInfo "version" "Preview Release 123"
    usd = [dep for dep in scene.dependencies if dep.node == "SerializationTestShape"]
    assert {dep.attribute for dep in usd} == {"fp"}
    names = {os.path.basename(dep.path): dep.exists for dep in usd}
    assert names["SerializationTest.usda"] is True
    assert names["SerializationTest_1_1.usda"] is True
    assert names["SerializationTest_2_1.usda"] is False  # named by _2.usda, absent upstream


def _bundle_yaml(name: str):
    return yaml.safe_load((MAYA / "deadline_layers" / "expected_job_bundle" / name).read_text())


def test_render_setup_layers_match_the_bundle_maya_made():
    """layers.ma against the job bundle the real Maya submitter wrote for it.

    Exercises relative overrides (endFrame2: 10 * 1 + 10), absolute overrides
    whose value is not written (persp's ``renderable`` override, attrValue left
    at its default 0), selectors naming full DAG paths and a non-renderable layer.
    """
    scene = read_scene(MAYA / "deadline_layers" / "layers.ma")
    units = {unit.name: unit for unit in scene.units if unit.enabled}
    frames = {
        entry["name"][: -len("Frames")]: entry["value"]
        for entry in _bundle_yaml("parameter_values.yaml")["parameterValues"]
        if entry["name"].endswith("Frames")
    }
    assert set(units) == set(frames)  # notRenderableLayer (.rndr no) is not submitted
    for name, spec in frames.items():
        assert str(parse_any(units[name].frames)) == str(parse_any(spec)), name
    expected_dirs = {
        path.split("/images/", 1)[1]
        for path in _bundle_yaml("asset_references.yaml")["assetReferences"]["outputs"]["directories"]
    }
    images = os.path.join(os.path.dirname(scene.scene_file), "images") + os.sep
    found_dirs = {
        path[len(images) :].replace(os.sep, "/")
        for unit in units.values()
        for path in unit.settings["output_directories"]
    }
    assert found_dirs == expected_dirs
    disabled = [unit for unit in scene.units if not unit.enabled]
    assert [unit.name for unit in disabled] == ["notRenderableLayer"]
    assert disabled[0].frames.startswith("5-")  # startFrame2: relative offset 4 on the default 1


def test_imported_scene_layer_and_moved_reference_match_the_bundle_maya_made():
    """referenced_layers.ma: an imported scene's master layer is no layer of this scene,
    ``ref.ma`` is relative to the scene, and the .mb reference written with another
    machine's absolute path is found next to the scene (where Maya looks for moved files)."""
    folder = MAYA / "deadline_referenced_layers"
    scene = read_scene(folder / "referenced_layers.ma")
    values = {
        entry["name"]: entry["value"]
        for entry in yaml.safe_load((folder / "expected_job_bundle" / "parameter_values.yaml").read_text())[
            "parameterValues"
        ]
    }
    assets = yaml.safe_load((folder / "expected_job_bundle" / "asset_references.yaml").read_text())
    assert [unit.name for unit in scene.units] == ["masterLayer"]
    unit = scene.units[0]
    assert unit.frames == values["Frames"]
    assert unit.output == values["OutputFilePrefix"]
    assert (unit.width, unit.height) == (values["ImageWidth"], values["ImageHeight"])
    assert [os.path.basename(path) for path in unit.settings["output_directories"]] == ["images"]
    expected_inputs = {os.path.basename(path) for path in assets["assetReferences"]["inputs"]["filenames"]}
    found = {os.path.basename(f) for dep in scene.dependencies for f in dep.files}
    assert found | {"referenced_layers.ma"} == expected_inputs


def test_nested_camera_hierarchy_and_poly_faces():
    """Cameras parented several levels deep; only those without ``.rnd no`` render."""
    scene = read_scene(MAYA / "mayausd_camera_excerpt.ma")
    unit = scene.units[0]
    assert scene.host_version == "2016"
    assert unit.all_cameras == [
        "persp",
        "top",
        "OrthoCamStatic",
        "PerspCamStatic",
        "PerspCamNoDOF",
        "OrthographicCamera",
    ]
    assert unit.cameras == ["persp", "PerspCamNoDOF"]  # PerspCamNoDOFShape sets no ".rnd"


def test_byte_order_mark_is_not_taken_for_a_foreign_file(tmp_path):
    """A text editor may prefix a UTF-8 byte-order mark; the scene reads as without it."""
    original = MAYA / "deadline_vray_excerpt.ma"
    marked = tmp_path / "marked.ma"
    marked.write_bytes(b"\xef\xbb\xbf" + original.read_bytes())
    plain, with_mark = read_scene(original), read_scene(marked)
    assert with_mark.host_version == plain.host_version == "2025"
    assert with_mark.reader_notes == plain.reader_notes
    assert [u.cameras for u in with_mark.units] == [u.cameras for u in plain.units]


@pytest.mark.parametrize("content", [b"", b"  \r\n\r\n"])
def test_empty_scene_is_one_clear_error(tmp_path, content, capsys):
    empty = tmp_path / "shot.ma"
    empty.write_bytes(content)
    with pytest.raises(SceneReadError, match="empty"):
        read_scene(empty)
    assert main(["analyze", str(empty)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err


@pytest.mark.parametrize(
    "codeset, path",
    [
        ("932", "C:/Users/\u5c71\u7530/\u30c6\u30af\u30b9\u30c1\u30e3/grid.png"),
        ("1252", "C:/Textures/caf\u00e9.png"),
    ],
)
def test_windows_code_page_paths_read_as_the_codeset_line_says(tmp_path, codeset, path):
    """mGear's template was saved on Japanese Windows (``//Codeset: 932``); a texture path
    in that code page must come out as written, not as cp1252 mojibake."""
    original = (MAYA / "mgear_mocap_interface_excerpt.ma").read_text(encoding="ascii")
    assert "//Codeset: 932" in original
    text = original.replace("//Codeset: 932", f"//Codeset: {codeset}") + (
        f'createNode file -n "file1";\n\tsetAttr ".ftn" -type "string" "{path}";\n'
    )
    scene_file = tmp_path / "mocap.ma"
    scene_file.write_bytes(text.encode("cp" + codeset))
    scene = read_scene(scene_file)
    assert [(dep.node, dep.path) for dep in scene.dependencies] == [("file1", path)]
    assert scene.plugins["mayaHIK"] == "1.0_HIK_2013.2"


@pytest.mark.parametrize("attr", ["atr", "tgName"])
def test_override_naming_several_values_is_skipped_not_a_crash(tmp_path, attr):
    """A damaged layers.ma where an override's attribute / target holds a list of values."""
    text = (MAYA / "deadline_layers" / "layers.ma").read_text()
    statement = {
        "atr": 'setAttr ".atr" -type "string" "endFrame";',
        "tgName": 'setAttr ".tgName" -type "string" "defaultRenderGlobals";',
    }[attr]
    damaged = text.replace(statement, f'setAttr ".{attr}" -type "stringArray" 2 "endFrame" "startFrame";')
    assert damaged != text
    scene_file = tmp_path / "layers.ma"
    scene_file.write_text(damaged)
    scene = read_scene(scene_file)
    assert [unit.name for unit in scene.units][:2] == ["masterLayer", "layerFrameRange1"]


def test_path_attributes_holding_several_values_are_skipped_not_a_crash(tmp_path):
    """Damaged copies of the RenderMan scene: the OCIO config path and an nCache folder
    written as string arrays (found by byte-damaging the file)."""
    text = (MAYA / "deadline_renderman_excerpt.ma").read_text()
    cfp = 'setAttr ".cfp" -type "string" "<MAYA_RESOURCES>/OCIO-configs/Maya2022-default/config.ocio";'
    assert cfp in text
    damaged = text.replace(cfp, 'setAttr ".cfp" -type "stringArray" 2 "a.ocio" "b.ocio";') + (
        'createNode cacheFile -n "cacheFile1";\n'
        '\tsetAttr ".cp" -type "stringArray" 2 "cache/a" "cache/b";\n'
        '\tsetAttr ".cn" -type "string" "clothShape1";\n'
    )
    scene_file = tmp_path / "renderman.ma"
    scene_file.write_text(damaged)
    scene = read_scene(scene_file)
    assert {dep.node for dep in scene.dependencies} >= {"PxrTexture1", "file1"}
    assert not any(dep.node in ("cacheFile1", "defaultColorMgtGlobals") for dep in scene.dependencies)


def test_renderman_light_textures_and_ies_profiles_are_dependencies():
    scene = read_scene(MAYA / "mayausd_rfm_lights" / "RfMLightsTest_excerpt.ma")
    found = {(dep.node, dep.attribute): dep for dep in scene.dependencies}
    # setAttr ".iesProfile" -type "string" "./DiskLight_profile.ies";  (PxrDiskLight)
    assert found[("DiskLightShape", "iesProfile")].path == "./DiskLight_profile.ies"
    assert found[("DiskLightShape", "iesProfile")].kind == "ies"
    # setAttr ".lightColorMap" -type "string" "./RectLight_texture.tex";  (PxrRectLight)
    assert found[("RectLightShape", "lightColorMap")].kind == "texture"
    # both are absent from the maya-usd repository too
    assert not any(dep.exists for dep in found.values())
    assert len(found) == 2  # the empty iesProfile strings name nothing
