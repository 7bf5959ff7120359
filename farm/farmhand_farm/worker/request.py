"""One claimed frame record, seen from the renderer's side: scene file, frames, cameras, where to write.

Built from the claim and the task's job files (``cfg/task.json``, ``cfg/upload.json``).
Every path that comes from a job file is confined to the user's input storage,
so a crafted task.json cannot make a renderer read outside it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, List, Optional

from farmhand.paths import to_server_path
from farmhand_farm.dispatch import FrameClaim
from farmhand_farm.envelope import ApiError
from farmhand_farm.storage_paths import input_target

BLENDER, MAYA, MAX, HOUDINI = 2007, 2000, 2001, 2004


class RequestError(Exception):
    """The task's job files do not describe something this farm can render; the message says why."""


@dataclass
class RenderRequest:
    claim: FrameClaim
    task: Dict[str, Any]
    scene_path: Path
    staging: Path

    @property
    def cg_id(self) -> int:
        return task_cg_id(self.task)

    @property
    def frames(self) -> List[int]:
        return list(self.claim.frames)

    @property
    def task_json(self) -> Path:
        return self.claim.cfg_dir / "task.json"

    def common(self) -> Dict[str, Any]:
        """``scene_info_render.common`` (Blender, 3ds Max), else an empty dict."""
        scene = self.task.get("scene_info_render") or self.task.get("scene_info") or {}
        common = scene.get("common") if isinstance(scene, dict) else None
        return common if isinstance(common, dict) else {}

    def unit_info(self) -> Dict[str, Any]:
        """The Maya layer's ``common`` block for this claim's unit, if any."""
        scene = self.task.get("scene_info_render") or {}
        entry = scene.get(self.claim.unit) if isinstance(scene, dict) else None
        common = entry.get("common") if isinstance(entry, dict) else None
        return common if isinstance(common, dict) else {}


def read_task(claim: FrameClaim) -> Dict[str, Any]:
    return _read_json(claim.cfg_dir / "task.json", required=True)


def task_cg_id(task: Dict[str, Any]) -> int:
    text = str(task.get("task_info", {}).get("cg_id", "")).strip()
    if not text.isdigit():
        raise RequestError(f"task.json task_info.cg_id {text!r} is not a software id")
    return int(text)


def build_request(claim: FrameClaim, staging: Path, task: Dict[str, Any]) -> RenderRequest:
    upload = _read_json(claim.cfg_dir / "upload.json", required=False)
    return RenderRequest(claim, task, scene_location(claim.input_root, task, upload), staging)


def scene_location(input_root: Path, task: Dict[str, Any], upload: Optional[Dict[str, Any]]) -> Path:
    """Where the uploaded scene is: upload.json's scene entry, else task_info.input_cg_file mapped."""
    server = _upload_scene(upload)
    if server is None:
        local = str(task.get("task_info", {}).get("input_cg_file", "")).strip()
        if not local:
            raise RequestError("task.json has no task_info.input_cg_file: which scene should be rendered?")
        try:
            server = to_server_path(local)
        except ValueError as exc:
            raise RequestError(f"task.json input_cg_file {local!r}: {exc}") from None
    try:
        path = input_target(input_root, server)
    except ApiError as exc:
        raise RequestError(str(exc)) from None
    if not path.is_file():
        raise RequestError(f"the scene {server} was not uploaded to this farm (looked for {path})")
    return path


def _upload_scene(upload: Optional[Dict[str, Any]]) -> Optional[str]:
    scene = (upload or {}).get("scene")
    entry = scene[0] if isinstance(scene, list) and scene else scene
    if isinstance(entry, dict) and isinstance(entry.get("server"), str) and entry["server"]:
        return entry["server"]
    return None


def _read_json(path: Path, required: bool) -> Dict[str, Any]:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        if required:
            raise RequestError(f"the task has no {path.name} (looked in {path.parent})") from None
        return {}
    except (OSError, ValueError) as exc:
        raise RequestError(f"cannot read {path.name}: {exc}") from None
    if not isinstance(document, dict):
        raise RequestError(f"{path.name} is not a JSON object")
    return document
