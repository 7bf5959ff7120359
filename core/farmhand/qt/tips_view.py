"""The Validation section: every tip with its severity; double-click takes the user to the node.

Selecting the node in the host is the fastest way from "camera missing on
layer X" to fixing it, so the view only reports which tip was activated and
the dialog forwards the node to the host bridge.  A model (not one widget
item per tip) keeps a scene with ten thousand missing files instant to show.
"""

from __future__ import annotations

from typing import Any, List, Optional

from Qt import QtCore, QtWidgets

from farmhand.validate.tips import ERROR, INFO, WARNING, Tip

Qt = QtCore.Qt
ROLE_DISPLAY = Qt.ItemDataRole.DisplayRole
ROLE_DECORATION = Qt.ItemDataRole.DecorationRole
ROLE_TOOLTIP = Qt.ItemDataRole.ToolTipRole

COLUMNS = ("Severity", "Message", "Node", "Path", "Code")
SEVERITY, MESSAGE, NODE, PATH, CODE = range(len(COLUMNS))

_ICONS = {
    ERROR: QtWidgets.QStyle.StandardPixmap.SP_MessageBoxCritical,
    WARNING: QtWidgets.QStyle.StandardPixmap.SP_MessageBoxWarning,
    INFO: QtWidgets.QStyle.StandardPixmap.SP_MessageBoxInformation,
}
_RANK = {ERROR: 0, WARNING: 1}


class TipsModel(QtCore.QAbstractTableModel):
    def __init__(self, parent: Optional[QtCore.QObject] = None) -> None:
        super().__init__(parent)
        self.tips: List[Tip] = []
        style = QtWidgets.QApplication.style()
        self._icons = {
            severity: style.standardIcon(icon)
            for severity, icon in {
                **_ICONS,
                "info": QtWidgets.QStyle.StandardPixmap.SP_MessageBoxInformation,
            }.items()
        }

    def set_tips(self, tips: List[Tip]) -> None:
        self.beginResetModel()
        self.tips = sorted(tips, key=lambda tip: _RANK.get(tip.severity, 2))
        self.endResetModel()

    def rowCount(self, parent: QtCore.QModelIndex = QtCore.QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.tips)

    def columnCount(self, parent: QtCore.QModelIndex = QtCore.QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Any, role: int = ROLE_DISPLAY) -> Any:
        if role == ROLE_DISPLAY and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section]
        return None

    def data(self, index: QtCore.QModelIndex, role: int = ROLE_DISPLAY) -> Any:
        if not index.isValid():
            return None
        tip = self.tips[index.row()]
        if role == ROLE_DISPLAY:
            return _cell_text(tip, index.column())
        if role == ROLE_DECORATION and index.column() == SEVERITY:
            return self._icons.get(tip.severity)
        if role == ROLE_TOOLTIP:
            return tip.describe()
        return None


def _cell_text(tip: Tip, column: int) -> str:
    if column == SEVERITY:
        return tip.severity
    if column == MESSAGE:
        return tip.message
    if column == NODE:
        return ".".join(part for part in (tip.node, tip.attribute) if part)
    if column == PATH:
        return tip.path
    return tip.code


class TipsView(QtWidgets.QTableView):
    """Tips, errors first; ``tip_activated`` fires with the tip on double-click."""

    tip_activated = QtCore.Signal(object)

    def __init__(self, parent: Optional[QtWidgets.QWidget] = None) -> None:
        super().__init__(parent)
        self.tips_model = TipsModel(self)
        self.setModel(self.tips_model)
        self.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
        self.setAlternatingRowColors(True)
        self.verticalHeader().setVisible(False)
        header = self.horizontalHeader()
        header.setStretchLastSection(True)
        header.resizeSection(SEVERITY, 90)
        header.resizeSection(MESSAGE, 420)
        header.resizeSection(NODE, 200)
        self.doubleClicked.connect(self._activated)

    @property
    def tips(self) -> List[Tip]:
        return self.tips_model.tips

    def set_tips(self, tips: List[Tip]) -> None:
        self.tips_model.set_tips(tips)

    def _activated(self, index: QtCore.QModelIndex) -> None:
        self.tip_activated.emit(self.tips_model.tips[index.row()])


def tips_summary(tips: List[Tip]) -> str:
    errors = sum(1 for tip in tips if tip.severity == ERROR)
    warnings = sum(1 for tip in tips if tip.severity == WARNING)
    return f"{errors} error(s), {warnings} warning(s)"
