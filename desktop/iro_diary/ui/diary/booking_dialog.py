"""The booking dialog: book or change a meeting with the diary's checks running as you type.

The facts of a day (who is booked, who is away, which rooms) are loaded once per date, off the GUI thread; every
change to a field is then checked at once against them (`domain.booking`), and Save stays disabled while there is
an error, with the reason beside the field. The statutory window of the children's requirement is shown and passed
to the diary to shade. Saving runs the same checks again in the booking service's transaction: if someone else
took the slot meanwhile the dialog stays open with the user's edits and says why.

While the shared diary cannot be reached (issue #10) the dialog stays open with everything typed, Save waits, and
comes back when the connection does. A new booking carries its own key, so saving it again after a reply was lost
on the way back cannot book it twice.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import replace

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPushButton, QVBoxLayout, QWidget

from iro_diary.domain.booking import DayFacts, Problem, Window, blocking, check_booking
from iro_diary.domain.errors import AppError, BookingConflict, ConnectionLost, StaleEdit
from iro_diary.services.booking_support import proposal
from iro_diary.services.diary_rows import BookingContext, BookingRequest, ChildPick, MeetingDetail, Resources
from iro_diary.services.scheduling.rows import SlotList, SlotRow
from iro_diary.services.timescales import DueRow
from iro_diary.ui.context import UiContext
from iro_diary.ui.dialog_guard import StaysWhileSaving
from iro_diary.ui.diary.booking_form import ERROR_STYLE, BookingForm
from iro_diary.ui.diary.suggestions import SuggestionsPanel


def _day(day: dt.date) -> str:
    return f"{day:%a} {day.day} {day:%b %Y}"


def window_text(window: Window | None) -> str:
    if window is None:
        return ""
    due = f"due by {_day(window.due)}, latest working day {_day(window.latest_working_day)}"
    if window.not_before != window.anchor:  # counted back (a pre-birth conference before the expected birth)
        return f"{window.label}: {due} (counted back from the {window.anchor_label}, {_day(window.anchor)})."
    return f"{window.label}: on or after {_day(window.anchor)} ({window.anchor_label}); {due}."


class BookingDialog(StaysWhileSaving, QDialog):
    """Signals:
    saved(object, str): the meeting was saved (MeetingRow, "book" or "edit").
    window_changed(object): the statutory window of the booking (a domain Window, or None).
    cancel_requested(object) / held_requested(object): the user asked to cancel / mark held (MeetingRow).
    """

    saved = Signal(object, str)
    window_changed = Signal(object)
    cancel_requested = Signal(object)
    held_requested = Signal(object)

    def __init__(
        self,
        ui: UiContext,
        resources: Resources,
        children: list[ChildPick],
        start: BookingRequest,
        detail: MeetingDetail | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ui = ui
        self.detail = detail
        self.context: BookingContext | None = None
        self.problems: list[Problem] = []
        self._facts: dict[dt.date, DayFacts] = {}
        self._loading: set[dt.date] = set()
        self._context_key: tuple[object, ...] | None = None
        self._chair_chosen = detail is not None or start.chair_id is not None
        self._minutes_given = detail is not None or start.minutes > 0
        self.saving = False
        self._key = "" if detail is not None else uuid.uuid4().hex
        editing = detail is not None
        self.setWindowTitle(self.tr("Change {0}").format(detail.row.ref) if detail else self.tr("Book a meeting"))
        self.setMinimumWidth(680)
        self.form = BookingForm(resources, self)
        self.form.child_picker.set_index(children)
        self.window_label = QLabel(self)
        self.window_label.setWordWrap(True)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.buttons = QDialogButtonBox(self)
        self.save_button = self.buttons.addButton(
            self.tr("Save changes") if editing else self.tr("Book"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_meeting_button = self._extra_button(self.tr("Cancel meeting…"), editing)
        self.held_button = self._extra_button(self.tr("Mark held…"), editing)
        self.suggest_button = self.buttons.addButton(self.tr("&Suggest"), QDialogButtonBox.ButtonRole.ActionRole)
        self.suggest_button.setToolTip(
            self.tr("The best times, chairs and rooms before the deadline, keeping the child's IRO where possible")
        )
        self.suggestions = SuggestionsPanel(self)
        self.suggestions.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.window_label)
        layout.addWidget(self.form)
        layout.addWidget(self.suggestions, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.form.set_request(detail.as_request() if detail else start)
        self.form.changed.connect(self.recheck)
        self.form.subject_changed.connect(self._load_context)
        self.form.chair_chosen.connect(lambda: setattr(self, "_chair_chosen", True))
        self.form.minutes.editingFinished.connect(lambda: setattr(self, "_minutes_given", True))
        self.buttons.rejected.connect(self.reject)
        self.save_button.clicked.connect(self.save)
        self.suggest_button.clicked.connect(self.suggest)
        self.suggestions.accessible.toggled.connect(lambda _on: self.suggest())
        self.suggestions.chosen.connect(self.use_slot)
        ui.connection.changed.connect(self._on_connection_changed)
        self._load_context()
        self.form.child_picker.search.setFocus()

    def _extra_button(self, text: str, shown: bool) -> QPushButton:
        button = self.buttons.addButton(text, QDialogButtonBox.ButtonRole.ActionRole)
        button.setVisible(shown)
        button.clicked.connect(lambda: self._hand_over(text))
        return button

    def _hand_over(self, text: str) -> None:
        if self.detail is None:
            return
        signal = self.cancel_requested if text.startswith(self.tr("Cancel")) else self.held_requested
        self.reject()
        signal.emit(self.detail.row)

    @property
    def meeting_id(self) -> int | None:
        return self.detail.row.id if self.detail else None

    @property
    def ready(self) -> bool:
        """Whether the live check has what it needs (the window and the day's facts) and found no error."""
        return self.context is not None and self.form.request().day in self._facts and not blocking(self.problems)

    # -- the statutory window and defaults --------------------------------------------------------------------

    def _load_context(self) -> None:
        request = self.form.request()
        key = (request.kind, request.child_ids, request.household_id)
        if key == self._context_key:
            return
        self._context_key = key
        services = self.ui.services
        self.ui.runner.run(
            lambda _p: services.diary.booking_context(request.kind, request.child_ids, request.household_id),
            on_success=lambda context: self._context_loaded(key, context),
            owner=self,
        )
        # Read ahead for Suggest in the background, so the click is answered at once.
        self.ui.runner.run(
            lambda _p: services.scheduling.prepare(request.kind, request.child_ids, request.household_id),
            on_failure=lambda error: isinstance(error, AppError),
            owner=self,
            background=True,
        )
        self.recheck()

    def _context_loaded(self, key: tuple[object, ...], context: BookingContext) -> None:
        if key != self._context_key:
            return  # the user has changed the children since
        self.context = context
        if not self._chair_chosen and context.default_chair_id is not None:
            self.form.set_chair(context.default_chair_id)
        if not self._minutes_given:
            self.form.minutes.setValue(context.default_minutes)
        self.window_label.setText(window_text(context.window))
        self.window_changed.emit(context.window)
        self.recheck()

    # -- the live check ---------------------------------------------------------------------------------------

    def recheck(self) -> None:
        """Check the booking as it stands (pure, against the day's facts); load the facts first if needed."""
        request = self.form.request()
        facts = self._facts.get(request.day)
        if facts is None or self.context is None:
            self._load_facts(request.day)
            self.status.setText(self.tr("Checking the diary…"))
            self.save_button.setEnabled(False)
            return
        now = self.ui.clock.now() if self.meeting_id is None else None
        checked = proposal(request, window=self.context.window, meeting_id=self.meeting_id, now=now)
        self.problems = check_booking(checked, facts, self.context.calendar)
        self.form.show_problems(self.problems)
        errors = blocking(self.problems)
        connection = self.ui.connection
        self.save_button.setEnabled(not errors and not self.saving and connection.can_save)
        self.status.setStyleSheet(ERROR_STYLE if errors or not connection.can_save else "")
        if errors:
            self.status.setText(self.tr("Fix the problems shown to save."))
        elif not connection.online:
            self.status.setText(self.tr(OFFLINE))
        else:
            self.status.setText(connection.outdated or self.tr("No clashes: the diary is free."))

    def _load_facts(self, day: dt.date) -> None:
        if day in self._loading or day in self._facts:
            return
        self._loading.add(day)
        services = self.ui.services
        self.ui.runner.run(
            lambda _p: services.diary.day_facts(day),
            on_success=lambda facts: self._facts_loaded(day, facts),
            on_failure=lambda _error: self._facts_failed(day),
            owner=self,
        )

    def _facts_failed(self, day: dt.date) -> bool:
        self._loading.discard(day)
        return False  # the error sink says what went wrong

    def _facts_loaded(self, day: dt.date, facts: DayFacts) -> None:
        self._loading.discard(day)
        self._facts[day] = facts
        self.recheck()

    # -- the scheduling assistant -----------------------------------------------------------------------------

    def suggest(self) -> None:
        """Ask the scheduling assistant for the best slots for the meeting as the form has it."""
        request = self.form.request()
        accessible = self.suggestions.accessible.isChecked()
        meeting_id, services = self.meeting_id, self.ui.services
        self.suggestions.show()
        self.suggestions.show_loading()
        self.ui.runner.run(
            lambda _p: services.scheduling.suggest(
                request.kind,
                request.child_ids,
                request.household_id,
                minutes=request.minutes or None,
                people=request.people if request.attendees else None,
                accessible=accessible,
                venue=request.venue if request.room_id is None else "",
                meeting_id=meeting_id,
            ),
            on_success=self._suggested,
            on_failure=self._suggest_failed,
            owner=self,
        )

    def _suggested(self, found: SlotList) -> None:
        self.suggestions.show_slots(found)

    def _suggest_failed(self, error: BaseException) -> bool:
        if not isinstance(error, AppError):
            return False
        self.suggestions.show_problem(error.message)
        return True

    def use_slot(self, slot: SlotRow) -> None:
        """Fill the form with a suggested slot; the live check then runs as for anything typed."""
        self.form.set_slot(slot)
        if slot.late:
            self.form.late_reason.setFocus()

    # -- saving -----------------------------------------------------------------------------------------------

    def save(self) -> None:
        self.recheck()
        if not self.ready or self.saving or not self.ui.connection.can_save:
            return
        request = replace(self.form.request(), key=self._key)
        self.saving = True
        self.save_button.setEnabled(False)
        self.status.setText(self.tr("Saving…"))
        services, detail = self.ui.services, self.detail
        if detail is None:
            self.ui.runner.run(
                lambda _p: services.booking.book(request),
                on_success=lambda result: self._saved(result, "book"),
                on_failure=self._save_failed,
            )
        else:
            self.ui.runner.run(
                lambda _p: services.booking.edit(detail.row.id, detail.row.version, request),
                on_success=lambda result: self._saved(result, "edit"),
                on_failure=self._save_failed,
            )

    def _saved(self, result: tuple[object, object], action: str) -> None:
        self.saving = False
        row, changes = result
        self.ui.bus.publish(changes, self)  # type: ignore[arg-type]
        self.saved.emit(row, action)
        self.accept()

    def _on_connection_changed(self) -> None:
        """Offline: Save waits (what was typed stays); back online: the day's facts are fetched afresh and Save
        comes back."""
        if self.ui.connection.can_save:
            self._facts.pop(self.form.request().day, None)
        self.recheck()

    def _save_failed(self, error: BaseException) -> bool:
        """A refusal the user can act on stays in the dialog, with their edits; anything else is a bug."""
        self.saving = False
        if not isinstance(error, AppError):
            return False
        if isinstance(error, BookingConflict):
            self._facts.pop(self.form.request().day, None)  # someone booked meanwhile: look again
        self.status.setStyleSheet(ERROR_STYLE)
        self.status.setText(self.tr(NOT_SAVED) if isinstance(error, ConnectionLost) else error.message)
        self.save_button.setEnabled(not isinstance(error, StaleEdit | ConnectionLost))
        if isinstance(error, BookingConflict):
            self._load_facts(self.form.request().day)
        return True


OFFLINE = (
    "Offline: the shared diary cannot be reached. Everything you enter is kept here — Save comes back as soon as "
    "the connection does."
)
NOT_SAVED = (
    "Not saved: the shared diary cannot be reached. Everything you entered is kept here — Save comes back as soon "
    "as the connection does."
)


def default_start(today: dt.date, window: Window | None, day: dt.date | None) -> tuple[dt.date, dt.time]:
    """Where a new booking starts: the slot clicked, else the next weekday (within the window if it has one)."""
    if day is not None:
        return day, dt.time(10)
    candidate = today + dt.timedelta(days=1)
    while candidate.weekday() >= 5:
        candidate += dt.timedelta(days=1)
    if window is not None and candidate < window.not_before:
        candidate = window.not_before
    return candidate, dt.time(10)


def requirement_booking(row: DueRow, resources: Resources, today: dt.date) -> tuple[Window, BookingRequest]:
    """The window of a Due & overdue requirement and a booking pre-filled for it (kind, children or household,
    the allocated IRO as chair, the next weekday in the window; the length is the kind's default)."""
    window = Window(row.rule, row.rule_label, row.anchor, row.anchor_label, row.due, row.latest_working_day)
    household = next((h.id for h in resources.households if h.ref == row.household_ref), None)
    day, start = default_start(today, window, None)
    return window, BookingRequest(row.meeting_kind, day, start, 0, row.iro_id, row.child_ids, household)
