"""`iro-diary due`, `due-list` and `calendar` as an administrator's script uses them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from iro_diary.cli import main


def run(*args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_due_prints_one_date_per_anchor(tmp_path: Path) -> None:
    env = {**os.environ, "IRO_DIARY_HOME": str(tmp_path / "fresh")}
    result = subprocess.run(
        [sys.executable, "-m", "iro_diary", "due", "icpc", "2025-12-18"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert (result.returncode, result.stdout, result.stderr) == (0, "2026-01-13\n", "")
    assert not (tmp_path / "fresh" / "data").exists(), "asking for a date creates no database"


def test_due_with_several_anchors_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run("due", "rcpc", "2025-08-31", "2023-08-31", capsys=capsys)
    assert (code, out) == (0, "2026-02-28\n2024-02-29\n")
    code, out, _ = run("due", "rcpc", "2025-08-31", "--json", capsys=capsys)
    [found] = json.loads(out)
    assert found == {
        "rule": "rcpc",
        "anchor": "2025-08-31",
        "due": "2026-02-28",
        "latest_working_day": "2026-02-27",
        "source": found["source"],
    }
    assert "Working Together" in found["source"]


def test_due_uses_the_councils_own_rules(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run("settings", "set", "rules.transfer_in_working_days", "10", "--database", str(db_path), capsys=capsys)
    code, out, _ = run("due", "transfer-in", "2025-12-18", "--database", str(db_path), capsys=capsys)
    assert (code, out) == (0, "2026-01-06\n")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["due", "nope", "2025-01-01"], "unknown rule 'nope'"),
        (["due", "icpc", "2025-02-30"], "'2025-02-30' is not a date"),
        (["due", "icpc", "18/12/2025"], "'18/12/2025' is not a date"),
        (["due", "icpc", "1989-12-31"], "outside the years 1990–2100"),
        (["due", "icpc", "2025-01-01", "2101-01-01"], "outside the years 1990–2100"),
        (["due", "icpc"], "the following arguments are required"),
        (["due-list", "--within", "-2"], "0 or more working days"),
        (["due-list", "--iro", "nobody@example.gov.uk"], "no IRO has the email address"),
    ],
)
def test_bad_input_is_one_line_and_a_non_zero_exit(args: list[str], message: str, db_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "iro_diary", *args, "--database", str(db_path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode != 0 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and message in result.stderr and "Traceback" not in result.stderr


def test_due_list_json_is_the_documented_contract(demo_db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run("due-list", "--json", "--database", str(demo_db_path), capsys=capsys)
    rows = json.loads(out)
    assert code == 0 and rows
    for row in rows:
        assert {
            "requirement_id",
            "kind",
            "case_refs",
            "anchor",
            "due",
            "latest_working_day",
            "booked_meeting",
            "rag",
        } <= set(row)
        assert row["rag"] in ("overdue", "due-soon", "booked-late", "not-booked", "booked")
    kinds = {row["kind"] for row in rows}
    assert {"cla", "rcpc", "foster"} <= kinds
    code, out, _ = run("due-list", "--within", "5", "--json", "--database", str(demo_db_path), capsys=capsys)
    assert all(row["working_days_left"] <= 5 for row in json.loads(out))
    iro = next(row["iro_email"] for row in rows if row["iro_email"])
    code, out, _ = run("due-list", "--iro", iro, "--json", "--database", str(demo_db_path), capsys=capsys)
    assert {row["iro_email"] for row in json.loads(out)} == {iro}
    code, out, _ = run("due-list", "--within", "3", "--database", str(demo_db_path), capsys=capsys)
    assert out.startswith("DUE") and "LATEST WD" in out


def test_calendar_commands(db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    database = ["--database", str(db_path)]
    code, out, _ = run("calendar", "close", "2026-12-29", "Christmas shutdown", *database, capsys=capsys)
    assert code == 0 and "Tue 29 Dec 2026 is a closure day" in out
    code, out, _ = run("calendar", "closures", *database, capsys=capsys)
    assert "2026-12-29" in out and "Christmas shutdown" in out
    govuk = tmp_path / "bank-holidays.json"
    govuk.write_text(
        json.dumps({"england-and-wales": {"events": [{"title": "One-off", "date": "2031-06-02"}]}}), encoding="utf-8"
    )
    code, out, _ = run("calendar", "import", str(govuk), *database, capsys=capsys)
    assert code == 0 and "1 added" in out
    code, out, _ = run("calendar", "bank-holidays", "--year", "2031", *database, capsys=capsys)
    assert "One-off" in out and "imported (gov.uk)" in out
    code, out, _ = run("calendar", "reopen", "2026-12-29", *database, capsys=capsys)
    assert code == 0


def test_a_broken_bank_holidays_file_is_refused_and_changes_nothing(db_path: Path, tmp_path: Path) -> None:
    latin = tmp_path / "latin.json"
    latin.write_bytes('{"england-and-wales": {"events": [{"title": "Fête", "date": "2031-06-02"}]}}'.encode("latin-1"))
    broken = tmp_path / "broken.json"
    broken.write_text('{"england-and-wales": {"events": [{"date": "2031-02-30"}]}}', encoding="utf-8")
    before = db_path.read_bytes()
    for path, message in (
        (latin, "is not UTF-8"),
        (broken, "not YYYY-MM-DD"),
        (tmp_path / "missing.json", "cannot read"),
    ):
        result = subprocess.run(
            [sys.executable, "-m", "iro_diary", "calendar", "import", str(path), "--database", str(db_path)],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert result.returncode != 0 and result.stderr.count("\n") == 1 and message in result.stderr, result.stderr
    assert db_path.read_bytes() == before
