"""The Houdini package build: one command, a loadable package JSON, the core vendored, valid UI files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ElementTree

from houdini_samples import ROOT

BUILD = os.path.join(ROOT, "houdini_plugin", "build.py")


def _build(tmp_path):
    result = subprocess.run(
        [sys.executable, BUILD, "-o", str(tmp_path)], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return tmp_path / "farmhand"


def test_build_makes_a_package_with_the_core_vendored(tmp_path):
    package = _build(tmp_path)
    manifest = json.loads((tmp_path / "packages" / "farmhand.json").read_text())
    assert manifest["path"] == "$FARMHAND_HOUDINI"
    assert {"FARMHAND_HOUDINI": str(package)} in manifest["env"]
    for relative in ("OPmenu.xml", "python_panels/farmhand.pypanel", "toolbar/farmhand.shelf"):
        assert (package / relative).is_file(), relative
    python = package / "python"
    assert (python / "farmhand_houdini" / "scene.py").is_file()
    assert (python / "farmhand" / "scenes" / "houdini_units.py").is_file()
    for vendored in ("requests/__init__.py", "yaml/__init__.py", "certifi/__init__.py", "Qt.py"):
        assert (python / vendored).is_file(), vendored
    assert not [p for p in python.rglob("*") if p.suffix in (".so", ".pyd", ".pyc")]
    assert not list(python.rglob("__pycache__"))
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no staging left behind


def test_vendored_package_imports_without_the_source_tree(tmp_path):
    package = _build(tmp_path)
    code = (
        "import farmhand.scenes.houdini_hip, farmhand.hosts.houdini_rops, farmhand, requests, yaml;"
        "print(farmhand.__file__); print(requests.__file__); print(yaml.__file__)"
    )
    environment = {"PYTHONPATH": str(package / "python"), "PATH": os.environ.get("PATH", "")}
    result = subprocess.run(
        [sys.executable, "-S", "-c", code], env=environment, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert all(line.startswith(str(package)) for line in result.stdout.split()), result.stdout


def test_ui_files_are_well_formed_and_call_the_package():
    plugin = os.path.join(ROOT, "houdini_plugin")
    menu = ElementTree.parse(os.path.join(plugin, "OPmenu.xml")).getroot()
    item = menu.find("./menu/scriptItem")
    assert item is not None and item.findtext("label") == "Submit with Farmhand"
    expression = item.findtext("./context/expression")
    assert "farmhand_houdini.rop_menu" in expression and 'is_submittable(kwargs["node"])' in expression
    assert "submit_from_menu(kwargs)" in item.findtext("scriptCode")
    panel = ElementTree.parse(os.path.join(plugin, "python_panels", "farmhand.pypanel")).getroot()
    assert "create_interface()" in panel.findtext("./interface/script")
    shelf = ElementTree.parse(os.path.join(plugin, "toolbar", "farmhand.shelf")).getroot()
    assert "open_submitter()" in shelf.findtext("./tool/script")
