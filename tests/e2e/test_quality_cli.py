"""`iro-diary concerns`, `good-practice`, `live-audit`, `themes` and the report's quality keys, as a script uses
them. The CLI runs on the real clock, so every date here is in the past whenever the suite runs."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from iro_diary.cli import main
from iro_diary.domain.codes import MeetingKind, MeetingStatus, Team
from iro_diary.store.database import Database
from tests.factories import local, make_child, make_iro, make_meeting

D = dt.date


def run(*args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def quality_db(db_path: Path) -> Path:
    """A looked-after review held on 2 June 2025 for C1 and a review conference on 1 July 2025 for C2."""
    db = Database(str(db_path))
    jo = make_iro(db, name="Jo Chair", email="jo@example.gov.uk", team=Team.CHILDREN_IN_CARE)
    kim = make_iro(db, name="Kim Chair", email="kim@example.gov.uk", team=Team.CHILD_PROTECTION)
    c1 = make_child(db, case_ref="C1", given_name="Rowan", family_name="Example", allocated_iro_id=jo)
    c2 = make_child(db, case_ref="C2", allocated_iro_id=kim)
    held = dict(status=MeetingStatus.HELD)
    make_meeting(db, ref="M-000001", child_ids=(c1,), chair_id=jo, start_at=local(D(2025, 6, 2), 10), **held)
    make_meeting(
        db,
        ref="M-000002",
        child_ids=(c2,),
        chair_id=kim,
        start_at=local(D(2025, 7, 1), 10),
        kind=MeetingKind.RCPC,
        **held,
    )
    db.close()
    return db_path


def test_a_concern_raised_escalated_and_closed_from_a_script(
    quality_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = ("--database", str(quality_db))
    code, out, err = run(
        "concerns", "raise", "--child", "C1", "--meeting", "M-000001", "--theme", "contact arrangements not progressed",
        "--description", "Contact with dad not set up", "--to", "Sam Worker", "--team", "CiC Team 2",
        "--iro", "jo@example.gov.uk", "--on", "2025-06-03", *db, capsys=capsys,
    )  # fmt: skip
    assert (code, out, err) == (0, "CfC-000001\n", "")
    code, out, _ = run("concerns", "list", "--json", *db, capsys=capsys)
    [row] = json.loads(out)
    # Tue 3 June 2025 + 5 working days = Tue 10 June; long past, so the response is overdue.
    assert {k: row[k] for k in ("ref", "case_ref", "meeting", "stage", "due_on", "standing", "team")} == {
        "ref": "CfC-000001", "case_ref": "C1", "meeting": "M-000001", "stage": "informal-resolution",
        "due_on": "2025-06-10", "standing": "overdue", "team": "children-in-care",
    }  # fmt: skip
    assert "Rowan" not in out and "Example" not in out
    code, out, _ = run(
        "concerns", "escalate", "CfC-000001", "--to", "Tam Manager", "--on", "2025-06-11", *db, capsys=capsys
    )
    assert (code, out) == (0, "CfC-000001: Team manager (Tam Manager), due 2025-06-18: Overdue: escalate\n")
    code, out, err = run("concerns", "resolve", "CfC-000001", "--outcome", "fixed", *db, capsys=capsys)
    assert code == 2 and out == "" and err.count("\n") == 1 and "resolved, partly-resolved" in err
    code, out, _ = run(
        "concerns", "resolve", "CfC-000001", "--outcome", "resolved", "--on", "2025-06-17", *db, capsys=capsys
    )
    assert (code, out) == (0, "CfC-000001 closed on 2025-06-17: Resolved\n")
    code, out, _ = run("concerns", "show", "CfC-000001", "--json", *db, capsys=capsys)
    shown = json.loads(out)
    assert [(s["stage"], s["ended_how"]) for s in shown["stages"]] == [
        ("informal-resolution", "escalated-no-response"),
        ("team-manager", "closed"),
    ]
    assert run("concerns", "list", *db, capsys=capsys)[1].count("CfC-") == 0
    assert run("concerns", "list", "--all", "--team", "child-protection", *db, capsys=capsys)[1].count("CfC-") == 0
    code, _, err = run("concerns", "show", "CfC-000009", *db, capsys=capsys)
    assert code == 3 and "no cause for concern 'CfC-000009'" in err


def test_good_practice_and_its_note_without_the_childs_name(
    quality_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = ("--database", str(quality_db))
    code, out, _ = run(
        "good-practice", "record", "--child", "C1", "--meeting", "M-000001", "--theme", "High-quality reports",
        "--recognises", "Jo Keeper", "--manager", "Mo Manager", "--description", "A report written for Rowan's age.",
        "--iro", "jo@example.gov.uk", "--on", "2025-06-02", *db, capsys=capsys,
    )  # fmt: skip
    assert (code, out) == (0, "GP-000001\n")
    note = tmp_path / "note.txt"
    code, out, _ = run("good-practice", "note", "GP-000001", "--out", str(note), *db, capsys=capsys)
    text = note.read_text(encoding="utf-8")
    assert code == 0 and "Dear Mo Manager," in text and "for R.E." in text and "Rowan Example" not in text
    code, out, _ = run("good-practice", "note", "gp-000001", "--out", "-", "--with-child-name", *db, capsys=capsys)
    assert "for Rowan Example." in out
    code, out, _ = run("good-practice", "list", "--json", *db, capsys=capsys)
    assert [(r["ref"], r["case_ref"], r["recognised"]) for r in json.loads(out)] == [("GP-000001", "C1", "Jo Keeper")]


def test_the_checklist_answered_by_script_and_the_reports_quality_keys(
    quality_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = ("--database", str(quality_db))
    code, out, _ = run(
        "live-audit", "answer", "M-000001", "--answer", "C1:pep=yes", "--answer", "c1:health=no:overdue since May",
        "--answer", "C1:contact=n/a", *db, capsys=capsys,
    )  # fmt: skip
    assert (code, out) == (0, "M-000001: answers saved\n")
    code, _, err = run("live-audit", "answer", "M-000002", "--answer", "C2:pep=yes", *db, capsys=capsys)
    assert code == 2 and "'pep' is not asked at M-000002" in err
    code, out, _ = run("live-audit", "checklist", "M-000001", "--json", *db, capsys=capsys)
    assert {"case_ref": "C1", "item": "health", "answer": "no", "note": "overdue since May"} in json.loads(out)
    code, out, _ = run("live-audit", "figures", "--year", "2025", "--quarter", "1", "--json", *db, capsys=capsys)
    quarter = json.loads(out)
    assert (quarter["children_at_meetings"], quarter["checklists_completed"], quarter["yes_pct"]) == (1, 1, 50.0)
    raised = run(
        "concerns", "raise", "--child", "C2", "--meeting", "M-000002", "--theme",
        "Reports not available before the meeting", "--description", "No report", "--to", "Sam", "--team", "CP Team",
        "--on", "2025-07-01", *db, capsys=capsys,
    )  # fmt: skip
    assert raised == (0, "CfC-000001\n", "")
    assert json.loads(run("concerns", "list", "--json", *db, capsys=capsys)[1])[0]["raised_by"] == "Kim Chair"
    code, out, _ = run("report", "annual", "--year", "2025", "--json", *db, capsys=capsys)
    data = json.loads(out)
    assert data["causes_for_concern"]["raised"] == 1
    assert data["causes_for_concern"]["by_area"] == {"child-protection": 1, "children-in-care": 0, "other": 0}
    assert data["live_audit"]["children_at_meetings"] == 2 and data["live_audit"]["completed_pct"] == 50.0
    assert data["live_audit"]["by_item"]["pep"]["yes"] == 1 and data["good_practice"]["recorded"] == 0
    assert data["meetings_held_total"] == 2  # the report's own keys are still there


def test_the_services_lists_from_a_script(quality_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = ("--database", str(quality_db))
    assert (
        run("themes", "add", "concern", "Placement plan late", *db, capsys=capsys)[1]
        == "concern: Placement plan late\n"
    )
    assert run("themes", "retire", "concern", "placement plan late", *db, capsys=capsys)[1].endswith("(retired)\n")
    code, out, _ = run("themes", "list", "--kind", "concern", "--json", *db, capsys=capsys)
    assert {"kind": "concern", "name": "Placement plan late", "active": False, "used": 0} in json.loads(out)
    code, _, err = run("themes", "rename", "concern", "No such theme", "Other", *db, capsys=capsys)
    assert code == 3 and err.count("\n") == 1
    code, out, _ = run(
        "live-audit",
        "add-item",
        "sibling-contact",
        "Sibling contact progressed",
        "--for",
        "looked-after",
        *db,
        capsys=capsys,
    )
    assert (code, out) == (0, "sibling-contact: Sibling contact progressed (looked-after reviews)\n")
    assert run("live-audit", "retire-item", "sibling-contact", *db, capsys=capsys)[1] == "sibling-contact: retired\n"
    code, out, _ = run("live-audit", "items", "--json", *db, capsys=capsys)
    assert [i["code"] for i in json.loads(out) if i["active"]][-1] == "core-group"
