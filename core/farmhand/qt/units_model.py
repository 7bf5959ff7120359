"""The render-units table: one row per layer / ROP / render / view layer, edited in place.

The model keeps the user's edits (enabled, frames, Houdini option) beside the
scene's units and hands out edited *copies*, so the scene description a host
adapter produced is never mutated and a background preview never sees a
half-applied edit.
"""

from __future__ import annotations

import dataclasses
import posixpath
import re
from typing import Any, Dict, List, Optional

from Qt import QtCore, QtGui, QtWidgets

from farmhand.frames import FrameSpecError
from farmhand.model import OPTION_DISTRIBUTED, OPTION_RENDER, OPTION_SIMULATION, RenderUnit
from farmhand.qt.job_form import frame_spec_error

Qt = QtCore.Qt
ROLE_DISPLAY = Qt.ItemDataRole.DisplayRole
ROLE_EDIT = Qt.ItemDataRole.EditRole
ROLE_CHECK = Qt.ItemDataRole.CheckStateRole
ROLE_TOOLTIP = Qt.ItemDataRole.ToolTipRole
ROLE_BACKGROUND = Qt.ItemDataRole.BackgroundRole

COLUMNS = ("Name", "Kind / type", "Option", "Cameras", "Frames", "Output", "Resolution")
NAME, KIND, OPTION, CAMERAS, FRAMES, OUTPUT, RESOLUTION = range(len(COLUMNS))

OPTION_LABELS = {
    OPTION_RENDER: "render (-1)",
    OPTION_SIMULATION: "simulation (0)",
    OPTION_DISTRIBUTED: "distributed (1)",
}
ERROR_BRUSH = QtGui.QBrush(QtGui.QColor(217, 83, 79, 90))


def _check_state(checked: bool) -> Any:
    return Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked


def _is_checked(value: Any) -> bool:
    # PySide6 hands back the enum, PySide2 sometimes a plain int.
    return value == Qt.CheckState.Checked or value == 2


class UnitsModel(QtCore.QAbstractTableModel):
    """Table model over the scene's units with per-row edits."""

    edited = QtCore.Signal()

    def __init__(self, units: List[RenderUnit], parent: Optional[QtCore.QObject] = None) -> None:
        super().__init__(parent)
        self._units = [dataclasses.replace(unit) for unit in units]

    # -- reading the edits -----------------------------------------------------
    def units(self) -> List[RenderUnit]:
        """Copies of the edited units (settings dicts shared: nothing downstream writes them)."""
        return [dataclasses.replace(unit, cameras=list(unit.cameras)) for unit in self._units]

    def frame_errors(self) -> Dict[str, FrameSpecError]:
        """Units whose own frames do not parse, by name.

        Disabled units count too: task.json lists every unit (Maya's
        ``renderable: "0"``, Houdini's ``render: "0"``) with its frames.
        """
        errors = {}
        for unit in self._units:
            error = frame_spec_error(unit.frames)
            if error is not None:
                errors[unit.name] = error
        return errors

    def set_enabled(self, row: int, enabled: bool) -> None:
        self.setData(self.index(row, NAME), _check_state(enabled), ROLE_CHECK)

    # -- Qt model protocol -------------------------------------------------------
    def rowCount(self, parent: QtCore.QModelIndex = QtCore.QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._units)

    def columnCount(self, parent: QtCore.QModelIndex = QtCore.QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Any, role: int = ROLE_DISPLAY) -> Any:
        if role == ROLE_DISPLAY and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section]
        return None

    def flags(self, index: QtCore.QModelIndex) -> Any:
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        unit = self._units[index.row()]
        if index.column() == NAME:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        elif index.column() == FRAMES or (index.column() == OPTION and unit.kind == "rop"):
            flags |= Qt.ItemFlag.ItemIsEditable
        elif unit.kind == "render" and index.column() in OVERRIDABLE:
            flags |= Qt.ItemFlag.ItemIsEditable  # 3ds Max: size, output and camera, as submit_max allows
        return flags

    def data(self, index: QtCore.QModelIndex, role: int = ROLE_DISPLAY) -> Any:
        if not index.isValid():
            return None
        unit = self._units[index.row()]
        column = index.column()
        if role == ROLE_CHECK and column == NAME:
            return _check_state(unit.enabled)
        if role in (ROLE_DISPLAY, ROLE_EDIT):
            return _cell_text(unit, column)
        if role == ROLE_TOOLTIP:
            return _tooltip(unit, column)
        if role == ROLE_BACKGROUND and column == FRAMES and frame_spec_error(unit.frames):
            return ERROR_BRUSH
        return None

    def setData(self, index: QtCore.QModelIndex, value: Any, role: int = ROLE_EDIT) -> bool:
        if not index.isValid():
            return False
        unit = self._units[index.row()]
        column = index.column()
        if role == ROLE_CHECK and column == NAME:
            unit.enabled = _is_checked(value)
        elif role == ROLE_EDIT and column == FRAMES:
            unit.frames = str(value).strip()
        elif role == ROLE_EDIT and column == OPTION and unit.kind == "rop":
            unit.option = int(value)
        elif role == ROLE_EDIT and unit.kind == "render" and column in OVERRIDABLE:
            if not apply_override(unit, column, str(value)):
                return False
        else:
            return False
        first, last = self.index(index.row(), 0), self.index(index.row(), len(COLUMNS) - 1)
        self.dataChanged.emit(first, last)
        self.edited.emit()
        return True


