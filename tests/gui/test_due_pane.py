"""Due & overdue: what a diary manager sees first each morning."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from iro_diary.domain.codes import MeetingKind
from iro_diary.domain.due_list import Rag
from iro_diary.services.diary_rows import BookingRequest
from iro_diary.ui.main_window import MainWindow
from iro_diary.ui.panes.children_pane import ChildrenPane
from iro_diary.ui.panes.due_pane import DuePane
from iro_diary.ui.panes.settings_pane import SettingsPane
from tests.gui.conftest import ScriptedPrompter
from tests.gui.diary_helpers import free_slot

TODAY = dt.date(2026, 11, 26)


@pytest.fixture
def pane(qtbot: QtBot, window: MainWindow) -> DuePane:
    shown = window.show_pane("Due & overdue")
    assert isinstance(shown, DuePane)
    qtbot.waitUntil(shown.is_loaded, timeout=20000)
    return shown


def shown_rows(pane: DuePane) -> list:  # type: ignore[type-arg]
    return [
        pane.model.row_at(pane.proxy.mapToSource(pane.proxy.index(i, 0)).row()) for i in range(pane.proxy.rowCount())
    ]


def test_every_open_requirement_is_listed_with_counts_per_rag(pane: DuePane, window: MainWindow) -> None:
    assert pane.model.rowCount() == len(window.ui.services.timescales.due_list())
    counts = pane.rag_counts()
    assert sum(counts.values()) == pane.model.rowCount()
    for rag in Rag:
        assert f"{rag.label}: <b>{counts.get(rag, 0):,}</b>" in pane.counts.text()


def test_the_list_starts_with_the_most_pressing(pane: DuePane) -> None:
    rows = shown_rows(pane)
    latest = [r.latest_working_day for r in rows]
    assert latest == sorted(latest)
    overdue = [r for r in rows if r.rag is Rag.OVERDUE]
    assert rows[: len(overdue)] == overdue


def test_filtering_by_rag_and_kind(pane: DuePane) -> None:
    pane.rag.setCurrentText(Rag.BOOKED.label)
    assert shown_rows(pane) and all(r.rag is Rag.BOOKED for r in shown_rows(pane))
    pane.rag.setCurrentText("All")
    pane.kind.setCurrentText("Foster carer review")
    assert shown_rows(pane) and all(r.household_ref for r in shown_rows(pane))
    assert " of " in pane.counts.text()


def test_filtering_by_team_and_iro(pane: DuePane) -> None:
    pane.team.setCurrentText("Fostering")
    assert shown_rows(pane) and {r.team for r in shown_rows(pane)} == {"fostering"}
    pane.team.setCurrentText("All")
    name = next(r.iro_name for r in pane.model.rows if r.iro_name)
    pane.iro.setCurrentText(name)
    assert {r.iro_name for r in shown_rows(pane)} == {name}


def test_searching_by_case_reference(qtbot: QtBot, pane: DuePane) -> None:
    target = next(r for r in pane.model.rows if r.case_refs)
    qtbot.keyClicks(pane.search, target.case_refs[0])
    assert target in shown_rows(pane)


def test_double_click_opens_the_childs_record(qtbot: QtBot, pane: DuePane, window: MainWindow) -> None:
    row = next(i for i in range(pane.proxy.rowCount()) if shown_rows(pane)[i].child_ids)
    wanted = shown_rows(pane)[row].child_ids[0]
    index = pane.proxy.index(row, 1)
    pane.table.scrollTo(index)
    rect = pane.table.visualRect(index)
    qtbot.mouseClick(pane.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(pane.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    children = window.current_pane()
    assert isinstance(children, ChildrenPane)
    qtbot.waitUntil(
        lambda: children.current_detail() is not None and children.current_detail().row.id == wanted, timeout=10000
    )


def test_the_book_button_needs_a_requirement(pane: DuePane) -> None:
    assert not pane.book_button.isEnabled()
    pane.table.selectRow(0)
    assert pane.book_button.isEnabled() and "diary" in pane.book_button.toolTip()


def test_the_due_model_passes_qts_model_tester(qtmodeltester, pane: DuePane) -> None:  # type: ignore[no-untyped-def]
    qtmodeltester.check(pane.model)


def test_a_rule_change_in_settings_moves_the_due_dates(qtbot: QtBot, pane: DuePane, window: MainWindow) -> None:
    before = {r.requirement_id: r.due for r in pane.model.rows if r.rule == "cse-review"}
    assert before
    settings = window.show_pane("Settings")
    assert isinstance(settings, SettingsPane)
    qtbot.waitUntil(settings.is_loaded, timeout=10000)
    settings.timescales.parameters.change("rules.cse_review_months", "2")
    qtbot.waitUntil(
        lambda: (
            pane.is_loaded()
            and any(r.rule == "cse-review" and r.due != before.get(r.requirement_id) for r in pane.model.rows)
        ),
        timeout=20000,
    )
    after = {r.requirement_id: r.due for r in pane.model.rows if r.rule == "cse-review"}
    assert all(after[k] < before[k] for k in before.keys() & after.keys())


def test_a_booking_refreshes_only_the_childs_rows_and_keeps_the_selection(
    qtbot: QtBot, pane: DuePane, window: MainWindow
) -> None:
    services = window.ui.services
    need = next(
        r
        for r in pane.model.rows
        if r.rule.startswith("cla") and r.booked_ref is None and r.iro_id is not None and r.latest_working_day > TODAY
    )
    days = [TODAY + dt.timedelta(days=n) for n in range(4, 30)]
    slot = free_slot(
        services,
        BookingRequest(MeetingKind.CLA_REVIEW, TODAY, dt.time(9), 60, need.iro_id, need.child_ids, venue="School"),
        [d for d in days if d.weekday() < 5 and d <= need.latest_working_day],
    )
    assert slot is not None
    other = next(r for r in shown_rows(pane) if r.household_ref is not None)
    pane.table.selectRow(shown_rows(pane).index(other))
    resets: list[bool] = []
    pane.model.modelReset.connect(lambda: resets.append(True))
    booked, changes = services.booking.book(slot)
    window.ui.bus.publish(changes)
    qtbot.waitUntil(
        lambda: any(r.booked_ref == booked.ref for r in pane.model.rows if r.requirement_id == need.requirement_id),
        timeout=20000,
    )
    assert not resets, "the whole list was reloaded for one booking"
    assert pane.selected_row() == other
    assert sorted(pane.model.rows, key=lambda r: r.requirement_id) == sorted(
        services.timescales.due_list(), key=lambda r: r.requirement_id
    )
    latest = [r.latest_working_day for r in shown_rows(pane)]
    assert latest == sorted(latest)


def test_settings_show_rules_with_their_sources(qtbot: QtBot, window: MainWindow) -> None:
    settings = window.show_pane("Settings")
    assert isinstance(settings, SettingsPane)
    qtbot.waitUntil(settings.is_loaded, timeout=10000)
    rules = {r.name: r for r in settings.timescales.rules.rows}
    assert rules["cla-first"].timescale == "20 working days" and "reg 33(1)" in rules["cla-first"].source
    assert rules["pre-birth"].timescale == "12 weeks before"
    parameters = [r.key for r in settings.timescales.parameters.model.rows]
    assert parameters and all(key.startswith("rules.") for key in parameters)


def test_calendar_tab_lists_holidays_and_adds_a_closure(qtbot: QtBot, window: MainWindow) -> None:
    settings = window.show_pane("Settings")
    assert isinstance(settings, SettingsPane)
    qtbot.waitUntil(settings.is_loaded, timeout=10000)
    tab = settings.calendar
    tab.year.setValue(2022)
    qtbot.waitUntil(lambda: tab.is_loaded() and any(r.day.year == 2022 for r in tab.holidays.rows))
    assert "Platinum Jubilee of Elizabeth II" in [r.name for r in tab.holidays.rows]
    tab.add_closure(dt.date(2026, 12, 29), "Christmas shutdown")
    qtbot.waitUntil(lambda: [r.name for r in tab.closures.rows] == ["Christmas shutdown"], timeout=10000)


def test_a_govuk_file_is_imported_from_the_calendar_tab(
    qtbot: QtBot, window: MainWindow, prompter: ScriptedPrompter, tmp_path: Path
) -> None:
    settings = window.show_pane("Settings")
    assert isinstance(settings, SettingsPane)
    qtbot.waitUntil(settings.is_loaded, timeout=10000)
    path = tmp_path / "bank-holidays.json"
    path.write_text(json.dumps({"england-and-wales": {"events": [{"title": "One-off", "date": "2031-06-02"}]}}))
    prompter.open_file = lambda *_args: path  # type: ignore[method-assign]
    settings.calendar.import_button.click()
    qtbot.waitUntil(lambda: bool(prompter.informed), timeout=10000)
    assert prompter.informed == ["1 added, 0 renamed, 0 already known"]
    path.write_text("{not json")
    settings.calendar.import_button.click()
    qtbot.waitUntil(lambda: bool(prompter.warned), timeout=10000)
    assert "not valid JSON" in prompter.warned[0]
