"""One child's record: who they are, their family, their time in care, their plans and their meetings."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QItemSelection, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QLabel,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from iro_diary.domain.codes import PARTICIPATION_LABELS
from iro_diary.services.changes import Changes
from iro_diary.services.children import ChildDetail, ChildMeetingRow, EpisodeRow, PlanRow, SiblingRow
from iro_diary.ui.context import UiContext
from iro_diary.ui.models.row_table import Column, RowFilterProxy, RowTableModel, date_text
from iro_diary.ui.panes.history_panel import HistoryPanel
from iro_diary.ui.panes.meeting_invites import MeetingInvitesPanel
from iro_diary.ui.quality.actions import QualityActions
from iro_diary.ui.quality.child_panel import ChildQualityPanel, MeetingQualityBar
from iro_diary.ui.table_view import make_table_view

MEETING_COLUMNS: list[Column[ChildMeetingRow]] = [
    Column("Date", lambda m: m.start.strftime("%a %d %b %Y %H:%M"), sort_key=lambda m: m.start),
    Column("Meeting", lambda m: m.kind.label),
    Column("Ref", lambda m: m.ref),
    Column("Status", lambda m: m.status.title()),
    Column("Chair", lambda m: m.chair or ""),
    Column("Where", lambda m: m.place),
    Column(
        "Participation",
        lambda m: m.participation or "",
        tooltip=lambda m: PARTICIPATION_LABELS.get(m.participation or "", ""),
    ),
    Column("Decision", lambda m: (m.decision or "").replace("-", " ")),
]

EPISODE_COLUMNS: list[Column[EpisodeRow]] = [
    Column("Became looked after", lambda e: date_text(e.start_date), sort_key=lambda e: e.start_date),
    Column("Ceased", lambda e: date_text(e.end_date) or "open", sort_key=lambda e: e.end_date),
    Column("Legal status", lambda e: e.legal_status, tooltip=lambda e: e.legal_status_label),
    Column(
        "Placement distance",
        lambda e: "" if e.placement_distance_miles is None else f"{e.placement_distance_miles:g} miles",
        sort_key=lambda e: e.placement_distance_miles,
    ),
]

PLAN_COLUMNS: list[Column[PlanRow]] = [
    Column("Start", lambda p: date_text(p.start_date), sort_key=lambda p: p.start_date),
    Column("End", lambda p: date_text(p.end_date) or "open", sort_key=lambda p: p.end_date),
    Column("Category", lambda p: f"{p.category_label} ({p.category})"),
]

SIBLING_COLUMNS: list[Column[SiblingRow]] = [
    Column("Case ref", lambda s: s.case_ref),
    Column("Name", lambda s: s.name),
]


def _table(columns: list[Column[Any]], name: str, owner: QWidget) -> tuple[QTableView, RowTableModel[Any]]:
    # Models and proxies belong to the widget tree, so Qt deletes them with the window: a model owned only by
    # Python would be destroyed later by the garbage collector, taking an already-deleted proxy with it.
    model: RowTableModel[Any] = RowTableModel(columns, owner)
    proxy = RowFilterProxy(owner)
    proxy.setSourceModel(model)
    view = make_table_view(proxy, name, owner)
    return view, model


class ChildDetailView(QWidget):
    """Shows one child; `show_child(id)` loads them off the GUI thread."""

    def __init__(self, ui: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = ui
        self.current: ChildDetail | None = None
        self.loading = False
        self._wanted: int | None = None
        self.header = QLabel(self.tr("Choose a child from the list."))
        self.header.setObjectName("childHeader")
        self.header.setWordWrap(True)
        self.facts = QFormLayout()
        self.tabs = QTabWidget()
        self.meetings_view, self.meetings = _table(MEETING_COLUMNS, "Meetings", self)
        self.meetings_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.meetings_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.invites = MeetingInvitesPanel(ui, self)
        self.meeting_history = HistoryPanel(ui, self)
        self.history = HistoryPanel(ui, self)
        self.episodes_view, self.episodes = _table(EPISODE_COLUMNS, "Care episodes", self)
        self.plans_view, self.plans = _table(PLAN_COLUMNS, "Protection plans", self)
        self.siblings_view, self.siblings = _table(SIBLING_COLUMNS, "Brothers and sisters", self)
        self.quality_actions = QualityActions(ui, self)
        self.quality = ChildQualityPanel(ui, self.quality_actions, self)
        self.meeting_bar = MeetingQualityBar(self.quality_actions, self)
        meetings = QWidget(self)
        column = QVBoxLayout(meetings)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.meeting_bar)
        column.addWidget(self.meetings_view, 1)
        meeting_tabs = QTabWidget(self)
        meeting_tabs.addTab(self.invites, self.tr("Invites"))
        meeting_tabs.addTab(self.meeting_history, self.tr("Meeting history"))
        meetings_tab = QSplitter(Qt.Orientation.Vertical, self)
        meetings_tab.addWidget(meetings)
        meetings_tab.addWidget(meeting_tabs)
        meetings_tab.setStretchFactor(0, 3)
        meetings_tab.setStretchFactor(1, 2)
        for view, title in (
            (meetings_tab, "Meetings"),
            (self.episodes_view, "In care"),
            (self.plans_view, "Plans"),
            (self.siblings_view, "Family"),
            (self.quality, "Quality"),
            (self.history, "History"),
        ):
            self.tabs.addTab(view, title)
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addLayout(self.facts)
        layout.addWidget(self.tabs, 1)
        self.meetings_view.selectionModel().selectionChanged.connect(self._on_meeting_selected)

    def show_child(self, child_id: int) -> None:
        self._wanted = child_id
        self.loading = True
        self.ui.runner.run(
            lambda _p: self.ui.services.children.child(child_id),
            on_success=self._show,
            on_failure=self._failed,
        )

    def _failed(self, _error: BaseException) -> bool:
        self.loading = False
        return False

    def _show(self, detail: ChildDetail) -> None:
        if detail.row.id != self._wanted:
            return  # the user has moved on to another child
        self.loading = False
        self.current = detail
        row = detail.row
        self.header.setText(f"{row.name} — {row.case_ref}")
        self._set_facts(detail)
        chosen = self.invites.meeting_id
        self.meeting_bar.show_meeting(None, held=False)
        self.meetings.set_rows(detail.meetings)
        if not self.select_meeting(chosen):
            self.invites.show_meeting(None)
        self.episodes.set_rows(detail.episodes)
        self.plans.set_rows(detail.plans)
        self.siblings.set_rows(detail.siblings)
        if self.quality.child_id != row.id:  # its own on_changes keeps it fresh for the same child
            self.quality.show_child(row.id)
        if self.history.child_id != row.id:
            self.history.show_child(row.id, f"{row.name} ({row.case_ref})")
        for view in (self.meetings_view, self.episodes_view, self.plans_view, self.siblings_view):
            view.resizeColumnsToContents()
        self.tabs.setTabText(0, f"Meetings ({len(detail.meetings)})")

    def _set_facts(self, detail: ChildDetail) -> None:
        while self.facts.rowCount():
            self.facts.removeRow(0)
        row, today = detail.row, self.ui.clock.today()
        born = (
            f"{date_text(row.date_of_birth)} (age {row.age_text(today)})"
            if row.date_of_birth
            else f"Expected {date_text(row.expected_delivery)}"
        )
        facts = [
            ("Born", born),
            ("Sex", {"M": "Male", "F": "Female"}.get(detail.sex, "Not known")),
            ("Ethnicity", f"{detail.ethnicity_label} ({detail.ethnicity})"),
            ("Status", row.status),
            ("IRO", row.allocated_iro or "Not allocated"),
            ("Social worker", detail.social_worker or "—"),
            ("Family", f"{detail.family_name} ({row.family_ref})" if row.family_ref else "—"),
        ]
        for label, value in facts:
            text = QLabel(value)
            text.setWordWrap(True)
            self.facts.addRow(self.tr(label), text)

    def select_meeting(self, meeting_id: int | None) -> bool:
        """Select the meeting with this id in the meetings tab (and show its invites); False if it is not there."""
        proxy = self.meetings_view.model()
        for row in range(proxy.rowCount()):
            source = proxy.mapToSource(proxy.index(row, 0))  # type: ignore[attr-defined]
            if meeting_id is not None and self.meetings.row_at(source.row()).meeting_id == meeting_id:
                self.meetings_view.selectRow(row)
                return True
        return False

    def _on_meeting_selected(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        indexes = selected.indexes()
        if not indexes:
            return
        proxy = self.meetings_view.model()
        meeting = self.meetings.row_at(proxy.mapToSource(indexes[0]).row())  # type: ignore[attr-defined]
        self.meeting_bar.show_meeting(meeting.meeting_id, held=meeting.status == "held")
        if meeting.meeting_id != self.invites.meeting_id or self.invites.status is None:
            self.invites.show_meeting(meeting.meeting_id, meeting.ref)
        if meeting.meeting_id != self.meeting_history.meeting_id:
            self.meeting_history.show_meeting(meeting.meeting_id, meeting.ref)

    def on_changes(self, changes: Changes) -> None:
        self.invites.on_changes(changes)
        self.quality.on_changes(changes)
        self.meeting_history.on_changes(changes)
        self.history.on_changes(changes)
