"""Render frames of an uploaded .blend with ``bpy``: run by the worker pool as a child process.

``python -m farmhand_farm.worker.blender_runner --scene S --frames 1,2 --output DIR
--input-root ROOT --task-json cfg/task.json [--threads N] [--parent-pid PID]``

The scene is opened from the farm's input storage; every external file it
names by absolute path (images, libraries, sounds, fonts, movie clips, cache
files, volumes) is pointed at where the farm stored it (input root + its
server path); ``//`` paths already resolve because files keep their layout.
Frames, scene, camera and view layers come from task.json's
``scene_info_render.common``.  Each frame is written into ``--output`` under
Blender's own file naming, and one ``farmhand-output <frame> <file>`` line is
printed per frame for the log.  The process dies with its farm (a renderer
must never outlive the claim it works for).
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import json
import os
import signal
import sys
import threading
import time
from pathlib import Path
from typing import Any, Dict, List, Optional

from farmhand_farm.worker.blender_paths import camera_name, output_pattern, stored_location
from farmhand_farm.worker.tiles import border

PATH_COLLECTIONS = ("images", "sounds", "fonts", "movieclips", "cache_files", "volumes")
FILE_IMAGE_SOURCES = ("FILE", "SEQUENCE", "MOVIE", "TILED")
SEQUENCE_SOURCES = ("SEQUENCE", "TILED")
PR_SET_PDEATHSIG = 1


class RenderFailed(Exception):
    pass


def parse_args(argv: Optional[List[str]]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="blender_runner")
    parser.add_argument("--scene", required=True, type=Path)
    parser.add_argument("--frames", required=True, help="comma-separated frame numbers")
    parser.add_argument("--output", required=True, type=Path)
    parser.add_argument("--input-root", required=True, type=Path)
    parser.add_argument("--task-json", type=Path)
    parser.add_argument("--threads", type=int, default=0)
    parser.add_argument("--parent-pid", type=int, default=0)
    parser.add_argument("--tile", default="", help="B/N: render only strip B of N (tiled frames)")
    return parser.parse_args(argv)


def die_with_parent(parent_pid: int) -> None:
    """Exit when the farm that started us is gone: kernel death signal on Linux, polling elsewhere."""
    if not parent_pid:
        return
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)

    def watch() -> None:
        while os.getppid() == parent_pid:
            time.sleep(0.5)
        os._exit(3)

    if os.getppid() != parent_pid:
        os._exit(3)
    threading.Thread(target=watch, daemon=True).start()


def render_settings(task_json: Optional[Path]) -> Dict[str, Any]:
    if task_json is None:
        return {}
    task = json.loads(task_json.read_text(encoding="utf-8"))
    scene = task.get("scene_info_render") or task.get("scene_info") or {}
    common = scene.get("common") if isinstance(scene, dict) else None
    return common if isinstance(common, dict) else {}


def remap_paths(bpy: Any, input_root: Path) -> None:
    """Point every absolute external path at its stored copy; libraries first (then reloaded).

    A file the farm does not have keeps its original path (on a farm running on
    the artist's machine it may well be there) and the log says so.
    """
    for library in bpy.data.libraries:
        target = _stored(input_root, "library", library.name, library.filepath, sequence=False)
        if target is not None:
            library.filepath = str(target)
            library.reload()
    for collection in PATH_COLLECTIONS:
        for block in getattr(bpy.data, collection):
            if block.library is not None or getattr(block, "packed_file", None) is not None:
                continue
            source = getattr(block, "source", "FILE")
            if collection == "images" and source not in FILE_IMAGE_SOURCES:
                continue
            sequence = source in SEQUENCE_SOURCES or getattr(block, "is_sequence", False)
            target = _stored(input_root, collection, block.name, block.filepath, sequence)
            if target is not None:
                block.filepath = str(target)
                if collection == "images":
                    block.reload()


def _stored(input_root: Path, kind: str, name: str, original: str, sequence: bool) -> Optional[Path]:
    """The stored copy to use, or None (relative path, or not uploaded: keep the original)."""
    target = stored_location(input_root, original)
    if target is None:
        return None
    numbered = sequence or "<UDIM>" in target.name or "#" in target.name
    if target.is_file() or (numbered and target.parent.is_dir()):
        print(f"farmhand: {kind} {name!r}: {original} -> {target}", flush=True)
        return target
    print(f"farmhand: {kind} {name!r}: {original} was NOT UPLOADED to {target}; kept as is", flush=True)
    return None


def pick_scene(bpy: Any, common: Dict[str, Any]) -> Any:
    names = common.get("scene_name") or []
    names = [names] if isinstance(names, str) else list(names)
    for name in names:
        if name in bpy.data.scenes:
            return bpy.data.scenes[name]
    if names:
        raise RenderFailed(f"scene {names[0]!r} from task.json is not in the .blend")
    return bpy.context.scene


def configure(scene: Any, common: Dict[str, Any], threads: int) -> None:
    camera = camera_name(common.get("camera_name"))
    if camera:
        if camera not in scene.objects:
            raise RenderFailed(f"camera {camera!r} from task.json is not in scene {scene.name!r}")
        scene.camera = scene.objects[camera]
    if scene.camera is None:
        raise RenderFailed(f"scene {scene.name!r} has no camera to render with")
    layers = [str(name) for name in common.get("view_layers") or []]
    known = [layer.name for layer in scene.view_layers]
    if layers and any(name in known for name in layers):
        for layer in scene.view_layers:
            layer.use = layer.name in layers
    if threads > 0:
        scene.render.threads_mode = "FIXED"
        scene.render.threads = threads


def render_strip(scene: Any, tile: str) -> None:
    """Border-render strip B of N at full size (uncropped), so strips paste back into place."""
    block, count = (int(part) for part in tile.split("/"))
    if not 1 <= block <= count:
        raise RenderFailed(f"tile {tile}: the block must be between 1 and the number of tiles")
    low, high = border(block, count)
    render = scene.render
    render.use_border, render.use_crop_to_border = True, False
    render.border_min_x, render.border_max_x = 0.0, 1.0
    render.border_min_y, render.border_max_y = low, high


def render_frames(bpy: Any, scene: Any, frames: List[int], output: Path, pattern: str) -> None:
    """One still render per frame, each written to the name Blender's frame_path gives that frame."""
    output.mkdir(parents=True, exist_ok=True)
    template = str(output / pattern) if pattern else str(output) + os.sep
    for frame in frames:
        started = time.monotonic()
        scene.render.filepath = template
        written = Path(scene.render.frame_path(frame=frame))
        scene.frame_set(frame)
        # A still render does not expand the '#' of the output path: hand it the expanded name.
        scene.render.filepath = str(written)
        bpy.ops.render.render(write_still=True, scene=scene.name)
        if not written.is_file():
            raise RenderFailed(f"frame {frame}: Blender wrote no file at {written}")
        print(f"farmhand-output {frame} {written.name} {time.monotonic() - started:.2f}s", flush=True)


def main(argv: Optional[List[str]] = None) -> int:
    args = parse_args(argv)
    die_with_parent(args.parent_pid)
    frames = [int(text) for text in args.frames.split(",") if text.strip()]
    common = render_settings(args.task_json)
    import bpy  # imported late: the argument errors above should not wait for Blender to load

    try:
        bpy.ops.wm.open_mainfile(filepath=str(args.scene), load_ui=False)
    except RuntimeError as exc:
        print(f"farmhand: cannot open {args.scene}: {exc}", flush=True)
        return 2
    remap_paths(bpy, args.input_root)
    try:
        scene = pick_scene(bpy, common)
        configure(scene, common, args.threads)
        if args.tile:
            render_strip(scene, args.tile)
        pattern = output_pattern(common.get("Output_path") or scene.render.filepath)
        render_frames(bpy, scene, frames, args.output, pattern)
    except RenderFailed as exc:
        print(f"farmhand: {exc}", flush=True)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
