"""The planner dialog: choose a window, let the scheduling assistant propose a provisional booking for every
unbooked requirement due in it, preview them, and book all, some or none.

Planning runs off the GUI thread (on the background lane, so the diary stays usable) with a progress bar, and can
be stopped; what it had placed by then is still shown. Booking the chosen proposals is one transaction: all of
them, or — if one of the times was taken meanwhile — none, with the reason.
"""

from __future__ import annotations

import datetime as dt
import threading

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from iro_diary.domain.errors import AppError
from iro_diary.services.changes import Changes
from iro_diary.services.diary_rows import MeetingRow
from iro_diary.services.scheduling.rows import PlannedRow, PlanPreview
from iro_diary.ui.context import UiContext
from iro_diary.ui.diary.booking_form import ERROR_STYLE
from iro_diary.ui.models.row_table import RowFilterProxy
from iro_diary.ui.planner.columns import PLANNED_COLUMNS, UNPLACED_COLUMNS
from iro_diary.ui.workload.tables import fit_columns, row_table

DEFAULT_WEEKS = 6
WIDEST_COLUMN = 230  # pixels: long names and meeting kinds are cut (the tooltip has them) so the reasons show


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _date(value: QDate) -> dt.date:
    return dt.date(value.year(), value.month(), value.day())


def preview_text(preview: PlanPreview) -> str:
    """The plan in a sentence or two."""
    window = f"{preview.first:%a %d %b} to {preview.last:%a %d %b %Y}"
    if not preview.requirements:
        return f"Every requirement due {window} already has a meeting in the diary."
    text = (
        f"{preview.requirements} requirements due {window} have no meeting. Proposed: {len(preview.planned)}"
        f" ({preview.late} after the latest working day); could not be placed: {len(preview.unplaced)}."
    )
    if preview.stopped:
        looked = len(preview.planned) + len(preview.unplaced)
        text += f" Stopped after {looked} of them."
    return text


