"""The Maya ASCII reader: tokenizer, interpreter state, layers, paths, errors.

Small scenes are written here in the syntax Maya uses (short names as Maya
writes them, long names as hand-written and third-party files use them);
the real public samples are read from ../shared/samples.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from maya_scenes import HEADER, LEGACY_LAYERS, RENDER_SETUP, write_scene

from farmhand.cli import main as cli_main
from farmhand.scenes import SceneReadError, read_scene
from farmhand.scenes.maya_ascii import parse_text
from farmhand.scenes.maya_tokens import Str, statements

SAMPLES = Path(__file__).resolve().parents[3] / "shared" / "samples" / "maya"
needs_samples = pytest.mark.skipif(not SAMPLES.is_dir(), reason="shared samples not present")


# -- tokenizer -------------------------------------------------------------
def test_tokenizer_strings_escapes_comments_and_concatenation():
    text = (
        "// comment; with a semicolon\n"
        'setAttr ".b" -type "string" (\n\t\t"a \\"quoted\\" ;part\\n"\n\t\t+ "second");\n'
        'setAttr ".t" -type "double3" -5.1e-14 2 3 ;\n'
    )
    first, second = list(statements(text))
    assert first.tokens == ["setAttr", ".b", "-type", "string", 'a "quoted" ;part\nsecond']
    assert isinstance(first.tokens[-1], Str)
    assert second.tokens[-3:] == ["-5.1e-14", "2", "3"] and second.line == 5


def test_tokenizer_reports_unterminated_string_and_missing_semicolon():
    with pytest.raises(SceneReadError, match=r"x\.ma: unterminated string starting at line 2"):
        list(statements('setAttr ".a" 1;\nsetAttr ".ftn" -type "string" "C:/tex', "x.ma"))
    with pytest.raises(SceneReadError, match=r"line 2 has no closing ';'"):
        list(statements('setAttr ".a" 1;\ncreateNode file -n "file1"', "x.ma"))


# -- interpreter -------------------------------------------------------------
def test_current_node_long_names_flags_requires_and_plugins():
    scene = parse_text(
        HEADER
        + 'requires -nodeType "aiOptions" -nodeType "aiAOVDriver" "mtoa" "5.1.0";\n'
        + 'requires -nodeType "mayaUsdProxyShape" -dataType "pxrUsdStageData" "mayaUsdPlugin" "1.0";\n'
        + 'createNode transform -name "ArnoldStandIn";\n'
        + 'createNode aiStandIn -name "ArnoldStandInShape" -parent "ArnoldStandIn";\n'
        + '\tsetAttr -k off ".v" no;\n\tsetAttr ".dso" -type "string" "soccer.ass";\n'
        + 'createNode file -n "file1";\n\tsetAttr ".fileTextureName" -type "string" "tex.png";\n'
        + 'select -ne :defaultRenderGlobals;\n\tsetAttr ".ren" -type "string" "arnold";\n'
        + 'setAttr "file1.cs" -type "string" "sRGB";\n'
    )
    assert scene.maya_version == "2023" and scene.file_info["product"] == "Maya 2023"
    assert scene.plugins == {"mtoa": "5.1.0", "mayaUsdPlugin": "1.0"}
    assert scene.plugin_node_types["aiAOVDriver"] == "mtoa"
    stand_in = scene.node("ArnoldStandInShape")
    assert (stand_in.type, stand_in.parent) == ("aiStandIn", "ArnoldStandIn")
    assert stand_in.attrs == {"v": "no", "dso": "soccer.ass"}
    assert scene.node("file1").attrs == {"fileTextureName": "tex.png", "cs": "sRGB"}
    assert scene.node(":defaultRenderGlobals").attrs["ren"] == "arnold"


def test_nested_and_deferred_references():
    body = (
        'file -rdi 1 -ns "set" -rfn "setRN" -typ "mayaAscii" "set.ma";\n'
        'file -rdi 2 -ns "prop" -rfn "set:propRN" -typ "mayaAscii" "prop.ma";\n'
        'file -rdi 1 -ns "char" -dr 1 -rfn "charRN" -typ "mayaBinary" "char.mb";\n'
        'file -r -ns "set" -dr 1 -rfn "setRN" -typ "mayaAscii" "set.ma";\n'
        'file -r -ns "char" -dr 1 -rfn "charRN" -typ "mayaBinary" "char.mb";\n'
    )
    scene = parse_text(HEADER + body)
    by_node = {ref.reference_node: ref for ref in scene.references}
    assert set(by_node) == {"setRN", "set:propRN", "charRN"}
    assert by_node["set:propRN"].parent == "setRN" and by_node["set:propRN"].depth == 2
    assert by_node["setRN"].deferred and by_node["charRN"].deferred
    assert by_node["set:propRN"].deferred  # inside an unloaded reference


def test_loaded_reference_is_read_recursively(tmp_path):
    (tmp_path / "tex.png").write_bytes(b"png")
    child = HEADER + 'createNode file -n "file1";\n\tsetAttr ".ftn" -type "string" "tex.png";\n'
    (tmp_path / "child.ma").write_text(child)
    parent = write_scene(tmp_path, 'file -r -ns "c" -rfn "cRN" -typ "mayaAscii" "child.ma";\n')
    scene = read_scene(parent)
    kinds = {(dep.node, dep.kind): dep for dep in scene.dependencies}
    assert kinds[("cRN", "reference")].files == [str(tmp_path / "child.ma")]
    assert kinds[("file1", "texture")].files == [str(tmp_path / "tex.png")]


# -- layers ----------------------------------------------------------------
def test_legacy_layers_apply_adjustments_and_master_values(tmp_path):
    scene = read_scene(write_scene(tmp_path, LEGACY_LAYERS))
    master, beauty, hidden = (scene.unit(name) for name in ("masterLayer", "beauty", "hidden"))
    # the file was saved with "beauty" current: globals hold its start frame, the master's is an adjustment
    assert master.frames == "1-119[2]" and beauty.frames == "101-119[2]"
    assert (master.renderer, beauty.renderer) == ("mayaSoftware", "arnold")
    assert master.cameras == ["persp"] and beauty.cameras == ["shotCam"]
    assert beauty.all_cameras == ["persp", "shotCam"]
    assert not hidden.enabled and hidden.frames == "1-119[2]"
    assert (beauty.width, beauty.height) == (1920, 1080)
    # Maya Software writes imageFormat 32 (png); Arnold's format is its driver's, exr when not written
    assert (master.image_format, beauty.image_format) == ("png", "exr")
    assert "image_format" in beauty.low_confidence and "image_format" not in master.low_confidence
    assert beauty.output == "<Scene>/<RenderLayer>/img"
    assert beauty.settings["output_directories"] == [str(tmp_path / "images" / "test" / "beauty")]
    assert "frames" not in beauty.low_confidence and "width" not in beauty.low_confidence


def test_render_setup_overrides_apply_to_their_layer_only(tmp_path):
    scene = read_scene(write_scene(tmp_path, RENDER_SETUP))
    master, fx = scene.unit("masterLayer"), scene.unit("fx")
    assert [unit.name for unit in scene.units] == ["masterLayer", "fx"]
    assert master.frames == "1-10[1]" and fx.frames == "5-10[1]"
    assert (master.width, fx.width) == (960, 2048)
    assert master.cameras == ["persp"] and fx.cameras == ["persp", "cam2"]
    # two renderable layers: a folder per layer; two renderable cameras in fx: a folder per camera too
    assert (master.output, fx.output) == ("<Layer>/<Scene>", "<Layer>/<Camera>/<Scene>")
    assert "relative override" in fx.low_confidence["height"]
    assert fx.settings["render_setup"] and fx.settings["layer_node"] == "rs_fx"
    assert "Maya's default" in master.low_confidence["frames"]


def test_animation_off_renders_the_current_frame(tmp_path):
    scene = read_scene(write_scene(tmp_path, 'select -ne :time1;\n\tsetAttr ".o" 537;\n'))
    unit = scene.unit("masterLayer")
    assert unit.frames == "537" and unit.settings["animation"] is False


# -- paths -------------------------------------------------------------------
def test_udim_sequence_and_missing_files(tmp_path):
    textures = tmp_path / "tex"
    textures.mkdir()
    for tile in (1001, 1002, 1011):
        (textures / f"col.{tile}.exr").write_bytes(b"x")
    for tile in (1001, 1002):  # Arnold's tiled copies of two tiles
        (textures / f"col.{tile}.tx").write_bytes(b"x")
    for frame in (1, 2, 3):
        (textures / f"seq.{frame:04d}.png").write_bytes(b"x")
    body = (
        'createNode file -n "udim";\n\tsetAttr ".ftn" -type "string" "tex/col.1001.exr";\n'
        '\tsetAttr ".uvt" 3;\n'
        'createNode file -n "seq";\n\tsetAttr ".ftn" -type "string" "tex/seq.0001.png";\n'
        '\tsetAttr ".ufe" yes;\n'
        'createNode file -n "gone";\n\tsetAttr ".ftn" -type "string" "tex/gone.png";\n'
        'createNode file -n "typed";\n\tsetAttr ".ftn" -type "string" "tex/col.<UDIM>.exr";\n'
        '\tsetAttr ".uvt" 3;\n'
        'createNode imagePlane -n "plateShape";\n\tsetAttr ".imn" -type "string" "tex/seq.0001.png";\n'
        '\tsetAttr ".ufe" yes;\n'
        'createNode gpuCache -n "gpu";\n\tsetAttr ".cfn" -type "string" "cache/a.abc";\n'
        'select -ne :defaultRenderGlobals;\n\tsetAttr ".an" yes;\n\tsetAttr ".ef" 3;\n'
    )
    scene = read_scene(write_scene(tmp_path, body))
    deps = {dep.node: dep for dep in scene.dependencies if not dep.path.endswith(".tx")}
    tiled = {dep.node: dep for dep in scene.dependencies if dep.path.endswith(".tx")}
    assert set(tiled) == {"udim", "typed"}  # the two nodes naming the UDIM set
    tx = tiled["udim"]
    assert tx.kind == "texture" and tx.exists and tx.path == "tex/col.1001.tx"
    assert sorted(os.path.basename(f) for f in tx.files) == ["col.1001.tx", "col.1002.tx"]
    assert deps["udim"].path == "tex/col.1001.exr"  # kept as written
    assert sorted(os.path.basename(f) for f in deps["udim"].files) == [
        "col.1001.exr",
        "col.1002.exr",
        "col.1011.exr",
    ]
    assert sorted(os.path.basename(f) for f in deps["seq"].files) == [
        "seq.0001.png",
        "seq.0002.png",
        "seq.0003.png",
    ]
    assert deps["plateShape"].files == deps["seq"].files  # image planes play sequences too
    assert deps["typed"].files == deps["udim"].files and not deps["typed"].low_confidence
    assert deps["gone"].missing and not deps["gone"].exists
    # the job's frames, when given, decide which sequence members are needed
    only_two = {dep.node: dep for dep in read_scene(scene.scene_file, frames="2").dependencies}
    assert [os.path.basename(f) for f in only_two["seq"].files] == ["seq.0002.png"]
    assert (deps["gpu"].kind, deps["gpu"].attribute) == ("cache", "cfn")


@needs_samples
def test_udim_sample_finds_every_tile():
    scene = read_scene(
        str(SAMPLES / "maya-usd/lib/usd/translators/UsdExportImportUDIMTest/UsdExportUDIMTest.ma")
    )
    (dep,) = scene.dependencies
    names = sorted(os.path.basename(path) for path in dep.files)
    assert names == sorted(
        name for name in os.listdir(os.path.dirname(dep.files[0])) if name.startswith("UdimTest_")
    )
    assert len(names) == 3 and (dep.node, dep.attribute, dep.kind) == ("file1", "ftn", "texture")


@needs_samples
def test_relative_texture_and_fractional_current_time():
    scene = read_scene(str(SAMPLES / "maya-usd/lib/usd/translators/UsdExportUsdzPackage/asset.ma"))
    (dep,) = scene.dependencies
    assert dep.path == "texture.png" and dep.exists and os.path.isfile(dep.files[0])
    unit = scene.unit("masterLayer")
    assert unit.renderer == "arnold" and "fractional" in unit.low_confidence["frames"]


@needs_samples
def test_usd_proxy_shape_layers():
    scene = read_scene(str(SAMPLES / "maya-usd/testSamples/tree/treeRef.ma"))
    usd = [dep for dep in scene.dependencies if dep.kind == "usd"]
    # treeRef.usda references itself: listed once, no endless loop
    assert [(dep.node, dep.attribute, dep.path) for dep in usd] == [
        ("TreeRef_usdShape", "fp", "./treeRef.usda")
    ]
    assert scene.plugins == {"mayaUsdPlugin": "1.0"}


@needs_samples
def test_missing_usd_stage_is_reported_missing():
    scene = read_scene(
        str(SAMPLES / "maya-usd/lib/usd/translators/UsdExportStagesAsRefsTest/sceneWithStage.ma")
    )
    (dep,) = scene.dependencies
    assert dep.path == "stage.usda" and dep.missing and not dep.files and not dep.exists


def test_usd_layers_referenced_from_the_root_layer(tmp_path):
    (tmp_path / "root.usda").write_text(
        '#usda 1.0\n(\n    subLayers = [@./sub.usda@]\n)\ndef "A" (\n    references = @props/chair.usd@\n)\n'
        "{\n    asset inputs:file = @tex/wood.png@\n}\n"
    )
    (tmp_path / "sub.usda").write_text('#usda 1.0\ndef "B" (\n    payload = @./root.usda@\n)\n{\n}\n')
    body = 'createNode mayaUsdProxyShape -n "stageShape";\n\tsetAttr ".fp" -type "string" "root.usda";\n'
    scene = read_scene(write_scene(tmp_path, body))
    found = {(dep.path, dep.kind, dep.exists) for dep in scene.dependencies}
    assert found == {
        ("root.usda", "usd", True),
        ("./sub.usda", "usd", True),
        ("props/chair.usd", "usd", False),
        ("tex/wood.png", "texture", False),
    }


# -- errors ------------------------------------------------------------------
def test_truncated_and_binary_files_raise_clear_errors(tmp_path):
    truncated = tmp_path / "cut.ma"
    truncated.write_text(HEADER + 'createNode file -n "file1";\n\tsetAttr ".ftn" -type "string" "C:/te')
    with pytest.raises(SceneReadError, match=r"cut\.ma: unterminated string starting at line 8"):
        read_scene(str(truncated))
    renamed = tmp_path / "binary.ma"
    renamed.write_bytes(b"FOR8\0\0\0\0" + b"\0" * 16)
    with pytest.raises(SceneReadError, match="Maya Binary file with a .ma name"):
        read_scene(str(renamed))


def test_cli_prints_one_line_for_a_corrupt_scene(tmp_path, capsys):
    truncated = tmp_path / "cut.ma"
    truncated.write_text(HEADER + 'createNode file -n "file1"')
    code = cli_main(["analyze", str(truncated)])
    err = capsys.readouterr().err
    assert code != 0 and "cut.ma" in err and "Traceback" not in err


def test_nested_references_read_once_and_cycles_stop(tmp_path):
    (tmp_path / "tex.png").write_bytes(b"png")
    prop = HEADER + 'createNode file -n "file1";\n\tsetAttr ".ftn" -type "string" "tex.png";\n'
    prop += 'file -r -ns "loop" -rfn "loopRN" -typ "mayaAscii" "set.ma";\n'  # refers back to its parent
    (tmp_path / "prop.ma").write_text(prop)
    (tmp_path / "set.ma").write_text(
        HEADER + 'file -r -ns "prop" -rfn "propRN" -typ "mayaAscii" "prop.ma";\n'
    )
    body = (
        'file -rdi 1 -ns "set" -rfn "setRN" -typ "mayaAscii" "set.ma";\n'
        'file -rdi 2 -ns "prop" -rfn "set:propRN" -typ "mayaAscii" "prop.ma";\n'
        'file -r -ns "set" -dr 0 -rfn "setRN" -typ "mayaAscii" "set.ma";\n'
    )
    scene = read_scene(write_scene(tmp_path, body))
    references = [dep for dep in scene.dependencies if dep.kind == "reference"]
    assert sorted(os.path.basename(dep.files[0]) for dep in references) == ["prop.ma", "set.ma"]
    assert {dep.node for dep in references} == {"setRN", "set:propRN"}
    (texture,) = [dep for dep in scene.dependencies if dep.kind == "texture"]
    assert texture.files == [str(tmp_path / "tex.png")]


def test_children_of_a_deferred_reference_are_not_loaded():
    body = (
        'file -rdi 1 -ns "set" -dr 1 -rfn "setRN" "set.ma";\n'
        'file -rdi 2 -ns "prop" -rfn "set:propRN" "prop.ma";\n'
        'file -r -ns "set" -dr 1 -rfn "setRN" "set.ma";\n'
    )
    references = parse_text(HEADER + body).references
    assert [(ref.reference_node, ref.deferred) for ref in references] == [
        ("setRN", True),
        ("set:propRN", True),
    ]


def test_xgen_palette_and_its_sidecar(tmp_path):
    (tmp_path / "test__hair.xgen").write_text("FileVersion 18\n")
    body = 'createNode xgmPalette -n "hair";\n\tsetAttr ".xgFileName" -type "string" "test__hair.xgen";\n'
    scene = read_scene(write_scene(tmp_path, body))
    sidecar = [dep for dep in scene.dependencies if dep.path.endswith("test__hair.xgen") and dep.exists]
    assert sidecar and all(dep.node == "hair" for dep in sidecar)
