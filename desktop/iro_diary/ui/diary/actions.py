"""What the diary does when asked: book, edit, move, cancel, mark held, undo and redo.

Each action runs its service call off the GUI thread, publishes what changed (every view refreshes itself from
that), and records what can be undone. A refusal the user can act on is said in the diary's message line — a
refused move snaps back and says why — and nothing else changes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QObject
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QWidget

from iro_diary.domain.booking import Window
from iro_diary.domain.errors import AppError
from iro_diary.services.booking import KEEP
from iro_diary.services.changes import Changes
from iro_diary.services.diary_rows import BookingRequest, ChildPick, MeetingDetail, MeetingRow, NextBooking, Resources
from iro_diary.services.quality.rows import Checklist
from iro_diary.ui.context import UiContext
from iro_diary.ui.diary import undo as undoing
from iro_diary.ui.diary.booking_dialog import BookingDialog, default_start
from iro_diary.ui.diary.cancel_dialog import CancelDialog
from iro_diary.ui.diary.day_sheet import export_pdf, print_html
from iro_diary.ui.diary.held_dialog import HeldDialog
from iro_diary.ui.diary.history_dialog import HistoryDialog
from iro_diary.ui.diary.invites_dialog import InvitesDialog


class DiaryHost(Protocol):
    """What the actions need of the diary pane."""

    def days(self) -> list[dt.date]: ...
    def sheets_html(self) -> str: ...

    ui: UiContext
    resources: Resources
    child_index: list[ChildPick]

    @property
    def rooms_mode(self) -> bool: ...
    def snap_back(self, meeting_id: int) -> None: ...
    def show_message(self, text: str) -> None: ...
    def show_window(self, window: Window | None) -> None: ...
    def go_to_meeting(self, row: MeetingRow) -> None: ...
    def dialog_parent(self) -> QWidget: ...


class DiaryActions(QObject):
    def __init__(self, host: DiaryHost, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.host = host
        self.ui = host.ui
        self.undo_stack = undoing.UndoStack()
        self.dialog: QDialog | None = None

    @property
    def booking_dialog(self) -> BookingDialog | None:
        return self.dialog if isinstance(self.dialog, BookingDialog) else None

    def _open(self, dialog: QDialog) -> None:
        if self.dialog is not None:
            self.dialog.close()
        self.dialog = dialog
        dialog.finished.connect(lambda _result: self._closed(dialog))
        dialog.open()

    def _closed(self, dialog: QDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    # -- book and edit ----------------------------------------------------------------------------------------

    def offline(self) -> bool:
        """While nothing can be saved (issue #10: offline, or a newer version upgraded the diary), say so and
        refuse what would change the diary. Booking dialogs still open: they keep what is typed until it can be
        saved."""
        connection = self.ui.connection
        if connection.can_save:
            return False
        self.host.show_message(connection.banner_text())
        return True

    def book(self, start: BookingRequest) -> BookingDialog:
        """Open the booking dialog pre-filled with `start` (its `minutes` 0 means the kind's default)."""
        dialog = BookingDialog(
            self.ui, self.host.resources, self.host.child_index, start, parent=self.host.dialog_parent()
        )
        dialog.window_changed.connect(self.host.show_window)
        dialog.saved.connect(self._saved)
        self._open(dialog)
        return dialog

    def book_next(self, following: NextBooking) -> BookingDialog:
        day, start = default_start(self.ui.clock.today(), following.window, None)
        self.host.show_window(following.window)
        return self.book(
            BookingRequest(
                kind=following.kind,
                day=day,
                start=start,
                minutes=0,
                chair_id=following.chair_id,
                child_ids=following.child_ids,
                household_id=following.household_id,
            )
        )

    def edit(self, row: MeetingRow) -> None:
        self._with_detail(row, self._open_editor)

    def _open_editor(self, detail: MeetingDetail) -> None:
        parent = self.host.dialog_parent()
        dialog = BookingDialog(self.ui, self.host.resources, self.host.child_index, detail.as_request(), detail, parent)
        dialog.window_changed.connect(self.host.show_window)
        dialog.saved.connect(self._saved)
        dialog.cancel_requested.connect(self.cancel)
        dialog.held_requested.connect(self.mark_held)
        self._open(dialog)

    def _with_detail(self, row: MeetingRow, then: Callable[[MeetingDetail], None]) -> None:
        services = self.ui.services
        self.ui.runner.run(lambda _p: services.diary.meeting(row.id), on_success=then)

    def _saved(self, row: MeetingRow, action: str) -> None:
        if action == "book":
            self.undo_stack.push(undoing.booked(row))
        self.host.show_message(self.tr("{0} saved: {1:%a %d %b %Y} {1:%H:%M}").format(row.ref, row.start))
        self.host.go_to_meeting(row)

    # -- move -------------------------------------------------------------------------------------------------

    def move(self, row: MeetingRow, day: dt.date, start: dt.time, resource_id: int) -> None:
        """Move a dropped meeting; a refused move goes back where it was, with the reason."""
        if self.offline():
            self.host.snap_back(row.id)
            return
        rooms = self.host.rooms_mode
        chair, room = (KEEP, resource_id) if rooms else (resource_id, KEEP)
        services = self.ui.services
        self.ui.runner.run(
            lambda _p: services.booking.move(row.id, row.version, day, start, chair_id=chair, room_id=room),
            on_success=lambda result: self._moved(row, result),
            on_failure=lambda error: self._move_refused(row, error),
        )

    def _moved(self, before: MeetingRow, result: tuple[MeetingRow, Changes]) -> None:
        after, changes = result
        self.undo_stack.push(undoing.moved(before, after))
        self.ui.bus.publish(changes, self)
        self.host.show_message(self.tr("Moved {0} to {1:%a %d %b} {1:%H:%M}").format(after.ref, after.start))

    def _move_refused(self, row: MeetingRow, error: BaseException) -> bool:
        self.host.snap_back(row.id)
        if not isinstance(error, AppError):
            return False
        self.host.show_message(self.tr("{0} was not moved: {1}").format(row.ref, error.message))
        return True

    def invites(self, row: MeetingRow) -> InvitesDialog:
        dialog = InvitesDialog(self.ui, row, self.host.dialog_parent())
        self._open(dialog)
        return dialog

    def history(self, row: MeetingRow) -> HistoryDialog:
        dialog = HistoryDialog(self.ui, row, self.host.dialog_parent())
        self._open(dialog)
        return dialog

    # -- cancel and held --------------------------------------------------------------------------------------

    def cancel(self, row: MeetingRow) -> CancelDialog | None:
        if self.offline():
            return None
        dialog = CancelDialog(self.ui, row, self.host.dialog_parent())
        dialog.cancelled.connect(self._cancelled)
        self._open(dialog)
        return dialog

    def _cancelled(self, before: MeetingRow, after: MeetingRow) -> None:
        self.undo_stack.push(undoing.cancelled(before, after))
        self.host.show_message(self.tr("{0} cancelled ({1})").format(after.ref, after.cancel_reason or ""))

    def mark_held(self, row: MeetingRow) -> None:
        """Open the held dialog with the meeting and its live-audit checklist (a review or a conference)."""
        if self.offline():
            return
        services = self.ui.services
        self.ui.runner.run(
            lambda _p: (services.diary.meeting(row.id), services.live_audit.checklist(row.id)),
            on_success=lambda found: self._open_held(*found),
        )

    def _open_held(self, detail: MeetingDetail, checklist: Checklist | None = None) -> None:
        dialog = HeldDialog(self.ui, detail, self.host.dialog_parent(), checklist)
        dialog.held.connect(self._held)
        self._open(dialog)

    def _held(self, row: MeetingRow, following: list[NextBooking]) -> None:
        self.host.show_message(self.tr("{0} marked held").format(row.ref))
        wanted = [f for f in following if f.booked_ref is None]
        if not wanted:
            return
        step = wanted[0]
        window = step.window
        question = self.tr(
            "The next {0} is due by {1:%a %d %b %Y} (latest working day {2:%a %d %b %Y}). "
            "Book it now, before everyone leaves the room?"
        ).format(window.label, window.due, window.latest_working_day)
        if self.ui.prompter.confirm(self.tr("Book the next meeting?"), question, yes="Book it now", no="Later"):
            self.book_next(step)

    # -- undo and redo ----------------------------------------------------------------------------------------

    def undo(self) -> None:
        if self.offline():
            return
        step = self.undo_stack.next_undo()
        if step is not None:
            self._replay(step, undoing.undo_call(step), self.undo_stack.undone, self.tr("Undone"))

    def redo(self) -> None:
        if self.offline():
            return
        step = self.undo_stack.next_redo()
        if step is not None:
            self._replay(step, undoing.redo_call(step), self.undo_stack.redone, self.tr("Redone"))

    def _replay(
        self, step: undoing.Step, call: undoing.Call, done: Callable[[undoing.Step, int], None], word: str
    ) -> None:
        services = self.ui.services

        def succeeded(result: tuple[MeetingRow, Changes]) -> None:
            row, changes = result
            done(step, row.version)
            self.ui.bus.publish(changes, self)
            self.host.show_message(f"{word}: {step.description}")

        def refused(error: BaseException) -> bool:
            self.undo_stack.drop(step)
            if not isinstance(error, AppError):
                return False
            self.host.show_message(self.tr("Cannot undo or redo {0}: {1}").format(step.description, error.message))
            return True

        self.ui.runner.run(lambda _p: call(services), on_success=succeeded, on_failure=refused)

    # -- printing ---------------------------------------------------------------------------------------------

    def choose_printer(self, printer: QPrinter) -> bool:
        """Ask which printer (a seam: tests answer it)."""
        return QPrintDialog(printer, self.host.dialog_parent()).exec() == QDialog.DialogCode.Accepted

    def print_sheets(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        if self.choose_printer(printer):
            print_html(self.host.sheets_html(), printer, self.host.dialog_parent())
            self.host.show_message(self.tr("Day sheets sent to the printer."))

    def save_pdf(self) -> None:
        first = self.host.days()[0]
        path = self.ui.prompter.save_file(
            self.tr("Save day sheets as PDF"), f"day-sheets-{first.isoformat()}.pdf", self.tr("PDF files (*.pdf)")
        )
        if path is not None:
            sheets = self.host.sheets_html()
            self.ui.runner.run(
                lambda _p: export_pdf(sheets, path),
                on_success=lambda saved: self.host.show_message(self.tr("Day sheets saved to {0}").format(saved)),
            )
