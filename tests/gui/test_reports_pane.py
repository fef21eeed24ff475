"""Reports: the year's figures on screen, another period, a drill-down to the children, comparators, exports."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from iro_diary.services.registry import Services
from iro_diary.ui.main_window import MainWindow
from iro_diary.ui.panes.children_pane import ChildrenPane
from iro_diary.ui.panes.report_drilldown import DrillDownDialog
from iro_diary.ui.panes.reports_pane import ReportsPane
from tests.gui.conftest import ScriptedPrompter, open_window
from tests.report_scenario import build


class FilePrompter(ScriptedPrompter):
    """Also answers 'where to save?' from a script."""

    def __init__(self) -> None:
        super().__init__()
        self.files: list[Path] = []

    def save_file(self, title: str, suggested: str, filters: str) -> Path | None:
        self.asked.append(suggested)
        return self.files.pop(0) if self.files else None


@pytest.fixture
def prompter() -> FilePrompter:
    return FilePrompter()


@pytest.fixture
def scenario_window(qtbot: QtBot, services: Services, prompter: FilePrompter) -> Iterator[MainWindow]:
    ids = build(services)
    main = open_window(qtbot, services, prompter)
    main.scenario_ids = ids  # type: ignore[attr-defined]
    yield main
    main.ui.runner.wait_for_idle()


@pytest.fixture
def pane(qtbot: QtBot, scenario_window: MainWindow) -> ReportsPane:
    shown = scenario_window.show_pane("Reports")
    assert isinstance(shown, ReportsPane)
    qtbot.waitUntil(lambda: shown.is_loaded() and shown.report is not None, timeout=10000)
    return shown


def shown_figures(pane: ReportsPane) -> dict[str, list[str]]:
    model = pane.figures
    return {
        model.index(row, 0).data(): [model.index(row, c).data() for c in range(1, model.columnCount())]
        for row in range(model.rowCount())
    }


def test_the_last_complete_year_is_shown_with_definitions(qtbot: QtBot, qtmodeltester, pane: ReportsPane) -> None:  # type: ignore[no-untyped-def]
    assert pane.year.currentText() == "2025/26" and pane.quarter.currentText() == "Whole year"
    figures = shown_figures(pane)
    assert figures["Children in care at period end"][0] == "3"
    assert figures["Reviews and conferences within timescale (%)"][0] == "80.0%"
    assert figures["Reviews and conferences within timescale (%)"][3] == "4 of 5"
    assert "earliest of its children's due dates" in pane.figures.index(12, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert [c.spec.title for c in pane.charts if c.spec] == [
        "Category of plan",
        "Meetings held by kind",
        "Held within timescale (%)",
        "Ethnicity of children in care",
        "Ethnicity of children on a protection plan",
    ]
    assert "counted once" in pane.charts[1].toolTip()
    pane.tabs.setCurrentIndex(2)
    pane.breakdown_choice.setCurrentIndex(pane.breakdown_choice.findData("category_of_plan"))
    rows = {
        pane.breakdown.index(r, 0).data(): pane.breakdown.index(r, 3).data() for r in range(pane.breakdown.rowCount())
    }
    assert rows["Neglect"] == "50.0%" and pane.breakdown.headerData(1, Qt.Orientation.Horizontal) == "2024"
    qtmodeltester.check(pane.figures)
    qtmodeltester.check(pane.breakdown)


def test_choosing_a_quarter_recomputes(qtbot: QtBot, pane: ReportsPane) -> None:
    pane.choose(2025, 1)
    qtbot.waitUntil(
        lambda: pane.is_loaded() and pane.report is not None and pane.report.period.quarter == 1, timeout=10000
    )
    assert shown_figures(pane)["Meetings held"][0] == "3"
    assert "Q1 2025/26" in pane.status.text()


def test_drilling_down_to_the_children_and_opening_one(
    qtbot: QtBot,
    qtmodeltester,
    pane: ReportsPane,
    scenario_window: MainWindow,  # type: ignore[no-untyped-def]
) -> None:
    ids = scenario_window.scenario_ids  # type: ignore[attr-defined]
    row = next(
        r for r in range(pane.figures.rowCount()) if pane.figures.index(r, 0).data() == "Children in care at period end"
    )
    pane.figures_table.doubleClicked.emit(pane.figures.index(row, 0))
    [dialog] = pane.findChildren(DrillDownDialog)
    qtmodeltester.check(dialog.model)
    assert sorted(dialog.model.index(r, 0).data() for r in range(dialog.model.rowCount())) == ["C1", "C2", "C3"]
    c2 = next(r for r in range(dialog.proxy.rowCount()) if dialog.proxy.index(r, 0).data() == "C2")
    dialog.table.doubleClicked.emit(dialog.proxy.index(c2, 0))
    children = scenario_window.pane(ChildrenPane)
    assert scenario_window.current_pane() is children
    qtbot.waitUntil(lambda: children.current_detail() is not None and children.is_loaded(), timeout=10000)
    assert children.current_detail().row.id == ids["C2"]  # type: ignore[union-attr]
    dialog.close()


def test_a_percentage_lists_what_is_counted_and_a_bar_drills_down(qtbot: QtBot, pane: ReportsPane) -> None:
    dialog = pane.drill_into_figure("placed_within_20_miles_pct")
    assert dialog is not None
    counted = {dialog.model.index(r, 0).data(): dialog.model.index(r, 5).data() for r in range(dialog.model.rowCount())}
    assert counted == {"C1": "No", "C2": "Yes"}
    dialog.close()
    meetings = pane.charts[1]
    assert meetings.spec is not None and meetings.spec.categories[0] == "Initial child protection conference"
    with qtbot.waitSignal(meetings.bar_clicked) as clicked:
        meetings._on_clicked(len(meetings.spec.categories) - 1)  # the top bar
    assert clicked.args == ["meetings_held_by_kind", "icpc"]
    opened = [w for w in pane.findChildren(DrillDownDialog) if w.isVisible()]
    assert (
        opened
        and opened[-1].model.rowCount() == 1
        and "Initial child protection conference" in opened[-1].windowTitle()
    )
    for window in opened:
        window.close()


def test_comparators_are_entered_and_shown(qtbot: QtBot, pane: ReportsPane) -> None:
    dialog = pane.edit_comparators()
    dialog.boxes["comparators.2025.cp-rate.neighbours"].setText("59")
    dialog.boxes["comparators.2025.cic-rate.national"].setText("70.5")
    dialog.save()
    qtbot.waitUntil(
        lambda: pane.is_loaded() and shown_figures(pane)["Children on a plan per 10,000 children"][1] == "59.0",
        timeout=10000,
    )
    assert shown_figures(pane)["Children in care per 10,000 children"][2] == "70.5"
    assert pane.ui.services.settings.get("comparators.2025.cp-rate.neighbours") == 59.0


@pytest.mark.parametrize("kind", ["csv", "xlsx", "pdf"])
def test_exports_are_written_off_the_gui_thread(
    qtbot: QtBot, pane: ReportsPane, prompter: FilePrompter, tmp_path: Path, kind: str
) -> None:
    target = tmp_path / f"report.{kind}"
    prompter.files = [tmp_path / "report"]  # the extension is added when left out
    pane.export_buttons[kind].click()
    qtbot.waitUntil(lambda: bool(prompter.informed), timeout=20000)
    assert prompter.asked == [f"iro-report-2025-26.{kind}"]
    assert str(target) in prompter.informed[0] and target.stat().st_size > 1000


def test_nothing_is_written_when_the_user_cancels(qtbot: QtBot, pane: ReportsPane, prompter: FilePrompter) -> None:
    pane.export_buttons["pdf"].click()
    qtbot.waitUntil(lambda: not pane.ui.runner.busy, timeout=10000)
    assert prompter.asked == ["iro-report-2025-26.pdf"] and prompter.informed == []


def test_changes_elsewhere_are_counted_when_the_pane_is_shown_again(
    qtbot: QtBot, pane: ReportsPane, scenario_window: MainWindow
) -> None:
    scenario_window.show_pane("Settings")
    pane.ui.bus.publish(pane.ui.services.settings.set("child-population", 20000), None)
    assert pane.is_loaded(), "not recounted while hidden"
    assert shown_figures(pane)["Children in care per 10,000 children"][0] == "3.0"
    scenario_window.show_pane("Reports")
    qtbot.waitUntil(
        lambda: pane.is_loaded() and shown_figures(pane)["Children in care per 10,000 children"][0] == "1.5",
        timeout=10000,
    )
