"""The core must stay vendorable: importing it pulls in nothing but stdlib, requests and yaml."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

CORE = os.path.join(os.path.dirname(__file__), "..", "..", "core")

HOST_IMPORT = re.compile(r"^\s*(import|from)\s+(maya|hou|pymxs|bpy|farmhand_farm)\b.*$", re.MULTILINE)

PROBE = r"""
import json, sys
before = set(sys.modules)
import farmhand, farmhand.model, farmhand.frames, farmhand.paths, farmhand.jobfiles, farmhand.validate
import farmhand.config, farmhand.cli, farmhand.scenes
after = set(sys.modules) - before
print(json.dumps(sorted({name.split(".")[0] for name in after})))
"""


def test_core_imports_only_stdlib_requests_and_yaml():
    env = dict(os.environ, PYTHONPATH=os.path.abspath(CORE))
    output = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, env=env, check=True
    )
    top_level = set(json.loads(output.stdout))
    stdlib = (
        set(getattr(sys, "stdlib_module_names", ())) or top_level
    )  # 3.9 lacks the list: nothing to compare
    allowed = {"farmhand", "yaml", "_yaml", "requests", "urllib3", "certifi", "charset_normalizer", "idna"}
    # Compiled extensions (PyYAML's _yaml) register Cython's runtime helpers; they are not packages.
    foreign = {
        name for name in top_level - stdlib - allowed if not name.startswith(("_cython_", "cython_runtime"))
    }
    assert not foreign, f"farmhand imports non-standard modules: {sorted(foreign)}"


def test_core_never_imports_hosts_or_the_farm():
    offenders = []
    for root, _, files in os.walk(os.path.join(CORE, "farmhand")):
        for name in files:
            if name.endswith(".py"):
                path = os.path.join(root, name)
                with open(path, encoding="utf-8") as handle:
                    text = handle.read()
                offenders.extend(f"{path}: {m.group(0).strip()}" for m in HOST_IMPORT.finditer(text))
    assert not offenders
