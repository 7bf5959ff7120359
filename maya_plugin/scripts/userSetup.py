"""Maya runs this at start-up for every module on MAYA_MODULE_PATH: add the Farmhand menu and shelf."""

import maya.utils


def _install_farmhand() -> None:
    try:
        import farmhand_maya.menu

        farmhand_maya.menu.install()
    except Exception as exc:  # a broken install must not stop Maya from starting
        print(f"Farmhand: menu not installed: {exc}")


maya.utils.executeDeferred(_install_farmhand)
