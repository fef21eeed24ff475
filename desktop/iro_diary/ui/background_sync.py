"""Work the app does unasked, off the GUI thread: rewriting the calendar feeds after changes (debounced),
retrying unsent invites every few minutes when the team sends them automatically (so nothing waits for a
person to remember, and nothing is lost when the mail server was down), and keeping the due date each held
meeting answered up to date after changes (so a year's report need not walk every child's chains)."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer

from iro_diary.domain.errors import AppError
from iro_diary.services.changes import Changes
from iro_diary.services.compliance import CompliancePatch
from iro_diary.services.invites.service import SendReport
from iro_diary.ui.context import UiContext
from iro_diary.ui.live_refresh import LiveRefresh

log = logging.getLogger(__name__)

FEEDS_DELAY_MS = 2_000
FIRST_RETRY_MS = 30_000
RETRY_EVERY_MS = 5 * 60_000
SEND_SOON_MS = 200  # after a change to meetings made here: what it queued goes out at once (a few changes together)
COMPLIANCE_DELAY_MS = 5_000  # after start and after the last change: the user's own work goes first


class BackgroundSync(QObject):
    def __init__(self, ui: UiContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ui = ui
        self._pending = Changes()
        self.feeds_timer = QTimer(self)
        self.feeds_timer.setSingleShot(True)
        self.feeds_timer.setInterval(FEEDS_DELAY_MS)
        self.feeds_timer.timeout.connect(self.write_feeds)
        self.retry_timer = QTimer(self)
        self.retry_timer.setInterval(FIRST_RETRY_MS)
        self.retry_timer.timeout.connect(self.retry_outbox)
        self.retry_timer.start()
        self.send_timer = QTimer(self)
        self.send_timer.setSingleShot(True)
        self.send_timer.setInterval(SEND_SOON_MS)
        self.send_timer.timeout.connect(self.send_outbox)
        self.compliance_timer = QTimer(self)
        self.compliance_timer.setSingleShot(True)
        self.compliance_timer.setInterval(COMPLIANCE_DELAY_MS)
        self.compliance_timer.timeout.connect(self.keep_compliance)
        self.compliance_timer.start()
        ui.bus.changed.connect(self._on_changes)

    def _on_changes(self, changes: Changes, initiator: object) -> None:
        if isinstance(initiator, LiveRefresh):
            return  # another PC made the change, and writes the feeds for it
        if changes.everything or changes.meetings or changes.iros or changes.rooms or changes.settings:
            self._pending = self._pending | changes
            self.feeds_timer.start()
        if changes.meetings and initiator is not self:
            # When the team sends invites automatically, what a booking, move or cancellation here (the diary, the
            # planner, undo) queued goes now, not at the next retry.
            self.send_timer.start()
        if changes.touches_due_dates():
            self.compliance_timer.start()

    def keep_compliance(self) -> None:
        """Work out the answered steps that are out of date, a slice at a time, and keep them."""
        timescales = self.ui.services.timescales
        self.ui.runner.run(
            lambda _p: timescales.stale_compliance(),
            on_success=self._keep_patch,
            on_failure=self._quiet_failure,
            background=True,
        )

    def _keep_patch(self, patch: CompliancePatch) -> None:
        if not patch:
            return
        timescales = self.ui.services.timescales
        self.ui.runner.run(
            lambda _p: timescales.keep_compliance(patch),
            on_success=lambda _written: self._kept(patch),
            on_failure=self._quiet_failure,
            background=True,
        )

    def _kept(self, patch: CompliancePatch) -> None:
        log.info("kept the answered steps of %d children and %d households", len(patch.children), len(patch.households))
        if patch.more and not self.compliance_timer.isActive():
            self.keep_compliance()

    def write_feeds(self) -> None:
        changes, self._pending = self._pending, Changes()
        feeds = self.ui.services.feeds
        self.ui.runner.run(lambda _p: feeds.after_change(changes), on_failure=self._quiet_failure, background=True)

    def retry_outbox(self) -> None:
        self.retry_timer.setInterval(RETRY_EVERY_MS)
        self.send_outbox()

    def send_outbox(self) -> None:
        invites = self.ui.services.invites
        self.ui.runner.run(
            lambda _p: invites.send_if_automatic(),
            on_success=self._retried,
            on_failure=self._quiet_failure,
            background=True,
        )

    def _retried(self, report: SendReport | None) -> None:
        if report is not None and report.changes:
            self.ui.bus.publish(report.changes, self)

    def _quiet_failure(self, error: BaseException) -> bool:
        """Background work does not interrupt anyone with a dialog; an explicit action shows the same problem."""
        if isinstance(error, AppError):
            log.info("background work skipped: %s", type(error).__name__)
            return True
        return False
