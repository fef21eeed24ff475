"""`iro-diary slots` and `plan` as a diary manager's script uses them: the top suggestion books as it is with
`iro-diary book`, and booking the same chair and time again is refused. The CLI runs on the real clock, so the
children's deadlines are in 2040."""

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
    try:
        code = main(list(args))
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def diary_db(db_path: Path) -> Path:
    """C1 in care from 2 Nov 2040 with Jo as IRO (first review due by Fri 30 Nov 2040); C2 too, later; Sam; a
    room."""
    db = Database(str(db_path))
    jo = make_iro(db, name="Jo Chair", email="jo@example.gov.uk")
    make_iro(db, name="Sam Second", email="sam@example.gov.uk")
    for ref, start in (("C1", dt.date(2040, 11, 2)), ("C2", dt.date(2040, 11, 9))):
        make_episode(db, make_child(db, case_ref=ref, allocated_iro_id=jo), start_date=start)
    make_room(db, name="Oak Room", capacity=10)
    db.close()
    return db_path


def test_the_top_slot_books_as_it_is_and_only_once(diary_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    database = ["--database", str(diary_db)]
    code, out, err = run(
        "slots", "--child", "C1", "--kind", "cla-review", "--count", "3", "--json", *database, capsys=capsys
    )
    assert (code, err) == (0, "")
    slots = json.loads(out)
    assert len(slots) == 3 and set(slots[0]) == {"start", "end", "chair_email", "room", "late", "reasons"}
    top = slots[0]
    assert (top["start"], top["end"], top["chair_email"], top["room"], top["late"]) == (
        "2040-11-02T09:00",
        "2040-11-02T10:30",
        "jo@example.gov.uk",
        "Oak Room",
        False,
    )
    assert top["reasons"][0] == "The child's IRO"
    book = ["book", "--kind", "cla-review", "--child", "C1", "--chair", top["chair_email"], "--start", top["start"]]
    book += ["--room", top["room"], *database]
    code, out, err = run(*book, capsys=capsys)
    assert (code, out, err) == (0, "M-000001\n", "")
    again = subprocess.run([sys.executable, "-m", "iro_diary", *book], capture_output=True, text=True, timeout=120)
    assert (again.returncode, again.stdout) == (4, "")
    assert again.stderr == "iro-diary: Chair already booked 09:00–10:30 by M-000001\n"


def test_slots_by_requirement_in_words_with_the_command_that_books_the_first(
    diary_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database = ["--database", str(diary_db)]
    _code, out, _err = run("due-list", "--json", *database, capsys=capsys)
    requirement = next(r["requirement_id"] for r in json.loads(out) if r["case_refs"] == ["C1"])
    code, out, err = run("slots", "--requirement", requirement, "--count", "2", *database, capsys=capsys)
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == "First looked-after review: due Fri 30 Nov 2040, latest working day Fri 30 Nov 2040"
    assert lines[1].split() == ["#", "WHEN", "CHAIR", "PLACE", "LATE", "WHY"]
    assert lines[2].startswith("1  Fri 02 Nov 2040 09:00–10:30  Jo Chair")
    assert lines[-1] == (
        "Book the first: iro-diary book --kind cla-review --child C1 --chair jo@example.gov.uk "
        "--start 2040-11-02T09:00 --minutes 90 --room 'Oak Room'"
    )


@pytest.mark.parametrize(
    ("extra", "code", "message"),
    [
        (("--child", "C1"), 2, "give --kind with --child or --household"),
        (("--child", "NOPE", "--kind", "cla-review"), 3, "no child with case reference 'NOPE'"),
        (("--requirement", "cla:child-999:2040-01-01"), 3, "no open requirement"),
        (
            ("--child", "C1", "--kind", "cla-review", "--people", "40"),
            0,
            "Nothing fits by Fri 30 Nov: no room seats 40",
        ),
    ],
)
def test_slots_refusals_are_one_line(
    diary_db: Path, capsys: pytest.CaptureFixture[str], extra: tuple[str, ...], code: int, message: str
) -> None:
    found, out, err = run("slots", *extra, "--database", str(diary_db), capsys=capsys)
    assert found == code and message in (err if code else out), (out, err)
    assert not code or (out == "" and err.count("\n") == 1)


def test_plan_previews_then_books_provisionally(diary_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    database = ["--database", str(diary_db)]
    window = ["--from", "2040-11-01", "--to", "2040-12-31"]
    code, out, err = run("plan", *window, *database, capsys=capsys)
    assert (code, err) == (0, "")
    assert out.splitlines()[0] == (
        "2 requirements due 01 Nov 2040 to 31 Dec 2040 have no meeting: 2 planned (0 late), 0 could not be placed."
    )
    assert out.splitlines()[-1].startswith("Nothing was booked: run again with --apply")
    code, out, err = run("plan", *window, "--apply", "--json", *database, capsys=capsys)
    plan = json.loads(out)
    assert (code, plan["requirements"], plan["booked"], plan["unplaced"]) == (0, 2, ["M-000001", "M-000002"], [])
    assert [(p["case_refs"], p["chair_email"], p["late"]) for p in plan["planned"]] == [
        (["C1"], "jo@example.gov.uk", False),
        (["C2"], "jo@example.gov.uk", False),
    ]
    _code, out, _err = run("agenda", "--from", "2040-11-01", "--to", "2040-12-31", "--json", *database, capsys=capsys)
    assert [(m["status"], m["case_refs"]) for m in json.loads(out)] == [
        ("provisional", ["C1"]),
        ("provisional", ["C2"]),
    ]
    code, out, _err = run("plan", *window, *database, capsys=capsys)
    assert out.startswith("0 requirements due")
