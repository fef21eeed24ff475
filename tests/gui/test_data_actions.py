"""File › Import, Export, Back up and Restore as a diary manager uses them."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from iro_diary.services.changes import Changes
from iro_diary.ui.main_window import MainWindow
from iro_diary.ui.panes.children_pane import ChildrenPane
from tests.gui.conftest import ScriptedPrompter
from tests.unit.test_imports import CHILDREN, IROS


def test_the_file_menu_offers_data_in_and_out(window: MainWindow) -> None:
    menu = window.menuBar().actions()[0].menu()
    texts = [a.text().replace("&", "") for a in menu.actions() if a.text()]  # type: ignore[union-attr]
    assert texts[:4] == [
        "Import from the case system…",
        "Export to CSV…",
        "Back up now…",
        "Restore from a backup…",
    ]


def test_import_shows_problems_maps_columns_and_imports(
    qtbot: QtBot,
    qtmodeltester,
    empty_window: MainWindow,
    prompter: ScriptedPrompter,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    iros = tmp_path / "iros.csv"
    iros.write_text(IROS, encoding="utf-8")
    children = tmp_path / "Children export.csv"
    children.write_text(CHILDREN.replace("case_ref,", "Child ID,").replace("date_of_birth", "DOB"), encoding="utf-8")
    prompter.paths = [[iros, children]]
    dialog = empty_window.data_actions.start_import()
    assert dialog is not None and [box.currentData() for box in dialog.kind_boxes] == ["iros", "children"]
    qtbot.waitUntil(lambda: dialog.outcome is not None, timeout=10000)
    qtmodeltester.check(dialog.problem_model)
    assert {(p.file, p.column) for p in dialog.problem_model.rows} == {
        ("Children export.csv", "case_ref"),
        ("Children export.csv", "date_of_birth"),
    }
    assert not dialog.import_button.isEnabled() and "2 problem" in dialog.summary.text()

    dialog.map_columns(1)
    qtbot.waitUntil(lambda: dialog.mapping_dialog is not None and dialog.mapping_dialog.isVisible())
    mapping = dialog.mapping_dialog
    assert mapping is not None and mapping.mapping()["given_name"] == "given_name"
    mapping.choose("case_ref", "Child ID")
    mapping.choose("date_of_birth", "DOB")
    mapping.accept()
    qtbot.waitUntil(lambda: dialog.outcome is not None and dialog.outcome.ok and not dialog.is_busy(), timeout=10000)
    qtmodeltester.check(dialog.count_model)
    assert [(c.file, c.added) for c in dialog.count_model.rows] == [("iros.csv", 1), ("Children export.csv", 2)]
    assert dialog.import_button.isEnabled() and "3 to add" in dialog.summary.text()

    pane = empty_window.show_pane("Children & families")
    assert isinstance(pane, ChildrenPane)
    qtbot.waitUntil(pane.is_loaded)
    with qtbot.waitSignal(empty_window.ui.bus.changed, timeout=10000):
        dialog.import_button.click()
    qtbot.waitUntil(lambda: pane.is_loaded() and pane.model.rowCount() == 2, timeout=10000)
    assert prompter.informed == ["3 added, 0 updated, 0 unchanged."] and not dialog.isVisible()
    saved = empty_window.ui.services.imports.column_mappings()["children"]
    assert saved["case_ref"] == "Child ID" and saved["date_of_birth"] == "DOB"


def test_export_and_back_up_tell_the_user_where(
    qtbot: QtBot, window: MainWindow, prompter: ScriptedPrompter, tmp_path: Path
) -> None:
    prompter.paths = [tmp_path / "export", tmp_path / "backup.sqlite3"]
    window.data_actions.export()
    qtbot.waitUntil(lambda: len(prompter.informed) == 1, timeout=10000)
    children = window.ui.services.status.counts().children
    assert f"children.csv: {children:,} rows" in prompter.informed[0]
    assert sorted(p.name for p in (tmp_path / "export").iterdir())[0] == "care_episodes.csv"
    window.data_actions.back_up()
    qtbot.waitUntil(lambda: len(prompter.informed) == 2, timeout=10000)
    assert "backup.sqlite3" in prompter.informed[1] and (tmp_path / "backup.sqlite3").exists()


def test_restore_asks_first_then_every_view_reloads(
    qtbot: QtBot, window: MainWindow, prompter: ScriptedPrompter, tmp_path: Path
) -> None:
    services = window.ui.services
    backup = services.backups.backup(tmp_path / "backup.sqlite3").path
    pane = window.show_pane("Children & families")
    assert isinstance(pane, ChildrenPane)
    qtbot.waitUntil(pane.is_loaded)
    shown = pane.model.rowCount()
    services.demo.generate(0.05, 9, replace=True)  # the diary changes after the backup
    window.ui.bus.publish(Changes.all())
    qtbot.waitUntil(lambda: pane.is_loaded() and pane.model.rowCount() != shown, timeout=10000)

    prompter.paths, prompter.answers = [backup], [False]
    window.data_actions.restore()
    assert prompter.asked == ["Restore the diary?"] and pane.model.rowCount() != shown

    prompter.paths, prompter.answers = [backup], [True]
    with qtbot.waitSignal(window.ui.bus.changed, timeout=20000) as published:
        window.data_actions.restore()
    assert published.args[0].everything
    qtbot.waitUntil(lambda: pane.is_loaded() and pane.model.rowCount() == shown, timeout=10000)
    assert "The diary now holds the backup backup.sqlite3" in prompter.informed[-1]


def test_a_damaged_backup_is_refused_and_nothing_changes(
    qtbot: QtBot, window: MainWindow, prompter: ScriptedPrompter, demo_db_path: Path, tmp_path: Path
) -> None:
    damaged = tmp_path / "damaged.sqlite3"
    damaged.write_bytes(window.ui.services.backups.backup(tmp_path / "good.sqlite3").path.read_bytes()[:20000])
    before = window.ui.services.status.counts()
    prompter.paths, prompter.answers = [damaged], [True]
    window.data_actions.restore()
    qtbot.waitUntil(lambda: bool(prompter.warned), timeout=10000)
    assert "damaged or incomplete" in prompter.warned[0] and "Nothing was changed" in prompter.warned[0]
    assert window.ui.services.status.counts() == before


def test_the_daily_backup_runs_off_the_gui_thread_at_start(
    qtbot: QtBot, window: MainWindow, prompter: ScriptedPrompter, tmp_path: Path
) -> None:
    from iro_diary.ui.application import start_daily_backup

    start_daily_backup(window.ui, tmp_path / "backups")
    qtbot.waitUntil(lambda: not window.ui.runner.busy, timeout=10000)
    assert [p.name.startswith("daily-demo-") for p in (tmp_path / "backups").iterdir()] == [True]
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    window.ui.services.ctx.clock = type(window.ui.clock).on(window.ui.clock.today().replace(year=2027))  # type: ignore[attr-defined]
    start_daily_backup(window.ui, blocker)
    qtbot.waitUntil(lambda: bool(prompter.warned), timeout=10000)
    assert "The diary itself is unaffected" in prompter.warned[0]


def test_closing_the_import_dialog_while_it_imports_is_safe(
    qtbot: QtBot, empty_window: MainWindow, prompter: ScriptedPrompter, tmp_path: Path
) -> None:
    iros = tmp_path / "iros.csv"
    iros.write_text(IROS, encoding="utf-8")
    prompter.paths = [[iros]]
    dialog = empty_window.data_actions.start_import()
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.outcome is not None and dialog.import_button.isEnabled(), timeout=10000)
    dialog.start_import()
    dialog.reject()
    assert empty_window.data_actions.start_import() is dialog  # busy: shown again, no second import
    qtbot.waitUntil(lambda: bool(prompter.informed), timeout=10000)
    assert prompter.informed == ["1 added, 0 updated, 0 unchanged."]
    assert empty_window.ui.services.status.counts().iros == 1
