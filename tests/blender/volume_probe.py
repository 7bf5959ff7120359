"""Which file of a VDB sequence Blender reads on each scene frame, for every sequence mode.

``python volume_probe.py WORK_DIR VDB_FILE START DURATION OFFSET FRAME...`` copies ``VDB_FILE`` as
``smoke.0001.vdb`` ... ``smoke.0012.vdb`` into WORK_DIR, loads the sequence as a volume object and
prints ``RESULT {"<mode>": {"<frame>": <sequence frame or null>}}``: Blender's own answer
(``VolumeGrids.frame`` after loading; Blender's "no frame" value becomes null).
"""

from __future__ import annotations

import json
import os
import shutil
import sys

import bpy

NO_FRAME = 2**31 - 1


def main() -> None:
    work, vdb, start, duration, offset, *frames = sys.argv[1:]
    for number in range(1, 13):
        shutil.copy(vdb, os.path.join(work, f"smoke.{number:04d}.vdb"))
    bpy.ops.wm.read_factory_settings(use_empty=True)
    scene = bpy.context.scene
    volume = bpy.data.volumes.new("Smoke")
    volume.filepath = os.path.join(work, "smoke.0001.vdb")
    volume.is_sequence = True
    volume.frame_start, volume.frame_duration, volume.frame_offset = int(start), int(duration), int(offset)
    ob = bpy.data.objects.new("Smoke", volume)
    scene.collection.objects.link(ob)
    answers = {}
    for mode in ("CLIP", "EXTEND", "REPEAT", "PING_PONG"):
        volume.sequence_mode = mode
        answers[mode] = {}
        for frame in frames:
            scene.frame_set(int(frame))
            grids = ob.evaluated_get(bpy.context.evaluated_depsgraph_get()).data.grids
            grids.load()
            answers[mode][frame] = None if grids.frame == NO_FRAME else grids.frame
    print("RESULT" + json.dumps(answers))


if __name__ == "__main__":
    main()
