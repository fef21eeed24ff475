"""`iro-diary caseload` and `iro-diary allocate` as a team lead or a script uses them."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from tests.e2e.test_cli import cli, run

CONTRACT_KEYS = [
    "iro",
    "email",
    "fte",
    "children_in_care",
    "children_on_plan",
    "weighted_caseload",
    "caseload_per_fte",
    "band_status",
]


def test_caseload_json_is_a_list_of_iros_with_the_contract_keys(
    demo_db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run("caseload", "--json", "--database", str(demo_db_path), capsys=capsys)
    assert code == 0 and err == ""
    iros = json.loads(out)
    with sqlite3.connect(demo_db_path) as connection:
        emails = {row[0] for row in connection.execute("SELECT email FROM iro")}
    assert {i["email"] for i in iros} == emails
    for iro in iros:
        assert list(iro)[: len(CONTRACT_KEYS)] == CONTRACT_KEYS
        assert iro["band_status"] in {"under", "in", "over", "left"}
        assert iro["caseload_per_fte"] == pytest.approx(iro["weighted_caseload"] / iro["fte"], abs=0.01)
    assert sum(i["children_in_care"] for i in iros) > 0 and sum(i["children_on_plan"] for i in iros) > 0


def test_caseload_text_shows_the_band_and_team_totals_and_exports(
    demo_db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "workload.csv"
    code, out, err = run("caseload", "--output", str(target), "--database", str(demo_db_path), capsys=capsys)
    assert code == 0 and out.startswith("IRO ") and "PER FTE" in out.splitlines()[0]
    assert "Band 50–70 looked-after children per FTE" in out
    assert "Whole service:" in out and "of 15.5 establishment" in out and "Child protection:" in out
    assert err == f"Wrote {target}\n" and target.read_text(encoding="utf-8-sig").startswith("IRO,Email")


def test_allocate_ranks_then_allocates_by_email(demo_db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with sqlite3.connect(demo_db_path) as connection:
        case_ref, holder = connection.execute(
            "SELECT case_ref, allocated_iro_id FROM child WHERE allocated_iro_id IS NOT NULL AND family_id IS NULL"
        ).fetchone()
    # A case reference typed in lower case finds the child, as it does for booking.
    code, out, _ = run("allocate", case_ref.lower(), "--json", "--database", str(demo_db_path), capsys=capsys)
    choice = json.loads(out)
    assert code == 0 and [c["case_ref"] for c in choice["children"]] == [case_ref]
    assert [c["rank"] for c in choice["candidates"]] == list(range(1, len(choice["candidates"]) + 1))
    assert choice["candidates"][0]["reasons"][0] == "Their IRO now"
    other = choice["candidates"][1]["iro"]
    with sqlite3.connect(demo_db_path) as connection:
        email, new_id = connection.execute("SELECT email, id FROM iro WHERE name = ?", (other,)).fetchone()
    code, out, _ = run("allocate", case_ref, "--to", email.upper(), "--database", str(demo_db_path), capsys=capsys)
    assert code == 0 and out.startswith(f"Allocated {case_ref} to {email.upper()}.")
    with sqlite3.connect(demo_db_path) as connection:
        now = connection.execute("SELECT allocated_iro_id FROM child WHERE case_ref = ?", (case_ref,)).fetchone()
    assert now == (new_id,) and new_id != holder


def test_allocate_an_unknown_child_is_one_line(demo_db_path: Path) -> None:
    result = cli("allocate", "C999999", "--database", str(demo_db_path))
    assert result.returncode == 3 and result.stderr == "iro-diary: no child has the case reference 'C999999'\n"
