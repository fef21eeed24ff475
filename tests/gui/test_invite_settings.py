"""Settings → Invites, email and calendar feeds: the summary, the dialog, the password, the two "now" buttons."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from iro_diary.infra.secrets import NO_KEYRING
from iro_diary.ui.dialogs.invite_settings import InviteSettingsDialog
from iro_diary.ui.main_window import MainWindow
from iro_diary.ui.panes.settings_pane import SettingsPane
from tests.gui.conftest import ScriptedPrompter
from tests.invites_support import MemoryKeyring, memory_keyring, no_keyring

__all__ = ["memory_keyring", "no_keyring"]


@pytest.fixture
def pane(qtbot: QtBot, window: MainWindow) -> SettingsPane:
    shown = window.show_pane("Settings")
    assert isinstance(shown, SettingsPane)
    qtbot.waitUntil(shown.is_loaded, timeout=10000)
    return shown


def open_dialog(qtbot: QtBot, pane: SettingsPane) -> InviteSettingsDialog:
    pane.invites.change_button.click()
    dialog = pane.invites.dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.loaded, timeout=10000)
    return dialog


def test_the_section_summarises_invites_and_the_outbox(pane: SettingsPane) -> None:
    text = pane.invites.summary.text()
    assert "Organiser: iro-service@example.gov.uk · Privacy: no names" in text
    assert "Mail server: none (invites are queued, not sent)" in text
    assert "Calendar feeds: off" in text and "Outbox empty." in text


def test_changing_the_settings_saves_them_and_keeps_the_password_in_the_keyring(
    qtbot: QtBot, pane: SettingsPane, prompter: ScriptedPrompter, memory_keyring: MemoryKeyring, tmp_path: Path
) -> None:
    dialog = open_dialog(qtbot, pane)
    assert dialog.texts["organisation.mailbox"].text() == "iro-service@example.gov.uk"
    assert not dialog.checks["invites.names-for-internal"].isChecked()
    dialog.texts["organisation.mailbox"].setText("reviews@council.gov.uk")
    dialog.texts["smtp.host"].setText("mail.council.gov.uk")
    dialog.texts["smtp.account"].setText("reviews")
    dialog.numbers["smtp.port"].setValue(25)
    dialog.checks["invites.names-for-internal"].setChecked(True)
    prompter.paths.append(tmp_path)
    dialog.choose_folder.click()
    dialog.password.setText("correct horse")
    with qtbot.waitSignal(dialog.finished, timeout=10000):
        dialog.buttons.accepted.emit()
    services = pane.ui.services
    assert services.settings.get("organisation.mailbox") == "reviews@council.gov.uk"
    assert services.settings.get("smtp.port") == 25 and services.settings.get("feeds.folder") == str(tmp_path)
    assert services.settings.get("invites.names-for-internal") is True
    assert memory_keyring.passwords == {("iro-diary-smtp", "reviews@mail.council.gov.uk"): "correct horse"}
    qtbot.waitUntil(lambda: "mail.council.gov.uk:25 (STARTTLS)" in pane.invites.summary.text(), timeout=10000)
    assert "names for internal recipients" in pane.invites.summary.text()


def test_a_mailbox_that_is_not_an_address_is_refused(
    qtbot: QtBot, pane: SettingsPane, prompter: ScriptedPrompter
) -> None:
    dialog = open_dialog(qtbot, pane)
    dialog.texts["organisation.mailbox"].setText("the office")
    dialog.buttons.accepted.emit()
    assert "must be an email address" in prompter.warned[0] and dialog.isVisible()
    dialog.reject()
    assert pane.ui.services.settings.get("organisation.mailbox") == "iro-service@example.gov.uk"


def test_without_a_keyring_the_settings_save_and_the_password_is_explained(
    qtbot: QtBot, pane: SettingsPane, prompter: ScriptedPrompter, no_keyring: None
) -> None:
    dialog = open_dialog(qtbot, pane)
    assert dialog.keyring_label.text() == NO_KEYRING and not dialog.password.isEnabled()
    dialog.texts["smtp.host"].setText("mail.council.gov.uk")
    with qtbot.waitSignal(dialog.finished, timeout=10000):
        dialog.buttons.accepted.emit()
    assert pane.ui.services.settings.get("smtp.host") == "mail.council.gov.uk"
    assert prompter.warned == []


def test_write_feeds_and_send_now(qtbot: QtBot, pane: SettingsPane, prompter: ScriptedPrompter, tmp_path: Path) -> None:
    pane.ui.services.settings.set("feeds.folder", str(tmp_path))
    pane.invites.feeds_button.click()
    qtbot.waitUntil(lambda: bool(prompter.informed), timeout=10000)
    assert "calendar feeds in" in prompter.informed[0] and list(tmp_path.glob("iro-*.ics"))
    pane.invites.send_button.click()
    qtbot.waitUntil(lambda: len(prompter.informed) == 2, timeout=10000)
    assert prompter.informed[1].startswith("0 invite email(s) sent. No mail server is set")


def test_closing_the_dialog_before_it_has_loaded_is_harmless(qtbot: QtBot, pane: SettingsPane) -> None:
    pane.invites.change_button.click()
    dialog = pane.invites.dialog
    assert dialog is not None
    dialog.reject()
    qtbot.waitUntil(lambda: pane.invites.dialog is None and not pane.ui.runner.busy, timeout=10000)
