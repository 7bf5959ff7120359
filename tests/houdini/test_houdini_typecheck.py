"""The Houdini adapter and the core it shares type-check against types-houdini (published hou stubs)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from houdini_samples import ROOT

PLUGIN = os.path.join(ROOT, "houdini_plugin")
SHARED_CORE = [
    os.path.join(ROOT, "core", "farmhand", *parts)
    for parts in (
        ("scenes", "houdini_units.py"),
        ("scenes", "houdini_dependencies.py"),
        ("hosts", "houdini_rops.py"),
    )
]


def test_mypy_against_types_houdini():
    pytest.importorskip("mypy")
    environment = dict(os.environ, MYPYPATH=os.path.join(ROOT, "core"))
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--no-incremental",
            "--cache-dir",
            os.devnull,
            "--follow-imports=silent",
        ]
        + ["--python-version", "3.11", "farmhand_houdini", "build.py", *SHARED_CORE],
        cwd=PLUGIN,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
