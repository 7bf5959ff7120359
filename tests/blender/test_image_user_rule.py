"""Which sequence image an image texture reads on each frame: our rule against Cycles' renders."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from conftest import HERE

from farmhand.scenes.blender_common import image_user_frames

pytestmark = pytest.mark.blender  # real bpy, in this process or a child

FRAMES = ["1", "4", "5", "6", "7", "8", "9"]


@pytest.mark.parametrize("cyclic", [True, False])
def test_image_user_frames_match_what_blender_renders(tmp_path, cyclic):
    start, duration, offset = 5, 3, 2
    command = [sys.executable, os.path.join(HERE, "image_user_probe.py"), str(tmp_path)]
    command += [str(start), str(duration), str(offset), "1" if cyclic else "0", *FRAMES]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    shown = json.loads(next(line for line in done.stdout.splitlines() if line.startswith("RESULT"))[6:])
    ours = {frame: image_user_frames([int(frame)], start, duration, offset, cyclic) for frame in FRAMES}
    assert ours == {frame: [number] for frame, number in shown.items()}
    # The case is not trivial: frames before the start, wrapping or clamping, and the offset all occur.
    assert len(set(shown.values())) >= 3
