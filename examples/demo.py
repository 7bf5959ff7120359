"""The main job, end to end on this machine: `make demo`.

1. builds a small Blender scene with a texture (real bpy),
2. submits it to Farmhand's local farm — started in the background, no
   account, no config — which uploads what the farm lacks and renders,
3. follows the frames and downloads them as they finish,
4. prints where they are, and stops the background farm.

Everything lives under ``out/demo/`` (``FARMHAND_HOME`` points there), so the
demo never touches the user's own Farmhand state.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "out" / "demo"


def main() -> int:
    os.environ["FARMHAND_HOME"] = str(OUT / "home")
    os.environ.pop("FARMHAND_CONFIG", None)
    scene_dir, frames_dir = OUT / "scene", OUT / "frames"
    print(f"building the demo scene in {scene_dir}")
    subprocess.run(
        [sys.executable, str(ROOT / "examples" / "make_demo_scene.py"), str(scene_dir)],
        check=True,
        stdout=subprocess.DEVNULL,
    )

    from farmhand import localfarm
    from farmhand.cli import main as farmhand

    try:
        code = farmhand(["submit", str(scene_dir / "shot.blend"), "--wait", "--download", str(frames_dir)])
    finally:
        localfarm.stop()
    frames = sorted(p for p in frames_dir.rglob("*") if p.is_file())
    print(f"\n{len(frames)} rendered frame(s) in {frames_dir}:")
    for path in frames:
        print(f"  {path.relative_to(frames_dir)}  ({path.stat().st_size} bytes)")
    return code if frames else 1


if __name__ == "__main__":
    sys.exit(main())
