"""`iro-diary export-ics`, `invites` and `feeds` as an administrator or a script meets them."""

from __future__ import annotations

import json
from pathlib import Path

import icalendar
import pytest

from iro_diary.cli import main
from iro_diary.infra.clock import FixedClock
from iro_diary.services.registry import Services
from tests.conftest import TODAY, make_services
from tests.e2e.test_cli import cli, run
from tests.invites_support import MailServer, mail_server

__all__ = ["mail_server"]


@pytest.fixture
def upcoming(demo_db_path: Path) -> dict[str, str]:
    """An upcoming booked meeting of the demo, and its chair's email and room."""
    services: Services = make_services(str(demo_db_path), FixedClock.on(TODAY, hour=10))
    try:
        for row in services.children.list_children():
            for meeting in services.children.child(row.id).meetings:
                if meeting.status == "booked" and meeting.start.date() > TODAY and meeting.place and meeting.chair:
                    with services.ctx.db.read() as session:
                        from iro_diary.store.repositories.invites import InviteRepository

                        record = InviteRepository(session).meeting(meeting.meeting_id)
                        assert record is not None and record.chair is not None
                        room = record.room.name if record.room else ""
                        return {"ref": meeting.ref, "iro": record.chair.email, "room": room}
    finally:
        services.close()
    pytest.fail("no upcoming meeting in the demo")


def read(path: Path) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(path.read_bytes())


def test_export_a_meeting_its_cancellation_and_a_calendar(
    demo_db_path: Path, upcoming: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db, out = str(demo_db_path), tmp_path / "m.ics"
    code, text, _ = run("export-ics", "--meeting", upcoming["ref"], "--out", str(out), "--database", db, capsys=capsys)
    assert code == 0 and text.startswith(f"Wrote {out}: ") and "REQUEST" in text and "SEQUENCE 0" in text
    request = read(out).walk("VEVENT")[0]
    assert read(out)["METHOD"] == "REQUEST" and upcoming["ref"] in request["SUMMARY"]
    code, text, _ = run(
        "export-ics", "--meeting", upcoming["ref"], "--cancel", "--out", str(out), "--database", db, capsys=capsys
    )
    cancel = read(out).walk("VEVENT")[0]
    assert code == 0 and read(out)["METHOD"] == "CANCEL" and "still stands" in text
    assert cancel["UID"] == request["UID"] and cancel["SEQUENCE"] == 1 and cancel["STATUS"] == "CANCELLED"
    year = tmp_path / "year.ics"
    owners = [("--iro", upcoming["iro"])] + ([("--room", upcoming["room"])] if upcoming["room"] else [])
    for option, owner in owners:
        dates = ["--from", "2026-11-26", "--to", "2027-11-25"]
        code, _, _ = run("export-ics", option, owner, *dates, "--out", str(year), "--database", db, capsys=capsys)
        assert code == 0 and read(year)["METHOD"] == "PUBLISH"
        assert request["UID"] in [e["UID"] for e in read(year).walk("VEVENT")]


def test_export_to_standard_output(demo_db_path: Path, upcoming: dict[str, str]) -> None:
    result = cli("export-ics", "--meeting", upcoming["ref"], "--out", "-", "--database", str(demo_db_path))
    assert result.returncode == 0 and result.stdout.startswith("BEGIN:VCALENDAR")


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--meeting", "M-404", "--out", "x.ics"], 3, "There is no meeting M-404"),
        (["--iro", "a@b.c", "--from", "2026-13-01", "--to", "2027-01-01", "--out", "x.ics"], 2, "is not a date"),
        (["--iro", "a@b.c", "--out", "x.ics"], 2, "need --from DATE and --to DATE"),
        (["--room", "Room 1", "--from", "2026-12-01", "--to", "2026-11-01", "--out", "x.ics"], 2, "before it starts"),
        (["--meeting", "M-1", "--iro", "a@b.c", "--out", "x.ics"], 2, "not allowed with"),
        (["--iro", "nobody@example.org", "--from", "2026-12-01", "--to", "2027-01-01", "--out", "x.ics"], 3, "No IRO"),
    ],
)
def test_export_bad_input_is_one_line(
    args: list[str], code: int, message: str, demo_db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    try:
        returned = main(["export-ics", *args, "--database", str(demo_db_path)])
    except SystemExit as exit_:  # argparse's usage errors
        returned = int(exit_.code or 0)
    err = capsys.readouterr().err
    assert returned == code, err
    assert err.count("\n") == 1 and message in err and "Traceback" not in err


def test_an_unwritable_output_is_one_line(demo_db_path: Path, upcoming: dict[str, str], tmp_path: Path) -> None:
    target = tmp_path / "missing-folder" / "m.ics"
    result = cli("export-ics", "--meeting", upcoming["ref"], "--out", str(target), "--database", str(demo_db_path))
    assert result.returncode == 7 and result.stderr.count("\n") == 1 and "Cannot write" in result.stderr


def test_send_invites_then_their_status(
    demo_db_path: Path, upcoming: dict[str, str], mail_server: MailServer, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(demo_db_path)
    for key, value in (("smtp.host", "127.0.0.1"), ("smtp.port", str(mail_server.port)), ("smtp.starttls", "no")):
        assert run("settings", "set", key, value, "--database", db, capsys=capsys)[0] == 0
    code, text, _ = run("invites", "send", "--meeting", upcoming["ref"], "--database", db, capsys=capsys)
    sent = len(mail_server.received)
    assert code == 0 and sent >= 1 and f"{sent} invite email(s) sent." in text
    code, text, _ = run("invites", "status", "--meeting", upcoming["ref"], "--json", "--database", db, capsys=capsys)
    status = json.loads(text)
    assert f"{sent} of {sent} invitees have it" in status["summary"]
    code, text, _ = run("invites", "status", "--all", "--database", db, capsys=capsys)
    assert code == 0 and "Outbox empty." in text and upcoming["ref"] in text


def test_invites_wait_without_a_server_and_the_exit_code_says_so(
    demo_db_path: Path, upcoming: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    code, text, _ = run("invites", "send", "--meeting", upcoming["ref"], "--database", str(demo_db_path), capsys=capsys)
    assert code == 1 and "No mail server is set" in text and "wait in the outbox" in text


def test_feeds_write(demo_db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, text, _ = run("feeds", "write", "--folder", str(tmp_path), "--database", str(demo_db_path), capsys=capsys)
    assert code == 0 and "calendar feeds in" in text and list(tmp_path.glob("room-*.ics"))
    result = cli("feeds", "write", "--database", str(demo_db_path))
    assert result.returncode == 2 and "No feeds folder is set" in result.stderr


def test_password_without_a_keyring_is_one_line(db_path: Path) -> None:
    result = cli(
        "invites",
        "password",
        "--database",
        str(db_path),
        env={"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"},
    )
    assert result.returncode == 7 and result.stderr.count("\n") == 1 and "no password store" in result.stderr


def test_output_cut_short_by_a_pipe_is_not_an_error(
    db_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`iro-diary invites status | head -1`: the reader stops early, the writer meets a broken pipe."""
    from iro_diary.cli_commands import invites

    def cut_short(_args: object) -> int:
        raise BrokenPipeError

    monkeypatch.setattr(invites, "run_status", cut_short)
    assert main(["invites", "status", "--database", str(db_path)]) == 0
    assert "internal error" not in capsys.readouterr().err
