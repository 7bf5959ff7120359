"""The N-panel, its settings and operators in real bpy (inhost_addon_*.py), each file in a child.

See run_inhost.py for why: the tests register the add-on, talk to real farms and leave with
``os._exit``.  A failure shows the child's pytest report.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from conftest import HERE, ROOT

pytest.importorskip("bpy")

pytestmark = pytest.mark.blender


@pytest.mark.parametrize("name", ["inhost_addon_panel.py", "inhost_addon_submit.py"])
def test_addon_in_real_blender(name):
    done = subprocess.run(
        [
            sys.executable,
            os.path.join(HERE, "run_inhost.py"),
            os.path.join(HERE, name),
            "-q",
            "--timeout",
            "400",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    report = "\n".join(line for line in done.stdout.splitlines() if not line.startswith(("Freeing", "WARN")))
    assert done.returncode == 0, report[-6000:]
    assert " passed" in report and "skipped" not in report, report[-3000:]
