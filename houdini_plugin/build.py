"""Builds the Houdini package: ``python build.py [-o DIR]`` -> ``DIR/farmhand`` and ``DIR/packages``.

The package folder holds the Houdini UI files (OPmenu.xml, the Python panel,
the shelf), ``python/farmhand_houdini``, a copy of the core
(``python/farmhand``) and the core's pure-Python dependencies plus Qt.py
(the submitter's Qt shim; Houdini ships PySide but not Qt.py), so an
artist's Houdini needs nothing else installed.
The package JSON points at the folder by absolute path; copy the JSON into
``$HOUDINI_USER_PREF_DIR/packages`` (or point ``HOUDINI_PACKAGE_DIR`` at the
``packages`` folder) to install.  The output is assembled in a temporary
folder and moved into place at the end, so a failed build never leaves a
package that looks complete.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import shutil
import sys
import tempfile
from typing import Any, List, Optional

HERE = os.path.dirname(os.path.abspath(__file__))
CORE = os.path.join(os.path.dirname(HERE), "core", "farmhand")
UI_FILES = ("OPmenu.xml", "python_panels", "toolbar")
PACKAGE = "farmhand"
# The core's runtime dependencies (requests and its own four, PyYAML) and Qt.py.
VENDORED = ("requests", "urllib3", "idna", "charset_normalizer", "certifi", "yaml", "Qt")
# Compiled extensions match this interpreter, not Houdini's; each vendored package has a Python fallback.
_SKIP = ("__pycache__", "*.pyc", "*.so", "*.pyd", "*.dylib")


def package_json(package_dir: str) -> str:
    """The Houdini package file: the folder on HOUDINI_PATH, its python folder on PYTHONPATH."""
    root = package_dir.replace("\\", "/")
    data = {
        "env": [
            {"FARMHAND_HOUDINI": root},
            {"PYTHONPATH": {"value": "$FARMHAND_HOUDINI/python", "method": "prepend"}},
        ],
        "path": "$FARMHAND_HOUDINI",
    }
    return json.dumps(data, indent=4) + "\n"


def build(output: str) -> str:
    """Writes the package under ``output``; returns the package folder."""
    output = os.path.abspath(output)
    os.makedirs(output, exist_ok=True)
    staging = tempfile.mkdtemp(prefix=".farmhand-build-", dir=output)
    try:
        package = os.path.join(staging, PACKAGE)
        for name in UI_FILES:
            source = os.path.join(HERE, name)
            target = os.path.join(package, name)
            if os.path.isdir(source):
                shutil.copytree(source, target)
            else:
                os.makedirs(package, exist_ok=True)
                shutil.copy2(source, target)
        python = os.path.join(package, "python")
        ignore = shutil.ignore_patterns(*_SKIP)
        shutil.copytree(
            os.path.join(HERE, "farmhand_houdini"), os.path.join(python, "farmhand_houdini"), ignore=ignore
        )
        shutil.copytree(CORE, os.path.join(python, "farmhand"), ignore=ignore)
        _vendor(python, ignore)
        final_package = os.path.join(output, PACKAGE)
        os.makedirs(os.path.join(staging, "packages"))
        with open(os.path.join(staging, "packages", f"{PACKAGE}.json"), "w", encoding="utf-8") as handle:
            handle.write(package_json(final_package))
        for name in (PACKAGE, "packages"):
            destination = os.path.join(output, name)
            if os.path.isdir(destination):
                shutil.rmtree(destination)
            os.replace(os.path.join(staging, name), destination)
        return final_package
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _vendor(python: str, ignore: Any) -> None:
    for name in VENDORED:
        module = importlib.import_module(name)
        source = str(module.__file__)
        if os.path.basename(source) == "__init__.py":
            shutil.copytree(os.path.dirname(source), os.path.join(python, name), ignore=ignore)
        else:
            shutil.copy2(source, os.path.join(python, os.path.basename(source)))


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "-o", "--output", default=os.path.join(HERE, "build"), help="output folder (default: build/)"
    )
    args = parser.parse_args(argv)
    package = build(args.output)
    print(f"Houdini package: {package}")
    package_file = os.path.join(args.output, "packages", PACKAGE + ".json")
    print(f"install: copy {package_file} to $HOUDINI_USER_PREF_DIR/packages")
    return 0


if __name__ == "__main__":
    sys.exit(main())
