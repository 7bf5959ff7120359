"""The Maya plug-in as shipped: type-checked against maya-stubs, bundled with the core, installable.

The bundle test unzips the built zip and imports the vendored core with
``python -S`` (no site-packages), proving the bundle needs nothing but what
it carries; the installer runs against a stand-in ``maya.cmds`` that only
answers ``internalVar`` and ``about`` (batch mode, so no UI is built).
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import types
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PLUGIN = ROOT / "maya_plugin"
CUBE = ROOT.parent / "shared" / "samples" / "maya" / "aws-deadline-maya" / "cube" / "scene" / "cube.ma"


def test_adapter_type_checks_against_maya_stubs(tmp_path):
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--config-file",
            str(PLUGIN / "mypy.ini"),
            "--cache-dir",
            str(tmp_path),
        ]
        + ["-p", "farmhand_maya"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def _load_build():
    spec = importlib.util.spec_from_file_location("farmhand_maya_build", PLUGIN / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def bundle(tmp_path_factory):
    out = tmp_path_factory.mktemp("bundle")
    zip_path = _load_build().build(str(out))
    with zipfile.ZipFile(zip_path) as archive:
        names = archive.namelist()
        archive.extractall(out / "unzipped")
    return Path(zip_path), names, out / "unzipped" / "farmhand-maya"


def test_bundle_layout(bundle):
    zip_path, names, unzipped = bundle
    assert zip_path.name == "farmhand-maya-0.1.0.zip" and not list(zip_path.parent.glob(".farmhand-maya-*"))
    for required in (
        "farmhand-maya/install_farmhand.py",
        "farmhand-maya/install_farmhand.mel",
        "farmhand-maya/farmhand.mod",
        "farmhand-maya/farmhand/scripts/userSetup.py",
        "farmhand-maya/farmhand/scripts/farmhand_maya/scene.py",
        "farmhand-maya/farmhand/scripts/farmhand/model.py",
        "farmhand-maya/farmhand/scripts/farmhand/scenes/maya_ascii.py",
        "farmhand-maya/farmhand/scripts/yaml/__init__.py",
        "farmhand-maya/farmhand/scripts/requests/__init__.py",
        "farmhand-maya/farmhand/scripts/Qt.py",
        "farmhand-maya/farmhand/icons/farmhand.png",
    ):
        assert required in names, required
    assert not [name for name in names if name.endswith((".so", ".pyd", ".pyc")) or "__pycache__" in name]
    assert (unzipped / "farmhand.mod").read_text().splitlines()[0] == "+ farmhand 0.1.0 ./farmhand"


@pytest.mark.skipif(not CUBE.is_file(), reason="shared samples not present")
def test_bundled_core_runs_without_site_packages(bundle):
    _, _, unzipped = bundle
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]);"
        "import requests, yaml; from farmhand.scenes import read_scene;"
        "scene = read_scene(sys.argv[2]); print(scene.units[0].name, scene.units[0].frames)"
    )
    scripts = str(unzipped / "farmhand" / "scripts")
    result = subprocess.run(
        [sys.executable, "-S", "-c", code, scripts, str(CUBE)], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["masterLayer", "537"]


def test_drag_and_drop_installer_writes_the_module_file(bundle, tmp_path, monkeypatch):
    _, _, unzipped = bundle
    app_dir = tmp_path / "maya"
    cmds = types.SimpleNamespace(
        internalVar=lambda userAppDir=False: str(app_dir) + "/", about=lambda batch=False: True
    )
    maya = types.ModuleType("maya")
    maya.cmds = cmds
    maya.mel = types.SimpleNamespace()
    monkeypatch.setitem(sys.modules, "maya", maya)
    monkeypatch.setitem(sys.modules, "maya.cmds", cmds)
    monkeypatch.setitem(sys.modules, "maya.mel", maya.mel)
    monkeypatch.setattr(sys, "path", list(sys.path))
    for name in [name for name in sys.modules if name.startswith("farmhand_maya")]:
        monkeypatch.delitem(sys.modules, name)
    spec = importlib.util.spec_from_file_location("farmhand_install_test", unzipped / "install_farmhand.py")
    installer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(installer)
    installer.onMayaDroppedPythonFile()
    module_file = app_dir / "modules" / "farmhand.mod"
    content = os.path.realpath(unzipped / "farmhand")
    assert module_file.read_text() == f"+ farmhand 0.1.0 {content}\nscripts: scripts\nicons: icons\n"
    assert str(unzipped / "farmhand" / "scripts") in sys.path
    assert not list((app_dir / "modules").glob(".farmhand-*"))
    with pytest.raises(RuntimeError, match="is not an unzipped Farmhand bundle"):
        installer.install(str(tmp_path))
