"""The Dependencies section: every file the scene references, the broken ones impossible to miss.

A missing texture is the commonest reason a farm render differs from the
local one, so problem rows get a colour, an icon and a status that sorts
them to the top; the user can also send files the analysis cannot see
(extra files and folders) and leave out what should not travel (patterns).
"""

from __future__ import annotations

from typing import Any, List, Optional

from Qt import QtCore, QtGui, QtWidgets

from farmhand.model import Dependency

Qt = QtCore.Qt
ROLE_DISPLAY = Qt.ItemDataRole.DisplayRole
ROLE_DECORATION = Qt.ItemDataRole.DecorationRole
ROLE_BACKGROUND = Qt.ItemDataRole.BackgroundRole
ROLE_TOOLTIP = Qt.ItemDataRole.ToolTipRole
COLUMNS = ("Status", "Path", "Owner", "Kind", "Exists", "Files")
STATUS, PATH, OWNER, KIND, EXISTS, FILES = range(len(COLUMNS))

PROBLEM_BRUSH = QtGui.QBrush(QtGui.QColor(217, 83, 79, 70))


def dependency_status(dependency: Dependency) -> str:
    """'unresolved', 'missing', 'partial' (some files missing) or 'ok'."""
    if dependency.unresolved:
        return "unresolved"
    if not dependency.files:
        return "missing"
    if dependency.missing:
        return "partial"
    return "ok"


_STATUS_RANK = {"unresolved": 0, "missing": 1, "partial": 2, "ok": 3}


class DependenciesModel(QtCore.QAbstractTableModel):
    """Rows start problems-first; the model sorts itself in Python.

    A QSortFilterProxyModel would call back into Python for every comparison,
    which for a 20,000-file scene freezes the host for seconds; sorting the
    row list with a key is milliseconds.
    """

    def __init__(self, dependencies: List[Dependency], parent: Optional[QtCore.QObject] = None) -> None:
        super().__init__(parent)
        rows = [(dependency_status(d), d) for d in dependencies]
        rows.sort(key=lambda row: _STATUS_RANK[row[0]])
        self._statuses = [status for status, _ in rows]
        self._rows = [dependency for _, dependency in rows]
        style = QtWidgets.QApplication.style()
        self._warning_icon = style.standardIcon(QtWidgets.QStyle.StandardPixmap.SP_MessageBoxWarning)

    def dependency(self, row: int) -> Dependency:
        return self._rows[row]

    def sort(self, column: int, order: Any = Qt.SortOrder.AscendingOrder) -> None:
        if column < 0:
            return
        texts = [_sort_key(d, s, column) for d, s in zip(self._rows, self._statuses)]
        ranking = sorted(
            range(len(texts)), key=texts.__getitem__, reverse=order == Qt.SortOrder.DescendingOrder
        )
        self.layoutAboutToBeChanged.emit()
        self._rows = [self._rows[i] for i in ranking]
        self._statuses = [self._statuses[i] for i in ranking]
        self.layoutChanged.emit()

    def problem_rows(self) -> List[int]:
        return [row for row, status in enumerate(self._statuses) if status != "ok"]

    def rowCount(self, parent: QtCore.QModelIndex = QtCore.QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QtCore.QModelIndex = QtCore.QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Any, role: int = ROLE_DISPLAY) -> Any:
        if role == ROLE_DISPLAY and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section]
        return None

    def data(self, index: QtCore.QModelIndex, role: int = ROLE_DISPLAY) -> Any:
        if not index.isValid():
            return None
        dependency = self._rows[index.row()]
        status = self._statuses[index.row()]
        column = index.column()
        if role == ROLE_DISPLAY:
            return _cell_text(dependency, status, column)
        if status == "ok":
            return None
        if role == ROLE_BACKGROUND:
            return PROBLEM_BRUSH
        if role == ROLE_DECORATION and column == STATUS:
            return self._warning_icon
        if role == ROLE_TOOLTIP:
            return _problem_text(dependency)
        return None


def _sort_key(dependency: Dependency, status: str, column: int) -> Any:
    if column == STATUS:
        return (_STATUS_RANK[status], dependency.path)
    if column == FILES:
        return (len(dependency.files), len(dependency.missing))
    return _cell_text(dependency, status, column).lower()


