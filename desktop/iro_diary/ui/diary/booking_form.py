"""The booking dialog's fields, with a place under each for what is wrong with it.

The form knows nothing about checks or saving: it turns its fields into a `BookingRequest`, fills them from one,
and shows problems next to the fields they are about.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QTime, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QSpinBox,
    QTimeEdit,
    QWidget,
)

from iro_diary.domain.booking import LONGEST_MINUTES, Field, Problem
from iro_diary.domain.codes import MeetingKind
from iro_diary.services.diary_rows import BookingRequest, Resources
from iro_diary.services.scheduling.rows import SlotRow
from iro_diary.ui.diary.attendee_editor import AttendeeEditor
from iro_diary.ui.diary.child_picker import ChildPicker

KINDS: list[MeetingKind] = [k for k in MeetingKind if k is not MeetingKind.STRATEGY_DISCUSSION]
ERROR_STYLE = "color: #b71c1c; font-weight: 600;"
WARNING_STYLE = "color: #8a5300;"


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


class BookingForm(QWidget):
    """Signals:
    changed(): any field changed (the dialog re-checks).
    subject_changed(): the kind, the children or the household changed (the window may have moved).
    chair_chosen(): the user chose a chair themselves (the default no longer applies).
    """

    changed = Signal()
    subject_changed = Signal()
    chair_chosen = Signal()

    def __init__(self, resources: Resources, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.resources = resources
        self.kind = self._combo([k.label for k in KINDS], "Meeting")
        self.child_picker = ChildPicker(self)
        self.household = self._combo([f"{h.ref} {h.name}" for h in resources.households], "Foster household")
        iros = [i for i in resources.iros if i.active]
        self._chair_ids = [i.id for i in iros]
        self.chair = self._combo([f"{i.name} ({i.team.label})" for i in iros], "Chair")
        self.chair.setPlaceholderText(self.tr("Choose a chair"))
        rooms = [r for r in resources.rooms if r.active]
        self._room_ids = [r.id for r in rooms]
        self.room = self._combo([f"{r.name}, {r.site} (seats {r.capacity})" for r in rooms], "Room")
        self.room.setPlaceholderText(self.tr("Choose a room"))
        self.use_room = QRadioButton(self.tr("Room"), self)
        self.use_venue = QRadioButton(self.tr("External venue"), self)
        places = QButtonGroup(self)
        places.addButton(self.use_room)
        places.addButton(self.use_venue)
        self.venue = QLineEdit(self)
        self.venue.setAccessibleName(self.tr("External venue"))
        self.venue.setPlaceholderText(self.tr("e.g. the child's placement, a school"))
        self.day = QDateEdit(self)
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("ddd d MMM yyyy")
        self.day.setAccessibleName(self.tr("Date"))
        self.start = QTimeEdit(self)
        self.start.setDisplayFormat("HH:mm")
        self.start.setAccessibleName(self.tr("Start time"))
        self.minutes = QSpinBox(self)
        self.minutes.setRange(0, 12 * 60)
        self.minutes.setSingleStep(15)
        self.minutes.setSuffix(self.tr(" minutes"))
        self.minutes.setAccessibleName(self.tr("Length in minutes"))
        self.minutes.setToolTip(self.tr("At most {0} hours").format(LONGEST_MINUTES // 60))
        self.provisional = QCheckBox(self.tr("Provisional (not yet confirmed)"), self)
        self.late_reason = QLineEdit(self)
        self.late_reason.setAccessibleName(self.tr("Reason for booking late"))
        self.late_reason.setPlaceholderText(self.tr("Why it cannot be held by the latest working day"))
        self.minute_taker = QLineEdit(self)
        self.minute_taker.setAccessibleName(self.tr("Minute-taker"))
        self.minute_taker_email = QLineEdit(self)
        self.minute_taker_email.setAccessibleName(self.tr("Minute-taker's email"))
        self.attendees = AttendeeEditor(self)
        self.notes = QPlainTextEdit(self)
        self.notes.setAccessibleName(self.tr("Notes"))
        self.notes.setMaximumHeight(60)
        self.problems = {f: self._problem_label() for f in Field}
        self._lay_out()
        self._connect()

    def _combo(self, items: list[str], name: str) -> QComboBox:
        combo = QComboBox(self)
        combo.addItems(items)
        combo.setAccessibleName(self.tr(name))
        combo.setMinimumContentsLength(24)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        return combo

    def _buddy(self, text: str, field: QWidget) -> QLabel:
        label = QLabel(self.tr(text), self)
        label.setBuddy(field)
        return label

    def _problem_label(self) -> QLabel:
        label = QLabel(self)
        label.setWordWrap(True)
        label.hide()
        return label

    def _lay_out(self) -> None:
        form = QFormLayout(self)
        form.addRow(self.tr("&Meeting"), self.kind)
        self._children_label = QLabel(self.tr("&Children"), self)
        self._children_label.setBuddy(self.child_picker.search)
        form.addRow(self._children_label, self.child_picker)
        self._household_label = QLabel(self.tr("&Household"), self)
        self._household_label.setBuddy(self.household)
        form.addRow(self._household_label, self.household)
        form.addRow("", self.problems[Field.CHILDREN])
        form.addRow(self.tr("Chai&r"), self.chair)
        form.addRow("", self.problems[Field.CHAIR])
        place = QHBoxLayout()
        place.addWidget(self.use_room)
        place.addWidget(self.room, 3)
        place.addWidget(self.use_venue)
        place.addWidget(self.venue, 2)
        form.addRow(self._buddy("&Place", self.use_room), place)
        form.addRow("", self.problems[Field.PLACE])
        when = QHBoxLayout()
        when.addWidget(self.day)
        when.addWidget(self.start)
        when.addWidget(self.minutes)
        form.addRow(self._buddy("&When", self.day), when)
        form.addRow("", self.problems[Field.WHEN])
        form.addRow("", self.problems[Field.DURATION])
        self._late_label = QLabel(self.tr("&Late because"), self)
        self._late_label.setBuddy(self.late_reason)
        form.addRow(self._late_label, self.late_reason)
        form.addRow("", self.problems[Field.LATE_REASON])
        form.addRow("", self.provisional)
        taker = QHBoxLayout()
        taker.addWidget(self.minute_taker)
        taker.addWidget(self.minute_taker_email)
        form.addRow(self._buddy("Minute-&taker", self.minute_taker), taker)
        form.addRow(self.tr("&Attendees"), self.attendees)
        form.addRow(self.tr("&Notes"), self.notes)
        self.show_late_reason(False)

    def _connect(self) -> None:
        self.kind.currentIndexChanged.connect(self._on_kind)
        self.child_picker.changed.connect(self.subject_changed)
        self.household.currentIndexChanged.connect(lambda _i: self.subject_changed.emit())
        self.chair.activated.connect(lambda _i: self.chair_chosen.emit())
        for signal in (
            self.chair.currentIndexChanged,
            self.room.currentIndexChanged,
            self.use_room.toggled,
            self.venue.textChanged,
            self.day.dateChanged,
            self.start.timeChanged,
            self.minutes.valueChanged,
            self.provisional.toggled,
            self.late_reason.textChanged,
            self.minute_taker.textChanged,
            self.attendees.changed,
            self.child_picker.changed,
        ):
            signal.connect(lambda *_args: self.changed.emit())
        self.use_room.toggled.connect(self._on_place)

    def _on_kind(self, _index: int) -> None:
        foster = self.current_kind() is MeetingKind.FOSTER_REVIEW
        shown: tuple[QWidget, ...] = (self._children_label, self.child_picker)
        for widget in shown:
            widget.setVisible(not foster)
        hidden: tuple[QWidget, ...] = (self._household_label, self.household)
        for widget in hidden:
            widget.setVisible(foster)
        self.subject_changed.emit()

    def _on_place(self, room: bool) -> None:
        self.room.setEnabled(room)
        self.venue.setEnabled(not room)

    def current_kind(self) -> MeetingKind:
        return KINDS[max(0, self.kind.currentIndex())]

    def show_late_reason(self, shown: bool) -> None:
        shown = shown or bool(self.late_reason.text().strip())
        self._late_label.setVisible(shown)
        self.late_reason.setVisible(shown)

    # -- to and from a request --------------------------------------------------------------------------------

    def request(self) -> BookingRequest:
        foster = self.current_kind() is MeetingKind.FOSTER_REVIEW
        household = self.household.currentIndex()
        chair = self.chair.currentIndex()
        room = self.room.currentIndex()
        qdate, qtime = self.day.date(), self.start.time()
        return BookingRequest(
            kind=self.current_kind(),
            day=dt.date(qdate.year(), qdate.month(), qdate.day()),
            start=dt.time(qtime.hour(), qtime.minute()),
            minutes=self.minutes.value(),
            chair_id=self._chair_ids[chair] if chair >= 0 else None,
            child_ids=() if foster else self.child_picker.child_ids(),
            household_id=self.resources.households[household].id if foster and household >= 0 else None,
            room_id=self._room_ids[room] if self.use_room.isChecked() and room >= 0 else None,
            venue="" if self.use_room.isChecked() else self.venue.text(),
            provisional=self.provisional.isChecked(),
            minute_taker=self.minute_taker.text(),
            minute_taker_email=self.minute_taker_email.text(),
            attendees=self.attendees.attendees(),
            notes=self.notes.toPlainText(),
            late_reason=self.late_reason.text(),
        )

    def set_request(self, request: BookingRequest) -> None:
        """Fill every field from `request` (a new booking's pre-fill, or the meeting being edited)."""
        self.kind.setCurrentIndex(KINDS.index(request.kind))
        self._on_kind(0)
        self.child_picker.set_children(request.child_ids)
        households = [h.id for h in self.resources.households]
        if request.household_id in households:
            self.household.setCurrentIndex(households.index(request.household_id))
        self.set_chair(request.chair_id)
        self.use_room.setChecked(request.room_id is not None or not request.venue)
        self.use_venue.setChecked(request.room_id is None and bool(request.venue))
        self.room.setCurrentIndex(self._room_ids.index(request.room_id) if request.room_id in self._room_ids else -1)
        self.venue.setText(request.venue)
        self._on_place(self.use_room.isChecked())
        self.day.setDate(_qdate(request.day))
        self.start.setTime(QTime(request.start.hour, request.start.minute))
        self.minutes.setValue(request.minutes)
        self.provisional.setChecked(request.provisional)
        self.minute_taker.setText(request.minute_taker)
        self.minute_taker_email.setText(request.minute_taker_email)
        self.attendees.set_attendees(request.attendees)
        self.notes.setPlainText(request.notes)
        self.late_reason.setText(request.late_reason)

    def set_slot(self, slot: SlotRow) -> None:
        """Take a suggested slot: its day, start, length, chair and room (or the venue it was found for)."""
        self.day.setDate(_qdate(slot.day))
        self.start.setTime(QTime(slot.start.hour, slot.start.minute))
        self.minutes.setValue(slot.minutes)
        self.set_chair(slot.chair_id)
        if slot.room_id in self._room_ids:
            self.use_room.setChecked(True)
            self.room.setCurrentIndex(self._room_ids.index(slot.room_id))
        self.show_late_reason(slot.late)

    def set_chair(self, chair_id: int | None) -> None:
        self.chair.setCurrentIndex(self._chair_ids.index(chair_id) if chair_id in self._chair_ids else -1)

    # -- problems ---------------------------------------------------------------------------------------------

    def show_problems(self, problems: list[Problem]) -> None:
        """Each field's problems beside it: errors in red, warnings in amber; accessible descriptions too."""
        for field_name, label in self.problems.items():
            found = [p for p in problems if p.field is field_name]
            label.setVisible(bool(found))
            label.setText("\n".join(p.message for p in found))
            red = any(p.blocking or p.working_days_late for p in found)
            label.setStyleSheet(ERROR_STYLE if red else WARNING_STYLE)
        self.chair.setAccessibleDescription(self.problems[Field.CHAIR].text())
        self.day.setAccessibleDescription(self.problems[Field.WHEN].text())
        self.show_late_reason(any(p.field is Field.LATE_REASON or p.working_days_late for p in problems))
