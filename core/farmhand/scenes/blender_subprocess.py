"""The offline reader's fallback: describe a .blend in a separate ``bpy`` process.

Used when blender-asset-tracer is not installed.  The child runs the add-on's own in-host adapter
(``farmhand_blender/offline.py``), so the answer is what the add-on would show.  It needs two
things, looked for in this order:

* the adapter folder (the one holding ``farmhand_blender``): ``$FARMHAND_BLENDER_ADDON``, the
  ``blender_addon`` folder of a source checkout, or an importable ``farmhand_blender``;
* a Blender: ``$FARMHAND_BLENDER`` (a ``blender`` executable), this interpreter when it can import
  ``bpy`` (the PyPI "Blender as a module"), or ``blender`` on ``PATH``.

A separate process is needed anyway: ``bpy`` holds one open file per process, and opening a user's
file must never replace the one a caller has open.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
from typing import List, Optional

import farmhand
from farmhand.model import ModelError, SceneDescription
from farmhand.scenes import SceneReadError

DEFAULT_TIMEOUT = 300.0
_CORE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(farmhand.__file__)))


def read(path: str, *, frames: Optional[str] = None, timeout: Optional[float] = None) -> SceneDescription:
    """Describe ``path`` with ``bpy`` in a child process; errors name the file and the cause."""
    script = os.path.join(adapter_dir(), "farmhand_blender", "offline.py")
    with tempfile.TemporaryDirectory(prefix="farmhand-blend-") as folder:
        out_file = os.path.join(folder, "scene.json")
        arguments = ["--", os.path.abspath(path), out_file, frames or ""]
        command = blender_command(script) + arguments
        env = dict(os.environ, FARMHAND_CORE=_CORE_DIR)
        limit = timeout if timeout is not None else _default_timeout()
        try:
            done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=limit)
        except subprocess.TimeoutExpired as exc:
            raise SceneReadError(f"cannot read {path}: Blender did not finish within {limit:g} s") from exc
        except OSError as exc:
            raise SceneReadError(f"cannot read {path}: cannot start Blender ({exc})") from exc
        if done.returncode != 0 or not os.path.isfile(out_file):
            raise SceneReadError(f"cannot read {path}: {_failure(done)}")
        with open(out_file, encoding="utf-8") as handle:
            text = handle.read()
    try:
        return SceneDescription.from_json(text)
    except ModelError as exc:
        raise SceneReadError(f"cannot read {path}: the Blender adapter answered badly ({exc})") from exc


def _default_timeout() -> float:
    try:
        return float(os.environ.get("FARMHAND_BLENDER_TIMEOUT", DEFAULT_TIMEOUT))
    except ValueError as exc:
        raise SceneReadError(f"FARMHAND_BLENDER_TIMEOUT must be a number of seconds: {exc}") from exc


def _failure(done: subprocess.CompletedProcess[str]) -> str:
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    ours = [line[len("farmhand: ") :] for line in lines if line.startswith("farmhand: ")]
    if ours:
        return ours[-1]
    return lines[-1] if lines else f"Blender exited with code {done.returncode}"


def adapter_dir() -> str:
    """The folder that holds the ``farmhand_blender`` package."""
    candidates = [
        os.environ.get("FARMHAND_BLENDER_ADDON", ""),
        os.path.join(os.path.dirname(_CORE_DIR), "blender_addon"),
    ]
    for candidate in candidates:
        if candidate and os.path.isfile(os.path.join(candidate, "farmhand_blender", "offline.py")):
            return candidate
    spec = importlib.util.find_spec("farmhand_blender")
    if spec is not None and spec.origin:
        return os.path.dirname(os.path.dirname(spec.origin))
    raise SceneReadError(
        "cannot read .blend files: blender-asset-tracer is not installed and the Farmhand Blender "
        "adapter was not found (pip install 'blender-asset-tracer>=1.19,<2', or set FARMHAND_BLENDER_ADDON)"
    )


def blender_command(script: str) -> List[str]:
    """How to run ``script`` inside Blender: a ``blender`` executable or a Python that imports ``bpy``."""
    executable = os.environ.get("FARMHAND_BLENDER") or ""
    if not executable and _has_bpy():
        return [sys.executable, script]
    executable = executable or shutil.which("blender") or ""
    if not executable:
        raise SceneReadError(
            "cannot read .blend files: install blender-asset-tracer (pip install "
            "'blender-asset-tracer>=1.19,<2'), or make Blender available (FARMHAND_BLENDER=/path/to/blender, "
            "'blender' on PATH, or the 'bpy' module)"
        )
    return [executable, "--background", "--factory-startup", "--python-exit-code", "2", "--python", script]


def _has_bpy() -> bool:
    try:
        return importlib.util.find_spec("bpy") is not None
    except (ImportError, ValueError):
        return False