def _cell_text(dependency: Dependency, status: str, column: int) -> str:
    if column == STATUS:
        return status
    if column == PATH:
        return dependency.path
    if column == OWNER:
        return ".".join(part for part in (dependency.node, dependency.attribute) if part)
    if column == KIND:
        return dependency.kind
    if column == EXISTS:
        return "yes" if dependency.exists and not dependency.missing else "no"
    if column == FILES:
        return f"{len(dependency.files)} of {len(dependency.files) + len(dependency.missing)}"
    return ""


def _problem_text(dependency: Dependency) -> str:
    lines = [f"cannot resolve {token}" for token in dependency.unresolved]
    lines += [f"missing: {path}" for path in dependency.missing[:20]]
    if len(dependency.missing) > 20:
        lines.append(f"... and {len(dependency.missing) - 20} more")
    return "\n".join(lines) or "no file matches this path"


class DependenciesPanel(QtWidgets.QWidget):
    """The dependency table (sortable, problems first) plus extra files and exclude patterns."""

    changed = QtCore.Signal()

    def __init__(
        self,
        dependencies: List[Dependency],
        extra_files: List[str],
        exclude_patterns: List[str],
        parent: Optional[QtWidgets.QWidget] = None,
    ) -> None:
        super().__init__(parent)
        self.model = DependenciesModel(dependencies, self)
        self.table = QtWidgets.QTableView()
        self.table.setModel(self.model)
        header = self.table.horizontalHeader()
        # The rows arrive problems-first; no indicator yet means no initial sort pass.
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        header.setStretchLastSection(True)
        header.resizeSection(PATH, 420)
        self.table.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.summary = QtWidgets.QLabel(_summary(self.model))
        self.extras = QtWidgets.QListWidget()
        self.extras.addItems(extra_files)
        self.excludes = QtWidgets.QLineEdit(", ".join(exclude_patterns))
        self.excludes.setPlaceholderText("patterns to leave out, e.g. *.bak, */backup/*")
        self.excludes.textChanged.connect(self.changed)
        self._layout()

    def _layout(self) -> None:
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 3)
        layout.addWidget(QtWidgets.QLabel("Extra files and folders to upload"))
        layout.addWidget(self.extras, 1)
        buttons = QtWidgets.QHBoxLayout()
        for label, slot in (
            ("Add files...", self._browse_files),
            ("Add folder...", self._browse_folder),
            ("Remove", self._remove_selected),
        ):
            button = QtWidgets.QPushButton(label)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        form = QtWidgets.QFormLayout()
        form.addRow("Exclude patterns", self.excludes)
        layout.addLayout(form)

    # -- edits -------------------------------------------------------------------
    def add_extra_paths(self, paths: List[str]) -> None:
        known = set(self.extra_files())
        fresh = [path for path in paths if path and path not in known]
        if fresh:
            self.extras.addItems(fresh)
            self.changed.emit()

    def _browse_files(self) -> None:
        files, _ = QtWidgets.QFileDialog.getOpenFileNames(self, "Extra files to upload")
        self.add_extra_paths(list(files))

    def _browse_folder(self) -> None:
        folder = QtWidgets.QFileDialog.getExistingDirectory(self, "Extra folder to upload")
        self.add_extra_paths([folder] if folder else [])

    def _remove_selected(self) -> None:
        rows = sorted((self.extras.row(item) for item in self.extras.selectedItems()), reverse=True)
        for row in rows:
            self.extras.takeItem(row)
        if rows:
            self.changed.emit()

    # -- reading -----------------------------------------------------------------
    def extra_files(self) -> List[str]:
        return [self.extras.item(row).text() for row in range(self.extras.count())]

    def exclude_patterns(self) -> List[str]:
        text = self.excludes.text().replace(";", ",")
        return [part.strip() for part in text.split(",") if part.strip()]


def _summary(model: DependenciesModel) -> str:
    problems = len(model.problem_rows())
    total = model.rowCount()
    if not problems:
        return f"{total} dependencies, all found"
    return f"{total} dependencies, {problems} missing or unresolved (shown first)"
