"""What the app does unasked: feeds rewritten after a change, unsent invites retried when sending is automatic."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from iro_diary.services.changes import Changes
from iro_diary.ui.main_window import MainWindow
from tests.gui.conftest import ScriptedPrompter
from tests.invites_support import MailServer, mail_server, use_mail_server

__all__ = ["mail_server"]


def test_a_change_rewrites_the_feeds_after_a_pause(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    window.ui.services.settings.set("feeds.folder", str(tmp_path))
    window.ui.bus.publish(Changes(meetings=frozenset({1})))
    assert window.background.feeds_timer.isActive()
    window.background.feeds_timer.stop()
    window.background.write_feeds()
    qtbot.waitUntil(lambda: len(list(tmp_path.glob("*.ics"))) > 0 and not window.ui.runner.busy, timeout=10000)


def test_a_change_that_cannot_touch_feeds_starts_nothing(window: MainWindow) -> None:
    window.ui.bus.publish(Changes(invites=frozenset({1})))
    assert not window.background.feeds_timer.isActive()


def test_unsent_invites_are_retried_when_sending_is_automatic(
    qtbot: QtBot, window: MainWindow, prompter: ScriptedPrompter, mail_server: MailServer
) -> None:
    services = window.ui.services
    meeting_id = next(
        m.meeting_id
        for row in services.children.list_children()[:50]
        for m in services.children.child(row.id).meetings
        if m.start > window.ui.clock.now() and services.invites.send_invites(m.meeting_id).queued
    )
    window.background.retry_outbox()
    qtbot.waitUntil(lambda: not window.ui.runner.busy, timeout=10000)
    assert mail_server.received == [], "not automatic: nothing is sent unasked"
    use_mail_server(services, mail_server.port)
    services.settings.set("invites.send-automatically", True)
    window.background.retry_outbox()
    qtbot.waitUntil(lambda: services.invites.status(meeting_id).queued == 0, timeout=10000)
    assert mail_server.received and prompter.warned == [] and prompter.informed == []


def test_the_due_dates_meetings_answered_are_kept_after_start_and_changes(qtbot: QtBot, window: MainWindow) -> None:
    timescales = window.ui.services.timescales
    assert window.background.compliance_timer.isActive(), "scheduled after start"
    assert timescales.stale_compliance(), "a new diary has nothing kept yet"
    window.background.compliance_timer.stop()
    window.background.keep_compliance()
    qtbot.waitUntil(lambda: not window.ui.runner.busy and not timescales.stale_compliance(), timeout=30000)
    window.ui.bus.publish(Changes(invites=frozenset({1})))
    assert not window.background.compliance_timer.isActive(), "an invite cannot move a due date"
    window.ui.bus.publish(Changes(meetings=frozenset({1}), children=frozenset({1})))
    assert window.background.compliance_timer.isActive()


def test_a_change_to_meetings_made_here_sends_its_invites_at_once(
    qtbot: QtBot, window: MainWindow, mail_server: MailServer
) -> None:
    services = window.ui.services
    use_mail_server(services, mail_server.port)
    services.settings.set("invites.send-automatically", True)
    meeting_id = next(
        m.meeting_id
        for row in services.children.list_children()[:50]
        for m in services.children.child(row.id).meetings
        if m.start > window.ui.clock.now() and services.invites.send_invites(m.meeting_id).queued
    )
    window.ui.bus.publish(Changes(meetings=frozenset({meeting_id})), window.live)  # another PC's: it sends them
    assert not window.background.send_timer.isActive()
    window.ui.bus.publish(Changes(meetings=frozenset({meeting_id})))  # the planner, the diary, undo
    assert window.background.send_timer.isActive(), "not left for the next retry, minutes away"
    qtbot.waitUntil(lambda: services.invites.status(meeting_id).queued == 0, timeout=10000)
    assert mail_server.received
