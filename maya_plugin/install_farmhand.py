"""Install Farmhand into Maya: drag this file from the unzipped bundle into a Maya viewport.

Maya calls :func:`onMayaDroppedPythonFile`.  The installer writes
``<user app dir>/modules/farmhand.mod`` pointing at the bundle's ``farmhand``
folder (so Maya loads it at every start, for every Maya version using that
folder), then puts the scripts on ``sys.path`` and adds the menu and shelf
button right away, without a restart.  Run it again after moving the folder.
"""

import os
import sys
import tempfile

MODULE_FILE = "farmhand.mod"


def bundle_content(bundle_dir):
    content = os.path.join(bundle_dir, "farmhand")
    if not os.path.isdir(os.path.join(content, "scripts", "farmhand_maya")):
        raise RuntimeError(
            f"Farmhand: {bundle_dir} is not an unzipped Farmhand bundle (no farmhand/scripts/farmhand_maya)"
        )
    return content


def bundle_version(content):
    namespace = {}
    with open(os.path.join(content, "scripts", "farmhand_maya", "__init__.py")) as handle:
        exec(handle.read(), namespace)
    return namespace["__version__"]


def write_module_file(modules_dir, content):
    """Write the .mod atomically: Maya must never read a half-written module file."""
    if not os.path.isdir(modules_dir):
        os.makedirs(modules_dir)
    text = f"+ farmhand {bundle_version(content)} {content}\nscripts: scripts\nicons: icons\n"
    handle, temporary = tempfile.mkstemp(prefix=".farmhand-", suffix=".mod", dir=modules_dir)
    with os.fdopen(handle, "w") as out:
        out.write(text)
    target = os.path.join(modules_dir, MODULE_FILE)
    os.replace(temporary, target)
    return target


def install(bundle_dir=None):
    from maya import cmds

    bundle_dir = bundle_dir or os.path.dirname(os.path.abspath(__file__))
    content = bundle_content(bundle_dir)
    modules_dir = os.path.join(cmds.internalVar(userAppDir=True), "modules")
    target = write_module_file(modules_dir, content)
    scripts = os.path.join(content, "scripts")
    if scripts not in sys.path:
        sys.path.insert(0, scripts)
    icons = os.path.join(content, "icons")
    os.environ["XBMLANGPATH"] = os.pathsep.join(p for p in (os.environ.get("XBMLANGPATH"), icons) if p)
    import farmhand_maya.menu

    farmhand_maya.menu.install()
    print(f"Farmhand installed: {target}")
    return target


def onMayaDroppedPythonFile(*args):  # the name Maya looks for
    install()


if __name__ == "farmhand_install":  # run by install_farmhand.mel
    install()
