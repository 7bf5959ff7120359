"""Which VDB file a volume sequence reads on each frame: our rule against Blender's own loader."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from conftest import HERE, SAMPLES

from farmhand.scenes.blender_common import VOLUME_SEQUENCE_MODES, volume_frames

pytestmark = pytest.mark.blender  # real bpy, in a child process

# A real OpenVDB file from blender-asset-tracer's samples; the probe copies it as a 12-file sequence.
VDB = os.path.join(
    SAMPLES, "T55542-smoke", "blendcache_smoke_cache_vdb", "536D6F6B6520446F6D61696E_000002_00.vdb"
)
FRAMES = [str(frame) for frame in range(-2, 13)]


# (Blender 4.5 itself dies with SIGFPE on a one-frame PING_PONG sequence, so duration 1 is not probed.)
@pytest.mark.parametrize("start, duration, offset", [(3, 3, 1), (5, 4, 0), (1, 2, 2)])
def test_volume_frames_match_what_blender_loads(tmp_path, start, duration, offset):
    command = [sys.executable, os.path.join(HERE, "volume_probe.py"), str(tmp_path), VDB]
    command += [str(start), str(duration), str(offset), *FRAMES]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    loaded = json.loads(next(line for line in done.stdout.splitlines() if line.startswith("RESULT"))[6:])
    assert sorted(loaded) == sorted(VOLUME_SEQUENCE_MODES)
    for mode, per_frame in loaded.items():
        for frame, number in per_frame.items():
            expected = [] if number is None else [number]
            assert volume_frames([int(frame)], start, duration, offset, mode) == expected, (mode, frame)
    assert None in loaded["CLIP"].values() and len(set(loaded["PING_PONG"].values())) == duration
