"""`iro-diary report annual` as a script uses it: the JSON contract, the files, and bad input."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from iro_diary.cli import main
from iro_diary.services.registry import Services
from tests.report_scenario import EXPECTED, REQUIRED_KEYS, YEAR, build


def run(*args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def scenario_db(services: Services, db_path: Path) -> Path:
    build(services)
    return db_path


def test_the_json_contract(scenario_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(
        "report", "annual", "--year", str(YEAR), "--json", "--database", str(scenario_db), capsys=capsys
    )
    assert (code, err) == (0, "")
    data = json.loads(out)
    for key in REQUIRED_KEYS:
        if not key.startswith("ethnicity"):
            assert data[key] == EXPECTED[key], key
    assert {k: v for k, v in data["ethnicity_in_care"].items() if v} == EXPECTED["ethnicity_in_care"]
    assert {k: v for k, v in data["ethnicity_on_plan"].items() if v} == EXPECTED["ethnicity_on_plan"]


def test_the_figures_for_people_and_a_quarter(scenario_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run("report", "annual", "--year", "2025", "--database", str(scenario_db), capsys=capsys)
    assert code == 0 and "report 2025/26" in out
    assert any(
        line.startswith("Reviews and conferences within timescale (%)") and "80.0%" in line for line in out.splitlines()
    )
    code, out, _ = run(
        "report", "annual", "--year", "2025", "--quarter", "1", "--json", "--database", str(scenario_db), capsys=capsys
    )
    assert code == 0 and json.loads(out)["period"]["label"] == "Q1 2025/26 (Apr–Jun)"


def test_csv_and_excel_files(scenario_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "report.csv"
    code, out, _ = run(
        "report", "annual", "--year", "2025", "--csv", str(target), "--database", str(scenario_db), capsys=capsys
    )
    assert code == 0 and str(target) in out
    rows = list(csv.reader(target.read_text(encoding="utf-8-sig").splitlines()))
    figures = {row[0]: row[1] for row in rows if len(row) > 1}
    assert figures["Children in care at period end"] == "3"
    assert figures["Children made subject to a plan for a second or subsequent time (%)"] == "20.0"
    book_path = tmp_path / "report.xlsx"
    code, _, _ = run(
        "report", "annual", "--year", "2025", "--xlsx", str(book_path), "--database", str(scenario_db), capsys=capsys
    )
    assert code == 0
    from openpyxl import load_workbook

    book = load_workbook(book_path)
    sheet = book["Headline figures"]
    values = {row[0]: row[1] for row in sheet.iter_rows(values_only=True) if row and row[0]}
    assert values["Children on a protection plan at period end"] == 4
    assert values["Reviews and conferences within timescale (%)"] == 80.0
    assert "Category of plan" in book.sheetnames


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--year", "1800"], "between 1990 and 2099"),
        (["--year", "twenty"], "is not a year"),
        (["--year", "2025", "--quarter", "5"], "invalid choice"),
        (["--year", "2025", "--csv", "/nonexistent/folder/report.csv"], "cannot write /nonexistent/folder/report.csv"),
        (["--year", "2025", "--pdf", "/nonexistent/folder/report.pdf"], "cannot write /nonexistent/folder/report.pdf"),
        (["--year", "2025", "--json", "--csv", "x.csv"], "not allowed with argument"),
    ],
)
def test_bad_input_is_one_line_and_a_non_zero_exit(args: list[str], message: str, db_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "iro_diary", "report", "annual", *args, "--database", str(db_path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode != 0 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and message in result.stderr and "Traceback" not in result.stderr


def test_comparators_from_the_settings_command(scenario_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    database = ["--database", str(scenario_db)]
    code, out, _ = run("settings", "set", "comparators.2025.cp-rate.neighbours", "59", *database, capsys=capsys)
    assert (code, out) == (0, "comparators.2025.cp-rate.neighbours = 59.0\n")
    code, out, _ = run("settings", "get", "comparators.2025.cp-rate.national", *database, capsys=capsys)
    assert (code, out) == (0, "(not set)\n")
    code, out, _ = run("report", "annual", "--year", "2025", "--json", *database, capsys=capsys)
    assert json.loads(out)["comparators"]["cp_rate_per_10000"] == {"neighbours": 59.0, "national": None}
