"""Children & families: find a child, see their record."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPersistentModelIndex, Qt
from pytestqt.qtbot import QtBot

from iro_diary.ui.main_window import MainWindow
from iro_diary.ui.models.row_table import Column, RowTableModel
from iro_diary.ui.panes.children_pane import ChildrenPane


@pytest.fixture
def pane(qtbot: QtBot, window: MainWindow) -> ChildrenPane:
    shown = window.show_pane("Children & families")
    assert isinstance(shown, ChildrenPane)
    qtbot.waitUntil(shown.is_loaded, timeout=10000)
    return shown


def test_open_cases_are_listed_and_closed_ones_on_request(qtbot: QtBot, pane: ChildrenPane) -> None:
    open_count = pane.model.rowCount()
    assert open_count > 0 and pane.count_label.text() == f"{open_count:,} open cases"
    assert all(r.status != "Closed" or r.allocated_iro for r in pane.model.rows)
    pane.show_closed.setChecked(True)
    qtbot.waitUntil(lambda: pane.is_loaded() and pane.model.rowCount() > open_count, timeout=10000)
    assert pane.count_label.text() == f"{pane.model.rowCount():,} children"
    assert any(r.status == "Closed" for r in pane.model.rows)


def test_typing_a_case_reference_finds_the_child(qtbot: QtBot, pane: ChildrenPane) -> None:
    child = pane.model.row_at(0)
    qtbot.keyClicks(pane.search, child.case_ref)
    assert pane.proxy.rowCount() == 1
    assert "1 of" in pane.count_label.text()


def test_search_words_match_across_columns(qtbot: QtBot, pane: ChildrenPane) -> None:
    child = next(r for r in pane.model.rows if r.allocated_iro)
    pane.search.setText(f"{child.family_name.lower()} {child.allocated_iro.split()[0]}")  # type: ignore[union-attr]
    shown = [
        pane.model.row_at(pane.proxy.mapToSource(pane.proxy.index(r, 0)).row()).id for r in range(pane.proxy.rowCount())
    ]
    assert child.id in shown


def test_selecting_a_child_shows_their_record_and_meetings(qtbot: QtBot, pane: ChildrenPane) -> None:
    in_care = next(r for r in pane.model.rows if r.legal_status)
    assert pane.select_child(in_care.id)
    qtbot.waitUntil(lambda: pane.current_detail() is not None and pane.is_loaded(), timeout=10000)
    detail = pane.current_detail()
    assert detail is not None and detail.row.id == in_care.id
    assert in_care.case_ref in pane.detail.header.text()
    assert pane.detail.episodes.rowCount() >= 1
    assert pane.detail.meetings.rowCount() == len(detail.meetings)


def test_ctrl_f_goes_to_the_search_box(qtbot: QtBot, pane: ChildrenPane) -> None:
    pane.table.setFocus()
    qtbot.keyClick(pane.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(pane.search.hasFocus)


def test_the_children_model_passes_qts_model_tester(qtmodeltester, pane: ChildrenPane) -> None:  # type: ignore[no-untyped-def]
    qtmodeltester.check(pane.model)
    qtmodeltester.check(pane.proxy)


def test_sorting_by_a_column_keeps_the_selected_child(qtbot: QtBot, pane: ChildrenPane) -> None:
    chosen = pane.model.row_at(pane.model.rowCount() // 2)
    assert pane.select_child(chosen.id)
    pane.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    refs = [pane.model.row_at(r).case_ref for r in range(pane.model.rowCount())]
    assert refs == sorted(refs, reverse=True)
    selected = pane.table.selectionModel().selectedRows()
    assert [pane.model.row_at(pane.proxy.mapToSource(i).row()).id for i in selected] == [chosen.id]


def test_row_table_model_sorts_dates_as_dates(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt

    from iro_diary.ui.models.row_table import RowFilterProxy

    model: RowTableModel[dt.date] = RowTableModel([Column("Day", lambda d: d.strftime("%d %b"), sort_key=lambda d: d)])
    model.set_rows([dt.date(2026, 12, 2), dt.date(2026, 1, 30), dt.date(2026, 11, 3)])
    proxy = RowFilterProxy()
    proxy.setSourceModel(model)
    qtmodeltester.check(model)
    proxy.sort(0)
    assert [proxy.index(r, 0).data() for r in range(3)] == ["30 Jan", "03 Nov", "02 Dec"]
    proxy.sort(0, Qt.SortOrder.DescendingOrder)
    assert [proxy.index(r, 0).data() for r in range(3)] == ["02 Dec", "03 Nov", "30 Jan"]
    model.set_rows([dt.date(2026, 5, 1), dt.date(2026, 4, 1)])
    assert [proxy.index(r, 0).data() for r in range(2)] == ["01 May", "01 Apr"], "the sort survives a reload"


def test_row_table_model_swaps_some_rows_in_order_keeping_the_rest(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    model: RowTableModel[int] = RowTableModel([Column("N", str, sort_key=lambda n: n)])
    qtmodeltester.check(model)
    model.set_rows([5, 1, 9, 3, 7])
    kept = QPersistentModelIndex(model.index(2, 0))  # 9
    model.replace_some(lambda n: n in (1, 3), [4, 2], order=lambda n: n)
    assert model.rows == [2, 4, 5, 7, 9], "in the default order when the user has not sorted"
    assert kept.isValid() and kept.data() == "9" and kept.row() == 4
    model.sort(0, Qt.SortOrder.DescendingOrder)
    model.replace_some(lambda n: n > 6, [8], order=lambda n: n)
    assert model.rows == [8, 5, 4, 2], "in the user's sort order"
    model.replace_some(lambda n: True, [], order=lambda n: n)
    assert model.rows == []
