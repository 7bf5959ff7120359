"""Build the drag-and-drop Maya bundle: ``build/farmhand-maya-<version>.zip``.

The zip holds a Maya module with the core and its two dependencies vendored
(pure-Python files only, so one bundle works on every Maya's Python, 3.9 to
3.11+ and any OS)::

    farmhand-maya/
      install_farmhand.py     drag into a viewport (Maya calls onMayaDroppedPythonFile)
      install_farmhand.mel    or drag this one (it runs the .py)
      farmhand.mod            for studios that put the folder on MAYA_MODULE_PATH themselves
      farmhand/scripts/       userSetup.py, farmhand_maya, farmhand (core), requests, yaml, ...
      farmhand/icons/

Usage: ``.venv/bin/python maya_plugin/build.py [--output DIR]``.  The zip is
written to a temporary name and renamed, so a half-written bundle never looks
complete.
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
ROOT = os.path.dirname(HERE)
TOP = "farmhand-maya"
# The core's runtime dependencies and theirs (requests' own four), and Qt.py for the
# shared submitter (Maya ships PySide but not Qt.py).
VENDORED = ("requests", "urllib3", "idna", "charset_normalizer", "certifi", "yaml", "Qt")
_SKIP_SUFFIXES = (".pyc", ".so", ".pyd", ".dylib")
_FIXED_TIME = (2024, 1, 1, 0, 0, 0)  # reproducible zips


def version() -> str:
    namespace: dict = {}
    with open(os.path.join(HERE, "scripts", "farmhand_maya", "__init__.py"), encoding="utf-8") as handle:
        exec(handle.read(), namespace)  # only assigns __version__
    return str(namespace["__version__"])


def _tree(source: str, target: str) -> Iterator[Tuple[str, str]]:
    for folder, dirs, files in os.walk(source):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__" and not d.startswith("."))
        for name in sorted(files):
            if name.endswith(_SKIP_SUFFIXES):
                continue
            path = os.path.join(folder, name)
            yield path, target + "/" + os.path.relpath(path, source).replace(os.sep, "/")


def members() -> Iterator[Tuple[str, str]]:
    """(file on disk, name in the zip) for everything the bundle holds."""
    content = f"{TOP}/farmhand"
    yield os.path.join(HERE, "install_farmhand.py"), f"{TOP}/install_farmhand.py"
    yield os.path.join(HERE, "install_farmhand.mel"), f"{TOP}/install_farmhand.mel"
    yield from _tree(os.path.join(HERE, "scripts"), f"{content}/scripts")
    yield from _tree(os.path.join(HERE, "icons"), f"{content}/icons")
    yield from _tree(os.path.join(ROOT, "core", "farmhand"), f"{content}/scripts/farmhand")
    for package in VENDORED:
        source = str(importlib.import_module(package).__file__)
        if os.path.basename(source) == "__init__.py":
            yield from _tree(os.path.dirname(source), f"{content}/scripts/{package}")
        else:  # a one-file module such as Qt.py
            yield source, f"{content}/scripts/{os.path.basename(source)}"


def mod_text(path: str) -> str:
    return f"+ farmhand {version()} {path}\nscripts: scripts\nicons: icons\n"


def build(output: str) -> str:
    os.makedirs(output, exist_ok=True)
    target = os.path.join(output, f"farmhand-maya-{version()}.zip")
    handle, temporary = tempfile.mkstemp(prefix=".farmhand-maya-", suffix=".zip", dir=output)
    os.close(handle)
    try:
        with zipfile.ZipFile(temporary, "w", zipfile.ZIP_DEFLATED) as bundle:
            _add_text(bundle, f"{TOP}/farmhand.mod", mod_text("./farmhand"))
            for path, name in members():
                info = zipfile.ZipInfo(name, _FIXED_TIME)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                with open(path, "rb") as source:
                    bundle.writestr(info, source.read())
        os.replace(temporary, target)
    except BaseException:
        os.unlink(temporary)
        raise
    return target


def _add_text(bundle: zipfile.ZipFile, name: str, text: str) -> None:
    info = zipfile.ZipInfo(name, _FIXED_TIME)
    info.external_attr = 0o644 << 16
    bundle.writestr(info, text)


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description="Build the Farmhand Maya bundle (a zip under build/).")
    parser.add_argument(
        "--output", default=os.path.join(ROOT, "build"), help="folder for the zip (default build/)"
    )
    args = parser.parse_args(argv)
    print(build(args.output))
    return 0


if __name__ == "__main__":
    sys.exit(main())
