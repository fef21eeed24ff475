"""`iro-diary book`, `cancel`, `held` and `agenda` as an administrator's script uses them."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

from iro_diary.cli import main
from iro_diary.store.database import Database
from tests.factories import make_child, make_episode, make_iro, make_room


def run(*args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def diary_db(db_path: Path) -> Path:
    """A child in care from 2 Nov 2026, with an IRO and a room (the CLI runs on the real clock, so dates are far
    enough ahead to be in the future whenever the suite runs)."""
    db = Database(str(db_path))
    jo = make_iro(db, name="Jo Chair", email="jo@example.gov.uk")
    make_iro(db, name="Sam Second", email="sam@example.gov.uk")
    child = make_child(db, case_ref="C1", date_of_birth=dt.date(2015, 6, 1), allocated_iro_id=jo)
    make_child(db, case_ref="C2")
    make_episode(db, child, start_date=dt.date(2040, 11, 2))
    make_room(db, name="Oak Room", capacity=10)
    db.close()
    return db_path


def book(db: Path, *extra: str) -> list[str]:
    return ["book", "--kind", "cla-review", "--chair", "jo@example.gov.uk", "--database", str(db), *extra]


def test_book_prints_the_reference_and_agenda_lists_it(diary_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(
        *book(diary_db, "--child", "C1", "--start", "2040-11-27T10:00", "--room", "Oak Room"), capsys=capsys
    )
    assert (code, out, err) == (0, "M-000001\n", "")
    code, out, _ = run(
        *book(diary_db, "--child", "c2", "--start", "2040-11-28T14:00", "--venue", "School", "--provisional"),
        capsys=capsys,
    )
    assert (code, out) == (0, "M-000002\n")
    code, out, _ = run(
        "agenda", "--from", "2040-11-26", "--to", "2040-11-30", "--json", "--database", str(diary_db), capsys=capsys
    )
    rows = json.loads(out)
    assert rows == [
        {
            "ref": "M-000001",
            "kind": "cla-review",
            "start": "2040-11-27T10:00:00+00:00",
            "end": "2040-11-27T11:30:00+00:00",
            "status": "booked",
            "chair_email": "jo@example.gov.uk",
            "room": "Oak Room",
            "venue": None,
            "case_refs": ["C1"],
        },
        {
            "ref": "M-000002",
            "kind": "cla-review",
            "start": "2040-11-28T14:00:00+00:00",
            "end": "2040-11-28T15:30:00+00:00",
            "status": "provisional",
            "chair_email": "jo@example.gov.uk",
            "room": None,
            "venue": "School",
            "case_refs": ["C2"],
        },
    ]
    code, out, _ = run(
        "agenda",
        "--room",
        "Oak Room",
        "--from",
        "2040-11-26",
        "--to",
        "2040-11-30",
        "--database",
        str(diary_db),
        capsys=capsys,
    )
    assert out.startswith("DATE") and "M-000001" in out and "M-000002" not in out
    code, out, _ = run(
        "agenda", "--iro", "sam@example.gov.uk", "--from", "2040-11-26", "--database", str(diary_db), capsys=capsys
    )
    assert "M-0000" not in out


def test_summer_times_are_uk_local(diary_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(
        *book(diary_db, "--child", "C2", "--start", "2040-07-03T10:00", "--minutes", "60", "--venue", "Home"),
        capsys=capsys,
    )
    _code, out, _ = run(
        "agenda", "--from", "2040-07-03", "--to", "2040-07-03", "--json", "--database", str(diary_db), capsys=capsys
    )
    [row] = json.loads(out)
    assert (row["start"], row["end"]) == ("2040-07-03T10:00:00+01:00", "2040-07-03T11:00:00+01:00")


def test_a_refused_double_booking_is_one_line_and_exit_4(diary_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(*book(diary_db, "--child", "C1", "--start", "2040-11-27T10:00", "--room", "Oak Room"), capsys=capsys)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "iro_diary",
            *book(diary_db, "--child", "C2", "--start", "2040-11-27T11:00", "--venue", "School"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert (result.returncode, result.stdout) == (4, "")
    assert result.stderr == "iro-diary: Chair already booked 10:00–11:30 by M-000001\n"


def run_or_exit(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """Like `run`, for commands argparse itself refuses (it raises SystemExit)."""
    try:
        code = main(args)
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(
    ("extra", "code", "message"),
    [
        (("--child", "C1", "--start", "2040-11-27T10:00"), 2, "Choose a room or give an external venue"),
        (("--child", "C1", "--start", "2040-11-27", "--venue", "X"), 2, "is not a date and time"),
        (("--child", "C1", "--start", "2040-11-27T10:00", "--venue", "X", "--room", "Oak Room"), 2, "not allowed with"),
        (("--start", "2040-11-27T10:00", "--venue", "X"), 2, "give at least one --child REF"),
        (("--child", "NOPE", "--start", "2040-11-27T10:00", "--venue", "X"), 3, "no child with case reference 'NOPE'"),
        (("--child", "C1", "--start", "2040-11-27T23:00", "--venue", "X"), 2, "must end on the day it starts"),
        (
            ("--child", "C1", "--start", "2040-11-27T10:00", "--minutes", "0", "--venue", "X"),
            2,
            "must end after it starts",
        ),
        (("--child", "C1", "--start", "2040-12-25T10:00", "--venue", "X"), 4, "bank holiday (Christmas Day)"),
        (("--child", "C1", "--start", "2040-12-10T10:00", "--venue", "X"), 4, "Give a reason for booking after"),
    ],
)
def test_bad_bookings_say_why_and_save_nothing(
    diary_db: Path, capsys: pytest.CaptureFixture[str], extra: tuple[str, ...], code: int, message: str
) -> None:
    before = diary_db.read_bytes()
    found, out, err = run_or_exit(book(diary_db, *extra), capsys)
    assert (found, out) == (code, "") and err.count("\n") == 1 and message in err, err
    assert diary_db.read_bytes() == before


def test_cancel_and_held(diary_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Held needs a meeting that has taken place, and the CLI runs on the real clock: this one is in 2025."""
    database = ["--database", str(diary_db)]
    db = Database(str(diary_db))
    make_episode(db, make_child(db, case_ref="C3", date_of_birth=dt.date(2015, 6, 1)), start_date=dt.date(2025, 11, 3))
    db.close()
    _code, ref, _ = run(
        *book(diary_db, "--child", "C3", "--start", "2025-11-20T10:00", "--venue", "Home"), capsys=capsys
    )
    assert ref == "M-000001\n"
    code, out, err = run("held", "M-000001", "--participation", "c3:pn1", *database, capsys=capsys)
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "M-000001 held",
        "Next: cla-review for C3, due 2026-02-20 (latest working day 2026-02-20)",
    ]
    code, _out, err = run("held", "M-000001", *database, capsys=capsys)
    assert (code, err) == (2, "iro-diary: M-000001 is already marked held\n")
    code, out, err = run("cancel", "M-000001", "--reason", "x", *database, capsys=capsys)
    assert (code, err) == (2, "iro-diary: M-000001 has been held: it can no longer be cancelled\n")
    run(*book(diary_db, "--child", "C2", "--start", "2040-11-29T10:00", "--venue", "Home"), capsys=capsys)
    code, out, err = run("cancel", "m-000002", "--reason", "Family unable to attend", *database, capsys=capsys)
    assert (code, out) == (0, "M-000002 cancelled\n")
    code, out, err = run("cancel", "M-000404", "--reason", "x", *database, capsys=capsys)
    assert (code, err) == (3, "iro-diary: there is no meeting 'M-000404'\n")
    code, out, err = run("held", "M-000002", "--participation", "C1:PN1", *database, capsys=capsys)
    assert (code, err) == (2, "iro-diary: C1 is not a child at M-000002\n")
