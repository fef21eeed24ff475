"""Users, roles, history and the shared-database dialog as people meet them in the window (issue #10)."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

from pytestqt.qtbot import QtBot

from iro_diary.app import OpenDiary
from iro_diary.domain.access import Role
from iro_diary.domain.codes import MeetingKind
from iro_diary.infra.local_settings import DatabaseChoice
from iro_diary.infra.paths import app_paths
from iro_diary.services.changes import Changes
from iro_diary.services.diary_rows import BookingRequest
from iro_diary.services.registry import Services
from iro_diary.store.migrate import MigrationReport
from iro_diary.ui.application import first_start
from iro_diary.ui.dialogs.connect_database import ConnectDatabaseDialog
from iro_diary.ui.diary.history_dialog import HistoryDialog
from iro_diary.ui.identity_dialog import IdentityDialog
from iro_diary.ui.main_window import MainWindow
from iro_diary.ui.panes.children_pane import ChildrenPane
from iro_diary.ui.panes.settings_pane import SettingsPane
from tests.factories import make_child, make_iro, make_room
from tests.gui.conftest import ScriptedPrompter
from tests.gui.diary_helpers import open_diary, settle
from tests.invites_support import MemoryKeyring, memory_keyring

__all__ = ["memory_keyring"]

FRIDAY = dt.date(2026, 11, 27)


def book_one(services: Services) -> int:
    db = services.ctx.db
    chair = make_iro(db, name="Jo Chair")
    request = BookingRequest(
        MeetingKind.CLA_REVIEW, FRIDAY, dt.time(10), 60, chair, (make_child(db),), room_id=make_room(db)
    )
    row, _ = services.booking.book(request)
    services.booking.move(row.id, row.version, FRIDAY, dt.time(14))
    return row.id


def test_a_meetings_history_from_the_diary_and_its_export(
    qtbot: QtBot, empty_window: MainWindow, prompter: ScriptedPrompter, tmp_path: Path, qtmodeltester
) -> None:  # type: ignore[no-untyped-def]
    services = empty_window.ui.services
    meeting_id = book_one(services)
    pane = open_diary(qtbot, empty_window)
    pane.loader.forget()
    pane.refresh()
    qtbot.waitUntil(lambda: pane.grid.block(meeting_id) is not None, timeout=5000)
    pane.grid.select_meeting(meeting_id)
    assert pane.strip.history_button.isEnabled()
    pane.strip.history_button.click()
    dialog = pane.diary_actions.dialog
    assert isinstance(dialog, HistoryDialog)
    panel = dialog.panel
    qtbot.waitUntil(lambda: not panel.loading and panel.model.rowCount() >= 2, timeout=5000)
    qtmodeltester.check(panel.model)
    actions = [row.action for row in panel.model.rows]
    assert "book" in actions and "move" in actions
    move = next(row for row in panel.model.rows if row.action == "move")
    assert "start: Fri 27 Nov 2026 10:00 → Fri 27 Nov 2026 14:00" in move.changes_text
    assert panel.summary.text().startswith("History of M-000001: ")
    prompter.paths.append(tmp_path / "history.csv")
    panel.export_button.click()
    settle(qtbot, empty_window)
    with (tmp_path / "history.csv").open(encoding="utf-8") as handle:
        written = list(csv.DictReader(handle))
    assert {line["action"] for line in written} >= {"book", "move"}
    dialog.reject()


def test_a_childs_history_tab(qtbot: QtBot, empty_window: MainWindow) -> None:
    services = empty_window.ui.services
    db = services.ctx.db
    jo, sam = make_iro(db, name="Jo Chair"), make_iro(db, name="Sam Second")
    child = make_child(db, allocated_iro_id=jo, given_name="Ava", family_name="Able")
    services.workload.allocate([child], sam, {child: jo})
    pane = empty_window.show_pane("Children & families")
    assert isinstance(pane, ChildrenPane)
    qtbot.waitUntil(pane.is_loaded, timeout=10000)
    pane.show_child(child)
    history = pane.detail.history
    qtbot.waitUntil(
        lambda: history.child_id == child and not history.loading and history.model.rowCount() == 1, timeout=5000
    )
    assert history.model.text(0, 3) == "IRO: Jo Chair → Sam Second"


def settings(qtbot: QtBot, window: MainWindow) -> SettingsPane:
    pane = window.show_pane("Settings")
    assert isinstance(pane, SettingsPane)
    qtbot.waitUntil(pane.is_loaded, timeout=10000)
    return pane


def test_an_administrator_adds_a_user_and_anyone_else_is_told_which_role_it_needs(
    qtbot: QtBot, empty_window: MainWindow, qtmodeltester
) -> None:  # type: ignore[no-untyped-def]
    services = empty_window.ui.services
    iro = make_iro(services.ctx.db, name="Jo Chair")
    services.users.sign_in("ada", "Ada Admin")
    pane = settings(qtbot, empty_window)
    tab = pane.users
    qtbot.waitUntil(lambda: not tab.loading, timeout=5000)
    assert tab.model.rowCount() == 0 and "every role until the diary has an administrator" in tab.note.text()
    dialog = tab.add()
    dialog.login.setText("jchair")
    dialog.name.setText("Jo Chair")
    dialog.roles[Role.IRO].setChecked(True)
    dialog.iro.setCurrentIndex(dialog.iro.findData(iro))
    with qtbot.waitSignal(dialog.finished, timeout=5000):
        dialog.buttons.accepted.emit()
    qtbot.waitUntil(lambda: not tab.loading and tab.model.rowCount() == 2, timeout=5000)
    qtmodeltester.check(tab.model)
    assert {row.login: row.roles_text for row in tab.model.rows}["ada"] == "diary manager, team lead and administrator"
    jo = next(row for row in tab.model.rows if row.login == "jchair")
    assert (jo.roles_text, jo.iro_name) == ("IRO", "Jo Chair")
    services.users.sign_in("jchair")
    refused = tab.add()
    refused.login.setText("someone")
    refused.name.setText("Someone Else")
    refused.buttons.accepted.emit()
    qtbot.waitUntil(lambda: "needs the administrator role" in refused.status.text(), timeout=5000)
    assert refused.isVisible() and refused.login.text() == "someone", "the edits stay"
    refused.reject()


def test_the_first_start_asks_who_you_are_and_then_offers_the_demo(
    qtbot: QtBot, empty_window: MainWindow, prompter: ScriptedPrompter
) -> None:
    services = empty_window.ui.services
    signed = services.users.sign_in("ada", "ada")
    diary = OpenDiary(services, DatabaseChoice("x", "test"), MigrationReport(None, "head", None), signed)
    prompter.answers.append(False)  # "Start empty"
    first_start(empty_window, diary)
    dialog = empty_window.findChild(IdentityDialog)
    assert dialog is not None and "you become its administrator" in dialog.findChildren(type(dialog.status))[0].text()
    dialog.name.setText("Ada Lovelace")
    with qtbot.waitSignal(dialog.introduced, timeout=5000):
        dialog.buttons.accepted.emit()
    qtbot.waitUntil(lambda: prompter.asked == ["Welcome to IRO Diary"], timeout=5000)
    assert services.users.me().name == "Ada Lovelace"
    assert empty_window.user_label.toolTip() == (
        "Signed in as Ada Lovelace (ada), diary manager, team lead and administrator"
    )


def test_connecting_to_a_shared_database_tests_it_and_keeps_the_password_in_the_keyring(
    qtbot: QtBot, empty_window: MainWindow, prompter: ScriptedPrompter, memory_keyring: MemoryKeyring, postgres_url: str
) -> None:
    from sqlalchemy.engine import make_url

    url = make_url(postgres_url)
    pane = settings(qtbot, empty_window)
    dialog = pane.open_connect_dialog()
    assert isinstance(dialog, ConnectDatabaseDialog)
    dialog.host.setText(url.host or "")
    dialog.port.setValue(url.port or 5432)
    dialog.name.setText(url.database or "")
    dialog.user.setText(url.username or "")
    dialog.password.setText("s3cret")
    dialog.test_button.click()
    qtbot.waitUntil(lambda: dialog.status.text().startswith("Connected to"), timeout=10000)
    assert dialog.status.text().endswith("a shared IRO Diary database, up to date.")
    dialog.name.setText("no_such_database")
    dialog.test_button.click()
    qtbot.waitUntil(lambda: dialog.status.text().startswith("Could not connect"), timeout=10000)
    dialog.name.setText(url.database or "")
    with qtbot.waitSignal(dialog.finished, timeout=5000):
        dialog.connect_button.click()
    saved = json.loads(app_paths().local_settings.read_text(encoding="utf-8"))
    assert saved["database_url"] == f"postgresql+psycopg://{url.username}@{url.host}:{url.port}/{url.database}"
    assert "s3cret" not in app_paths().local_settings.read_text(encoding="utf-8")
    assert memory_keyring.passwords == {
        ("iro-diary-database", f"{url.username}@{url.host}:{url.port}/{url.database}"): "s3cret"
    }
    assert prompter.informed and "the next time it starts" in prompter.informed[-1]


def test_a_pane_a_role_may_not_see_says_which_role_it_needs(
    qtbot: QtBot, empty_window: MainWindow, prompter: ScriptedPrompter
) -> None:
    services = empty_window.ui.services
    services.users.sign_in("ada", "Ada Admin")
    services.users.add_user("manny", "Manny Manager", [Role.DIARY_MANAGER])
    services.users.sign_in("manny")
    workload = empty_window.show_pane("Workload")
    assert not workload.activated and workload._notice is not None and workload._notice.isVisible()
    assert workload._notice.text() == "Workload figures and reports: this needs the team lead role."
    empty_window.ui.bus.publish(Changes(meetings=frozenset({1})))
    settle(qtbot, empty_window)
    assert prompter.warned == [], "no refusal at every refresh"
    services.users.sign_in("ada")
    empty_window.show_pane("Diary")
    empty_window.show_pane("Workload")
    assert workload.activated and not workload._notice.isVisible()
