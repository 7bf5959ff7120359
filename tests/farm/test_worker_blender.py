"""Real Blender renders through the farm's worker pool: a bpy-made scene, uploaded, submitted, rendered."""

from __future__ import annotations

import io
import shutil

import pytest
import requests
from farm_jobs import MAYA_TASK, job
from worker_helpers import (
    FRAME_DONE,
    FRAME_FAILED,
    blender_scene,
    frames_of,
    log_text,
    make_blend,
    submit,
    wait_for_task,
)

from farmhand.transfer import FarmConnection, HashCache, HttpEngine

pytest.importorskip("bpy")
Image = pytest.importorskip("PIL.Image")


def orange(rgb) -> bool:
    return rgb[0] > rgb[1] > rgb[2] and rgb[0] - rgb[2] > 80


def blue(rgb) -> bool:
    return rgb[2] > rgb[0] + 60 and rgb[2] > rgb[1]


def red(rgb) -> bool:  # the linked library's glowing ball
    return rgb[0] > 150 and rgb[1] < 60 and rgb[2] < 60


@pytest.fixture(scope="module")
def render_farm(rendering_farm):
    return rendering_farm


@pytest.fixture(scope="module")
def rendered(render_farm, tmp_path_factory):
    """One 3-frame Blender task (2 frames per record) rendered from storage after the project is gone."""
    root = tmp_path_factory.mktemp("blender-project")
    blend = make_blend(root / "proj")
    task_id = submit(render_farm, blender_scene(blend), root / "home", frames_per_task=2)
    # Only the farm's stored copies can be used now: the texture is named by an absolute path.
    shutil.rmtree(root / "proj")
    info = wait_for_task(render_farm, task_id)
    return task_id, info


def test_every_frame_record_is_done_and_the_task_finished(render_farm, rendered):
    task_id, info = rendered
    assert info["taskStatus"] == 25
    frames = frames_of(render_farm, task_id)
    assert sorted(f["frameIndex"] for f in frames) == ["1-2[1]", "3"]
    assert all(f["frameStatus"] == FRAME_DONE for f in frames)
    assert all(f["startTime"] and f["endTime"] >= f["startTime"] for f in frames)


def test_outputs_are_listed_by_frame_and_downloadable_and_not_blank(render_farm, rendered, tmp_path):
    task_id, _ = rendered
    with HashCache(tmp_path / "hashes.db") as cache:
        engine = HttpEngine(_connection(render_farm), cache=cache)
        engine.download(task_id, tmp_path / "all")
        engine.download(task_id, tmp_path / "only3", frames=[3])
    names = sorted(p.name for p in (tmp_path / "all").rglob("*.png"))
    assert names == ["cube_0001.png", "cube_0002.png", "cube_0003.png"]
    assert [p.name for p in (tmp_path / "only3").rglob("*.png")] == ["cube_0003.png"]
    for path in (tmp_path / "all").rglob("*.png"):
        with Image.open(path) as image:
            assert image.size == (64, 64)
            colours = set(image.convert("RGB").get_flattened_data())
        assert len(colours) > 50, f"{path.name} looks blank"
        assert any(map(orange, colours)) and any(map(blue, colours)), f"{path.name} lacks the checker texture"
        assert any(map(red, colours)), f"{path.name} lacks the ball linked from the library"


def test_output_tree_lists_the_task_folder_and_its_frames(render_farm, rendered):
    task_id, _ = rendered
    client = render_farm.client()
    (folder,) = client.output_files("/", task_id)
    assert folder["directory"] and folder["fileName"] == f"{task_id}_shot"
    files = client.output_files(folder["filePath"], task_id)
    assert sorted(f["fileName"] for f in files) == ["cube_0001.png", "cube_0002.png", "cube_0003.png"]


