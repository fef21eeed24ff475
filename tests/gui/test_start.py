"""Starting the app on a database it cannot use: one clear message, no traceback, nothing touched."""

from __future__ import annotations

from pathlib import Path

import pytest

from iro_diary.app import open_diary
from iro_diary.infra.paths import app_paths
from iro_diary.ui.application import start_gui
from tests.gui.conftest import ScriptedPrompter


@pytest.mark.parametrize(
    ("content", "message", "code"),
    [
        (b"Minutes of the meeting\n" * 40, "is not an IRO Diary database", 7),
        (b"SQLite format 3\x00" + b"\xff" * 4000, "is not an IRO Diary database, or it is damaged", 7),
    ],
)
def test_a_database_that_cannot_be_used_is_a_message(
    qapp,
    tmp_path: Path,
    content: bytes,
    message: str,
    code: int,  # type: ignore[no-untyped-def]
) -> None:
    path = tmp_path / "diary.sqlite3"
    path.write_bytes(content)
    prompter = ScriptedPrompter()
    result = start_gui(lambda: open_diary(str(path)), app_paths(), None, prompter)
    assert result == code
    assert len(prompter.warned) == 1 and message in prompter.warned[0]
    assert path.read_bytes() == content


@pytest.mark.expect_warning_logs
def test_an_unreachable_shared_database_is_a_message(qapp) -> None:  # type: ignore[no-untyped-def]
    prompter = ScriptedPrompter()
    result = start_gui(lambda: open_diary("postgresql://diary@127.0.0.1:1/diary"), app_paths(), None, prompter)
    assert result == 7 and "Cannot reach the shared diary database" in prompter.warned[0]
