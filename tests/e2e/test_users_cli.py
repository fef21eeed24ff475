"""`iro-diary users` and `iro-diary audit` as an administrator's script uses them (issue #10): the command line acts
as the person signed in to the PC, with their roles."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import pytest

from iro_diary.cli import main
from iro_diary.infra.clock import LONDON
from iro_diary.store.database import Database
from tests.factories import make_child, make_episode, make_iro, make_room


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def as_login(monkeypatch: pytest.MonkeyPatch, login: str) -> None:
    for variable in ("LOGNAME", "USER", "LNAME", "USERNAME"):
        monkeypatch.setenv(variable, login)


@pytest.fixture
def diary_db(db_path: Path) -> Path:
    db = Database(str(db_path))
    jo = make_iro(db, name="Jo Chair", email="jo@example.gov.uk")
    child = make_child(db, case_ref="C1", allocated_iro_id=jo)
    make_episode(db, child, start_date=dt.date(2040, 11, 2))
    make_room(db, name="Oak Room", capacity=10)
    db.close()
    return db_path


def test_the_first_login_administers_and_adds_colleagues_who_get_only_their_roles(
    diary_db: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    database = ("--database", str(diary_db))
    as_login(monkeypatch, "ada")
    assert run(capsys, "users", "whoami", *database)[1] == "ada, every role until the diary has an administrator\n"
    code, out, _ = run(
        capsys, "users", "add", "JoC", "--name", "Jo Chair", "--roles", "iro", "--iro", "jo@example.gov.uk", *database
    )
    assert (code, out) == (0, "joc: Jo Chair, IRO\n")
    code, out, _ = run(capsys, "users", "list", "--json", *database)
    assert json.loads(out) == [
        {"login": "ada", "name": "ada", "roles": ["administrator", "diary-manager", "team-lead"], "iro": None,
         "active": True},
        {"login": "joc", "name": "Jo Chair", "roles": ["iro"], "iro": "Jo Chair", "active": True},
    ]  # fmt: skip
    as_login(monkeypatch, "joc")
    code, _, err = run(capsys, "users", "add", "sneaky", "--name", "Sneaky", "--roles", "administrator", *database)
    assert code == 6
    assert err == (
        "iro-diary: Managing users and their roles needs the administrator role. "
        "You are signed in as Jo Chair (joc), IRO.\n"
    )
    booked = ("book", "--kind", "cla-review", "--chair", "jo@example.gov.uk", "--child", "C1", "--room", "Oak Room")
    code, out, _ = run(capsys, *booked, "--start", "2040-11-27T10:00", *database)
    assert (code, out) == (0, "M-000001\n"), "an IRO books in their own diary"
    as_login(monkeypatch, "stranger")
    code, _, err = run(capsys, *booked, "--start", "2040-11-28T10:00", *database)
    assert code == 6 and "stranger is not yet a user of this diary" in err
    assert run(capsys, "agenda", "--from", "2040-11-26", "--to", "2040-11-30", *database)[0] == 0, "anyone may read"


def test_the_audit_trail_of_a_meeting_and_its_export(
    diary_db: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    database = ("--database", str(diary_db))
    as_login(monkeypatch, "ada")
    booked = ("book", "--kind", "cla-review", "--chair", "jo@example.gov.uk", "--child", "C1", "--room", "Oak Room")
    assert run(capsys, *booked, "--start", "2040-11-27T10:00", *database)[:2] == (0, "M-000001\n")
    code, out, _ = run(capsys, "audit", "--meeting", "M-000001", "--json", *database)
    [entry] = json.loads(out)
    assert (code, entry["who"], entry["action"]) == (0, "ada", "book")
    assert {"field": "room_id", "before": "", "after": "Oak Room"} in entry["changes"]
    today = dt.datetime.now(LONDON).date().isoformat()
    code, out, _ = run(capsys, "audit", "--csv", str(tmp_path / "a.csv"), "--from", today, "--to", today, *database)
    assert code == 0 and out.endswith(f"audit rows written to {tmp_path / 'a.csv'}\n")
    with (tmp_path / "a.csv").open(encoding="utf-8") as handle:
        assert {row["action"] for row in csv.DictReader(handle)} == {"book"}
    code, _, err = run(capsys, "audit", "--csv", str(tmp_path / "b.csv"), *database)
    assert code == 2 and "give the period to export" in err
