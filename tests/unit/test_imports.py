"""Importing the case system's CSV files into a diary: all or nothing, idempotent, audited, round-tripping."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from sqlalchemy import text

from iro_diary.services.imports import ImportSource
from iro_diary.services.registry import Services
from tests.snapshots import database_rows

IROS = "name,email,fte,team,working_days\nAnn Able,ann@example.gov.uk,1,children-in-care,Mon Tue Wed Thu Fri\n"
ROOMS = "name,site,capacity,accessible\nRoom 1,Town Hall,10,yes\n"
CHILDREN = (
    "case_ref,given_name,family_name,date_of_birth,sex,ethnicity,family_ref,allocated_iro_email,social_worker,"
    "social_worker_email\n"
    "C1001,Amy,Smith,01/02/2015,F,WBRI,F1,ann@example.gov.uk,Sam Worker,sam@example.gov.uk\n"
    "C1002,Ben,Smith,2024-03-04,M,WBRI,F1,ann@example.gov.uk,,\n"
)
EPISODES = "case_ref,start_date,end_date,legal_status,placement_distance_miles\nC1001,2026-01-05,,C2,12.5\n"
PLANS = "case_ref,start_date,end_date,category\nC1002,2025-01-05,2025-06-01,NEG\n"
MEETINGS = (
    "meeting_ref,kind,start,end,status,chair_email,room,case_refs,participation,cancel_reason\n"
    "M1,cla-review,2026-02-02T10:00,2026-02-02T11:30,held,ann@example.gov.uk,Room 1,C1001;C1002,C1001:PN1;C1002:PN0,\n"
    "M2,cla-review,2026-12-02T10:00,2026-12-02T11:30,booked,ann@example.gov.uk,Room 1,C1001,,\n"
)
FILES = {
    "iros.csv": IROS,
    "rooms.csv": ROOMS,
    "children.csv": CHILDREN,
    "care_episodes.csv": EPISODES,
    "protection_plans.csv": PLANS,
    "meetings.csv": MEETINGS,
}


def write_folder(folder: Path, files: dict[str, str] | None = None, **changed: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in {**FILES, **(files or {}), **{f"{k}.csv": v for k, v in changed.items()}}.items():
        (folder / name).write_text(content, encoding="utf-8")
    return folder


def import_folder(services: Services, folder: Path):  # type: ignore[no-untyped-def]
    return services.imports.run(services.imports.sources_in_folder(folder))


def audit_count(services: Services) -> int:
    with services.ctx.db.read() as session:
        return int(session.execute(text("SELECT count(*) FROM audit_entry")).scalar_one())


def test_a_folder_imports_in_dependency_order_with_counts(services: Services, tmp_path: Path) -> None:
    outcome, changes = import_folder(services, write_folder(tmp_path / "in"))
    assert outcome.ok and outcome.written
    assert [(c.file, c.added) for c in outcome.counts] == [
        ("iros.csv", 1),
        ("rooms.csv", 1),
        ("children.csv", 2),
        ("care_episodes.csv", 1),
        ("protection_plans.csv", 1),
        ("meetings.csv", 2),
    ]
    assert len(changes.children) == 2 and len(changes.meetings) == 2 and len(changes.iros) == 1
    child = next(r for r in services.children.list_children(include_closed=True) if r.case_ref == "C1001")
    detail = services.children.child(child.id)
    assert detail.row.allocated_iro == "Ann Able" and detail.row.family_ref == "F1"
    assert detail.episodes[0].legal_status == "C2" and detail.episodes[0].placement_distance_miles == 12.5
    held = next(m for m in detail.meetings if m.ref == "M1")
    assert held.participation == "PN1" and held.start.hour == 10 and held.place == "Room 1"


def test_every_record_is_audited_and_the_import_as_a_whole(services: Services, tmp_path: Path) -> None:
    import_folder(services, write_folder(tmp_path / "in"))
    with services.ctx.db.read() as session:
        rows = session.execute(text("SELECT action, entity, summary, after FROM audit_entry")).all()
    actions = [(action, entity) for action, entity, _s, _a in rows]
    assert actions.count(("import-add", "child")) == 2 and actions.count(("import-add", "meeting")) == 2
    summary = next(r for r in rows if r[0] == "import")
    assert "8 added, 0 updated, 0 unchanged" in summary[2]
    assert json.loads(summary[3])["children.csv"] == {"added": 2, "updated": 0, "unchanged": 0}


def test_importing_the_same_files_again_changes_nothing(services: Services, tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "in")
    import_folder(services, folder)
    before, audits = database_rows(services), audit_count(services)
    outcome, changes = import_folder(services, folder)
    assert outcome.totals() == (0, 0, 8) and not changes
    rows = database_rows(services)
    assert audit_count(services) == audits + 1  # only the import's own row
    assert {k: v for k, v in rows.items() if k != "audit_entry"} == {
        k: v for k, v in before.items() if k != "audit_entry"
    }


def test_changed_rows_update_with_before_and_after(services: Services, tmp_path: Path) -> None:
    import_folder(services, write_folder(tmp_path / "one"))
    moved = MEETINGS.replace("2026-12-02T10:00,2026-12-02T11:30,booked", "2026-12-03T14:00,2026-12-03T15:00,booked")
    renamed = CHILDREN.replace("C1002,Ben,", "C1002,Benjamin,")
    outcome, changes = import_folder(services, write_folder(tmp_path / "two", meetings=moved, children=renamed))
    counts = {c.file: (c.added, c.updated, c.unchanged) for c in outcome.counts}
    assert counts["children.csv"] == (0, 1, 1) and counts["meetings.csv"] == (0, 1, 1)
    with services.ctx.db.read() as session:
        meeting = session.execute(text("SELECT start_at, ical_sequence, version FROM meeting WHERE ref = 'M2'")).one()
        before, after = session.execute(
            text("SELECT before, after FROM audit_entry WHERE action = 'import-update' AND entity = 'child'")
        ).one()
    assert str(meeting[0]).startswith("2026-12-03 14:00") and meeting[1] == 1 and meeting[2] == 2
    assert json.loads(before) == {"given_name": "Ben"} and json.loads(after) == {"given_name": "Benjamin"}
    assert len(changes.meetings) == 1 and len(changes.children) == 1


def test_a_meetings_children_follow_the_file(services: Services, tmp_path: Path) -> None:
    import_folder(services, write_folder(tmp_path / "one"))
    fewer = MEETINGS.replace("C1001;C1002,C1001:PN1;C1002:PN0", "C1002,C1002:PN0")
    import_folder(services, write_folder(tmp_path / "two", meetings=fewer))
    with services.ctx.db.read() as session:
        linked = session.execute(
            text(
                "SELECT child.case_ref, participation FROM meeting_child JOIN child ON child.id = child_id "
                "JOIN meeting ON meeting.id = meeting_id WHERE meeting.ref = 'M1'"
            )
        ).all()
    assert [tuple(r) for r in linked] == [("C1002", "PN0")]


def test_a_new_allocation_keeps_the_history(services: Services, tmp_path: Path) -> None:
    import_folder(services, write_folder(tmp_path / "one"))
    iros = IROS + "Bea Bold,bea@example.gov.uk,0.5,mixed,Tue Wed\n"
    moved = CHILDREN.replace("F1,ann@example.gov.uk,Sam", "F1,bea@example.gov.uk,Sam")
    services.ctx.clock = type(services.ctx.clock).on(dt.date(2026, 12, 10))  # type: ignore[attr-defined]
    import_folder(services, write_folder(tmp_path / "two", iros=iros, children=moved))
    with services.ctx.db.read() as session:
        history = session.execute(
            text(
                "SELECT iro.email, start_date, end_date FROM iro_allocation JOIN iro ON iro.id = iro_id "
                "JOIN child ON child.id = child_id WHERE child.case_ref = 'C1001' ORDER BY start_date"
            )
        ).all()
    assert [(email, str(start), str(end)) for email, start, end in history] == [
        ("ann@example.gov.uk", "2026-11-26", "2026-12-09"),
        ("bea@example.gov.uk", "2026-12-10", "None"),
    ]


@pytest.mark.parametrize(
    ("kind", "content", "column", "reason"),
    [
        ("children", CHILDREN.replace("date_of_birth", "dob"), "date_of_birth", "missing column"),
        ("children", CHILDREN.replace("01/02/2015", "30/02/2015"), "date_of_birth", "is not a real date"),
        ("children", CHILDREN.replace("WBRI", "WXYZ", 1), "ethnicity", "is not a DfE ethnicity code"),
        ("care_episodes", EPISODES.replace("C2,", "Q9,"), "legal_status", "is not an SSDA903 legal status"),
        ("meetings", MEETINGS.replace("ann@example", "nobody@example", 1), "chair_email", "unknown IRO email"),
    ],
)
def test_malformed_files_are_reported_and_nothing_is_written(
    services: Services, tmp_path: Path, kind: str, content: str, column: str, reason: str
) -> None:
    before = database_rows(services)
    outcome, changes = import_folder(services, write_folder(tmp_path / "in", **{kind: content}))
    assert not outcome.written and not changes
    assert [(p.column, reason in p.reason) for p in outcome.problems] == [(column, True)]
    assert database_rows(services) == before


def test_latin1_is_refused_not_turned_into_mojibake(services: Services, tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "in")
    (folder / "children.csv").write_bytes(CHILDREN.replace("Amy", "Zoë").encode("latin-1"))
    outcome, _ = import_folder(services, folder)
    (problem,) = outcome.problems
    assert (problem.file, problem.row) == ("children.csv", 0) and "not UTF-8" in problem.reason
    assert services.status.is_empty()


def test_a_byte_order_mark_and_quoted_line_breaks_are_read(services: Services, tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "in")
    children = CHILDREN.replace("social_worker_email\n", "social_worker_email,notes\n").replace(
        "sam@example.gov.uk\n", 'sam@example.gov.uk,"first line\nsecond line"\n'
    )
    (folder / "children.csv").write_bytes(b"\xef\xbb\xbf" + children.encode("utf-8"))
    (folder / "rooms.csv").write_text("name,capacity\n", encoding="utf-8")
    meetings = MEETINGS.replace("Room 1", "")
    (folder / "meetings.csv").write_text(meetings, encoding="utf-8")
    outcome, _ = import_folder(services, folder)
    assert outcome.ok, outcome.problems
    assert outcome.notes == ("rooms.csv: the file has a header but no rows",)
    assert {c.file: c.added for c in outcome.counts}["children.csv"] == 2


def test_an_empty_file_is_a_clear_problem(services: Services, tmp_path: Path) -> None:
    path = tmp_path / "children.csv"
    path.write_bytes(b"")
    outcome, _ = services.imports.run([ImportSource("children", path)])
    assert [p.reason for p in outcome.problems] == [
        "the file is empty: it needs at least a header row naming the columns"
    ]


def test_an_error_on_the_last_row_leaves_the_diary_exactly_as_it_was(demo_services: Services, tmp_path: Path) -> None:
    """Every other row would change the diary; the last row of the last file refers to an unknown chair."""
    folder = tmp_path / "export"
    demo_services.exports.export(folder)
    children = (folder / "children.csv").read_text(encoding="utf-8-sig").replace(",Unborn,", ",Baby,")
    (folder / "children.csv").write_text(
        children.replace(".sw@example.gov.uk", ".sw@council.example"), encoding="utf-8"
    )
    meetings = (folder / "meetings.csv").read_text(encoding="utf-8-sig").splitlines()
    meetings[-1] = meetings[-1].replace("@example.gov.uk", "@nowhere.example", 1)
    (folder / "meetings.csv").write_text("\n".join(meetings) + "\n", encoding="utf-8")
    before = database_rows(demo_services)
    outcome, _ = import_folder(demo_services, folder)
    assert not outcome.written
    assert [(p.file, p.row, p.column) for p in outcome.problems] == [("meetings.csv", len(meetings), "chair_email")]
    assert {c.file: c.updated for c in outcome.counts}["children.csv"] > 100
    assert database_rows(demo_services) == before


def test_a_failure_while_writing_rolls_everything_back(
    demo_services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from iro_diary.services.imports import writing

    folder = write_folder(tmp_path / "in")
    before = database_rows(demo_services)
    original = writing.ImportWriter._meetings

    def fail_after_writing(self, plan, sequences):  # type: ignore[no-untyped-def]
        original(self, plan, sequences)
        raise OSError("disk full")

    monkeypatch.setattr(writing.ImportWriter, "_meetings", fail_after_writing)
    with pytest.raises(OSError, match="disk full"):
        import_folder(demo_services, folder)
    assert database_rows(demo_services) == before


def test_a_dry_run_counts_but_writes_nothing(services: Services, tmp_path: Path) -> None:
    sources = services.imports.sources_in_folder(write_folder(tmp_path / "in"))
    outcome = services.imports.check(sources)
    assert outcome.ok and not outcome.written and outcome.totals() == (8, 0, 0)
    assert services.status.is_empty() and audit_count(services) == 0


def test_export_then_import_into_an_empty_diary_gives_the_same_data(
    demo_services: Services, services: Services, tmp_path: Path
) -> None:
    first = demo_services.exports.export(tmp_path / "first")
    outcome, _ = import_folder(services, tmp_path / "first")
    assert outcome.ok and outcome.totals()[0] == sum(f.rows for f in first)
    second = services.exports.export(tmp_path / "second")
    for one, two in zip(first, second, strict=True):
        assert one.path.read_bytes() == two.path.read_bytes(), one.path.name
    assert demo_services.status.counts() == services.status.counts()


def test_exported_formulas_are_escaped_and_come_back_intact(services: Services, tmp_path: Path) -> None:
    children = CHILDREN.replace("Sam Worker", '\'=HYPERLINK("http://x")').replace(",Amy,", ",@Amy,")
    import_folder(services, write_folder(tmp_path / "in", children=children))
    services.exports.export(tmp_path / "out")
    exported = (tmp_path / "out" / "children.csv").read_text(encoding="utf-8-sig")
    assert "'@Amy" in exported and '"\'=HYPERLINK(""http://x"")"' in exported
    outcome, _ = import_folder(services, tmp_path / "out")
    assert outcome.totals() == (0, 0, 8)
    names = {r.case_ref: r.given_name for r in services.children.list_children(include_closed=True)}
    assert names["C1001"] == "@Amy"


def test_a_meeting_in_the_repeated_hour_round_trips(services: Services, tmp_path: Path) -> None:
    meetings = MEETINGS + ("M3,cla-review,2026-10-25T01:30+00:00,2026-10-25T02:30,booked,ann@example.gov.uk,,C1001,,\n")
    outcome, _ = import_folder(services, write_folder(tmp_path / "in", meetings=meetings))
    assert outcome.ok, outcome.problems
    services.exports.export(tmp_path / "out")
    assert "2026-10-25T01:30+00:00,2026-10-25T02:30" in (tmp_path / "out" / "meetings.csv").read_text("utf-8-sig")
    assert import_folder(services, tmp_path / "out")[0].totals() == (0, 0, 9)


def test_a_saved_column_mapping_is_used_for_the_next_import(services: Services, tmp_path: Path) -> None:
    rooms = "Room name,Seats,Building\nRoom 1,10,Town Hall\n"
    folder = write_folder(tmp_path / "in", rooms=rooms)
    sources = [s for s in services.imports.sources_in_folder(folder) if s.kind == "rooms"]
    assert {p.column for p in services.imports.check(sources).problems} == {"name", "capacity"}
    services.imports.save_column_mapping("rooms", {"name": "Room name", "capacity": "Seats", "site": "Building"})
    assert services.imports.column_mappings()["rooms"]["capacity"] == "Seats"
    outcome, _ = services.imports.run(sources)
    assert outcome.ok and outcome.totals() == (1, 0, 0)


def test_imports_work_on_postgresql_too(any_services: Services, tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "in")
    outcome, _ = import_folder(any_services, folder)
    assert outcome.ok and outcome.totals() == (8, 0, 0)
    assert import_folder(any_services, folder)[0].totals() == (0, 0, 8)
    too_long = CHILDREN.replace("Sam Worker", "S" * 121)
    problems = import_folder(any_services, write_folder(tmp_path / "two", children=too_long))[0].problems
    assert [p.column for p in problems] == ["social_worker"]


def test_the_check_lists_row_problems_and_reference_problems_together(services: Services, tmp_path: Path) -> None:
    children = CHILDREN.replace("2024-03-04", "2024-02-30")
    meetings = MEETINGS.replace("ann@example", "nobody@example", 1)
    episodes = EPISODES + "C1002,2026-02-01,,C1,\n"
    folder = write_folder(tmp_path / "in", children=children, meetings=meetings, care_episodes=episodes)
    outcome = services.imports.check(services.imports.sources_in_folder(folder))
    assert [(p.file, p.row, p.column) for p in outcome.problems] == [
        ("children.csv", 3, "date_of_birth"),
        ("meetings.csv", 2, "chair_email"),
    ]
    assert outcome.counts and services.status.is_empty()
