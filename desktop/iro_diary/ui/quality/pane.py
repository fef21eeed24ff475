"""Quality assurance: the service's challenge work beside its scheduling — causes for concern (RAG by stage
deadline), good practice with its thank-you notes, the live audit's quarterly figures, and the lists behind them.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QTabWidget, QWidget

from iro_diary.services.changes import Changes
from iro_diary.ui.context import UiContext
from iro_diary.ui.panes.base import Pane
from iro_diary.ui.quality.actions import QualityActions
from iro_diary.ui.quality.audit_tab import AuditTab
from iro_diary.ui.quality.concerns_tab import ConcernsTab
from iro_diary.ui.quality.good_practice_tab import GoodPracticeTab
from iro_diary.ui.quality.lists_tab import ListsTab

Tab = ConcernsTab | GoodPracticeTab | AuditTab | ListsTab


class QualityPane(Pane):
    """Signals:
    open_child(int): the user asked to see a child's record.
    """

    title = "Quality assurance"
    icon_name = "quality"
    open_child = Signal(int)

    def __init__(self, ui: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ui, parent)
        self.actions_ = QualityActions(ui, self)
        self.concerns = ConcernsTab(ui, self.actions_, self)
        self.good_practice = GoodPracticeTab(ui, self.actions_, self)
        self.audit = AuditTab(ui, self)
        self.lists = ListsTab(ui, self)
        self._stale: set[Tab] = set()
        self.tabs = QTabWidget(self)
        for tab, label in (
            (self.concerns, "Concerns"),
            (self.good_practice, "Good practice"),
            (self.audit, "Live audit"),
            (self.lists, "Themes and checklist"),
        ):
            self.tabs.addTab(tab, self.tr(label))
        hint = QLabel(
            self.tr(
                "Raise a concern or record good practice from a held meeting (the diary's Quality button, or a "
                "child's Meetings tab) or from a child's record in Children & families."
            ),
            self,
        )
        hint.setWordWrap(True)
        self.body.addWidget(hint)
        self.body.addWidget(self.tabs, 1)
        self.concerns.open_child.connect(self.open_child)
        self.good_practice.open_child.connect(self.open_child)

    def first_shown(self) -> None:
        for tab in (self.concerns, self.good_practice, self.audit, self.lists):
            tab.reload()

    def is_loaded(self) -> bool:
        tabs = (self.concerns, self.good_practice, self.audit, self.lists)
        return self.activated and not any(tab.loading for tab in tabs)

    def on_changes(self, changes: Changes) -> None:
        """Reload the tabs a change touches: now if the pane is on screen, otherwise when it is next shown (as the
        Reports pane does: the live audit's year of answers would make the next booking wait behind it)."""
        if not self.activated:
            return
        touched: dict[Tab, object] = {
            self.concerns: changes.concerns or changes.children,
            self.good_practice: changes.good_practice or changes.children,
            self.audit: changes.audits or changes.meetings or changes.quality_lists,
            self.lists: changes.quality_lists or changes.concerns or changes.good_practice or changes.audits,
        }
        self._stale |= {tab for tab, touches in touched.items() if changes.everything or touches}
        if self.isVisible():
            self._reload_stale()

    def activate(self) -> None:
        super().activate()
        self._reload_stale()

    def _reload_stale(self) -> None:
        stale, self._stale = self._stale, set()
        for tab in stale:
            tab.reload()

    def show_concern(self, concern_id: int) -> None:
        """Show one concern in the Concerns list (closed ones too)."""
        self.tabs.setCurrentWidget(self.concerns)
        if not self.concerns.select_concern(concern_id):
            self.concerns.closed.setChecked(True)
