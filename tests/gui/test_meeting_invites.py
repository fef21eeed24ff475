"""A meeting's invites from the child's record: status, "Export invite (.ics)…" and "Send invites"."""

from __future__ import annotations

from pathlib import Path

import icalendar
import pytest
from pytestqt.qtbot import QtBot

from iro_diary.services.children import ChildMeetingRow
from iro_diary.ui.main_window import MainWindow
from iro_diary.ui.panes.child_detail import ChildDetailView
from iro_diary.ui.panes.children_pane import ChildrenPane
from tests.gui.conftest import ScriptedPrompter
from tests.invites_support import MailServer, mail_server, use_mail_server

__all__ = ["mail_server"]


@pytest.fixture
def detail(qtbot: QtBot, window: MainWindow) -> ChildDetailView:
    """The record of a child with an upcoming meeting that has emailable invitees, that meeting selected."""
    pane = window.show_pane("Children & families")
    assert isinstance(pane, ChildrenPane)
    qtbot.waitUntil(pane.is_loaded, timeout=10000)
    services = window.ui.services
    today = window.ui.clock.today()
    for row in pane.model.rows:
        record = services.children.child(row.id)
        upcoming = [m for m in record.meetings if m.start.date() > today and m.status == "booked"]
        if upcoming:
            break
    else:
        pytest.fail("the demo has no child with an upcoming meeting")
    assert pane.select_child(row.id)
    qtbot.waitUntil(lambda: pane.current_detail() is not None and pane.is_loaded(), timeout=10000)
    view = pane.detail
    assert view.select_meeting(upcoming[0].meeting_id)
    qtbot.waitUntil(lambda: view.invites.status is not None and not view.invites.loading, timeout=10000)
    return view


def chosen(view: ChildDetailView) -> ChildMeetingRow:
    return next(m for m in view.meetings.rows if m.meeting_id == view.invites.meeting_id)


def test_choosing_a_meeting_shows_its_invite_status(detail: ChildDetailView) -> None:
    panel = detail.invites
    assert panel.export_button.isEnabled() and panel.send_button.isEnabled()
    assert panel.summary.text().startswith(f"Invites for {chosen(detail).ref}: Sequence 0 · 0 of ")
    assert panel.model.rowCount() >= 2
    assert {r.state_text for r in panel.model.rows} == {"Not sent"}


def test_export_invite_writes_an_ics_without_names(
    qtbot: QtBot, detail: ChildDetailView, prompter: ScriptedPrompter, tmp_path: Path
) -> None:
    target = tmp_path / "invite.ics"
    prompter.paths.append(target)
    detail.invites.export_button.click()
    qtbot.waitUntil(lambda: bool(prompter.informed), timeout=10000)
    calendar = icalendar.Calendar.from_ical(target.read_bytes())
    assert calendar["METHOD"] == "REQUEST"
    event = calendar.walk("VEVENT")[0]
    assert chosen(detail).ref in event["SUMMARY"]
    name = detail.current.row if detail.current else None
    assert name is not None and name.family_name.lower() not in target.read_text().lower()
    assert str(target) in prompter.informed[0]


def test_export_can_be_called_off(detail: ChildDetailView, prompter: ScriptedPrompter) -> None:
    prompter.paths.append(None)
    detail.invites.export_button.click()
    assert prompter.informed == [] and prompter.warned == []


def test_send_invites_without_a_mail_server_queues_them_and_says_so(
    qtbot: QtBot, detail: ChildDetailView, prompter: ScriptedPrompter
) -> None:
    detail.invites.send_button.click()
    qtbot.waitUntil(lambda: bool(prompter.warned), timeout=10000)
    assert "No mail server is set" in prompter.warned[0]
    qtbot.waitUntil(lambda: "queued" in detail.invites.summary.text() and not detail.invites.loading, timeout=10000)
    assert all(r.state_text == "Request queued" for r in detail.invites.model.rows)


def test_send_invites_emails_everyone_and_shows_it(
    qtbot: QtBot, detail: ChildDetailView, prompter: ScriptedPrompter, mail_server: MailServer
) -> None:
    use_mail_server(detail.ui.services, mail_server.port)
    detail.invites.send_button.click()
    qtbot.waitUntil(lambda: bool(prompter.informed), timeout=10000)
    count = detail.invites.model.rowCount()
    assert prompter.informed[0].startswith(f"{count} invite email(s) sent.")
    assert len(mail_server.received) == count
    qtbot.waitUntil(lambda: f"{count} of {count} invitees have it" in detail.invites.summary.text(), timeout=10000)
    prompter.answers.append(False)
    detail.invites.send_button.click()
    qtbot.waitUntil(lambda: len(prompter.asked) == 1, timeout=10000)
    assert len(mail_server.received) == count, "declining 'send again' sends nothing"


def test_the_invitees_model_passes_qts_model_tester(qtmodeltester, detail: ChildDetailView) -> None:  # type: ignore[no-untyped-def]
    qtmodeltester.check(detail.invites.model)
