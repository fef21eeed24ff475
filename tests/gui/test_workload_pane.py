"""Workload: the team lead's view of caseloads, the charts, allocating a child and rebalancing an IRO."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from iro_diary.domain.caseload import BandStatus
from iro_diary.domain.codes import Team
from iro_diary.services.registry import Services
from iro_diary.ui.main_window import MainWindow
from iro_diary.ui.panes.workload_pane import WorkloadPane
from iro_diary.ui.workload.allocate_dialog import AllocateDialog
from iro_diary.ui.workload.columns import STATUS_TINTS
from iro_diary.ui.workload.iro_model import BAND_COLUMN
from iro_diary.ui.workload.rebalance_dialog import RebalanceDialog
from tests.gui.conftest import ScriptedPrompter

WAIT = 20000


@pytest.fixture
def pane(qtbot: QtBot, window: MainWindow) -> Iterator[WorkloadPane]:
    shown = window.show_pane("Workload")
    assert isinstance(shown, WorkloadPane)
    qtbot.waitUntil(shown.is_loaded, timeout=WAIT)
    yield shown
    if shown.dialog is not None:  # a failed test must not leave its dialog open for the next one
        shown.dialog.close()


@pytest.fixture
def tight_band(demo_services: Services) -> None:
    """The small demo holds a fifth of the report's children (8.5-28 per FTE): a band of 5-20 puts its three
    busiest child protection IROs over, with room for their children elsewhere."""
    demo_services.settings.set("caseload.band-low", "5")
    demo_services.settings.set("caseload.band-high", "20")


def _visible_names(pane: WorkloadPane) -> list[str]:
    return [r.name for r in pane.proxy.visible_rows()]


def test_every_iro_is_listed_busiest_first_with_the_band_status_coloured(
    pane: WorkloadPane, demo_services: Services
) -> None:
    expected = demo_services.workload.workload().iros
    assert pane.model.rowCount() == len(expected) and pane.count_label.text() == f"{len(expected)} IROs"
    shown = pane.proxy.visible_rows()
    assert [r.per_fte for r in shown] == sorted((r.per_fte for r in expected), reverse=True)
    top = pane.proxy.index(0, BAND_COLUMN)
    assert top.data() == shown[0].status.label
    assert top.data(Qt.ItemDataRole.BackgroundRole).name() == STATUS_TINTS[shown[0].status]


def test_team_totals_and_what_the_figures_rest_on(pane: WorkloadPane) -> None:
    teams = pane.teams.rows
    assert teams[0].name == "Whole service" and teams[0].establishment_fte == 15.5
    assert [t.team for t in teams[1:]] == [Team.CHILDREN_IN_CARE, Team.CHILD_PROTECTION, Team.FOSTERING]
    whole = pane.teams_view.model().index(0, 4).data()  # vacancies
    assert whole == f"{15.5 - teams[0].staffed_fte:g}"
    text = pane.basis_label.text()
    assert "Band 50–70 looked-after children per FTE (IRO Handbook 2010 para 7.15)" in text
    assert "child protection ×1 (local)" in text and "foster household ×0.25 (local)" in text


def test_choosing_a_team_filters_the_table_and_the_chart(qtbot: QtBot, pane: WorkloadPane) -> None:
    pane.team_filter.setCurrentIndex(pane.team_filter.findData(Team.CHILD_PROTECTION.value))
    rows = pane.proxy.visible_rows()
    assert rows and all(r.team is Team.CHILD_PROTECTION for r in rows)
    assert pane.count_label.text() == f"{len(rows)} of {pane.model.rowCount()} IROs"
    qtbot.waitUntil(lambda: [r.name for r in pane.caseload_chart.shown] == _visible_names(pane))
    pane.team_filter.setCurrentIndex(0)
    pane.search.setText(rows[0].name)
    assert rows[0].name in _visible_names(pane) and len(_visible_names(pane)) < pane.model.rowCount()


def test_the_caseload_chart_has_a_bar_per_iro_over_the_shaded_band(qtbot: QtBot, pane: WorkloadPane) -> None:
    chart = pane.caseload_chart
    qtbot.waitUntil(lambda: len(chart.shown) == pane.model.rowCount())
    for status, bar_set in chart.bar_sets.items():
        expected = [r.per_fte if r.status is status else 0.0 for r in pane.proxy.visible_rows()]
        assert [bar_set.at(i) for i in range(bar_set.count())] == pytest.approx(expected)
    assert {p.y() for p in chart.band.upperSeries().points()} == {70}
    assert {p.y() for p in chart.band.lowerSeries().points()} == {50}
    assert chart.x_axis.categories()[0].split()[-1] == pane.proxy.visible_rows()[0].name.split()[-1]


def test_the_history_chart_shows_twelve_month_ends_then_now_and_the_chosen_iro(pane: WorkloadPane) -> None:
    chart = pane.history_chart
    assert chart.x_axis.categories()[-1] == "Now" and len(chart.x_axis.categories()) == 13
    whole = chart.lines["Whole service"]
    assert whole.count() == 13
    assert whole.at(12).y() == pytest.approx(pane.teams.rows[0].per_fte)
    assert not chart.selected_line.isVisible()
    pane.table.selectRow(0)
    chosen = pane.selected_iro()
    assert chosen is not None and chart.selected_line.isVisible()
    assert chart.selected_line.count() == 13 and chart.selected_line.at(12).y() == pytest.approx(chosen.per_fte)


def test_the_workload_models_pass_qts_model_tester(qtmodeltester, pane: WorkloadPane) -> None:  # type: ignore[no-untyped-def]
    qtmodeltester.check(pane.model)
    qtmodeltester.check(pane.proxy)
    qtmodeltester.check(pane.teams)


def test_export_asks_where_through_the_prompter_and_writes_excel(
    qtbot: QtBot, pane: WorkloadPane, prompter: ScriptedPrompter, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from openpyxl import load_workbook

    asked: list[str] = []

    def save_file(title: str, suggested: str, filters: str) -> Path:
        asked.append(suggested)
        return tmp_path / "team-workload"  # no extension: Excel is the default

    monkeypatch.setattr(prompter, "save_file", save_file)
    pane.export_button.click()
    qtbot.waitUntil(lambda: bool(prompter.informed), timeout=WAIT)
    assert asked == ["workload-2026-11-26.xlsx"]
    book = load_workbook(tmp_path / "team-workload.xlsx")
    assert book["Caseload by IRO"].max_row == pane.model.rowCount() + 1


def test_cancelling_export_writes_nothing(
    pane: WorkloadPane, prompter: ScriptedPrompter, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(prompter, "save_file", lambda *_args: None)
    pane.export()
    assert not pane.ui.runner.busy and prompter.informed == []


def test_changing_the_band_in_settings_refreshes_the_pane(qtbot: QtBot, pane: WorkloadPane) -> None:
    services = pane.ui.services
    pane.ui.bus.publish(services.settings.set("caseload.band-high", "60"))
    qtbot.waitUntil(lambda: pane.is_loaded() and "Band 50–60" in pane.basis_label.text(), timeout=WAIT)
    assert {p.y() for p in pane.caseload_chart.band.upperSeries().points()} == {60}


# --- Allocate ------------------------------------------------------------------------------------------------------


@pytest.fixture
def new_arrival(demo_services: Services) -> int:
    """A child who came into care this week and has no IRO yet (the Handbook allows 5 working days)."""
    from tests.factories import make_child, make_episode

    child = make_child(demo_services.ctx.db, case_ref="C999001", given_name="Nova", family_name="Arrival")
    make_episode(demo_services.ctx.db, child, start_date=dt.date(2026, 11, 24))
    return child


def _open_allocate(qtbot: QtBot, pane: WorkloadPane) -> AllocateDialog:
    dialog = pane.open_allocate()
    qtbot.waitUntil(lambda: not dialog.is_busy() and dialog.children_model.rowCount() > 0, timeout=WAIT)
    return dialog


def test_allocate_ranks_the_iros_with_reasons_and_one_click_allocates(
    qtbot: QtBot, new_arrival: int, pane: WorkloadPane, demo_services: Services, qtmodeltester
) -> None:  # type: ignore[no-untyped-def]
    dialog = _open_allocate(qtbot, pane)
    assert all(r.allocated_iro is None for r in dialog.children_model.rows), "children without an IRO first"
    dialog.children_view.selectRow(0)
    qtbot.waitUntil(lambda: dialog.choice is not None and not dialog.is_busy(), timeout=WAIT)
    choice = dialog.choice
    assert choice is not None and choice.candidates[0].rank == 1
    best = dialog.selected_candidate()
    assert best == choice.candidates[0] and dialog.allocate_button.text() == f"Allocate to {best.name}"
    assert best.reasons[0] in dialog.reasons.text()
    qtmodeltester.check(dialog.candidates)
    with qtbot.waitSignal(pane.ui.bus.changed, timeout=WAIT):
        dialog.allocate_button.click()
    qtbot.waitUntil(lambda: "Allocated" in dialog.status.text() and not dialog.is_busy(), timeout=WAIT)
    qtbot.waitUntil(pane.is_loaded, timeout=WAIT)
    child = choice.children[0]
    detail = demo_services.children.child(child.id)
    assert detail.row.allocated_iro == best.name
    assert child.case_ref in dialog.status.text() and best.name in dialog.status.text()
    dialog.close()


def test_allocating_a_child_someone_else_just_allocated_is_refused(
    qtbot: QtBot, new_arrival: int, pane: WorkloadPane, prompter: ScriptedPrompter, demo_services: Services
) -> None:
    dialog = _open_allocate(qtbot, pane)
    dialog.children_view.selectRow(0)
    qtbot.waitUntil(lambda: dialog.choice is not None and not dialog.is_busy(), timeout=WAIT)
    choice = dialog.choice
    assert choice is not None
    other = choice.candidates[-1]
    demo_services.workload.allocate(
        [c.id for c in choice.children], other.iro_id, {c.id: c.iro_id for c in choice.children}
    )
    dialog.allocate_to(choice.candidates[0].iro_id)
    qtbot.waitUntil(lambda: bool(prompter.warned), timeout=WAIT)
    assert "Someone changed these children's IRO" in prompter.warned[0]
    qtbot.waitUntil(lambda: not dialog.is_busy() and dialog.choice is not None, timeout=WAIT)
    assert dialog.choice is not None and dialog.choice.children[0].iro_name == other.name
    dialog.close()


# --- Rebalance -----------------------------------------------------------------------------------------------------


def _open_rebalance(qtbot: QtBot, pane: WorkloadPane) -> RebalanceDialog:
    dialog = pane.open_rebalance()
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.proposal is not None and not dialog.is_busy(), timeout=WAIT)
    return dialog


@pytest.mark.usefixtures("tight_band")
def test_rebalance_previews_every_iro_then_applies(
    qtbot: QtBot, pane: WorkloadPane, demo_services: Services, qtmodeltester
) -> None:  # type: ignore[no-untyped-def]
    busiest = pane.proxy.visible_rows()[0]
    assert busiest.status is BandStatus.OVER
    dialog = _open_rebalance(qtbot, pane)
    proposal = dialog.proposal
    assert proposal is not None and proposal.source_iro_id == busiest.iro_id and proposal.target_per_fte == 20
    assert proposal.unplaced == () and proposal.children_in_care_moved == 0
    assert dialog.summary.text().startswith(f"Move {proposal.children_moved} children")
    assert dialog.moves.rowCount() == len(proposal.moves) > 0
    assert dialog.iros.rowCount() == pane.model.rowCount(), "every IRO before and after"
    assert dialog.iros.rows[0].name == busiest.name and dialog.iros.rows[0].after_per_fte <= 20
    for move in proposal.moves:
        assert len({c.family_ref or c.id for c in move.children}) == 1, "a move is one sibling group"
    for model in (dialog.moves, dialog.iros, dialog.meetings):
        qtmodeltester.check(model)
    assert dialog.apply_button.isEnabled()
    with qtbot.waitSignal(pane.ui.bus.changed, timeout=WAIT):
        dialog.apply_button.click()
    qtbot.waitUntil(lambda: "Allocated" in dialog.status.text() and not dialog.is_busy(), timeout=WAIT)
    assert "nothing needs to move" in dialog.summary.text(), "proposed again: nothing left to do"
    qtbot.waitUntil(pane.is_loaded, timeout=WAIT)
    relieved = next(r for r in pane.model.rows if r.iro_id == busiest.iro_id)
    assert relieved.per_fte <= 20 and relieved.status is BandStatus.IN
    assert relieved.children == busiest.children - proposal.children_moved
    assert demo_services.workload.workload().teams[0].children == pane.teams.rows[0].children
    dialog.close()


@pytest.mark.usefixtures("tight_band")
def test_choosing_another_iro_and_target_proposes_again(qtbot: QtBot, pane: WorkloadPane) -> None:
    dialog = _open_rebalance(qtbot, pane)
    first = dialog.proposal
    assert first is not None
    dialog.iro.setCurrentIndex(1)
    qtbot.waitUntil(lambda: dialog.proposal is not first and not dialog.is_busy(), timeout=WAIT)
    assert dialog.proposal is not None and dialog.proposal.source_iro_id == dialog.iro.currentData()
    dialog.target.setValue(1000)
    dialog.propose_button.click()
    qtbot.waitUntil(lambda: dialog.proposal is not None and dialog.proposal.target_per_fte == 1000, timeout=WAIT)
    qtbot.waitUntil(lambda: not dialog.is_busy(), timeout=WAIT)
    assert "nothing needs to move" in dialog.summary.text() and not dialog.apply_button.isEnabled()
    dialog.close()
