"""The N-panel's data in real bpy: the scene build_scene.py makes (textures, UDIMs, sequences, a linked
library, missing files, two scenes), the settings saved in the .blend, validation blocking Submit.
"""

from __future__ import annotations

import json
import os
from types import SimpleNamespace

import addon_fixtures
import pytest
from addon_fixtures import drive, farm_profile, open_blend, write_profiles

bpy = pytest.importorskip("bpy")

pytestmark = pytest.mark.blender
addon, home = addon_fixtures.addon, addon_fixtures.home


@pytest.fixture
def shot(addon, built, request):
    """A copy of the built shot.blend, beside it so its // paths still resolve, open in this process.

    Submitting saves the file, so tests must never work on the shared original.
    """
    open_blend(os.path.join(built, "shot.blend"))
    path = os.path.join(built, f"shot_{request.node.name}.blend")
    bpy.ops.wm.save_as_mainfile(filepath=path)
    yield path
    bpy.ops.wm.read_factory_settings(use_empty=True)
    for leftover in (path, path + "1"):
        if os.path.exists(leftover):
            os.remove(leftover)


def set_movie_output(scene) -> None:
    """Blender 5.0 picks movies with ``media_type``; 4.x lists FFMPEG among the file formats."""
    settings = scene.render.image_settings
    if hasattr(settings, "media_type"):
        settings.media_type = "VIDEO"
    settings.file_format = "FFMPEG"


def set_image_output(scene) -> None:
    settings = scene.render.image_settings
    if hasattr(settings, "media_type"):
        settings.media_type = "IMAGE"
    settings.file_format = "PNG"


def blend_bytes(path: str) -> bytes:
    """A saved .blend's content (Blender 5.0 compresses with zstd by default)."""
    with open(path, "rb") as handle:
        content = handle.read()
    if content.startswith(b"\x28\xb5\x2f\xfd"):
        import zstandard

        content = zstandard.ZstdDecompressor().stream_reader(content).read()
    return content


def model():
    from blender_addon.farmhand_blender.panel_model import panel_model

    return panel_model(bpy.context)


def test_files_are_listed_with_their_datablocks_and_missing_ones_first(shot, built):
    current = model()
    assert current.analysed and not current.analysis_error
    by_path = {row.path: row for row in current.dependencies}
    missing = by_path["//textures/not_there.png"]
    assert (missing.datablock, missing.kind, missing.found, missing.missing) == (
        'bpy.data.images["missing"]',
        "texture",
        0,
        1,
    )
    assert by_path["//ies/profile.ies"].missing == 1
    assert current.dependencies[0].missing and not current.dependencies[-1].missing
    assert {row.path for row in current.missing} == {"//textures/not_there.png", "//ies/profile.ies"}
    udim = by_path["//textures/udim.<UDIM>.png"]
    assert (udim.found, udim.missing, udim.datablock) == (2, 0, 'bpy.data.images["udim.1001.png"]')
    sequence = next(
        row for row in current.dependencies if row.datablock == 'bpy.data.images["frame.0001.png"]'
    )
    assert (sequence.found, sequence.missing) == (3, 0)  # frames 1-3 of the 4 on disk
    library = by_path["//lib/lib.blend"]
    assert (library.kind, library.found, library.datablock) == (
        "library",
        1,
        'bpy.data.libraries["lib.blend"]',
    )
    assert by_path["//textures/lib_color.png"].found == 1  # the linked library's own texture
    assert not [row for row in current.dependencies if "packed" in row.datablock]


def test_layers_cameras_and_outputs_as_blender_writes_them(shot, built, inhost):
    current = model()
    layers = {(row.scene, row.layer): row for row in current.layers}
    assert set(layers) == {("Shot", "Beauty"), ("Shot", "Holdout"), ("Alt", "ViewLayer")}
    # Defaults follow Blender: the active scene's layers that are used for rendering.
    assert layers["Shot", "Beauty"].render and not layers["Shot", "Beauty"].chosen
    assert not layers["Shot", "Holdout"].render and not layers["Alt", "ViewLayer"].render
    # Frame 1 renders with the first marker's camera, CamB; the job files list the same.
    assert layers["Shot", "Beauty"].cameras == inhost.unit("Shot/Beauty").cameras
    assert layers["Shot", "Beauty"].cameras[:2] == ["CamB", "CamA"]
    assert layers["Alt", "ViewLayer"].cameras == ["CamC"]
    outputs = {row.scene: row for row in current.outputs}
    shot_out = outputs["Shot"]
    assert (shot_out.width, shot_out.height, shot_out.percentage) == (32, 24, 50)
    assert shot_out.frame_path == os.path.join(built, "render", "shot_0001.png")
    assert (shot_out.file_format, shot_out.is_movie, shot_out.engine) == ("PNG", False, "CYCLES")
    assert outputs["Alt"].frame_path == os.path.join(built, "render", "alt", "0010.exr")