# Columns a 3ds Max render may override before submit (Fox's submit_max arguments).
OVERRIDABLE = (CAMERAS, OUTPUT, RESOLUTION)
_SIZE = re.compile(r"^\s*(\d+)\s*[xX×*,]\s*(\d+)\s*$")


def apply_override(unit: RenderUnit, column: int, text: str) -> bool:
    """Change a Max render's camera, output (and so its format) or size; False for text that is not one."""
    if column == CAMERAS:
        unit.cameras = [name.strip() for name in text.split(",") if name.strip()]
    elif column == OUTPUT:
        unit.output = text.strip().replace("\\", "/")
        unit.image_format = posixpath.splitext(unit.output)[1].lstrip(".").lower()
    else:
        match = _SIZE.match(text)
        if not match or min(int(match.group(1)), int(match.group(2))) < 1:
            return False
        unit.width, unit.height = int(match.group(1)), int(match.group(2))
    return True


def _cell_text(unit: RenderUnit, column: int) -> str:
    if column == NAME:
        return unit.name
    if column == KIND:
        return f"{unit.kind} / {unit.node_type}" if unit.node_type else unit.kind
    if column == OPTION:
        return OPTION_LABELS.get(unit.option, "") if unit.option is not None else ""
    if column == CAMERAS:
        return ", ".join(unit.cameras)
    if column == FRAMES:
        return unit.frames
    if column == OUTPUT:
        return unit.output
    if column == RESOLUTION:
        return f"{unit.width} x {unit.height}" if unit.width and unit.height else ""
    return ""


def _tooltip(unit: RenderUnit, column: int) -> Optional[str]:
    if column == FRAMES:
        error = frame_spec_error(unit.frames)
        if error is not None:
            return f"{error.reason} at position {error.position}: {unit.frames!r}"
    if column == CAMERAS and unit.all_cameras:
        return "cameras in the scene: " + ", ".join(unit.all_cameras)
    doubt = unit.low_confidence.get(_FIELD_OF_COLUMN.get(column, ""))
    return f"may be inaccurate: {doubt}" if doubt else None


_FIELD_OF_COLUMN = {FRAMES: "frames", OUTPUT: "output", CAMERAS: "cameras", RESOLUTION: "width"}


class OptionDelegate(QtWidgets.QStyledItemDelegate):
    """A combo box for a Houdini ROP's option (render / simulation / distributed)."""

    def createEditor(self, parent: QtWidgets.QWidget, option: Any, index: QtCore.QModelIndex) -> Any:
        combo = QtWidgets.QComboBox(parent)
        for value, label in OPTION_LABELS.items():
            combo.addItem(label, value)
        return combo

    def setEditorData(self, editor: QtWidgets.QWidget, index: QtCore.QModelIndex) -> None:
        text = index.data(ROLE_DISPLAY)
        editor.setCurrentIndex(max(0, editor.findText(text)))  # type: ignore[attr-defined]

    def setModelData(self, editor: QtWidgets.QWidget, model: Any, index: QtCore.QModelIndex) -> None:
        model.setData(index, editor.currentData(), ROLE_EDIT)  # type: ignore[attr-defined]


class UnitsView(QtWidgets.QTableView):
    def __init__(self, model: UnitsModel, parent: Optional[QtWidgets.QWidget] = None) -> None:
        super().__init__(parent)
        self.setModel(model)
        self.setItemDelegateForColumn(OPTION, OptionDelegate(self))
        self.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
        self.horizontalHeader().setStretchLastSection(True)
        self.verticalHeader().setVisible(False)
        self.resizeColumnsToContents()
