"""Rentaflop end to end against the loopback API and the strict S3 stand-in."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from provider_constants import RENTAFLOP_KEY
from servers.rentaflop_api import OUTPUTS, UPLOADS

from farmhand.errors import FarmhandError
from farmhand.options import JobOptions
from farmhand.providers.base import DONE
from farmhand.providers.rentaflop_client import RentaflopClient, RentaflopError
from farmhand.scenes import read_scene
from farmhand.submit import Submission
from farmhand.transfer.cancel import CancelToken
from farmhand.validate.tips import ERROR, WARNING


def _submit(provider, scene_file, tmp_path, **options):
    scene = read_scene(str(scene_file))
    events = []
    submission = Submission(
        scene,
        JobOptions(**options),
        provider,
        on_event=events.append,
        download_dir=str(tmp_path / "out"),
    )
    return submission.run(), events


def test_round_trip_with_textures(rentaflop, rentaflop_provider, textured_project, tmp_path):
    result, events = _submit(rentaflop_provider, textured_project, tmp_path)

    assert result.status == DONE
    assert result.final.frames_total == result.final.frames_done == 12
    job = next(iter(rentaflop.jobs.values()))
    # The farm opened the scene from the zip and found both textures through its // paths
    # (one above the scene's folder, one below).
    assert job.blend == "scenes/shot.blend"
    assert len(job.textures_found) == 2 and job.textures_missing == []
    key = rentaflop.uploads[next(iter(rentaflop.uploads))]
    with zipfile.ZipFile(rentaflop.s3.object_path(UPLOADS, key)) as archive:
        assert archive.namelist() == ["scenes/shot.blend", "scenes/maps/ao.png", "textures/wood.png"]
    assert key.endswith("/shot.zip")
    assert len(result.downloaded) == 12
    assert (tmp_path / "out" / job.job_id / "shot_0001.png").read_bytes()[:4] == b"\x89PNG"
    monitor = [e.task for e in events if e.stage == "monitor"]
    assert monitor[-1].farm_status == "Finished"
    assert [s.frames_done for s in monitor] == sorted(s.frames_done for s in monitor)
    assert not list((tmp_path / "out").glob(".rentaflop-*"))  # the archive is removed once unpacked
    assert rentaflop.calls[:4] == ["upload", "confirm-upload", "render", "progress"]


def test_bare_blend_is_posted_as_is(rentaflop, rentaflop_provider, tmp_path):
    """A scene without dependencies goes as the .blend itself, driven verb by verb."""
    from provider_constants import SAMPLES

    from farmhand.jobfiles import build_job

    scene_file = tmp_path / "basic.blend"
    scene_file.write_bytes((SAMPLES / "basic_file.blend").read_bytes())
    job = build_job(read_scene(str(scene_file)))
    provider = rentaflop_provider
    task_id = provider.create_task(job, JobOptions(cg_version="2.93.18"))  # the sample is from 2.79
    sent = provider.upload(task_id, job, None, CancelToken())
    provider.submit(task_id)
    key = rentaflop.uploads[next(iter(rentaflop.uploads))]
    assert key.endswith("/basic.blend") and sent.bytes_uploaded == scene_file.stat().st_size
    assert rentaflop.s3.object_path(UPLOADS, key).read_bytes() == scene_file.read_bytes()
    post = next(r for r in rentaflop.s3.requests if r["method"] == "POST")
    assert post["fields"] == [
        "key",
        "x-amz-algorithm",
        "x-amz-credential",
        "x-amz-date",
        "policy",
        "x-amz-signature",
    ]
    assert post["after_file"] == []
    assert next(iter(rentaflop.jobs.values())).total_frames == 250  # the sample's saved range
    assert provider.status(task_id).frames_total == 250


def test_version_from_the_scene_profile_or_options(rentaflop, rentaflop_provider, textured_project, tmp_path):
    """The file only says 4.5: a warning first, then Rentaflop's refusal naming the version sent."""
    rentaflop_provider.blender_version = ""
    tips = rentaflop_provider.check(read_scene(str(textured_project)), JobOptions())
    assert any(t.severity == WARNING and "full Blender version" in t.message for t in tips)
    with pytest.raises(RentaflopError, match=r"status 400\): blender_version '4\.5' is not available"):
        _submit(rentaflop_provider, textured_project, tmp_path)
    result, _ = _submit(rentaflop_provider, textured_project, tmp_path, cg_version="4.2.3")
    assert result.status == DONE
    rentaflop_provider.blender_version = "4.5.3"
    assert not any(
        "full Blender version" in t.message
        for t in rentaflop_provider.check(read_scene(str(textured_project)), JobOptions())
    )


def test_a_wrong_key_is_a_clear_error_without_the_key(rentaflop):
    client = RentaflopClient("wrong-key-abcdef", f"{rentaflop.url}/v1")
    with pytest.raises(RentaflopError) as caught:
        client.upload("scene.blend")
    assert "status 401" in str(caught.value) and "invalid api key" in str(caught.value)
    assert "wrong-key-abcdef" not in str(caught.value) + repr(client)


