"""Describe a .blend from a ``bpy`` process: the offline reader's fallback when BAT is not installed.

Run as a script (``python offline.py -- SCENE.blend OUT.json [FRAMES]`` with a ``bpy`` interpreter,
or ``blender --background --python offline.py -- ...``).  It opens the file, describes it with the
in-host adapter, so the fallback agrees with the add-on by construction, and writes the JSON to
``OUT.json`` through a temporary file: Blender prints its own chatter on stdout, and a half-written
result must never look complete.  Exit code 0 on success, 2 with one line on stderr otherwise.
"""

from __future__ import annotations

import os
import sys
from typing import List


def _arguments(argv: List[str]) -> List[str]:
    return argv[argv.index("--") + 1 :] if "--" in argv else argv[1:]


def main(argv: List[str]) -> int:
    args = _arguments(argv)
    if len(args) not in (2, 3):
        sys.stderr.write("usage: offline.py -- SCENE.blend OUT.json [FRAMES]\n")
        return 2
    scene_file, out_file = args[0], args[1]
    frames = args[2] if len(args) == 3 and args[2] else None
    import bpy

    try:
        bpy.ops.wm.open_mainfile(filepath=scene_file, load_ui=False)
    except RuntimeError as exc:
        sys.stderr.write(f"farmhand: cannot open {scene_file}: {str(exc).strip().splitlines()[-1]}\n")
        return 2
    from farmhand_blender.scene import describe_session

    from farmhand.errors import FarmhandError

    try:
        text = describe_session(frames).to_json()
    except FarmhandError as exc:
        sys.stderr.write(f"farmhand: {exc}\n")
        return 2
    temporary = out_file + ".part"
    with open(temporary, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.replace(temporary, out_file)
    return 0


if __name__ == "__main__":
    # The package folder's parent holds ``farmhand_blender``; FARMHAND_CORE may name the core's folder.
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    if os.environ.get("FARMHAND_CORE"):
        sys.path.insert(0, os.environ["FARMHAND_CORE"])
    status = main(sys.argv)
    sys.stdout.flush()
    sys.stderr.flush()
    # Skip interpreter teardown: with some files (geometry-nodes libraries) bpy hangs on exit,
    # and this read-only child has nothing left to clean up.
    os._exit(status)