def test_missing_files_warn_but_do_not_block_submit(shot):
    current = model()
    assert not current.errors
    missing = [tip for tip in current.warnings if tip.message == "missing texture file"]
    assert [tip.subject.split(", ")[0] for tip in missing] == ['bpy.data.images["missing"].filepath']
    assert current.can_submit and current.blocked == ""


def test_frames_default_to_the_scene_and_a_bad_spec_says_where(shot):
    settings = bpy.context.scene.farmhand
    assert model().frames.spec == "1-3[1]" and not model().frames.custom
    settings.use_custom_frames = True
    assert settings.frames == "1-3[1]"  # the custom spec starts from the scene's range
    settings.frames = "1-3[1"
    frames = model().frames
    assert frames.error and frames.position == 5
    assert "position 5" in frames.error
    assert model().blocked == "the frame spec is not valid"
    settings.frames = "2, 3"
    assert model().frames.spec == "2-3[1]" and not model().blocked


def test_movie_output_and_no_layer_are_errors_that_block_submit(shot):
    from blender_addon.farmhand_blender.background import RUNNER

    before = RUNNER.job
    scene = bpy.context.scene
    set_movie_output(scene)
    bpy.ops.farmhand.check_scene()
    current = model()
    assert next(row for row in current.outputs if row.scene == "Shot").is_movie
    assert any("movie" in tip.message for tip in current.errors)
    assert current.blocked == f"{len(current.errors)} error(s) to fix"
    with pytest.raises(RuntimeError, match="not submitted: .*movie"):
        bpy.ops.farmhand.submit()
    assert not RUNNER.busy and RUNNER.job is before

    set_image_output(scene)
    scene.view_layers["Beauty"].farmhand_render = False
    bpy.ops.farmhand.check_scene()
    assert any("enable at least one" in tip.message for tip in model().errors)
    with pytest.raises(RuntimeError, match="not submitted"):
        bpy.ops.farmhand.submit()
    assert RUNNER.job is before


def test_changing_a_setting_marks_the_analysis_stale_until_checked_again(shot):
    assert not model().stale
    set_movie_output(bpy.context.scene)  # a scene edit Farmhand cannot see
    bpy.context.scene.farmhand.frames = "1"
    assert model().stale and model().blocked == ""  # Submit re-checks, so it stays enabled
    bpy.ops.farmhand.check_scene()
    assert not model().stale and model().blocked


def test_choices_are_saved_in_the_blend_and_credentials_are_not(shot, home, tmp_path):
    write_profiles(
        home,
        {
            "studio": {
                "farm": "local",
                "url": "http://127.0.0.1:9",
                "access_id": "AK",
                "access_key": "s3cr3t-key",
            }
        },
    )
    scene = bpy.context.scene
    settings = scene.farmhand
    assert "studio" in model().profiles and "local" in model().profiles
    settings.profile = "studio"
    settings.project, settings.job_name, settings.priority = "Commercial", "shot 10", 60
    settings.use_custom_frames, settings.frames = True, "1,3"
    settings.auto_download, settings.download_dir = False, "//frames/"
    scene.view_layers["Beauty"].farmhand_render = False
    scene.view_layers["Holdout"].farmhand_render = True
    bpy.data.scenes["Alt"].view_layers[0].farmhand_render = True
    saved = str(tmp_path / "choices.blend")
    bpy.ops.wm.save_as_mainfile(filepath=saved, copy=True)

    bpy.ops.wm.read_factory_settings(use_empty=True)
    open_blend(saved)
    scene = bpy.context.scene
    settings = scene.farmhand
    assert (settings.profile, settings.project, settings.job_name, settings.priority) == (
        "studio",
        "Commercial",
        "shot 10",
        60,
    )
    assert (settings.use_custom_frames, settings.frames) == (True, "1,3")
    assert (settings.auto_download, settings.download_dir) == (False, "//frames/")
    layers = {(row.scene, row.layer): (row.render, row.chosen) for row in model().layers}
    assert layers == {
        ("Shot", "Beauty"): (False, True),
        ("Shot", "Holdout"): (True, True),
        ("Alt", "ViewLayer"): (True, True),
    }
    content = blend_bytes(saved)
    assert b"studio" in content and b"s3cr3t-key" not in content and b"127.0.0.1:9" not in content
    # A profile this machine's config lacks is kept, not silently swapped for another farm.
    write_profiles(home, {})
    assert settings.profile == "studio"
    assert model().profiles == ["local"]


def test_task_json_preview_is_what_would_be_sent(shot):
    scene = bpy.context.scene
    scene.farmhand.project = "Preview"
    scene.farmhand.use_custom_frames, scene.farmhand.frames = True, "2-3[1]"
    scene.view_layers["Holdout"].farmhand_render = True
    assert bpy.ops.farmhand.preview_task(to_text=True) == {"FINISHED"}
    task = json.loads(bpy.data.texts["farmhand_task.json"].as_string())
    common = task["scene_info"]["common"]
    assert common["view_layers"] == ["Beauty", "Holdout"]
    assert common["frames"] == "2-3[1]" and common["scene_name"] == ["Shot"]
    assert task["task_info"]["project_name"] == "Preview"
    assert task["additional_info"]["job_name"] == os.path.splitext(os.path.basename(shot))[0]
    assert model().task_json == bpy.data.texts["farmhand_task.json"].as_string()


