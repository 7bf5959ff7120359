from __future__ import annotations

from farmhand.model import Dependency, RenderUnit, SceneDescription
from farmhand.options import JobOptions
from farmhand.validate import ERROR, WARNING, check, validate
from farmhand.validate.registry import CHECKS


def blender_scene(tmp_path, **unit_fields) -> SceneDescription:
    scene_file = tmp_path / "shot.blend"
    scene_file.write_bytes(b"BLENDER")
    fields = {
        "name": "Scene/ViewLayer",
        "kind": "view_layer",
        "frames": "1-10[1]",
        "cameras": ["Camera"],
        "image_format": "PNG",
        "renderer": "CYCLES",
    }
    fields.update(unit_fields)
    return SceneDescription(host="blender", scene_file=str(scene_file), units=[RenderUnit(**fields)])


def codes(report):
    return sorted(tip.code for tip in report.tips if tip.code)


def test_clean_scene_has_no_errors(tmp_path):
    report = validate(blender_scene(tmp_path))
    assert not report.has_errors, [t.describe() for t in report.tips]


def test_every_problem_is_reported_not_just_the_first(tmp_path):
    scene = blender_scene(
        tmp_path, image_format="FFMPEG", cameras=[], renderer="BLENDER_EEVEE_NEXT", frames="1-9[2]"
    )
    scene.dependencies.append(
        Dependency(
            path="//tex/gone.png",
            missing=[str(tmp_path / "tex/gone.png")],
            node="Image:gone",
            attribute="filepath",
            kind="texture",
        )
    )
    report = validate(scene)
    assert codes(report) == ["35001", "46000", "46001", "46002", "46003"]
    missing = next(t for t in report.tips if t.code == "35001")
    assert (missing.node, missing.attribute, missing.path) == (
        "Image:gone",
        "filepath",
        str(tmp_path / "tex/gone.png"),
    )
    assert {t.severity for t in report.tips if t.code in ("46000", "46003")} == {ERROR}
    assert report.fox_tips()["46000"][0].startswith("error [46000]")


def test_missing_scene_and_no_units_are_errors(tmp_path):
    scene = SceneDescription(host="maya", scene_file=str(tmp_path / "nope.ma"))
    report = validate(scene)
    assert "15024" in codes(report)
    assert any("nothing to render" in t.message for t in report.errors)


def test_bad_frames_name_the_unit_and_position(tmp_path):
    report = validate(blender_scene(tmp_path, frames="1-x"))
    tip = next(t for t in report.errors if t.check == "frames_are_valid")
    assert tip.node == "Scene/ViewLayer" and "position" in tip.message


def test_job_option_conflicts(tmp_path):
    report = validate(blender_scene(tmp_path), JobOptions(tiles=4, frames_per_task=2, pre_frames="12"))
    messages = " ".join(t.message for t in report.errors)
    assert "tiles and several frames per task" in messages and "priority frames" in messages


def test_unresolved_tokens_are_reported_never_dropped(tmp_path):
    scene = blender_scene(tmp_path)
    scene.dependencies.append(
        Dependency(path="$TEXTURES/a.png", unresolved=["$TEXTURES"], node="Image:a", kind="texture")
    )
    tips = [t for t in validate(scene).tips if t.check == "dependencies_exist"]
    assert tips and tips[0].severity == WARNING and "$TEXTURES" in tips[0].message


def test_houdini_camera_and_output_checks(tmp_path):
    scene_file = tmp_path / "a.hip"
    scene_file.write_text("x")
    units = [
        RenderUnit(
            name="/out/mantra1",
            kind="rop",
            option=-1,
            frames="1",
            cameras=["/obj/gone"],
            output="/elsewhere/a.exr",
        ),
        RenderUnit(name="/out/cache", kind="rop", option=0, frames="1-5[1]"),
        RenderUnit(
            name="/out/opengl1", kind="rop", option=-1, node_type="opengl", frames="1", cameras=["/obj/cam"]
        ),
    ]
    scene = SceneDescription(
        host="houdini",
        scene_file=str(scene_file),
        units=units,
        cameras=["/obj/cam"],
        project_root=str(tmp_path),
    )
    report = validate(scene)
    by_check = {t.check: t for t in report.tips}
    assert by_check["cameras_are_set"].node == "/out/mantra1"
    assert by_check["outputs_inside_project"].path == "/elsewhere/a.exr"
    assert by_check["houdini_opengl_needs_gpu"].node == "/out/opengl1"
    assert not [t for t in report.tips if t.node == "/out/cache" and t.check == "cameras_are_set"]


def test_a_crashing_check_becomes_a_warning_and_others_still_run(tmp_path):
    @check(order=5, hosts=("blender",))
    def explodes(scene, options):
        raise RuntimeError("boom")
        yield  # pragma: no cover

    try:
        report = validate(blender_scene(tmp_path, cameras=[]))
        assert any(
            t.check == "explodes" and "boom" in t.message and t.severity == WARNING for t in report.tips
        )
        assert any(t.code == "46003" for t in report.tips)
    finally:
        CHECKS[:] = [c for c in CHECKS if c.name != "explodes"]
