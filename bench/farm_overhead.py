"""Farm overhead: N Blender frames through the local farm vs the same frames in one ``bpy`` process.

Baseline: one child process opens the scene once and renders frames 1..N with
``bpy`` (what an artist's own batch render costs).  Farm: a real farm
(``farmhand farm serve`` on loopback, ``--workers W``) gets the scene uploaded
and submitted (``frames_per_task`` F) and the clock runs from the start of the
submission to the task's "done" status, as a client polling the farm sees it.
The scene is the test scene (tests/farm/make_tiny_blend.py: textured cube,
Cycles CPU, no adaptive sampling) at SIZE x SIZE with SAMPLES samples; both
sides render with the same number of threads per process.  The machine is
shared, so baseline and farm runs are interleaved REPEAT times and the best
of each is reported (the least-disturbed run).

    .venv/bin/python bench/farm_overhead.py [--frames 12] [--samples 32] [--size 128]
                                            [--workers 1] [--frames-per-task 1 4] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Dict, List, Tuple

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "tests" / "farm")]

from farm_server import FarmServer  # noqa: E402
from worker_helpers import blender_scene, frames_of, make_blend, submit, wait_for_task  # noqa: E402

BASELINE = """
import sys, bpy
scene_path, out, first, last, threads = sys.argv[1:6]
bpy.ops.wm.open_mainfile(filepath=scene_path, load_ui=False)
scene = bpy.context.scene
scene.render.threads_mode = "FIXED"
scene.render.threads = int(threads)
for frame in range(int(first), int(last) + 1):
    scene.render.filepath = out + "/base_####"
    scene.render.filepath = scene.render.frame_path(frame=frame)
    scene.frame_set(frame)
    bpy.ops.render.render(write_still=True)
"""


def baseline(blend: Path, frames: int, out: Path, threads: int) -> float:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-c", BASELINE, str(blend), str(out), "1", str(frames), str(threads)],
        check=True,
        capture_output=True,
    )
    elapsed = time.perf_counter() - started
    rendered = len(list(out.glob("base_*.png")))
    if rendered != frames:
        raise SystemExit(f"baseline rendered {rendered} of {frames} frames")
    return elapsed


def through_farm(farm: FarmServer, blend: Path, frames: int, per_task: int, home: Path) -> Tuple[float, str]:
    """(seconds from submission to done, where the time went)."""
    started = time.perf_counter()
    task_id = submit(farm, blender_scene(blend, f"1-{frames}[1]"), home, frames_per_task=per_task)
    submitted = time.perf_counter() - started
    info = wait_for_task(farm, task_id, timeout=3600)
    elapsed = time.perf_counter() - started
    if info["taskStatus"] != 25:
        raise SystemExit(f"farm task ended with status {info['taskStatus']}; see {farm.data_dir}")
    records = frames_of(farm, task_id)
    runs = [(r["endTime"] - r["startTime"]) / 1000 for r in records]
    detail = (
        f"upload+submit {submitted:.2f} s, {len(runs)} renderer runs of {min(runs):.2f}-{max(runs):.2f} s"
    )
    return elapsed, detail


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, default=12)
    parser.add_argument("--samples", type=int, default=32)
    parser.add_argument("--size", type=int, default=128)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--frames-per-task", type=int, nargs="+", default=[1, 4])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    threads = max(1, (os.cpu_count() or 1) // max(1, args.workers))
    with tempfile.TemporaryDirectory(prefix="farmhand-bench-") as scratch:
        root = Path(scratch)
        blend = make_blend(root / "proj", samples=args.samples, size=args.size)
        farm = FarmServer(root / "farm", env={"FARMHAND_FARM_WORKERS": str(args.workers)}).start()
        base: List[float] = []
        best: Dict[int, Tuple[float, str]] = {}
        try:
            for attempt in range(args.repeat):
                base.append(baseline(blend, args.frames, root / f"baseline-{attempt}", threads))
                for per_task in args.frames_per_task:
                    result = through_farm(farm, blend, args.frames, per_task, root / "home")
                    if per_task not in best or result[0] < best[per_task][0]:
                        best[per_task] = result
        finally:
            farm.stop()
    fastest = min(base)
    print(f"scene: {args.size}px, {args.samples} samples, {args.frames} frames; {os.cpu_count()} cores")
    print(f"one bpy process: {fastest:.2f} s ({fastest / args.frames:.3f} s/frame), best of {args.repeat}")
    for per_task, (seconds, detail) in sorted(best.items()):
        overhead = (seconds - fastest) / args.frames
        print(
            f"farm, workers={args.workers}, frames_per_task={per_task}: {seconds:.2f} s"
            f" = {seconds / fastest:.2f}x baseline ({overhead:+.3f} s/frame; {detail})"
        )


if __name__ == "__main__":
    main()
