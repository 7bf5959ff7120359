"""Only Qt hosts pay for Qt: the core, the CLI and the submission pipeline never import it."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

pytestmark = pytest.mark.qt

PROBE = r"""
import json, sys
import farmhand, farmhand.cli, farmhand.submit, farmhand.providers, farmhand.jobfiles, farmhand.validate
qt = ("Qt", "PySide2", "PySide6", "PyQt5", "PyQt6", "shiboken2", "shiboken6")
print(json.dumps(sorted(name for name in sys.modules if name.split(".")[0] in qt)))
"""


def test_importing_farmhand_does_not_import_qt():
    output = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, check=True)
    assert json.loads(output.stdout) == []