def test_logs_name_the_remapped_texture_and_each_output(render_farm, rendered):
    task_id, _ = rendered
    first = next(f for f in frames_of(render_farm, task_id) if f["frameIndex"] == "1-2[1]")
    text = log_text(render_farm, first["id"])
    assert "farmhand: images 'checker'" in text and "farmhand: library 'props.blend'" in text
    assert "NOT UPLOADED" not in text
    assert "farmhand-output 1 cube_0001.png" in text and "farmhand-output 2 cube_0002.png" in text


def test_thumbnails_in_the_progress_image_and_for_each_frame(render_farm, rendered):
    task_id, _ = rendered
    client = render_farm.client()
    progress = client.task_progress_image(task_id)
    urls = [grab["grabUrl"] for grab in progress["grabInfo"][0]]
    assert all(url.startswith("/api/farmhand/thumbnail/") for url in urls)
    for frame in frames_of(render_farm, task_id):
        assert client.frame_thumbnail(frame["id"]) == "SUCCESS"
    response = _signed_get(render_farm, urls[0])
    assert response.headers["content-type"] == "image/jpeg"
    with Image.open(io.BytesIO(response.content)) as preview:
        assert max(preview.size) <= 160 and len(set(preview.get_flattened_data())) > 20


def test_a_maya_task_without_a_renderer_fails_at_once_naming_it(render_farm):
    client = render_farm.client()
    task_id = client.create_task_id()
    client.upload_task_json(task_id, job(MAYA_TASK, enable_layered="0", task_id=str(task_id)), "task.json")
    client.submit_task(task_id)
    info = wait_for_task(render_farm, task_id, timeout=30)
    assert info["taskStatus"] == 45
    frames = frames_of(render_farm, task_id)
    assert frames and all(f["frameStatus"] == FRAME_FAILED for f in frames)
    text = log_text(render_farm, frames[0]["id"])
    assert "Maya's command-line renderer (Render) is not configured" in text
    assert "FARMHAND_FARM_MAYA_RENDER" in text


def _signed_get(farm, path: str) -> requests.Response:
    headers = _connection(farm).signed_headers(path, {})
    response = requests.get(farm.url + path, headers=headers, timeout=30)
    response.raise_for_status()
    return response


def test_signed_get_is_refused_for_a_bad_signature(render_farm, rendered):
    task_id, _ = rendered
    frame = frames_of(render_farm, task_id)[0]
    path = f"/api/farmhand/thumbnail/{frame['id']}"
    response = requests.get(render_farm.url + path, headers={"accessId": render_farm.access_id}, timeout=30)
    assert response.json()["code"] in (610, 611)


def _connection(farm) -> FarmConnection:
    return FarmConnection(farm.url, farm.access_id, farm.access_key)


def test_a_tiled_frame_renders_in_strips_and_merges_into_the_same_picture(render_farm, rendered, tmp_path):
    task_id, _ = rendered
    blend = make_blend(tmp_path / "proj")
    tiled = submit(render_farm, blender_scene(blend, "1"), tmp_path / "home", tiles=2)
    assert wait_for_task(render_farm, tiled)["taskStatus"] == 25
    records = frames_of(render_farm, tiled)
    assert sorted((r["frameIndex"], r["frameBlock"]) for r in records) == [("1", "1"), ("1", "2")]
    with HashCache(tmp_path / "hashes.db") as cache:
        engine = HttpEngine(_connection(render_farm), cache=cache)
        engine.download(tiled, tmp_path / "tiled")
        engine.download(task_id, tmp_path / "whole", frames=[1])
    assert [p.name for p in (tmp_path / "tiled").rglob("*") if p.is_file()] == ["cube_0001.png"]
    (strips,) = (tmp_path / "tiled").rglob("cube_0001.png")
    (whole,) = (tmp_path / "whole").rglob("cube_0001.png")
    with Image.open(strips) as a, Image.open(whole) as b:
        pairs = list(zip(a.convert("RGB").get_flattened_data(), b.convert("RGB").get_flattened_data()))
    difference = sum(abs(x - y) for p, q in pairs for x, y in zip(p, q)) / (len(pairs) * 3)
    assert difference < 2.0, f"the merged strips differ from the whole frame by {difference:.2f} per channel"
