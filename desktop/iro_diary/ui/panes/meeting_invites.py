"""One meeting's invites, under the child's meetings: who has which version, what waits or failed, and the
actions "Export invite (.ics)…" and "Send invites". (The diary, issue #4, will offer the same on its meetings.)"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTableView, QVBoxLayout, QWidget

from iro_diary.domain.errors import EnvironmentProblem
from iro_diary.services.changes import Changes
from iro_diary.services.invites.outbox import QueueResult
from iro_diary.services.invites.service import SendReport
from iro_diary.services.invites.status import InviteStatus, RecipientStatus
from iro_diary.ui.context import UiContext
from iro_diary.ui.models.row_table import Column, RowFilterProxy, RowTableModel
from iro_diary.ui.ops import Progress

RECIPIENT_COLUMNS: list[Column[RecipientStatus]] = [
    Column("Invitee", lambda r: r.name, tooltip=lambda r: r.email),
    Column("Role", lambda r: r.role if r.invited_now else f"{r.role} (no longer invited)"),
    Column("Last sent", lambda r: r.sent_text, sort_key=lambda r: (r.sent_sequence or -1, r.sent_at)),
    Column("Now", lambda r: r.state_text, tooltip=lambda r: r.last_error or ""),
]


def save_ics(path: Path, data: bytes) -> Path:
    try:
        path.write_bytes(data)
    except OSError as error:
        raise EnvironmentProblem(f"Cannot save {path}: {error.strerror or error}") from None
    return path


class MeetingInvitesPanel(QWidget):
    """Shows the chosen meeting's invite status; `show_meeting(id, ref)` loads it off the GUI thread."""

    def __init__(self, ui: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = ui
        self.meeting_id: int | None = None
        self.ref = ""
        self.status: InviteStatus | None = None
        self.loading = False
        self.summary = QLabel(self.tr("Choose a meeting to see its invites."))
        self.summary.setWordWrap(True)
        self.export_button = QPushButton(self.tr("Export invite (.ics)…"))
        self.export_button.setToolTip(self.tr("Save the meeting's invite (without names) to a file"))
        self.send_button = QPushButton(self.tr("Send invites"))
        self.send_button.setToolTip(self.tr("Email the invite, update or cancellation to whoever has not had it"))
        self.model: RowTableModel[RecipientStatus] = RowTableModel(RECIPIENT_COLUMNS, self)
        proxy = RowFilterProxy(self)
        proxy.setSourceModel(self.model)
        self.table = QTableView(self)
        self.table.setModel(proxy)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.table.setAccessibleName(self.tr("Invitees and their invites"))
        self._lay_out()
        self.export_button.clicked.connect(self.export_invite)
        self.send_button.clicked.connect(self.send_invites)
        self._enable(False)

    def _lay_out(self) -> None:
        buttons = QHBoxLayout()
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.send_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(buttons)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)

    def _enable(self, enabled: bool) -> None:
        self.export_button.setEnabled(enabled)
        self.send_button.setEnabled(enabled)

    def show_meeting(self, meeting_id: int | None, ref: str = "") -> None:
        self.meeting_id, self.ref = meeting_id, ref
        self._enable(meeting_id is not None)
        if meeting_id is None:
            self.status = None
            self.model.set_rows([])
            self.summary.setText(self.tr("Choose a meeting to see its invites."))
            return
        self.reload()

    def reload(self) -> None:
        meeting_id = self.meeting_id
        if meeting_id is None:
            return
        self.loading = True
        self.ui.runner.run(
            lambda _p: self.ui.services.invites.status(meeting_id), on_success=self._show, on_failure=self._failed
        )

    def _failed(self, _error: BaseException) -> bool:
        self.loading = False
        return False

    def _show(self, status: InviteStatus) -> None:
        if status.meeting_id != self.meeting_id:
            return  # another meeting was chosen meanwhile
        self.loading = False
        self.status = status
        text = self.tr("Invites for {0}: {1}").format(status.ref, status.summary_text)
        if status.unaddressed:
            text += "\n" + self.tr("No email address: {0}").format(", ".join(status.unaddressed))
        self.summary.setText(text)
        self.model.set_rows(status.recipients)
        self.table.resizeColumnsToContents()

    def export_invite(self) -> None:
        meeting_id = self.meeting_id
        if meeting_id is None:
            return
        path = self.ui.prompter.save_file(
            self.tr("Export invite"), f"{self.ref or 'invite'}.ics", self.tr("iCalendar files (*.ics)")
        )
        if path is None:
            return
        self.ui.runner.run(
            lambda _p: save_ics(path, self.ui.services.invites.export_meeting(meeting_id=meeting_id).ics),
            on_success=lambda saved: self.ui.prompter.inform(
                self.tr("Invite exported"), self.tr("Saved the invite for {0} to {1}.").format(self.ref, saved)
            ),
            label=self.tr("Exporting the invite"),
        )

    def send_invites(self) -> None:
        meeting_id = self.meeting_id
        if meeting_id is None:
            return
        self.ui.runner.run(
            lambda _p: self.ui.services.invites.send_invites(meeting_id),
            on_success=self._queued,
            label=self.tr("Queueing invites"),
        )

    def _queued(self, result: QueueResult) -> None:
        if result.queued == 0 and not (self.status and self.status.queued):
            again = self.ui.prompter.confirm(
                self.tr("Send invites"),
                self.tr("Everyone on {0} already has its latest invite. Send it to everyone again?").format(self.ref),
                yes=self.tr("Send again"),
                no=self.tr("Cancel"),
            )
            if not again:
                return
            self._send(result.meeting_id, everyone=True)
            return
        self._send(result.meeting_id, everyone=False)

    def _send(self, meeting_id: int, *, everyone: bool) -> None:
        invites = self.ui.services.invites

        def work(progress: Progress) -> SendReport:
            if everyone:
                invites.send_invites(meeting_id, everyone=True)
            return invites.send_outbox(force=True, meeting_id=meeting_id, progress=progress)

        self.ui.runner.run(work, on_success=self._sent, label=self.tr("Sending invites"))

    def _sent(self, report: SendReport) -> None:
        changes = report.changes | Changes(invites=frozenset({self.meeting_id} if self.meeting_id else set()))
        self.ui.bus.publish(changes, self)  # comes back through on_changes, which reloads
        if report.failed or report.problems:
            self.ui.prompter.warn(self.tr("Invites not all sent"), report.text)
        else:
            self.ui.prompter.inform(self.tr("Invites sent"), report.text)

    def on_changes(self, changes: Changes) -> None:
        if self.meeting_id is None:
            return
        if changes.everything or self.meeting_id in changes.invites or self.meeting_id in changes.meetings:
            self.reload()
