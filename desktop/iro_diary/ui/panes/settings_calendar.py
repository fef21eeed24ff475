"""Settings › Calendar: bank holidays year by year, a gov.uk file import, and local closure days."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from iro_diary.domain.errors import EnvironmentProblem, ValidationError
from iro_diary.services.calendar import BankHolidayImport, CalendarDayRow
from iro_diary.ui.context import UiContext
from iro_diary.ui.models.row_table import Column, RowFilterProxy, RowTableModel, date_text
from iro_diary.ui.table_view import make_table_view

DAY_COLUMNS: list[Column[CalendarDayRow]] = [
    Column("Date", lambda d: date_text(d.day, "%a %d %b %Y"), sort_key=lambda d: d.day),
    Column("Name", lambda d: d.name),
    Column("Source", lambda d: d.source),
]


def _table(parent: QWidget, name: str) -> tuple[QTableView, RowTableModel[CalendarDayRow]]:
    model: RowTableModel[CalendarDayRow] = RowTableModel(DAY_COLUMNS, parent)
    proxy = RowFilterProxy(parent)
    proxy.setSourceModel(model)
    view = make_table_view(proxy, name, parent)
    view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    return view, model


class CalendarTab(QWidget):
    def __init__(self, ui: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = ui
        self.pending = 0
        self.year = QSpinBox(self)
        self.year.setRange(1990, 2100)
        self.year.setValue(ui.clock.today().year)
        self.year.setAccessibleName(self.tr("Year"))
        self.import_button = QPushButton(self.tr("Import a gov.uk bank-holidays.json file…"), self)
        self.holidays_view, self.holidays = _table(self, self.tr("Bank holidays"))
        self.closure_day = QDateEdit(self)
        self.closure_day.setCalendarPopup(True)
        self.closure_day.setDisplayFormat("ddd dd MMM yyyy")
        today = ui.clock.today()
        self.closure_day.setDate(QDate(today.year, today.month, today.day))
        self.closure_name = QLineEdit(self)
        self.closure_name.setPlaceholderText(self.tr("e.g. Christmas shutdown"))
        self.add_button = QPushButton(self.tr("Add closure"), self)
        self.remove_button = QPushButton(self.tr("Remove selected"), self)
        self.closures_view, self.closures = _table(self, self.tr("Closure days"))
        self._lay_out()
        self.year.valueChanged.connect(lambda _year: self.reload())
        self.import_button.clicked.connect(self._on_import)
        self.add_button.clicked.connect(self._on_add)
        self.remove_button.clicked.connect(self._on_remove)

    def _lay_out(self) -> None:
        layout = QVBoxLayout(self)
        heading = QLabel(self.tr("Bank holidays (England & Wales) — they are not working days in any timescale"))
        heading.setObjectName("sectionTitle")
        layout.addWidget(heading)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Year")))
        row.addWidget(self.year)
        row.addStretch(1)
        row.addWidget(self.import_button)
        layout.addLayout(row)
        layout.addWidget(self.holidays_view, 1)
        heading = QLabel(self.tr("Local closure days — nothing can be booked on them; statutory counting is unchanged"))
        heading.setObjectName("sectionTitle")
        layout.addWidget(heading)
        row = QHBoxLayout()
        row.addWidget(self.closure_day)
        row.addWidget(self.closure_name, 1)
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        layout.addLayout(row)
        layout.addWidget(self.closures_view, 1)

    def is_loaded(self) -> bool:
        return self.pending == 0

    def reload(self) -> None:
        year = self.year.value()
        self._run(lambda: self.ui.services.calendar.bank_holidays(year), self.holidays.set_rows)
        self._run(self.ui.services.calendar.closures, self.closures.set_rows)

    def _run(self, work, show) -> None:  # type: ignore[no-untyped-def]
        self.pending += 1

        def done(rows: list[CalendarDayRow]) -> None:
            self.pending -= 1
            show(rows)

        def failed(_error: BaseException) -> bool:
            self.pending -= 1
            return False

        self.ui.runner.run(lambda _p: work(), on_success=done, on_failure=failed)

    def _on_import(self) -> None:
        path = self.ui.prompter.open_file(self.tr("Import bank holidays"), "gov.uk bank holidays (*.json)")
        if path is None:
            return
        try:
            text = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError:
            self.ui.errors(ValidationError(f"{path.name} is not UTF-8 text (a gov.uk bank-holidays.json file is)"))
            return
        except OSError as error:
            self.ui.errors(EnvironmentProblem(f"Cannot read {path}: {error.strerror or error}"))
            return
        self.import_text(text)

    def import_text(self, text: str) -> None:
        def done(result: tuple[BankHolidayImport, object]) -> None:
            summary, changes = result
            self.ui.bus.publish(changes, self)  # type: ignore[arg-type]
            self.ui.prompter.inform(self.tr("Bank holidays imported"), summary.summary)

        self.ui.runner.run(lambda _p: self.ui.services.calendar.import_bank_holidays(text), on_success=done)

    def _on_add(self) -> None:
        picked = self.closure_day.date()
        self.add_closure(dt.date(picked.year(), picked.month(), picked.day()), self.closure_name.text())

    def add_closure(self, day: dt.date, name: str) -> None:
        def done(changes: object) -> None:
            self.closure_name.clear()
            self.ui.bus.publish(changes, self)  # type: ignore[arg-type]

        self.ui.runner.run(lambda _p: self.ui.services.calendar.add_closure(day, name), on_success=done)

    def _on_remove(self) -> None:
        rows = self.closures_view.selectionModel().selectedRows()
        if not rows:
            return
        proxy = self.closures_view.model()
        assert isinstance(proxy, RowFilterProxy)
        day = self.closures.row_at(proxy.mapToSource(rows[0]).row()).day
        self.ui.runner.run(
            lambda _p: self.ui.services.calendar.remove_closure(day),
            on_success=lambda changes: self.ui.bus.publish(changes, self),
        )