class PlannerDialog(QDialog):
    """Open with `open()`; `plan()`, `stop()` and `book_selected()` / `book_all()` are what the buttons do."""

    def __init__(self, ui: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = ui
        self.preview: PlanPreview | None = None
        self.planning = False
        self.booking = False
        self._stop = threading.Event()
        self.setWindowTitle(self.tr("Plan bookings"))
        self.resize(1240, 660)
        today = ui.clock.today()
        self.first = self._date_edit(today, "From")
        self.last = self._date_edit(today + dt.timedelta(weeks=DEFAULT_WEEKS), "To")
        self.plan_button = QPushButton(self.tr("&Plan"), self)
        self.stop_button = QPushButton(self.tr("S&top"), self)
        self.stop_button.setEnabled(False)
        self.progress = QProgressBar(self)
        self.progress.setTextVisible(True)
        self.progress.hide()
        self.summary = QLabel(self.tr("Choose the window and press Plan: nothing is booked until you say so."), self)
        self.summary.setWordWrap(True)
        self.tabs = QTabWidget(self)
        self.planned_view, self.planned = row_table(PLANNED_COLUMNS, self, self.tr("Proposed bookings"))
        self.planned_view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.unplaced_view, self.unplaced = row_table(UNPLACED_COLUMNS, self, self.tr("Could not be placed"))
        self.tabs.addTab(self.planned_view, self.tr("Proposed"))
        self.tabs.addTab(self.unplaced_view, self.tr("Could not be placed"))
        self.book_selected_button = QPushButton(self.tr("Book &selected"), self)
        self.book_all_button = QPushButton(self.tr("Book &all"), self)
        self.detail = QLabel(self)
        self.detail.setWordWrap(True)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self._lay_out()
        self._enable()
        self.plan_button.clicked.connect(self.plan)
        self.stop_button.clicked.connect(self.stop)
        self.book_selected_button.clicked.connect(self.book_selected)
        self.book_all_button.clicked.connect(self.book_all)
        self.planned_view.selectionModel().selectionChanged.connect(lambda *_args: self._on_selection())
        self.finished.connect(lambda _result: self._stop.set())

    def _date_edit(self, day: dt.date, name: str) -> QDateEdit:
        edit = QDateEdit(_qdate(day), self)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("ddd d MMM yyyy")
        edit.setAccessibleName(self.tr(name))
        edit.setMinimumWidth(160)
        return edit

    def _lay_out(self) -> None:
        window = QHBoxLayout()
        for label, edit in ((self.tr("Due &from"), self.first), (self.tr("&to"), self.last)):
            text = QLabel(label, self)
            text.setBuddy(edit)
            window.addWidget(text)
            window.addWidget(edit)
        window.addWidget(self.plan_button)
        window.addWidget(self.stop_button)
        window.addWidget(self.progress, 1)
        window.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.addButton(self.book_selected_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.book_all_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(window)
        layout.addWidget(self.summary)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.detail)
        layout.addWidget(self.status)
        layout.addWidget(buttons)

    def is_busy(self) -> bool:
        return self.planning or self.booking

    def _enable(self) -> None:
        idle = not self.is_busy()
        self.plan_button.setEnabled(idle)
        self.stop_button.setEnabled(self.planning)
        self.book_all_button.setEnabled(idle and self.planned.rowCount() > 0)
        self.book_selected_button.setEnabled(idle and bool(self.planned_view.selectionModel().selectedRows()))

    def _on_selection(self) -> None:
        """The first selected proposal's reasons, in full, under the table."""
        chosen = self.selected()
        self.detail.setText(f"{chosen[0].subject.who}: {chosen[0].reason}." if chosen else "")
        self._enable()

    # -- planning ---------------------------------------------------------------------------------------------

    def plan(self) -> None:
        """Propose bookings for the window chosen (off the GUI thread; Stop ends it early)."""
        first, last = _date(self.first.date()), _date(self.last.date())
        self._stop = stop = threading.Event()
        self.planning = True
        self.status.clear()
        self.summary.setText(self.tr("Planning…"))
        self.progress.setRange(0, 0)
        self.progress.show()
        self.ui.runner.progress.connect(self._on_progress)
        self._enable()
        services = self.ui.services
        self.ui.runner.run(
            lambda progress: services.scheduling.plan(first, last, progress=progress, cancelled=stop.is_set),
            on_success=self._planned,
            on_failure=self._plan_failed,
            background=True,
            owner=self,
        )

    def stop(self) -> None:
        self._stop.set()
        self.summary.setText(self.tr("Stopping…"))

    def _on_progress(self, done: int, total: int, text: str) -> None:
        self.progress.setRange(0, max(total, 0))
        self.progress.setValue(done)
        self.progress.setFormat(f"{text}: %v of %m" if total else text)

    def _finished_planning(self) -> None:
        self.planning = False
        self.progress.hide()
        self.ui.runner.progress.disconnect(self._on_progress)
        self._enable()

    def _planned(self, preview: PlanPreview) -> None:
        self._finished_planning()
        self.show_preview(preview)

    def show_preview(self, preview: PlanPreview) -> None:
        self.preview = preview
        self.summary.setText(preview_text(preview))
        self.planned.set_rows(preview.planned)
        self.unplaced.set_rows(preview.unplaced)
        for view, model in ((self.planned_view, self.planned), (self.unplaced_view, self.unplaced)):
            fit_columns(view, model)
            for column in range(model.columnCount() - 1):  # the reasons, last, get what is left
                view.setColumnWidth(column, min(view.columnWidth(column), WIDEST_COLUMN))
        self.tabs.setTabText(0, self.tr("Proposed ({0})").format(len(preview.planned)))
        self.tabs.setTabText(1, self.tr("Could not be placed ({0})").format(len(preview.unplaced)))
        self._enable()

    def _plan_failed(self, error: BaseException) -> bool:
        self._finished_planning()
        if not isinstance(error, AppError):
            return False
        self.summary.setText(error.message)
        return True

    # -- booking ----------------------------------------------------------------------------------------------

    def selected(self) -> list[PlannedRow]:
        proxy = self.planned_view.model()
        assert isinstance(proxy, RowFilterProxy)
        rows = sorted(proxy.mapToSource(i).row() for i in self.planned_view.selectionModel().selectedRows())
        return [self.planned.row_at(r) for r in rows]

    def book_selected(self) -> None:
        self._book(self.selected())

    def book_all(self) -> None:
        self._book(self.planned.rows)

    def _book(self, chosen: list[PlannedRow]) -> None:
        if not chosen or self.is_busy():
            return
        self.booking = True
        self._enable()
        self.status.setStyleSheet("")
        self.status.setText(self.tr("Booking {0} provisional meetings…").format(len(chosen)))
        services = self.ui.services
        self.ui.runner.run(
            lambda _p: services.scheduling.accept(chosen),
            on_success=lambda result: self._booked(chosen, result),
            on_failure=self._book_failed,
            owner=self,
        )

    def _booked(self, chosen: list[PlannedRow], result: tuple[list[MeetingRow], Changes]) -> None:
        self.booking = False
        rows, changes = result
        self.ui.bus.publish(changes, self)
        done = {id(p) for p in chosen}
        self.planned.set_rows([p for p in self.planned.rows if id(p) not in done])
        self.tabs.setTabText(0, self.tr("Proposed ({0})").format(self.planned.rowCount()))
        self.status.setText(
            self.tr("Booked {0} provisional meetings ({1} to {2}): confirm them in the diary.").format(
                len(rows), rows[0].ref, rows[-1].ref
            )
        )
        self._enable()

    def _book_failed(self, error: BaseException) -> bool:
        self.booking = False
        self._enable()
        if not isinstance(error, AppError):
            return False
        self.status.setStyleSheet(ERROR_STYLE)
        self.status.setText(error.message)
        return True
