"""Render one ROP for a frame run inside ``hython``: ``hython houdini_render.py HIP ROP FIRST LAST STEP OUT``.

Run by the worker pool (never imported by the farm).  The ROP's output file
parameter is pointed into OUT, keeping its file name, so outputs land in the
task's output folder whatever folder the artist's scene named.
"""

from __future__ import annotations

import os
import sys

import hou  # type: ignore[import-not-found]

OUTPUT_PARMS = ("vm_picture", "picture", "ri_display", "RS_outputFileNamePrefix", "sopoutput", "lopoutput")


def main(argv: list) -> int:
    hip, rop_path, first, last, step, out_dir = argv
    hou.hipFile.load(hip, suppress_save_prompt=True, ignore_load_warnings=True)
    rop = hou.node(rop_path)
    if not isinstance(rop, hou.RopNode):
        print(f"farmhand: {rop_path} is not an output driver (ROP) in {hip}", flush=True)
        return 2
    os.makedirs(out_dir, exist_ok=True)
    for name in OUTPUT_PARMS:
        parm = rop.parm(name)
        if parm is not None:
            file_name = os.path.basename(parm.unexpandedString())
            parm.set(os.path.join(out_dir, file_name))
            break
    rop.render(frame_range=(float(first), float(last), float(step)), verbose=True, output_progress=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
