"""The Validation section: every tip with its severity; double-click takes the user to the node.

Selecting the node in the host is the fastest way from "camera missing on
layer X" to fixing it, so the view only reports which tip was activated and
the dialog forwards the node to the host bridge.
"""

from __future__ import annotations

from typing import List, Optional

from Qt import QtCore, QtWidgets

from farmhand.validate.tips import ERROR, WARNING, Tip

COLUMNS = ("Severity", "Message", "Node", "Path", "Code")

_ICONS = {
    ERROR: QtWidgets.QStyle.StandardPixmap.SP_MessageBoxCritical,
    WARNING: QtWidgets.QStyle.StandardPixmap.SP_MessageBoxWarning,
}
_RANK = {ERROR: 0, WARNING: 1}


class TipsView(QtWidgets.QTreeWidget):
    """A flat list of tips, errors first; ``tip_activated`` fires on double-click."""

    tip_activated = QtCore.Signal(object)

    def __init__(self, parent: Optional[QtWidgets.QWidget] = None) -> None:
        super().__init__(parent)
        self.setColumnCount(len(COLUMNS))
        self.setHeaderLabels(list(COLUMNS))
        self.setRootIsDecorated(False)
        self.setAlternatingRowColors(True)
        self.tips: List[Tip] = []
        self.itemDoubleClicked.connect(self._activated)

    def set_tips(self, tips: List[Tip]) -> None:
        self.tips = sorted(tips, key=lambda tip: _RANK.get(tip.severity, 2))
        self.clear()
        style = self.style()
        for tip in self.tips:
            subject = ".".join(part for part in (tip.node, tip.attribute) if part)
            item = QtWidgets.QTreeWidgetItem([tip.severity, tip.message, subject, tip.path, tip.code])
            icon = _ICONS.get(tip.severity, QtWidgets.QStyle.StandardPixmap.SP_MessageBoxInformation)
            item.setIcon(0, style.standardIcon(icon))
            item.setToolTip(1, tip.describe())
            self.addTopLevelItem(item)
        for column in range(len(COLUMNS)):
            self.resizeColumnToContents(column)

    def _activated(self, item: QtWidgets.QTreeWidgetItem, column: int) -> None:
        self.tip_activated.emit(self.tips[self.indexOfTopLevelItem(item)])


def tips_summary(tips: List[Tip]) -> str:
    errors = sum(1 for tip in tips if tip.severity == ERROR)
    warnings = sum(1 for tip in tips if tip.severity == WARNING)
    return f"{errors} error(s), {warnings} warning(s)"
