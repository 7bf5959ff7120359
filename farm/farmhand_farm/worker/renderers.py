"""The command lines that render one claim, per host, always as argument lists (never a shell).

Blender renders with ``bpy`` in a child of the farm's own interpreter.  Maya,
Houdini and 3ds Max need their vendor's command-line renderer; when none is
configured the task fails at once with :class:`MissingRenderer`, whose message
names the renderer and the variable that configures it.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path
from typing import Any, Dict, List, Tuple

from farmhand.frames import FrameSpec
from farmhand_farm.worker.config import RENDERER_ENV, RENDERER_TITLES, WorkerConfig
from farmhand_farm.worker.request import (
    BLENDER,
    HOUDINI,
    MAX,
    MAYA,
    RenderRequest,
    RequestError,
    task_cg_id,
)

Command = List[str]
HOST_NAMES = {BLENDER: "Blender", MAYA: "Maya", MAX: "3ds Max", HOUDINI: "Houdini"}
USD_SUFFIXES = (".usd", ".usda", ".usdc", ".usdz")


class MissingRenderer(Exception):
    """No usable renderer for the task's host on this farm."""


def commands_for(request: RenderRequest, config: WorkerConfig) -> Tuple[str, List[Command]]:
    """(renderer title, commands to run in order) for the claim."""
    builders = {BLENDER: _blender, MAYA: _maya, MAX: _max, HOUDINI: _houdini}
    builder = builders.get(request.cg_id)
    if builder is None:
        raise RequestError(f"task.json cg_id {request.cg_id} is not a host this farm renders")
    return builder(request, config)


def require_renderer(task: Dict[str, Any], config: WorkerConfig) -> None:
    """Fail before anything else when the task's host renderer is not configured here."""
    cg_id = task_cg_id(task)
    scene = str(task.get("task_info", {}).get("input_cg_file", ""))
    if cg_id == MAYA:
        _executable(config, "maya", "Maya")
    elif cg_id == MAX:
        _executable(config, "max", "3ds Max")
    elif cg_id == HOUDINI:
        _executable(config, "husk" if scene.lower().endswith(USD_SUFFIXES) else "hython", "Houdini")
    elif cg_id == BLENDER:
        if importlib.util.find_spec("bpy") is None:
            raise MissingRenderer(
                "Blender task cannot render: the bpy module is not installed in the farm's Python "
                f"({sys.executable}); install farmhand-farm[blender] or a bpy matching that Python"
            )
    else:
        raise RequestError(f"task.json cg_id {cg_id} is not a host this farm renders")


def _executable(config: WorkerConfig, name: str, host: str) -> str:
    path = config.renderers.get(name)
    if not path:
        raise MissingRenderer(
            f"{host} task cannot render: {RENDERER_TITLES[name]} is not configured on this farm "
            f"(set {RENDERER_ENV[name]} to its path and restart the farm)"
        )
    if not (os.path.isfile(path) and os.access(path, os.X_OK)):
        raise MissingRenderer(
            f"{host} task cannot render: {RENDERER_TITLES[name]} is not an executable file at {path} "
            f"(from {RENDERER_ENV[name]})"
        )
    return path


def _runs(request: RenderRequest) -> List[Tuple[int, int, int]]:
    """The claim's frames as (first, last, step) runs, so a host renders each run in one call."""
    return [tuple(run) for run in FrameSpec.parse(request.claim.frame_spec).ranges]  # type: ignore[misc]


def _blender(request: RenderRequest, config: WorkerConfig) -> Tuple[str, List[Command]]:
    command = [
        sys.executable,
        "-m",
        "farmhand_farm.worker.blender_runner",
        "--scene",
        str(request.scene_path),
        "--frames",
        ",".join(str(f) for f in request.frames),
        "--output",
        str(request.staging),
        "--input-root",
        str(request.claim.input_root),
        "--task-json",
        str(request.task_json),
        "--threads",
        str(config.render_threads),
        "--parent-pid",
        str(os.getpid()),
    ]
    if request.claim.tiles > 1 and request.claim.frame_block:
        command += ["--tile", f"{request.claim.frame_block}/{request.claim.tiles}"]
    return "Blender (bpy)", [command]


def _maya(request: RenderRequest, config: WorkerConfig) -> Tuple[str, List[Command]]:
    render = _executable(config, "maya", "Maya")
    common = request.unit_info()
    base = [render]
    renderer = str(common.get("renderer", "")).strip()
    if renderer:
        base += ["-r", renderer]
    if request.claim.unit:
        base += ["-rl", request.claim.unit]
    cameras = request.claim.cameras or [str(c) for c in common.get("render_camera") or []]
    if cameras:
        base += ["-cam", cameras[0]]
    base += ["-rd", str(request.staging)]
    commands = [
        base + ["-s", str(first), "-e", str(last), "-b", str(step), str(request.scene_path)]
        for first, last, step in _runs(request)
    ]
    return "Maya Render", commands


def _max(request: RenderRequest, config: WorkerConfig) -> Tuple[str, List[Command]]:
    maxcmd = _executable(config, "max", "3ds Max")
    common = request.common()
    name = Path(str(common.get("output_file", "")).replace("\\", "/")).name or "render.exr"
    command = [
        maxcmd,
        str(request.scene_path),
        "-frames:" + ",".join(str(f) for f in request.frames),
        f"-outputName:{request.staging / name}",
    ]
    cameras = request.claim.cameras or [str(c) for c in common.get("renderable_camera") or []]
    if cameras:
        command.append(f"-cam:{cameras[0]}")
    return "3ds Max 3dsmaxcmd", [command]


def _houdini(request: RenderRequest, config: WorkerConfig) -> Tuple[str, List[Command]]:
    if request.scene_path.suffix.lower() in USD_SUFFIXES:
        husk = _executable(config, "husk", "Houdini")
        output = request.staging / f"{request.scene_path.stem}.$F4.exr"
        commands = [
            [husk, "-f", str(first), "-n", str((last - first) // step + 1), "-i", str(step),
             "-o", str(output), str(request.scene_path)]
            for first, last, step in _runs(request)
        ]  # fmt: skip
        return "Houdini husk", commands
    hython = _executable(config, "hython", "Houdini")
    script = str(Path(__file__).with_name("houdini_render.py"))
    commands = [
        [hython, script, str(request.scene_path), request.claim.unit, str(first), str(last), str(step),
         str(request.staging)]
        for first, last, step in _runs(request)
    ]  # fmt: skip
    return "Houdini hython", commands
