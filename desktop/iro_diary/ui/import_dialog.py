"""Import…: the chosen files, what each one is, every problem found, what would change — then the import.

The check (a dry run) starts as soon as the dialog opens and again after any change (a file's kind, a column
mapping). The Import button is enabled only when every file is clean; the import itself runs off the GUI
thread with the progress bar moving, in one transaction.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from iro_diary.domain.imports.problems import Problem
from iro_diary.domain.imports.templates import TEMPLATES
from iro_diary.services.changes import Changes
from iro_diary.services.imports import ImportCount, ImportOutcome, ImportSource, guess_kind
from iro_diary.ui.column_mapping_dialog import ColumnMappingDialog
from iro_diary.ui.context import UiContext
from iro_diary.ui.models.row_table import Column, RowFilterProxy, RowTableModel

PROBLEM_COLUMNS: list[Column[Problem]] = [
    Column("File", lambda p: p.file),
    Column("Row", lambda p: str(p.row) if p.row else "", sort_key=lambda p: p.row, align_right=True),
    Column("Column", lambda p: p.column),
    Column("Value", lambda p: p.shown_value, tooltip=lambda p: p.shown_value),
    Column("Problem", lambda p: p.reason, tooltip=lambda p: p.reason),
]
COUNT_COLUMNS: list[Column[ImportCount]] = [
    Column("File", lambda c: c.file),
    Column("Rows", lambda c: f"{c.rows:,}", sort_key=lambda c: c.rows, align_right=True),
    Column("To add", lambda c: f"{c.added:,}", sort_key=lambda c: c.added, align_right=True),
    Column("To update", lambda c: f"{c.updated:,}", sort_key=lambda c: c.updated, align_right=True),
    Column("Unchanged", lambda c: f"{c.unchanged:,}", sort_key=lambda c: c.unchanged, align_right=True),
]


class ImportDialog(QDialog):
    def __init__(self, ui: UiContext, paths: list[Path], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = ui
        self.paths = paths
        self.outcome: ImportOutcome | None = None
        self.mapping_dialog: ColumnMappingDialog | None = None
        self._busy = False
        self.setWindowTitle(self.tr("Import from the case recording system"))
        self.resize(980, 620)
        self.kind_boxes: list[QComboBox] = []
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.count_model: RowTableModel[ImportCount] = RowTableModel(COUNT_COLUMNS, self)
        self.problem_model: RowTableModel[Problem] = RowTableModel(PROBLEM_COLUMNS, self)
        self.problem_proxy = RowFilterProxy(self)
        self.problem_proxy.setSourceModel(self.problem_model)
        self.progress = QProgressBar()
        self.progress.hide()
        self.check_button = QPushButton(self.tr("Check again"))
        self.import_button = QPushButton(self.tr("Import"))
        self.close_button = QPushButton(self.tr("Close"))
        self._lay_out()
        self.check_button.clicked.connect(self.check)
        self.import_button.clicked.connect(self.start_import)
        self.close_button.clicked.connect(self.reject)
        ui.runner.progress.connect(self._on_progress)
        self._listening = True

    def _lay_out(self) -> None:
        layout = QVBoxLayout(self)
        layout.addLayout(self._file_rows())
        layout.addWidget(self.summary)
        self.count_table = _table(self.count_model, self.tr("What the import would change"))
        self.count_table.setMinimumHeight(7 * self.count_table.verticalHeader().defaultSectionSize() + 8)
        layout.addWidget(self.count_table)
        search = QLineEdit()
        search.setPlaceholderText(self.tr("Search the problems"))
        search.setClearButtonEnabled(True)
        search.textChanged.connect(self.problem_proxy.set_search)
        layout.addWidget(search)
        self.problem_table = _table(self.problem_proxy, self.tr("Problems"))
        layout.addWidget(self.problem_table, 3)
        buttons = QHBoxLayout()
        buttons.addWidget(self.progress, 1)
        buttons.addStretch(1)
        for button in (self.check_button, self.import_button, self.close_button):
            buttons.addWidget(button)
        layout.addLayout(buttons)

    def _file_rows(self) -> QGridLayout:
        grid = QGridLayout()
        for row, path in enumerate(self.paths):
            box = QComboBox()
            box.addItem(self.tr("(choose what this file holds)"), "")
            for template in TEMPLATES.values():
                box.addItem(template.title, template.kind)
            box.setCurrentIndex(max(0, box.findData(guess_kind(path) or "")))
            box.setAccessibleName(self.tr("What {0} holds").format(path.name))
            box.currentIndexChanged.connect(self.check)
            mapping = QPushButton(self.tr("Map columns…"))
            mapping.setProperty("file_index", row)
            mapping.clicked.connect(self._on_map_clicked)
            grid.addWidget(QLabel(path.name), row, 0)
            grid.addWidget(box, row, 1)
            grid.addWidget(mapping, row, 2)
            self.kind_boxes.append(box)
        grid.setColumnStretch(0, 1)
        return grid

    def sources(self) -> list[ImportSource] | None:
        """The files with their kinds; None while a file's kind is not chosen or two files share one."""
        kinds = [str(box.currentData()) for box in self.kind_boxes]
        if "" in kinds or len(set(kinds)) != len(kinds):
            return None
        return [ImportSource(kind, path) for kind, path in zip(kinds, self.paths, strict=True)]

    def is_busy(self) -> bool:
        return self._busy

    def check(self) -> None:
        """Dry-run the import: every problem, and what would be added, updated or left unchanged."""
        sources = self.sources()
        self._show(None)
        if sources is None:
            self.summary.setText(self.tr("Choose what each file holds (each kind once) to check the files."))
            return
        self._set_busy(True, self.tr("Checking every row…"))
        self.ui.runner.run(
            lambda progress: self.ui.services.imports.check(sources, progress),
            on_success=self._checked,
            on_failure=self._failed,
        )

    def _checked(self, outcome: ImportOutcome) -> None:
        self._set_busy(False)
        self._show(outcome)

    def _failed(self, _error: BaseException) -> bool:
        self._set_busy(False)
        self.summary.setText(self.tr("The files could not be checked."))
        return False

    def _show(self, outcome: ImportOutcome | None) -> None:
        self.outcome = outcome
        self.problem_model.set_rows(list(outcome.problems) if outcome else [])
        self.count_model.set_rows(list(outcome.counts) if outcome else [])
        for table in (self.count_table, self.problem_table):
            table.resizeColumnsToContents()
        self.import_button.setEnabled(bool(outcome and outcome.ok and sum(outcome.totals()[:2])))
        if outcome is None:
            self.summary.clear()
        elif outcome.problems:
            count = len(outcome.problems)
            self.summary.setText(
                self.tr("{0:,} problem(s): nothing can be imported until they are fixed in the files.").format(count)
            )
        else:
            added, updated, unchanged = outcome.totals()
            notes = "".join(f"\n{note}" for note in outcome.notes)
            self.summary.setText(
                self.tr("Ready: {0:,} to add, {1:,} to update, {2:,} already in the diary.").format(
                    added, updated, unchanged
                )
                + notes
            )

    def start_import(self) -> None:
        sources = self.sources()
        if sources is None or self._busy:
            return
        self._set_busy(True, self.tr("Importing…"))
        self.ui.runner.run(
            lambda progress: self.ui.services.imports.run(sources, progress),
            on_success=self._imported,
            on_failure=self._failed,
        )

    def _imported(self, result: tuple[ImportOutcome, Changes]) -> None:
        self._set_busy(False)
        outcome, changes = result
        if not outcome.written:
            self._show(outcome)  # the diary changed since the check, and now a row no longer fits
            return
        self.ui.bus.publish(changes, self)
        added, updated, unchanged = outcome.totals()
        self.ui.prompter.inform(
            self.tr("Import finished"),
            self.tr("{0:,} added, {1:,} updated, {2:,} unchanged.").format(added, updated, unchanged),
        )
        self.accept()

    def _on_map_clicked(self) -> None:
        sender = self.sender()
        if sender is not None:
            self.map_columns(int(sender.property("file_index")))

    def map_columns(self, index: int) -> None:
        """Open the column mapping for one file (its kind must be chosen)."""
        kind = str(self.kind_boxes[index].currentData())
        if not kind or self._busy:
            return
        path = self.paths[index]
        self.ui.runner.run(
            lambda _p: (self.ui.services.imports.headers(path), self.ui.services.imports.column_mappings()),
            on_success=lambda found: self._open_mapping(kind, *found),
        )

    def _open_mapping(self, kind: str, headers: tuple[str, ...], mappings: dict[str, dict[str, str]]) -> None:
        self.mapping_dialog = ColumnMappingDialog(TEMPLATES[kind], headers, mappings.get(kind, {}), self)
        self.mapping_dialog.accepted.connect(self._save_mapping)
        self.mapping_dialog.open()

    def _save_mapping(self) -> None:
        dialog = self.mapping_dialog
        assert dialog is not None
        kind, mapping = dialog.template.kind, dialog.mapping()
        dialog.deleteLater()

        def saved(changes: Changes) -> None:
            self.ui.bus.publish(changes, self)
            self.check()

        self.ui.runner.run(lambda _p: self.ui.services.imports.save_column_mapping(kind, mapping), on_success=saved)

    def done(self, result: int) -> None:
        if self._listening:
            self._listening = False
            self.ui.runner.progress.disconnect(self._on_progress)
        super().done(result)

    def _set_busy(self, busy: bool, text: str = "") -> None:
        self._busy = busy
        for widget in (self.check_button, *self.kind_boxes):
            widget.setEnabled(not busy)
        self.progress.setVisible(busy)
        if busy:
            self.import_button.setEnabled(False)
            self.summary.setText(text)
            self.progress.setRange(0, 0)

    def _on_progress(self, done: int, total: int, text: str) -> None:
        if self._busy:
            self.progress.setRange(0, max(total, 0))
            self.progress.setValue(done)
            self.progress.setFormat(text or "%p%")


def _table(model: object, name: str) -> QTableView:
    table = QTableView()
    table.setModel(model)  # type: ignore[arg-type]
    table.verticalHeader().hide()
    table.horizontalHeader().setStretchLastSection(True)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAccessibleName(name)
    table.setWordWrap(False)
    return table
