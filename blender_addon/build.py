"""Builds the Blender add-on twice: as an extension zip (Blender 4.2+) and as a legacy add-on zip.

    python blender_addon/build.py [--out build]

Both zips carry the add-on code plus the Farmhand core and PyYAML's pure-Python package under
``_vendor`` (``requests`` ships with Blender).  Nothing GPL from outside the add-on is vendored:
blender-asset-tracer, and the core module that drives it, stay out, and the build refuses to
finish if a vendored file mentions the GPL.  The legacy zip's folder is ``farmhand_addon``, not
``farmhand``, because Blender puts the add-ons folder on ``sys.path`` and a ``farmhand`` folder
there would hide the vendored core of the same name.  Zips are reproducible (sorted entries,
fixed timestamps) and written through a temporary file.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
import zipfile
from typing import Dict, Iterator, List, Tuple

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
CORE_PACKAGE = os.path.join(REPO, "core", "farmhand")
LEGACY_FOLDER = "farmhand_addon"
VENDOR = "_vendor"
# Core modules that exist only to drive GPL tools; the add-on never needs them.
CORE_EXCLUDED = ("scenes/blender_bat.py",)
SKIPPED_PARTS = ("__pycache__",)
SKIPPED_SUFFIXES = (".pyc", ".pyo", ".so", ".pyd")
GPL_MARK = re.compile(rb"GNU (Lesser )?General Public License|SPDX-License-Identifier: (L)?GPL")
ZIP_TIME = (2024, 1, 1, 0, 0, 0)


class BuildError(Exception):
    """The add-on cannot be built as asked; the message says why."""


def manifest_version() -> str:
    with open(os.path.join(HERE, "blender_manifest.toml"), encoding="utf-8") as handle:
        match = re.search(r'^version\s*=\s*"([^"]+)"', handle.read(), re.MULTILINE)
    if match is None:
        raise BuildError("blender_manifest.toml has no version")
    return match.group(1)


def _walk(folder: str, prefix: str) -> Iterator[Tuple[str, str]]:
    """(archive name, source file) for every file under ``folder`` that belongs in a zip."""
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if d not in SKIPPED_PARTS)
        for name in sorted(files):
            if name.endswith(SKIPPED_SUFFIXES):
                continue
            source = os.path.join(root, name)
            relative = os.path.relpath(source, folder).replace(os.sep, "/")
            yield f"{prefix}/{relative}" if prefix else relative, source


def addon_files() -> Dict[str, str]:
    """Archive name (relative to the add-on root) -> source file."""
    files = {"__init__.py": os.path.join(HERE, "__init__.py")}
    files.update(_walk(os.path.join(HERE, "farmhand_blender"), "farmhand_blender"))
    for name, source in _walk(CORE_PACKAGE, f"{VENDOR}/farmhand"):
        if name[len(f"{VENDOR}/farmhand/") :] not in CORE_EXCLUDED:
            files[name] = source
    files.update(_yaml_files())
    files[f"{VENDOR}/LICENSES/farmhand-core.txt"] = os.path.join(REPO, "LICENSE")
    return files


def _yaml_files() -> Dict[str, str]:
    """PyYAML's pure-Python package (MIT) and its licence; its C accelerator is platform-specific."""
    import yaml

    folder = os.path.dirname(os.path.abspath(yaml.__file__))
    found = dict(_walk(folder, f"{VENDOR}/yaml"))
    site = os.path.dirname(folder)
    for entry in sorted(os.listdir(site)):
        if entry.lower().startswith("pyyaml-") and entry.endswith(".dist-info"):
            for candidate in ("licenses/LICENSE", "LICENSE"):
                path = os.path.join(site, entry, candidate)
                if os.path.isfile(path):
                    found[f"{VENDOR}/LICENSES/PyYAML.txt"] = path
                    break
    return found


def _check_licences(files: Dict[str, str]) -> None:
    offenders = []
    for name, source in files.items():
        if name.startswith(f"{VENDOR}/") and "blender_asset_tracer" in name:
            offenders.append(name)
        elif name.startswith(f"{VENDOR}/"):
            with open(source, "rb") as handle:
                if GPL_MARK.search(handle.read()):
                    offenders.append(name)
    if offenders:
        raise BuildError("GPL material would be vendored: " + ", ".join(sorted(offenders)))


def _write_zip(path: str, entries: List[Tuple[str, str]]) -> None:
    folder = os.path.dirname(path)
    os.makedirs(folder, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".building-", suffix=".zip", dir=folder)
    os.close(handle)
    try:
        with zipfile.ZipFile(temporary, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, source in sorted(entries):
                info = zipfile.ZipInfo(name, ZIP_TIME)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                with open(source, "rb") as data:
                    archive.writestr(info, data.read())
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise


def build(out_dir: str) -> Tuple[str, str]:
    """Write both zips into ``out_dir``; return (extension zip, legacy zip)."""
    files = addon_files()
    _check_licences(files)
    version = manifest_version()
    extension = os.path.join(out_dir, f"farmhand-{version}-extension.zip")
    legacy = os.path.join(out_dir, f"farmhand-{version}-legacy-addon.zip")
    manifest = ("blender_manifest.toml", os.path.join(HERE, "blender_manifest.toml"))
    _write_zip(extension, [*files.items(), manifest])
    _write_zip(legacy, [(f"{LEGACY_FOLDER}/{name}", source) for name, source in files.items()])
    return extension, legacy


def main(argv: List[str]) -> int:
    parser = argparse.ArgumentParser(
        description="Build the Farmhand Blender extension and legacy add-on zips."
    )
    parser.add_argument("--out", default=os.path.join(REPO, "build"), help="output folder (default: build/)")
    args = parser.parse_args(argv)
    try:
        for path in build(os.path.abspath(args.out)):
            print(path)
    except (BuildError, OSError, ImportError) as exc:
        print(f"build.py: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
