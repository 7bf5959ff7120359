"""The submission pipeline against the real local farm on loopback."""

from __future__ import annotations

import json

import pytest

from farmhand.model import Dependency, RenderUnit, SceneDescription
from farmhand.options import JobOptions
from farmhand.providers import http_farm_provider
from farmhand.submit import Submission, ValidationFailed


@pytest.fixture
def provider(farm):
    return http_farm_provider(farm.url, farm.access_id, farm.access_key)


def make_scene(tmp_path, *, cameras=("Camera",)) -> SceneDescription:
    project = tmp_path / "proj ü"
    (project / "tex").mkdir(parents=True)
    scene_file = project / "shot.blend"
    scene_file.write_bytes(b"BLENDER-v405" + b"\0" * 4096)
    texture = project / "tex" / "wood.png"
    texture.write_bytes(b"\x89PNG" + bytes(range(256)) * 64)
    unit = RenderUnit(
        name="Scene/ViewLayer",
        kind="view_layer",
        frames="1-3[1]",
        cameras=list(cameras),
        image_format="PNG",
        width=64,
        height=64,
        output="//render/f_####",
        renderer="CYCLES",
    )
    dependency = Dependency(
        path="//tex/wood.png",
        files=[str(texture)],
        node="Image:wood",
        attribute="filepath",
        kind="texture",
        exists=True,
    )
    return SceneDescription(
        host="blender",
        host_version="4.5",
        scene_file=str(scene_file),
        units=[unit],
        dependencies=[dependency],
    )


def test_submit_creates_one_task_with_the_job_files_and_uploads(tmp_path, farm, provider):
    events = []
    result = Submission(
        make_scene(tmp_path), JobOptions(project_name="demo"), provider, on_event=events.append
    ).run()
    assert result.task_id and result.status == "submitted"
    assert (result.upload.files_total, result.upload.files_uploaded) == (2, 2)
    assert result.upload.bytes_uploaded > 0
    stages = [event.stage for event in events]
    assert stages.index("validate") < stages.index("create") < stages.index("upload") < stages.index("submit")
    cfg = farm.data_dir / "tasks" / result.task_id / "cfg"
    task = json.loads((cfg / "task.json").read_text(encoding="utf-8"))
    assert task["task_info"]["task_id"] == result.task_id
    assert task["task_info"]["project_name"] == "demo" and task["task_info"]["project_id"] not in ("", "0")
    assert sorted(p.name for p in cfg.iterdir()) == ["asset.json", "task.json", "tips.json", "upload.json"]


def test_unchanged_resubmission_sends_zero_bytes(tmp_path, provider):
    scene = make_scene(tmp_path)
    first = Submission(scene, JobOptions(), provider).run()
    second = Submission(scene, JobOptions(), provider).run()
    assert second.task_id != first.task_id
    assert second.upload.bytes_uploaded == 0
    assert second.upload.bytes_skipped == first.upload.bytes_uploaded + first.upload.bytes_skipped


def test_validation_errors_stop_before_the_farm_hears_of_it(tmp_path, farm, provider):
    before = list(farm.client().iter_tasks())
    with pytest.raises(ValidationFailed, match="no renderable camera"):
        Submission(make_scene(tmp_path, cameras=()), JobOptions(), provider).run()
    assert list(farm.client().iter_tasks()) == before


def test_background_submission_reports_through_join(tmp_path, provider):
    submission = Submission(make_scene(tmp_path), JobOptions(), provider)
    submission.start()
    result = submission.join(timeout=60)
    assert result.status == "submitted"


def test_a_farm_that_ignores_the_scene_is_not_blocked_by_its_problems(tmp_path, provider):
    """SRP-like farms render a stored collection: the open scene's errors do not stop them."""
    from dataclasses import replace

    provider.capabilities = replace(provider.capabilities, uses_scene=False)
    result = Submission(make_scene(tmp_path, cameras=()), JobOptions(), provider).run()
    assert result.status == "submitted" and not result.report.has_errors
