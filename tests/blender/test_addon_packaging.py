"""The one build command makes both zips; each installs, registers and unregisters in real bpy."""

from __future__ import annotations

import glob
import importlib.util
import json
import os
import subprocess
import sys
import zipfile

import pytest
from conftest import HERE, ROOT

pytestmark = pytest.mark.blender  # real bpy, in this process or a child

try:
    import tomllib
except ImportError:  # Python < 3.11
    tomllib = None

BUILD = os.path.join(ROOT, "blender_addon", "build.py")


@pytest.fixture(scope="module")
def zips(tmp_path_factory):
    out = tmp_path_factory.mktemp("addon-build")
    done = subprocess.run(
        [sys.executable, BUILD, "--out", str(out)], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    extension, legacy = done.stdout.split()
    return extension, legacy


def extension_cli() -> str:
    """Blender's own extension tool (``blender -c extension``), shipped inside the bpy package."""
    spec = importlib.util.find_spec("bpy")
    assert spec is not None and spec.submodule_search_locations
    found = glob.glob(
        os.path.join(
            spec.submodule_search_locations[0],
            "*",
            "scripts",
            "addons_core",
            "bl_pkg",
            "cli",
            "blender_ext.py",
        )
    )
    assert len(found) == 1, found
    return found[0]


def names(path):
    with zipfile.ZipFile(path) as archive:
        return archive.namelist()


def test_extension_zip_has_the_manifest_code_and_vendored_core(zips):
    content = names(zips[0])
    for expected in (
        "blender_manifest.toml",
        "__init__.py",
        "farmhand_blender/scene.py",
        "farmhand_blender/offline.py",
        "_vendor/farmhand/model.py",
        "_vendor/farmhand/scenes/blender_common.py",
        "_vendor/farmhand/paths/resolve.py",
        "_vendor/yaml/__init__.py",
        "_vendor/LICENSES/PyYAML.txt",
    ):
        assert expected in content
    assert not [n for n in content if "blender_asset_tracer" in n or n.endswith("blender_bat.py")]
    assert not [n for n in content if n.endswith((".pyc", ".so")) or "__pycache__" in n or n == "build.py"]


def test_legacy_zip_is_one_folder_that_cannot_shadow_the_core(zips):
    content = names(zips[1])
    assert {name.split("/")[0] for name in content} == {"farmhand_addon"}
    assert "farmhand_addon/__init__.py" in content and "farmhand_addon/_vendor/farmhand/model.py" in content
    assert "farmhand_addon/blender_manifest.toml" not in content
    assert sorted(n[len("farmhand_addon/") :] for n in content) == sorted(
        n for n in names(zips[0]) if n != "blender_manifest.toml"
    )


@pytest.mark.skipif(tomllib is None, reason="tomllib is Python 3.11+")
def test_manifest_fields_and_blenders_own_validator(zips):
    with zipfile.ZipFile(zips[0]) as archive:
        manifest = tomllib.loads(archive.read("blender_manifest.toml").decode("utf-8"))
    assert (manifest["schema_version"], manifest["id"], manifest["type"]) == ("1.0.0", "farmhand", "add-on")
    assert manifest["blender_version_min"] == "4.2.0"
    assert manifest["license"] == ["SPDX:GPL-3.0-or-later"]
    assert set(manifest["permissions"]) == {"files", "network"}
    done = subprocess.run(
        [sys.executable, extension_cli(), "validate", zips[0]], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_build_is_reproducible(zips, tmp_path):
    subprocess.run([sys.executable, BUILD, "--out", str(tmp_path)], check=True, capture_output=True)
    for built in zips:
        with open(built, "rb") as first, open(tmp_path / os.path.basename(built), "rb") as second:
            assert first.read() == second.read()


@pytest.mark.parametrize("kind", ["extension", "legacy"])
def test_installs_registers_and_unregisters_in_real_blender(zips, kind, tmp_path):
    zip_path = zips[0] if kind == "extension" else zips[1]
    env = dict(os.environ, BLENDER_USER_RESOURCES=str(tmp_path / "user"))
    done = subprocess.run(
        [sys.executable, os.path.join(HERE, "addon_probe.py"), kind, zip_path, str(tmp_path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(next(line for line in done.stdout.splitlines() if line.startswith("RESULT"))[6:])
    assert result["registered"] and result["registered_again"]
    assert not result["registered_after_disable"] and not result["vendor_on_path_after_disable"]
    # The core came from inside the installed add-on, not from this checkout.
    assert result["core_file"].startswith(str(tmp_path / "user"))
    assert "/_vendor/farmhand/" in result["core_file"]
    assert result["enabled_addons"] == [result["module"]]
    assert result["operator"] == ["FINISHED"]
    assert "has not been saved" in str(result["unsaved"])
