"""The Farmhand menu in Maya's main window and a button on a Farmhand shelf.

Both run ``farmhand_maya.panel.open_submitter()``.  Installing is idempotent
(the menu is rebuilt, an existing shelf button is kept) because
``userSetup.py`` runs at every start and the drag-and-drop installer runs it
once more right away.
"""

from __future__ import annotations

from typing import List

from maya import cmds, mel

MENU = "farmhandMenu"
SHELF = "Farmhand"
OPEN_COMMAND = "import farmhand_maya.menu; farmhand_maya.menu.open_panel()"
LABEL = "Submit to Farmhand..."


def install() -> None:
    """Add the menu and the shelf button (interactive Maya only)."""
    if cmds.about(batch=True):
        return
    install_menu()
    install_shelf()


def install_menu() -> str:
    if cmds.menu(MENU, exists=True):
        cmds.deleteUI(MENU)
    main_window = str(mel.eval("$farmhandTmp = $gMainWindow"))
    menu = str(cmds.menu(MENU, parent=main_window, label="Farmhand", tearOff=True))
    cmds.menuItem(
        parent=menu, label=LABEL, command=lambda *_: open_panel(), annotation="Open the Farmhand submitter"
    )
    return menu


def install_shelf() -> None:
    top = mel.eval("$farmhandTmp = $gShelfTopLevel")
    if not cmds.shelfLayout(SHELF, exists=True):
        mel.eval(f'addNewShelfTab "{SHELF}"')
    buttons = cmds.shelfLayout(SHELF, query=True, childArray=True)
    names: List[str] = [str(button) for button in buttons] if isinstance(buttons, list) else []
    for button in names:
        if cmds.shelfButton(button, query=True, command=True) == OPEN_COMMAND:
            return
    # A string command (not a callable) so Maya can save the button with the shelf; the stubs only
    # know the callable form.
    cmds.shelfButton(
        parent=f"{top}|{SHELF}",
        label="Farmhand",
        annotation=LABEL,
        image="farmhand.png",
        command=OPEN_COMMAND,  # type: ignore[arg-type]
        sourceType="python",
    )


def open_panel() -> None:
    """Open the submitter, turning a user-actionable problem into a Maya warning, not a traceback."""
    from farmhand.errors import FarmhandError

    try:
        from farmhand_maya.panel import open_submitter

        open_submitter()
    except ImportError as exc:  # Qt or the submitter UI is missing from this install
        cmds.warning(f"Farmhand: the submitter UI cannot load here: {exc}")
    except FarmhandError as exc:
        cmds.warning(f"Farmhand: {exc}")
