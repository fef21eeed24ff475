"""The shared diary as the people using it notice it (issue #10): another PC's booking appears by itself within two
seconds; the server going away puts the window offline with the booking being typed kept, and when it is back the
booking is saved — once."""

from __future__ import annotations

import datetime as dt

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from iro_diary.domain.codes import MeetingKind
from iro_diary.infra.clock import FixedClock
from iro_diary.services.changes import Changes
from iro_diary.services.diary_rows import BookingRequest
from iro_diary.services.registry import Services
from iro_diary.ui.diary.booking_dialog import OFFLINE, BookingDialog
from iro_diary.ui.diary.pane import DiaryPane
from iro_diary.ui.main_window import MainWindow
from tests.conftest import make_services
from tests.factories import make_child, make_iro, make_room
from tests.gui.conftest import ScriptedPrompter, open_window
from tests.gui.diary_helpers import open_diary
from tests.postgres import PostgresServer

FRIDAY = dt.date(2026, 11, 27)  # in the week the diary opens on (the tests' today is Thu 26 Nov 2026)


def small_diary(services: Services) -> BookingRequest:
    db = services.ctx.db
    chair = make_iro(db, name="Jo Chair")
    return BookingRequest(
        MeetingKind.CLA_REVIEW, FRIDAY, dt.time(10), 60, chair, (make_child(db),), room_id=make_room(db)
    )


def live_window(qtbot: QtBot, services: Services, prompter: ScriptedPrompter) -> MainWindow:
    window = open_window(qtbot, services, prompter, live=True)
    qtbot.waitUntil(lambda: window.live.running and services.live.listening, timeout=5000)
    return window


def test_another_pcs_booking_appears_within_two_seconds(
    qtbot: QtBot, two_apps: tuple[Services, Services], prompter: ScriptedPrompter
) -> None:
    here, there = two_apps
    request = small_diary(here)
    window = live_window(qtbot, here, prompter)
    pane = open_diary(qtbot, window)
    with qtbot.waitSignal(
        window.ui.bus.changed, timeout=2000, check_params_cb=lambda changes, _by: bool(changes.meetings)
    ) as heard:
        row, _ = there.booking.book(request)
    changes: Changes = heard.args[0]  # type: ignore[index]
    assert row.id in changes.meetings and heard.args[1] is window.live  # type: ignore[index]
    qtbot.waitUntil(lambda: pane.grid.block(row.id) is not None, timeout=2000)
    moved, _ = there.booking.move(row.id, row.version, FRIDAY, dt.time(14))
    qtbot.waitUntil(lambda: (pane.grid.block(row.id) or object()).row.start.hour == 14, timeout=2000)  # type: ignore[attr-defined]
    there.booking.cancel(row.id, moved.version, "Family unable to attend")
    qtbot.waitUntil(lambda: pane.grid.block(row.id) is None, timeout=2000)


def test_the_server_going_away_mid_booking_then_coming_back_saves_the_booking_once(
    qtbot: QtBot, postgres_server: PostgresServer, postgres_url: str, clock: FixedClock, prompter: ScriptedPrompter
) -> None:
    if not postgres_server.can_restart:
        pytest.skip("the server was given (IRO_DIARY_TEST_POSTGRES_URL): it cannot be restarted")
    services = make_services(postgres_url, clock)
    try:
        request = small_diary(services)
        window = live_window(qtbot, services, prompter)
        open_diary(qtbot, window)
        dialog = window.pane(DiaryPane).diary_actions.book(request)
        assert isinstance(dialog, BookingDialog)
        qtbot.waitUntil(lambda: dialog.ready and dialog.save_button.isEnabled(), timeout=5000)
        dialog.form.notes.setPlainText("Interpreter booked for mum")
        postgres_server.stop()
        try:
            qtbot.waitUntil(window.banner.isVisible, timeout=6000)
            assert window.banner.text().startswith("Offline — showing data from 10:00.")
            assert not dialog.save_button.isEnabled() and dialog.status.text() == OFFLINE
            dialog.save()  # pressing Enter anyway saves nothing and keeps everything
            assert dialog.isVisible() and dialog.form.notes.toPlainText() == "Interpreter booked for mum"
        finally:
            postgres_server.start()
        qtbot.waitUntil(lambda: not window.banner.isVisible(), timeout=8000)
        qtbot.waitUntil(dialog.save_button.isEnabled, timeout=5000)
        dialog.save_button.click()
        actions = window.pane(DiaryPane).diary_actions
        qtbot.waitUntil(lambda: actions.dialog is None, timeout=5000)
        with services.ctx.db.read() as session:
            saved = session.execute(text("SELECT ref, notes FROM meeting")).all()
        assert [tuple(r) for r in saved] == [("M-000001", "Interpreter booked for mum")]
        assert prompter.warned == [], "the banner said it; no dialog per failed operation"
    finally:
        window.close()
        services.close()