def test_unsaved_files_and_refused_saves_are_not_submitted(addon):
    from blender_addon.farmhand_blender.background import RUNNER

    bpy.ops.wm.read_factory_settings(use_empty=True)
    before = RUNNER.job
    assert model().blocked == "save the file first"
    with pytest.raises(RuntimeError, match="never been saved"):
        bpy.ops.farmhand.submit()
    assert RUNNER.job is before


def test_unsaved_changes_are_saved_only_when_accepted(shot, tmp_path):
    from blender_addon.farmhand_blender.background import RUNNER

    path = str(tmp_path / "edited.blend")
    bpy.ops.wm.save_as_mainfile(filepath=path)
    set_movie_output(bpy.context.scene)  # an unsaved edit (with an error)
    assert bpy.data.is_dirty
    before = RUNNER.job
    with pytest.raises(RuntimeError, match="unsaved changes"):
        bpy.ops.farmhand.submit(save_changes=False)
    bpy.ops.wm.open_mainfile(filepath=path)
    assert bpy.context.scene.render.image_settings.file_format == "PNG"  # not saved behind the user's back
    set_movie_output(bpy.context.scene)
    with pytest.raises(RuntimeError, match="not submitted"):
        bpy.ops.farmhand.submit(save_changes=True)  # saved, then refused by validation
    bpy.ops.wm.open_mainfile(filepath=path)
    assert bpy.context.scene.render.image_settings.file_format == "FFMPEG"
    assert RUNNER.job is before


def test_connection_check_runs_in_the_background(shot, home, farm):
    from blender_addon.farmhand_blender.state import STATE

    write_profiles(
        home, {"here": farm_profile(farm), "nowhere": {**farm_profile(farm), "url": "http://127.0.0.1:9"}}
    )
    settings = bpy.context.scene.farmhand
    for name in ("here", "nowhere"):
        settings.profile = name
        assert bpy.ops.farmhand.check_connection() == {"FINISHED"}
        assert model().connection.status in ("checking", "connected", "failed")
        drive(lambda: STATE.connections[settings.profile].status != "checking", 30, STATE.drain_connections)
    assert STATE.connections["here"].status == "connected"
    assert "signed in" in STATE.connections["here"].message
    assert STATE.connections["nowhere"].status == "failed" and STATE.connections["nowhere"].message


class RecordingLayout:
    """Records what a panel's ``draw`` lays out, checking every name against Blender's own RNA.

    Blender builds real layouts only for a window's regions, which ``bpy`` as a module has none
    of; the properties, operators and icons the panels name are checked against the real ones.
    """

    ICONS = {
        item.identifier for item in bpy.types.UILayout.bl_rna.functions["label"].parameters["icon"].enum_items
    }

    def __init__(self, lines):
        self.lines = lines
        self.alert = self.enabled = False
        self.scale_y = 1.0

    def _child(self, *args, **kwargs):
        return RecordingLayout(self.lines)

    row = column = box = _child

    def _icon(self, icon):
        assert icon in self.ICONS, icon

    def label(self, text="", icon="NONE"):
        self._icon(icon)
        self.lines.append(("label", text, self.alert))

    def prop(self, data, name, text=None, icon="NONE"):
        self._icon(icon)
        assert name in data.bl_rna.properties, name
        self.lines.append(("prop", name, text))

    def operator(self, idname, text=None, icon="NONE"):
        self._icon(icon)
        category, name = idname.split(".")
        assert name in dir(getattr(bpy.ops, category)), idname
        self.lines.append(("operator", idname, text))
        return SimpleNamespace()  # what the panel sets on the button (Blender: OperatorProperties)


def draw_all(context):
    from blender_addon.farmhand_blender.panel import CLASSES
    from blender_addon.farmhand_blender.panel_model import panel_model

    lines = []
    for panel in CLASSES:
        panel.draw(SimpleNamespace(layout=RecordingLayout(lines), model=panel_model), context)
    return lines


def test_every_panel_draws_what_the_model_says(shot):
    scene = bpy.context.scene
    scene.farmhand.use_custom_frames, scene.farmhand.frames = True, "1-"
    lines = draw_all(bpy.context)
    labels = [line[1] for line in lines if line[0] == "label"]
    alerts = [line[1] for line in lines if line[0] == "label" and line[2]]
    assert any(text.startswith("at character 3: bad frame spec '1-'") for text in alerts)
    assert "texture: //textures/not_there.png" in alerts and "ies: //ies/profile.ies" in alerts
    assert '    used by bpy.data.images["missing"]' in labels
    assert os.path.join(os.path.dirname(shot), "render", "shot_0001.png") in labels
    assert ("operator", "farmhand.submit", None) in lines and "the frame spec is not valid" in labels
    assert ("prop", "farmhand_render", "Shot / Beauty") in lines
