"""Settings: the database in use and the team settings, changeable."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from iro_diary.ui.main_window import MainWindow
from iro_diary.ui.panes.settings_pane import SettingsPane


def test_settings_show_the_database_and_change_a_value(qtbot: QtBot, window: MainWindow) -> None:
    pane = window.show_pane("Settings")
    assert isinstance(pane, SettingsPane)
    qtbot.waitUntil(pane.is_loaded)
    assert window.ui.services.database_description in pane.database_label.text()
    keys = [row.key for row in pane.team_settings.model.rows]
    assert "child-population" in keys and "rules.icpc_anchor" not in keys
    pane.team_settings.change("child-population", "66000")
    qtbot.waitUntil(
        lambda: any(r.key == "child-population" and r.value == 66000 for r in pane.team_settings.model.rows)
    )


def test_a_bad_value_is_explained_not_saved(qtbot: QtBot, window: MainWindow, prompter) -> None:  # type: ignore[no-untyped-def]
    pane = window.show_pane("Settings")
    assert isinstance(pane, SettingsPane)
    qtbot.waitUntil(pane.is_loaded)
    pane.team_settings.change("child-population", "a lot")
    qtbot.waitUntil(lambda: bool(prompter.warned))
    assert "whole number" in prompter.warned[0]
    assert window.ui.services.settings.get("child-population") == 65800
