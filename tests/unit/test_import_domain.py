"""The import's pure layer: decoding, CSV rows, fields, templates and the checks across rows (no database)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from iro_diary.domain.imports.checks import Booking, DiaryFacts, check_files
from iro_diary.domain.imports.csv_text import (
    TextProblem,
    decode,
    escape_cell,
    read_table,
    unescape_cell,
    write_table,
)
from iro_diary.domain.imports.fields import LOCAL_DATETIME, FieldError
from iro_diary.domain.imports.parsing import ParsedFile, parse_table
from iro_diary.domain.imports.templates import TEMPLATES

TODAY = dt.date(2026, 11, 26)


def parsed(kind: str, text: str, mapping: dict[str, str] | None = None) -> ParsedFile:
    template = TEMPLATES[kind]
    return parse_table(template, read_table(text), template.file_name, mapping or {}, TODAY)


def reasons(parsed_file: ParsedFile) -> list[tuple[int, str, str]]:
    return [(p.row, p.column, p.reason) for p in parsed_file.problems]


def test_utf8_with_and_without_a_byte_order_mark_reads_the_same() -> None:
    text = "case_ref,given_name\nC1,Zoë\n"
    assert decode(text.encode("utf-8")) == decode(b"\xef\xbb\xbf" + text.encode("utf-8")) == text


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("case_ref,given_name\nC1,Zoë\n".encode("latin-1"), "not UTF-8: byte 0xEB on line 2"),
        ("case_ref\nC1\n".encode("utf-16"), "UTF-16"),
        (b"PK\x03\x04workbook", r"workbook \(\.xlsx\)"),
        (b"case_ref\x00,x\n", "NUL"),
    ],
)
def test_text_that_is_not_utf8_csv_is_refused_with_how_to_fix_it(data: bytes, message: str) -> None:
    with pytest.raises(TextProblem, match=message) as caught:
        decode(data)
    assert "CSV UTF-8" in caught.value.reason


def test_rows_are_numbered_as_a_spreadsheet_shows_them() -> None:
    table = read_table('a,b\n1,"two\nlines"\n\n3,4\n')
    assert table.headers == ("a", "b")
    assert table.rows == [(2, ["1", "two\nlines"]), (4, ["3", "4"])]


@pytest.mark.parametrize(
    ("text", "message"),
    [("", "empty"), ("  \r\n", "empty"), ("a;b;c\n1;2;3\n", "semicolons"), ('a,b\n"open,2\n', "not valid CSV")],
)
def test_text_that_is_not_a_table_is_refused(text: str, message: str) -> None:
    with pytest.raises(TextProblem, match=message):
        read_table(text)


def test_a_header_only_file_is_a_table_without_rows() -> None:
    assert read_table("case_ref,given_name\r\n").rows == []


def test_a_10_mb_cell_is_read_and_reported_as_too_long_where_it_matters() -> None:
    huge = "x" * (10 * 1024 * 1024)
    kept = parsed("rooms", f"name,capacity\n{huge},4\n")
    assert kept.problems[0].column == "name" and "10,485,760 characters long" in kept.problems[0].reason
    assert "(10,485,760 characters)" in kept.problems[0].line() and len(kept.problems[0].line()) < 200
    ignored = parsed("rooms", f'name,capacity,notes\nRoom 1,4,"{huge}"\n')
    assert not ignored.problems and ignored.rows[0].values == {"name": "Room 1", "capacity": 4}


@given(st.text())
def test_escaping_a_cell_is_undone_by_reading_it(text: str) -> None:
    assert unescape_cell(escape_cell(text)) == text


@pytest.mark.parametrize("cell", ["=1+2", "+44 115", "-3", "@SUM(A1)", "\tx", "\rx"])
def test_cells_a_spreadsheet_would_run_are_written_as_text(cell: str) -> None:
    line = write_table(["v"], [[cell]]).split("\r\n")[1]
    assert line.lstrip('"').startswith("'")


def test_columns_are_found_by_name_in_any_style_or_by_the_saved_mapping() -> None:
    styled = parsed("rooms", "Name, CAPACITY ,Site\nRoom 1,4,Hall\n")
    assert styled.rows[0].values == {"name": "Room 1", "capacity": 4, "site": "Hall"}
    mapped = parsed("rooms", "Room name,Seats\nRoom 1,4\n", {"name": "Room name", "capacity": "Seats"})
    assert mapped.rows[0].values == {"name": "Room 1", "capacity": 4}


def test_a_missing_column_is_one_problem_naming_what_the_file_has() -> None:
    result = parsed("children", "case_ref,given_name,dob\nC1,Amy,2015-01-01\n")
    assert [(p.row, p.column) for p in result.problems] == [(1, "family_name"), (1, "date_of_birth")]
    assert "case_ref, given_name, dob" in result.problems[0].reason and not result.rows


def test_every_bad_cell_of_every_row_is_reported() -> None:
    text = (
        "case_ref,given_name,family_name,date_of_birth,sex,ethnicity\n"
        "C1,Amy,Smith,31/02/2015,F,WBRI\n"
        "C2,Ben,Smith,2015-13-01,X,ZZZZ\n"
        "C3,,Smith,2030-01-01,M,wbri\n"
        "C4,Cat,Smith,04/03/2016,f,wbri\n"
    )
    result = parsed("children", text)
    assert reasons(result) == [
        (2, "date_of_birth", "is not a real date"),
        (3, "date_of_birth", "is not a real date"),
        (3, "sex", "is not a sex code (one of M, F, U)"),
        (3, "ethnicity", reasons(result)[3][2]),
        (4, "given_name", "is empty: text of up to 80 characters is needed"),
    ]
    assert "is not a DfE ethnicity code" in reasons(result)[3][2]
    assert result.rows[0].values["date_of_birth"] == dt.date(2016, 3, 4)
    assert result.rows[0].values["sex"] == "F" and result.rows[0].values["ethnicity"] == "WBRI"


def test_a_date_of_birth_in_the_future_is_refused() -> None:
    result = parsed("children", "case_ref,given_name,family_name,date_of_birth\nC1,Amy,Smith,2027-01-01\n")
    assert "in the future" in result.problems[0].reason


def test_uk_times_become_utc_instants() -> None:
    assert LOCAL_DATETIME.parse("2026-07-01T10:00") == dt.datetime(2026, 7, 1, 9, 0, tzinfo=dt.UTC)
    assert LOCAL_DATETIME.parse("01/12/2026 10:00") == dt.datetime(2026, 12, 1, 10, 0, tzinfo=dt.UTC)


def test_a_time_lost_at_the_spring_clock_change_is_refused() -> None:
    with pytest.raises(FieldError, match="does not exist in UK time"):
        LOCAL_DATETIME.parse("2026-03-29T01:30")


def test_a_time_repeated_at_the_autumn_clock_change_needs_its_offset() -> None:
    with pytest.raises(FieldError, match="happens twice"):
        LOCAL_DATETIME.parse("2026-10-25T01:30")
    first, second = LOCAL_DATETIME.parse("2026-10-25T01:30+01:00"), LOCAL_DATETIME.parse("2026-10-25T01:30+00:00")
    assert second - first == dt.timedelta(hours=1)
    assert [LOCAL_DATETIME.format(first), LOCAL_DATETIME.format(second)] == [
        "2026-10-25T01:30+01:00",
        "2026-10-25T01:30+00:00",
    ]
    assert LOCAL_DATETIME.format(LOCAL_DATETIME.parse("2026-10-25T10:30")) == "2026-10-25T10:30"
    with pytest.raises(FieldError, match="not UK time"):
        LOCAL_DATETIME.parse("2026-07-01T10:00+00:00")


MEETINGS_HEADER = "meeting_ref,kind,start,end,status,chair_email,room,case_refs,participation\n"


def test_a_meeting_is_checked_on_its_own() -> None:
    text = MEETINGS_HEADER + (
        "M1,cla-review,2026-12-01T11:00,2026-12-01T10:00,booked,a@x.uk,,C1,\n"
        "M2,cla-review,2026-12-01T10:00,2026-12-01T11:00,booked,,,C1,C9:PN1\n"
        "M3,rcpc,2026-12-01T10:00,2026-12-01T11:00,booked,a@x.uk,,,\n"
    )
    assert [(r, c) for r, c, _ in reasons(parsed("meetings", text))] == [
        (2, "end"),
        (3, "chair_email"),
        (3, "participation"),
        (4, "case_refs"),
    ]


def _facts(**values: object) -> DiaryFacts:
    base: dict[str, object] = {
        "iro_emails": frozenset({"a@x.uk"}),
        "room_names": frozenset({"room 1"}),
        "births": {"C1": dt.date(2015, 1, 1), "C2": dt.date(2024, 1, 1)},
    }
    base.update(values)
    return DiaryFacts(**base)  # type: ignore[arg-type]


def test_references_must_be_known_to_the_diary_or_the_files() -> None:
    meetings = parsed(
        "meetings",
        MEETINGS_HEADER + "M1,cla-review,2026-12-01T10:00,2026-12-01T11:00,booked,b@x.uk,Room 9,C1;C7,\n",
    )
    problems = check_files({"meetings": meetings}, _facts())
    assert [(p.column, p.value) for p in problems] == [
        ("chair_email", "b@x.uk"),
        ("room", "Room 9"),
        ("case_refs", "C1;C7"),
    ]
    assert "unknown IRO email" in problems[0].reason and "C7" in problems[2].reason
    iros = parsed("iros", "name,email,fte,team\nBea,B@X.uk,1,mixed\n")
    rooms = parsed("rooms", "name,capacity\nroom 9,4\n")
    children = parsed("children", "case_ref,given_name,family_name,date_of_birth\nC7,Cy,Ng,2010-01-01\n")
    files = {"iros": iros, "rooms": rooms, "children": children, "meetings": meetings}
    assert check_files(files, _facts()) == []


def test_duplicate_keys_are_reported_on_the_later_row() -> None:
    iros = parsed("iros", "name,email,fte,team\nAnn,ann@x.uk,1,mixed\nAnn B,ANN@x.uk,1,mixed\n")
    (problem,) = check_files({"iros": iros}, _facts())
    assert (problem.row, problem.column) == (3, "email") and "row 2" in problem.reason


def test_overlapping_episodes_are_found_in_the_file_and_against_the_diary() -> None:
    text = "case_ref,start_date,end_date,legal_status\n" + (
        "C1,2020-01-01,2020-06-01,C2\nC1,2020-06-01,2021-01-01,C2\nC1,2020-12-01,,C2\nC2,2025-01-01,,V2\n"
    )
    episodes = parsed("care-episodes", text)
    kept = {"C2": [(dt.date(2024, 6, 1), None)], "C1": [(dt.date(2020, 1, 1), dt.date(2020, 2, 1))]}
    problems = check_files({"care-episodes": episodes}, _facts(episodes=kept))
    assert [(p.row, p.value) for p in problems] == [(4, "2020-12-01"), (5, "2025-01-01")]
    assert "(in this file)" in problems[0].reason and "(in the diary)" in problems[1].reason


def test_participation_pn0_is_for_a_child_under_four_only() -> None:
    text = MEETINGS_HEADER + (
        "M1,cla-review,2026-12-01T10:00,2026-12-01T11:00,held,a@x.uk,,C1;C2,C1:PN0;C2:PN1\n"
        "M2,cla-review,2026-12-02T10:00,2026-12-02T11:00,held,a@x.uk,,C1;C2,C1:PN1;C2:PN0\n"
    )
    problems = check_files({"meetings": parsed("meetings", text)}, _facts())
    assert [(p.row, p.value) for p in problems] == [(2, "C1:PN0"), (2, "C2:PN1")]


def test_a_chair_or_room_booked_twice_at_once_is_refused() -> None:
    text = MEETINGS_HEADER + (
        "M1,cla-review,2026-12-01T10:00,2026-12-01T11:30,booked,a@x.uk,Room 1,C1,\n"
        "M2,cla-review,2026-12-01T11:00,2026-12-01T12:00,cancelled,a@x.uk,Room 1,C1,\n"
        "M3,cla-review,2026-12-01T11:30,2026-12-01T12:00,booked,a@x.uk,room 1,C1,\n"
        "M4,cla-review,2026-12-02T09:00,2026-12-02T10:00,booked,a@x.uk,,C1,\n"
    )
    existing = [
        Booking("M-9", "a@x.uk", None, *(LOCAL_DATETIME.parse(t) for t in ("2026-12-02T09:30", "2026-12-02T11:00")))
    ]
    problems = check_files({"meetings": parsed("meetings", text)}, _facts(bookings=existing))
    assert [(p.row, p.column) for p in problems] == [(5, "chair_email")]
    assert "M-9" in problems[0].reason