def test_check_tips_for_what_rentaflop_cannot_do(rentaflop_provider, textured_project):
    scene = read_scene(str(textured_project), frames="1-10[1]")
    tips = rentaflop_provider.check(scene, JobOptions(frames="1-10[1]"))
    assert any(t.severity == ERROR and "frame override" in t.message for t in tips)

    scene = read_scene(str(textured_project))
    scene.units[0].enabled = False
    scene.dependencies[0].path = "/abs/textures/wood.png"
    tips = rentaflop_provider.check(scene, JobOptions())
    assert any(t.severity == WARNING and "Use for Rendering" in t.message for t in tips)
    assert any(t.severity == WARNING and "absolute paths" in t.message for t in tips)

    scene = read_scene(str(textured_project))
    scene.units[0].frames = "5-9[1]"
    tips = rentaflop_provider.check(scene, JobOptions())
    assert [t.unit for t in tips if t.severity == ERROR] == [scene.units[0].name]


def test_check_refuses_other_hosts(rentaflop_provider):
    from farmhand.model import SceneDescription

    tips = rentaflop_provider.check(SceneDescription("maya", "/x/shot.ma"), JobOptions())
    assert [t.severity for t in tips] == [ERROR] and "blender" in tips[0].message


def test_expired_upload_policy_is_an_s3_error(rentaflop, rentaflop_provider, textured_project, tmp_path):
    rentaflop.upload_expires = -5
    with pytest.raises(FarmhandError, match=r"AccessDenied: Invalid according to Policy: Policy expired"):
        _submit(rentaflop_provider, textured_project, tmp_path)
    assert "confirm-upload" not in rentaflop.calls


def test_too_large_file_is_entity_too_large(rentaflop, rentaflop_provider, textured_project, tmp_path):
    rentaflop.max_size = 100
    with pytest.raises(FarmhandError, match=r"HTTP 400\): EntityTooLarge"):
        _submit(rentaflop_provider, textured_project, tmp_path)


def test_interrupted_download_resumes_with_a_range(rentaflop, rentaflop_provider, textured_project, tmp_path):
    scene = read_scene(str(textured_project))
    submission = Submission(scene, JobOptions(), rentaflop_provider, wait=True)
    result = submission.run()
    archive = rentaflop.s3.object_path(OUTPUTS, f"{next(iter(rentaflop.jobs))}/output.zip")
    rentaflop.s3.cut_next_get = 100_000
    files = rentaflop_provider.download(result.task_id, str(tmp_path / "out"))
    gets = [r for r in rentaflop.s3.requests if r["method"] == "GET"]
    # Whole 64 KiB blocks that arrived before the cut are kept; the rest is asked for by Range.
    assert [g["range"] for g in gets] == [None, "bytes=65536-"]
    assert gets[1]["if_range"]  # the resume is conditional on the object being unchanged
    assert archive.stat().st_size > 100_000
    assert len(files) == 12
    assert all(Path(f).read_bytes()[:4] == b"\x89PNG" for f in files)


def test_status_of_an_unknown_job_is_a_clear_error(rentaflop_provider):
    with pytest.raises(RentaflopError, match="unknown job_id"):
        rentaflop_provider.status("nonexistent")


def test_rentaflop_cannot_choose_frames_to_download(rentaflop_provider, tmp_path):
    with pytest.raises(FarmhandError, match="one archive"):
        rentaflop_provider.download("x", str(tmp_path), frames=[1])


def test_key_never_logged(rentaflop, rentaflop_provider, textured_project, tmp_path, caplog):
    caplog.set_level("DEBUG")
    _submit(rentaflop_provider, textured_project, tmp_path)
    assert RENTAFLOP_KEY not in caplog.text


def test_progress_follows_the_render(rentaflop, rentaflop_provider, textured_project):
    """States as the job advances (the stand-in's clock is driven by hand, one frame per second)."""
    from farmhand.jobfiles import build_job
    from farmhand.providers.base import RENDERING, WAITING

    now = [1000.0]
    rentaflop.clock = lambda: now[0]
    rentaflop.frame_seconds = 1.0
    job = build_job(read_scene(str(textured_project)))
    task_id = rentaflop_provider.create_task(job, JobOptions())
    rentaflop_provider.upload(task_id, job, None, CancelToken())
    rentaflop_provider.submit(task_id)
    seen = []
    for advance in (0, 5, 6, 10):
        now[0] += advance
        state = rentaflop_provider.status(task_id)
        seen.append((state.status, state.farm_status, state.frames_done, state.frames_total))
    assert seen == [
        (WAITING, "In progress", 0, 12),
        (RENDERING, "In progress", 5, 12),
        (RENDERING, "In progress", 11, 12),
        (DONE, "Finished", 12, 12),
    ]


def test_a_file_blender_cannot_open_fails_on_the_farm(rentaflop, rentaflop_provider, tmp_path):
    from farmhand.jobfiles import build_job
    from farmhand.model import RenderUnit, SceneDescription
    from farmhand.providers.base import FAILED

    broken = tmp_path / "broken.blend"
    broken.write_bytes(b"BLENDER-v405" + b"\0" * 64)
    unit = RenderUnit("Scene/ViewLayer", "view_layer", frames="1-10[1]")
    job = build_job(SceneDescription("blender", str(broken), host_version="4.5", units=[unit]))
    task_id = rentaflop_provider.create_task(job, JobOptions())
    rentaflop_provider.upload(task_id, job, None, CancelToken())
    rentaflop_provider.submit(task_id)
    state = rentaflop_provider.status(task_id)
    assert (state.status, state.farm_status, state.finished) == (FAILED, "Failed", True)
