"""Builds the 3ds Max installer: ``python build.py [-o DIR]`` -> ``DIR/farmhand.mzp``.

The ``.mzp`` is a zip Max installs when it is dragged onto a viewport: its
``mzp.run`` copies the bundle into the user scripts folder and the startup
script into the user startup folder, then runs it (menu + macroScript).
The bundle carries ``farmhand_max``, a vendored copy of the core, its pure-Python
dependencies and Qt.py, so Max
needs nothing else installed.  The archive is written to a temporary name and
renamed at the end, so a failed build never leaves a file that looks complete.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import tempfile
import zipfile
from typing import Iterator, List, Optional, Tuple

HERE = os.path.dirname(os.path.abspath(__file__))
CORE = os.path.join(os.path.dirname(HERE), "core", "farmhand")
SKIP = ("__pycache__", ".pyc", ".so", ".pyd")
# The core's runtime dependencies (requests and its own four, PyYAML) and Qt.py for the
# shared submitter: 3ds Max 2024+ ships PySide but none of these.
VENDORED = ("requests", "urllib3", "idna", "charset_normalizer", "certifi", "yaml", "Qt")


def entries() -> Iterator[Tuple[str, str]]:
    """(file on disk, name inside the .mzp) for everything the installer carries."""
    yield os.path.join(HERE, "mzp.run"), "mzp.run"
    yield os.path.join(HERE, "farmhand_startup.ms"), "farmhand_startup.ms"
    yield os.path.join(HERE, "farmhand.mcr"), "farmhand/farmhand.mcr"
    packages = [("farmhand_max", os.path.join(HERE, "farmhand_max")), ("farmhand", CORE)]
    for name in VENDORED:
        source = str(importlib.import_module(name).__file__)
        if os.path.basename(source) != "__init__.py":  # a one-file module such as Qt.py
            yield source, f"farmhand/python/{os.path.basename(source)}"
        else:
            packages.append((name, os.path.dirname(source)))
    for package, source in packages:
        for root, dirs, files in os.walk(source):
            dirs[:] = sorted(d for d in dirs if d not in SKIP)
            for name in sorted(files):
                if not name.endswith(SKIP):
                    path = os.path.join(root, name)
                    relative = os.path.relpath(path, source).replace(os.sep, "/")
                    yield path, f"farmhand/python/{package}/{relative}"


def build(output: str) -> str:
    os.makedirs(output, exist_ok=True)
    target = os.path.join(output, "farmhand.mzp")
    handle, temporary = tempfile.mkstemp(prefix=".farmhand-", suffix=".mzp", dir=output)
    os.close(handle)
    try:
        with zipfile.ZipFile(temporary, "w", zipfile.ZIP_DEFLATED) as archive:
            for path, name in entries():
                archive.write(path, name)
        os.replace(temporary, target)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    return target


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-o", "--output", default=os.path.join(HERE, "build"), help="output folder")
    args = parser.parse_args(argv)
    print(build(os.path.abspath(args.output)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
