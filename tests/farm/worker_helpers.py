"""Helpers of the worker tests: a real tiny Blender scene, its submission to a farm, waiting on frames."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional

from farmhand.jobfiles import build_job
from farmhand.model import Dependency, RenderUnit, SceneDescription
from farmhand.options import JobOptions
from farmhand.transfer import FarmConnection, HashCache, HttpEngine, UploadPlan

HERE = Path(__file__).resolve().parent
FRAME_DONE, FRAME_STARTED, FRAME_WAITING, FRAME_FAILED = 4, 2, 1, 5


def make_blend(out_dir: Path, samples: int = 4, size: int = 64) -> Path:
    """A real .blend written by bpy in a child process (bpy wants its own process)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [sys.executable, str(HERE / "make_tiny_blend.py"), str(out_dir), str(samples), str(size)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return out_dir / "shot.blend"


def blender_scene(blend: Path, frames: str = "1-3[1]") -> SceneDescription:
    """What a Blender analyser reports for make_tiny_blend's scene (its real names and paths)."""
    texture = blend.parent / "tex" / "checker.png"
    unit = RenderUnit(
        name="Scene/ViewLayer",
        kind="view_layer",
        frames=frames,
        cameras=["Camera"],
        width=64,
        height=64,
        output="//render/cube_####",
        image_format="PNG",
        renderer="CYCLES",
        settings={"scene": "Scene", "view_layer": "ViewLayer"},
    )
    dependency = Dependency(
        path=str(texture), files=[str(texture)], node="Image:checker", attribute="filepath", kind="texture",
        exists=True,
    )  # fmt: skip
    library = blend.parent / "lib" / "props.blend"
    linked = Dependency(
        path=str(library), files=[str(library)], node="Library:props.blend", attribute="filepath",
        kind="library", exists=True,
    )  # fmt: skip
    return SceneDescription(
        host="blender", scene_file=str(blend), host_version="4.5", renderer="CYCLES", units=[unit],
        dependencies=[dependency, linked], cameras=["Camera"],
    )  # fmt: skip


def submit(farm: Any, scene: SceneDescription, home: Path, **options: Any) -> int:
    """Upload with HttpEngine, deliver the four job files, submit; returns the task id."""
    client = farm.client()
    task_id = client.create_task_id()
    job = build_job(scene, JobOptions(**options))
    job.task["task_info"].update(task_id=str(task_id), user_id=str(client.user_id()))
    with HashCache(home / "hashes.db") as cache:
        engine = HttpEngine(FarmConnection(farm.url, farm.access_id, farm.access_key), cache=cache)
        engine.upload(UploadPlan.from_upload_json(job.upload))
    for name in ("task.json", "upload.json", "asset.json", "tips.json"):
        client.upload_task_json(task_id, job.text(name), name)
    client.submit_task(task_id)
    return task_id


def frames_of(farm: Any, task_id: int) -> List[Dict[str, Any]]:
    return list(farm.client().iter_frames(task_id))


def wait_for(condition: Callable[[], Any], timeout: float = 120.0, what: str = "condition") -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


def wait_for_task(farm: Any, task_id: int, statuses=(25, 30, 45), timeout: float = 180.0) -> Dict[str, Any]:
    def finished() -> Optional[Dict[str, Any]]:
        info = farm.client().get_task(task_id)
        return info if info.get("taskStatus") in statuses else None

    return wait_for(finished, timeout, f"task {task_id} to reach {statuses}")


def render_pid(farm: Any, frame_id: int) -> Optional[int]:
    """The renderer process of a claimed frame, from the farm's lease table (read-only)."""
    with sqlite3.connect(f"file:{farm.data_dir / 'farm.db'}?mode=ro", uri=True, timeout=30) as db:
        row = db.execute(
            "SELECT render_pid FROM frame_leases WHERE frame_id = ? AND node_id != ''", (frame_id,)
        ).fetchone()
    return row[0] if row and row[0] else None


def log_text(farm: Any, frame_id: int) -> str:
    return "\n".join(farm.client().render_log(frame_id, page_size=1000).get("items") or [])


def task_json(farm: Any, task_id: int) -> Dict[str, Any]:
    return json.loads((farm.data_dir / "tasks" / str(task_id) / "cfg" / "task.json").read_text("utf-8"))
