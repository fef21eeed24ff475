"""The Diary: day, work-week, month and agenda views, side by side per IRO or per room.

The screen a diary manager lives in all day. Ranges load off the GUI thread and are cached (the next and previous
ranges are fetched ahead), so paging is instant; every change made anywhere arrives as `Changes` and the pane
reloads only the range it shows. Booking, moving, cancelling, marking held and undo are `DiaryActions`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QSettings
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QScrollArea, QStackedWidget, QWidget

from iro_diary.domain.booking import Window
from iro_diary.domain.codes import MeetingKind
from iro_diary.infra.clock import LONDON
from iro_diary.services.changes import Changes
from iro_diary.services.diary_rows import BookingRequest, ChildPick, DiaryRange, MeetingRow, Resources
from iro_diary.services.timescales import DueRow
from iro_diary.ui.context import UiContext
from iro_diary.ui.diary import columns as cols
from iro_diary.ui.diary.actions import DiaryActions
from iro_diary.ui.diary.agenda_view import AgendaView
from iro_diary.ui.diary.booking_dialog import default_start, requirement_booking
from iro_diary.ui.diary.day_sheet import day_sheet_html
from iro_diary.ui.diary.find_bar import FindBar
from iro_diary.ui.diary.grid_layout import month_weeks
from iro_diary.ui.diary.month_view import MonthView
from iro_diary.ui.diary.range_loader import Key, RangeLoader
from iro_diary.ui.diary.ranges import days_of, range_label, stepped
from iro_diary.ui.diary.selection_strip import SelectionStrip
from iro_diary.ui.diary.shortcuts import shortcuts_text
from iro_diary.ui.diary.time_grid import TimeGrid
from iro_diary.ui.diary.toolbar import VIEWS, DiaryToolbar
from iro_diary.ui.panes.base import Pane
from iro_diary.ui.quality.actions import QualityActions


class DiaryPane(Pane):
    title = "Diary"
    icon_name = "diary"

    def __init__(self, ui: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ui, parent)
        self.resources = Resources((), (), ())
        self.child_index: list[ChildPick] = []
        self.view, self.anchor = "week", ui.clock.today()
        self.show_choice: cols.Show = cols.ALL_IROS
        self.me: int | None = None
        self.shaded: Window | None = None  # a requirement's window, shaded in the views
        self._choices: list[cols.Show] = []
        self._wanted_show = cols.ALL_IROS.label
        self.current: DiaryRange | None = None
        self._resources_loaded = False
        self._select_after: int | None = None
        self._after_load: list[Callable[[], object]] = []
        self.toolbar = DiaryToolbar(self)
        self.find_bar = FindBar(ui, self)
        self.find_bar.hide()
        self.strip = SelectionStrip(self)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.grid = TimeGrid(self._now_local, self)
        self.scroller = QScrollArea(self)
        self.scroller.setWidget(self.grid)
        self.scroller.setWidgetResizable(True)
        self.month = MonthView(ui.clock.today, self)
        self.agenda = AgendaView(self)
        self.stack = QStackedWidget(self)
        for widget in (self.scroller, self.month, self.agenda):
            self.stack.addWidget(widget)
        self.loader = RangeLoader(ui, self)
        self.diary_actions = DiaryActions(self, self)
        self._lay_out()
        self._connect()
        self._bind_keys()
        self._restore()

    def _lay_out(self) -> None:
        self.body.addWidget(self.toolbar)
        self.body.addWidget(self.find_bar)
        self.body.addWidget(self.strip)
        self.body.addWidget(self.message)
        self.body.addWidget(self.stack, 1)

    def _connect(self) -> None:
        bar = self.toolbar
        bar.today.clicked.connect(self.go_today)
        bar.previous_button.clicked.connect(lambda: self.step(-1))
        bar.next_button.clicked.connect(lambda: self.step(1))
        bar.views.idClicked.connect(lambda index: self.set_view(VIEWS[index]))
        bar.show_combo.activated.connect(self._on_show_chosen)
        bar.cancelled.toggled.connect(lambda _on: self.refresh())
        bar.me.toggled.connect(self._on_me_toggled)
        bar.book.clicked.connect(self.book_new)
        bar.find_button.clicked.connect(self.find_bar.open_bar)
        bar.undo.clicked.connect(self.diary_actions.undo)
        bar.redo.clicked.connect(self.diary_actions.redo)
        bar.print_action.triggered.connect(self.diary_actions.print_sheets)
        bar.pdf_action.triggered.connect(self.diary_actions.save_pdf)
        bar.help.clicked.connect(self.show_shortcuts)
        self.find_bar.meeting_chosen.connect(self.go_to_meeting)
        for view in (self.grid, self.agenda):
            view.selection_changed.connect(self.strip.show_meeting)
            view.edit_requested.connect(self.diary_actions.edit)
        self.grid.move_requested.connect(self.diary_actions.move)
        self.grid.book_requested.connect(self._book_at)
        self.month.day_chosen.connect(self._open_day)
        self.strip.open_button.clicked.connect(lambda: self._with_selected(self.diary_actions.edit))
        self.strip.cancel_button.clicked.connect(lambda: self._with_selected(self.diary_actions.cancel))
        self.strip.held_button.clicked.connect(lambda: self._with_selected(self.diary_actions.mark_held))
        self.strip.invites_button.clicked.connect(lambda: self._with_selected(self.diary_actions.invites))
        self.quality = QualityActions(self.ui, self)
        self.strip.quality_chosen.connect(
            lambda what: self._with_selected(lambda r: self.quality.for_meeting(what, r.id))
        )
        self.strip.history_button.clicked.connect(lambda: self._with_selected(self.diary_actions.history))
        self.loader.loaded.connect(self._render)

    def _bind_keys(self) -> None:
        keys = {
            "Ctrl+N": self.book_new,
            "Ctrl+F": self.find_bar.open_bar,
            "T": self.go_today,
            "Ctrl+1": lambda: self.set_view("day"),
            "Ctrl+2": lambda: self.set_view("week"),
            "Ctrl+3": lambda: self.set_view("month"),
            "Ctrl+4": lambda: self.set_view("agenda"),
            "PgUp": lambda: self.step(-1),
            "PgDown": lambda: self.step(1),
            "Delete": lambda: self._with_selected(self.diary_actions.cancel),
            "Ctrl+H": lambda: self._with_selected(self.diary_actions.mark_held),
            "Ctrl+Z": self.diary_actions.undo,
            "Ctrl+Shift+Z": self.diary_actions.redo,
            "Ctrl+Y": self.diary_actions.redo,
            "Ctrl+P": self.diary_actions.print_sheets,
            "Escape": self._escape,
            "F1": self.show_shortcuts,
        }
        for sequence, slot in keys.items():
            QShortcut(QKeySequence(sequence), self, slot)

    # -- loading ----------------------------------------------------------------------------------------------

    def first_shown(self) -> None:
        self._load_children()
        self.refresh()

    def is_loaded(self) -> bool:
        return self.activated and self.current is not None and not self.loader.loading

    def _load_children(self) -> None:
        services = self.ui.services
        self.ui.runner.run(lambda _p: services.diary.child_index(), on_success=self._children_loaded, background=True)

    def _children_loaded(self, children: list[ChildPick]) -> None:
        self.child_index = children
        dialog = self.diary_actions.booking_dialog
        if dialog is not None:
            dialog.form.child_picker.set_index(children)

    def days(self) -> list[dt.date]:
        return days_of(self.view, self.anchor)

    def _key(self, days: list[dt.date] | None = None) -> Key:
        days = days or self.days()
        return days[0], days[-1], self.toolbar.cancelled.isChecked()

    def refresh(self) -> None:
        """Show the range for the current view and date (at once if cached, else when it has loaded)."""
        self._show_range_label()
        found = self.loader.want(self._key())
        if found is not None:
            self._render(found)
        elif self.current is not None:
            self.toolbar.range_label.setText(self.toolbar.range_label.text() + self.tr("  (loading…)"))

    def _render(self, found: DiaryRange) -> None:
        self.current = found
        if found.resources != self.resources or not self._resources_loaded:
            self._resources_loaded = True
            self.resources = found.resources
            self._fill_show_combo()
        self._show_range_label()
        columns = cols.resources_for(self.show_choice, found.resources, self.me)
        rooms = self.show_choice.rooms
        days = self.days()
        if self.view in ("day", "week"):
            self.grid.set_content(cols.grid_content(found, columns, days, self.shaded, rooms))
            self.grid.setAccessibleName(self.tr("Diary, {0}").format(self.toolbar.range_label.text()))
        elif self.view == "month":
            meetings = cols.shown_meetings(found, columns, rooms)
            self.month.set_content(
                month_weeks(self.anchor), self.anchor.month, meetings, cols.day_names(found), self.shaded
            )
        else:
            self.agenda.set_meetings(cols.shown_meetings(found, columns, rooms), self._select_after)
        if self._select_after is not None:
            self.grid.select_meeting(self._select_after, focus=self.view in ("day", "week"))
            self._select_after = None
        self._prefetch()
        waiting, self._after_load = self._after_load, []
        for then in waiting:
            then()

    def _prefetch(self) -> None:
        saved = self.anchor
        keys = []
        for direction in (1, -1):
            self.anchor = stepped(self.view, saved, direction)
            keys.append(self._key())
        self.anchor = saved
        self.loader.prefetch(keys)

    def on_changes(self, changes: Changes) -> None:
        if not self.activated:
            return
        if changes.everything:
            self._load_children()  # bookings do not change who the children are
        if changes.everything or changes.meetings or changes.iros or changes.rooms or changes.calendar:
            self.loader.forget()
            self.refresh()

    # -- navigation -------------------------------------------------------------------------------------------

    def set_view(self, view: str) -> None:
        self.view = view
        self.toolbar.set_view(view)
        self.stack.setCurrentWidget(self._view_widget(view))
        self._save()
        self.refresh()
        (self.grid if view in ("day", "week") else self.stack.currentWidget() or self).setFocus()

    def _view_widget(self, view: str) -> QWidget:
        return {"day": self.scroller, "week": self.scroller, "month": self.month, "agenda": self.agenda}[view]

    def go_today(self) -> None:
        self.go_to(self.ui.clock.today())

    def go_to(self, day: dt.date) -> None:
        self.anchor = day
        self.refresh()

    def step(self, direction: int) -> None:
        self.go_to(stepped(self.view, self.anchor, direction))

    def _show_range_label(self) -> None:
        self.toolbar.range_label.setText(range_label(self.view, self.anchor))

    def go_to_meeting(self, row: MeetingRow) -> None:
        """Show the meeting's day in the current view and select it."""
        if self.view == "month":
            self.set_view("week")
        self._select_after = row.id
        self.go_to(row.day)

    def _open_day(self, day: dt.date) -> None:
        self.anchor = day
        self.set_view("day")

    # -- columns ----------------------------------------------------------------------------------------------

    def _fill_show_combo(self) -> None:
        combo = self.toolbar.show_combo
        self._choices = cols.show_choices(self.resources)
        combo.blockSignals(True)
        combo.clear()
        combo.addItems([c.label for c in self._choices])
        wanted = self._wanted_show or self.show_choice.label
        combo.setCurrentIndex(next((n for n, c in enumerate(self._choices) if c.label == wanted), 0))
        self._wanted_show = ""
        combo.blockSignals(False)
        self.show_choice = self._choices[combo.currentIndex()] if self._choices else cols.ALL_IROS
        self._update_me_box()

    def _on_show_chosen(self, index: int) -> None:
        self.show_columns(self._choices[index])

    def show_columns(self, choice: cols.Show) -> None:
        """Show these columns (one of the Show list's choices)."""
        self.show_choice = choice
        if choice in self._choices:
            self.toolbar.show_combo.setCurrentIndex(self._choices.index(choice))
        self._update_me_box()
        self._save()
        if self.current is not None:
            self._render(self.current)

    def _update_me_box(self) -> None:
        box = self.toolbar.me
        box.setVisible(self.show_choice.iro_id is not None)
        box.blockSignals(True)
        box.setChecked(self.show_choice.iro_id is not None and self.show_choice.iro_id == self.me)
        box.blockSignals(False)

    def _on_me_toggled(self, on: bool) -> None:
        self.me = self.show_choice.iro_id if on else None
        self._save()

    @property
    def rooms_mode(self) -> bool:
        return self.show_choice.rooms

    # -- selection and messages -------------------------------------------------------------------------------

    def selected(self) -> MeetingRow | None:
        return self.grid.selected() if self.view in ("day", "week") else self.agenda_selected()

    def agenda_selected(self) -> MeetingRow | None:
        rows = self.agenda.table.selectionModel().selectedRows()
        return self.agenda.model.row_at(self.agenda.proxy.mapToSource(rows[0]).row()) if rows else None

    def _with_selected(self, action: object) -> None:
        row = self.selected()
        if row is not None:
            action(row)  # type: ignore[operator]

    def show_message(self, text: str) -> None:
        self.message.setText(text)

    def snap_back(self, meeting_id: int) -> None:
        self.grid.snap_back(meeting_id)

    def show_window(self, window: Window | None) -> None:
        """Shade a requirement's statutory window (None stops shading)."""
        self.shaded = window
        if self.current is not None:
            self._render(self.current)

    def dialog_parent(self) -> QWidget:
        return self.window()

    def _escape(self) -> None:
        if self.find_bar.isVisible():
            self.find_bar.close_bar()
        else:
            self.show_window(None)

    def _now_local(self) -> dt.datetime:
        return self.ui.clock.now().astimezone(LONDON).replace(tzinfo=None)

    # -- booking ----------------------------------------------------------------------------------------------

    def book_new(self) -> None:
        if not self._resources_loaded:
            self._after_load.append(self.book_new)
            return
        today = self.ui.clock.today()
        day, start = default_start(today, None, self.anchor if self.anchor > today else None)
        chair = self.me if not self.rooms_mode else None
        self.diary_actions.book(BookingRequest(MeetingKind.CLA_REVIEW, day, start, 0, chair))

    def _book_at(self, day: dt.date, start: dt.time, resource_id: int) -> None:
        chair, room = (None, resource_id) if self.rooms_mode else (resource_id, None)
        self.diary_actions.book(BookingRequest(MeetingKind.CLA_REVIEW, day, start, 0, chair, room_id=room))

    def book_requirement(self, row: DueRow) -> None:
        """Book a requirement from Due & overdue: its window shaded, its chair's team shown, the dialog pre-filled."""
        if not self._resources_loaded:
            self._after_load.append(lambda: self.book_requirement(row))
            return
        window, request = requirement_booking(row, self.resources, self.ui.clock.today())
        shown = {r.id for r in cols.resources_for(self.show_choice, self.resources, self.me)}
        if row.iro_id is not None and row.iro_id not in shown:
            self.show_columns(cols.show_for_iro(row.iro_id, self.resources))
        self.shaded = window
        self.go_to(request.day)
        self.diary_actions.book(request)

    # -- printing and help ------------------------------------------------------------------------------------

    def sheets_html(self) -> str:
        """The day sheets of the range and columns shown."""
        columns = cols.resources_for(self.show_choice, self.resources, self.me)
        meetings = self.current.meetings if self.current is not None else ()
        return day_sheet_html(meetings, columns, self.days(), rooms=self.rooms_mode)

    def show_shortcuts(self) -> None:
        self.ui.prompter.inform(self.tr("Diary keyboard shortcuts"), shortcuts_text())

    # -- remembered between sessions --------------------------------------------------------------------------

    def _settings(self) -> QSettings:
        return QSettings(str(self.ui.settings_file), QSettings.Format.IniFormat)

    def _restore(self) -> None:
        settings = self._settings()
        view = str(settings.value("diary/view", "week"))
        self.view = view if view in VIEWS else "week"
        me = str(settings.value("diary/me", ""))
        self.me = int(me) if me.isdigit() else None
        self._wanted_show = str(settings.value("diary/show", cols.ALL_IROS.label))
        self.toolbar.set_view(self.view)
        self.stack.setCurrentWidget(self._view_widget(self.view))

    def _save(self) -> None:
        settings = self._settings()
        settings.setValue("diary/view", self.view)
        settings.setValue("diary/show", self.show_choice.label)
        settings.setValue("diary/me", "" if self.me is None else str(self.me))
        settings.sync()
