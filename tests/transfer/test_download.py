"""Downloads from the real farm: whole task, chosen frames, only new files, resume, verification."""

from __future__ import annotations

import itertools
import os

import pytest
from transfer_helpers import user_dir

from farmhand.transfer import CancelToken, TransferCancelled, TransferError
from farmhand.transfer.client import StorageClient

FRAME_SIZE = 300_000


TASK_IDS = itertools.count(42)


@pytest.fixture
def task_id():
    return next(TASK_IDS)


@pytest.fixture
def task_outputs(farm, task_id):
    """Outputs as a worker leaves them: data_dir/output/<user>/<taskId>_<scene>/..."""
    root = user_dir(farm, "output") / f"{task_id}_shot 01"
    (root / "beauty layer").mkdir(parents=True)
    frames = {}
    for frame in (1, 2, 3):
        path = root / "beauty layer" / f"shot 01.{frame:04d}.exr"
        path.write_bytes(os.urandom(FRAME_SIZE))
        frames[frame] = path
    (root / "render.log").write_bytes(b"log text")
    (root / "beauty layer" / "shot 01.0004.exr.part").write_bytes(b"still rendering")
    return root, frames


def test_list_outputs_describes_finished_files_only(farm, connection, task_id, task_outputs):
    listed = {f["path"]: f for f in StorageClient(connection).list_outputs(task_id)}
    assert set(listed) == {f"beauty layer/shot 01.000{i}.exr" for i in (1, 2, 3)} | {"render.log"}
    assert listed["beauty layer/shot 01.0002.exr"]["frame"] == 2
    assert listed["render.log"]["frame"] is None
    assert StorageClient(connection).list_outputs(999) == []


def test_whole_task_then_only_new_files(tmp_path, farm, make_engine, task_id, task_outputs):
    root, frames = task_outputs
    dest = tmp_path / "frames"
    first = make_engine().download(task_id, dest)
    assert first.files_downloaded == 4 and first.bytes_received == 3 * FRAME_SIZE + 8
    for source in frames.values():
        assert (dest / "beauty layer" / source.name).read_bytes() == source.read_bytes()

    (root / "beauty layer" / "shot 01.0004.exr").write_bytes(os.urandom(FRAME_SIZE))
    second = make_engine().download(task_id, dest)
    assert second.files_downloaded == 1 and second.files_skipped == 4
    assert second.bytes_received == FRAME_SIZE


def test_only_given_frames(tmp_path, farm, make_engine, task_id, task_outputs):
    report = make_engine().download(task_id, tmp_path / "d", frames=[2])
    assert [os.path.basename(p) for p in report.paths] == ["shot 01.0002.exr"]
    assert not (tmp_path / "d" / "render.log").exists()


def test_resume_from_a_part_file_with_range(tmp_path, farm, make_engine, task_id, task_outputs):
    _root, frames = task_outputs
    dest = tmp_path / "d"
    part = dest / "beauty layer" / "shot 01.0001.exr.part"
    part.parent.mkdir(parents=True)
    part.write_bytes(frames[1].read_bytes()[:100_000])

    report = make_engine().download(task_id, dest, frames=[1])

    assert report.bytes_resumed == 100_000 and report.bytes_received == FRAME_SIZE - 100_000
    assert (dest / "beauty layer" / "shot 01.0001.exr").read_bytes() == frames[1].read_bytes()
    assert not part.exists()


def test_a_corrupt_part_fails_verification_and_leaves_no_final_file(
    tmp_path, farm, make_engine, task_id, task_outputs
):
    dest = tmp_path / "d"
    part = dest / "beauty layer" / "shot 01.0001.exr.part"
    part.parent.mkdir(parents=True)
    part.write_bytes(b"\0" * 100_000)  # not the first bytes of the frame

    with pytest.raises(TransferError, match="failed verification"):
        make_engine().download(task_id, dest, frames=[1])
    assert not (dest / "beauty layer" / "shot 01.0001.exr").exists() and not part.exists()

    report = make_engine().download(task_id, dest, frames=[1])  # a clean retry succeeds
    assert report.files_downloaded == 1


def test_cancelled_download_leaves_only_a_part_file(tmp_path, farm, make_engine, task_id, task_outputs):
    token = CancelToken()

    def progress(event):
        if event.bytes_done > 0:
            token.cancel()

    dest = tmp_path / "d"
    with pytest.raises(TransferCancelled):
        make_engine(workers=1).download(task_id, dest, frames=[3], progress=progress, cancel=token)
    assert not (dest / "beauty layer" / "shot 01.0003.exr").exists()
    report = make_engine().download(task_id, dest, frames=[3])
    assert report.files_downloaded == 1


LAYERED_MAYA_TASK = {
    "task_info": {
        "enable_layered": "1",
        "input_cg_file": "D:/proj/scenes/shot020.ma",
        "frames_per_task": "1",
        "pre_frames": "000",
        "stop_after_test": "2",
        "cg_id": "2000",
        "platform": "2",
        "tiles": "1",
    },
    "software_config": {"cg_name": "Maya", "cg_version": "2023", "plugins": {}},
    "scene_info": {},
    "scene_info_render": {
        "beauty": {"renderable": "1", "common": {"frames": "1-2[1]", "render_camera": ["camShape"]}},
        "fx": {"renderable": "1", "common": {"frames": "1-2[1]", "render_camera": ["camShape"]}},
    },
}


def test_a_layered_task_downloads_every_layer(tmp_path, farm, make_engine):
    """Submitted through the real protocol: each layer is a sub-task with its own outputs folder."""
    client = farm.client()
    task_id = client.create_task_id()
    client.upload_task_json(task_id, LAYERED_MAYA_TASK, "task.json")
    client.submit_task(task_id)
    layers = client.get_task(task_id)["respRenderingTaskList"]
    assert len(layers) == 2
    rendered = {}
    for layer in layers:  # what a worker leaves: <outputFileName>/<frame files>
        folder = user_dir(farm, "output") / layer["outputFileName"]
        folder.mkdir(parents=True, exist_ok=True)
        data = os.urandom(10_000)
        (folder / "shot020.0001.exr").write_bytes(data)
        rendered[f"{layer['outputFileName']}/shot020.0001.exr"] = data

    report = make_engine().download(task_id, tmp_path / "d")

    assert report.files_downloaded == 2
    for relative, data in rendered.items():
        assert (tmp_path / "d" / relative).read_bytes() == data
