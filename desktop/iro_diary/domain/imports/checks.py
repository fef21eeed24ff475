"""Checks across rows and files, against what the diary already holds: duplicates, unknown references,
overlapping episodes or plans, double-booked chairs and rooms, and the participation code's age rule.

A value in a file wins over the diary's: a child whose date of birth the children file corrects is checked
with the corrected date, and a meeting the meetings file moves is checked at its new time.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from iro_diary.domain.codes import MeetingStatus
from iro_diary.domain.imports.fields import LONDON
from iro_diary.domain.imports.parsing import ParsedFile, ParsedRow
from iro_diary.domain.imports.problems import Problem
from iro_diary.domain.imports.templates import Template
from iro_diary.domain.outcomes import UNDER_FOUR_CODE, is_under_four

Span = tuple[dt.date, dt.date | None]


@dataclass(frozen=True, slots=True)
class Booking:
    """A meeting that takes up its chair's and room's time (emails and room names case-folded)."""

    ref: str
    chair: str | None
    room: str | None
    start: dt.datetime
    end: dt.datetime


@dataclass(frozen=True)
class DiaryFacts:
    """What the diary holds before the import (emails and room names case-folded)."""

    iro_emails: frozenset[str] = frozenset()
    room_names: frozenset[str] = frozenset()
    births: Mapping[str, dt.date | None] = field(default_factory=dict)
    episodes: Mapping[str, Sequence[Span]] = field(default_factory=dict)
    plans: Mapping[str, Sequence[Span]] = field(default_factory=dict)
    bookings: Sequence[Booking] = ()


def key_text(kind: str, value: str) -> str:
    """How a key is compared: emails and room names without regard to case, references exactly."""
    return value.casefold() if kind in ("iros", "rooms") else value


def row_key(template: Template, values: Mapping[str, object]) -> tuple[object, ...]:
    """A row's key as compared: a file row and a diary record with equal keys are the same record."""
    return tuple(key_text(template.kind, v) if isinstance(v, str) else v for v in template.key_of(dict(values)))


def check_files(files: Mapping[str, ParsedFile], facts: DiaryFacts) -> list[Problem]:
    """Every problem that needs more than one row to see. `files` is by template kind."""
    problems = [p for parsed in files.values() for p in duplicates(parsed)]
    iros = facts.iro_emails | {e.casefold() for e in _keys(files.get("iros"), "email")}
    rooms = facts.room_names | {name.casefold() for name in _keys(files.get("rooms"), "name")}
    births = dict(facts.births)
    if "children" in files:
        births.update(dict.fromkeys(files["children"].refused_keys))
        births.update(_births(files["children"]))
    if "children" in files:
        problems += unknown(files["children"], "allocated_iro_email", iros, "IRO email", "iros.csv")
    for kind, known_spans in (("care-episodes", facts.episodes), ("protection-plans", facts.plans)):
        if kind in files:
            problems += unknown(files[kind], "case_ref", births.keys(), "case reference", "children.csv")
            problems += overlaps(files[kind], known_spans)
    if "meetings" in files:
        meetings = files["meetings"]
        problems += unknown(meetings, "chair_email", iros, "IRO email", "iros.csv")
        problems += unknown(meetings, "room", rooms, "room", "rooms.csv", fold=True)
        problems += unknown_children(meetings, births.keys())
        problems += participation_ages(meetings, births)
        problems += double_bookings(meetings, facts.bookings)
    return problems


def _keys(parsed: ParsedFile | None, column: str) -> frozenset[str]:
    """The keys a file gives, refused rows' included (their own problem is reported; not every reference)."""
    if parsed is None:
        return frozenset()
    return frozenset(row.values[column] for row in parsed.rows) | parsed.refused_keys


def _births(parsed: ParsedFile) -> dict[str, dt.date | None]:
    if "date_of_birth" not in parsed.columns:
        return dict.fromkeys((row.values["case_ref"] for row in parsed.rows), None)
    return {row.values["case_ref"]: row.values["date_of_birth"] for row in parsed.rows}


def duplicates(parsed: ParsedFile) -> list[Problem]:
    """A second row with the same key as an earlier one."""
    template = parsed.template
    first: dict[tuple[object, ...], int] = {}
    problems = []
    for row in parsed.rows:
        key = row_key(template, row.values)
        if key in first:
            shown = " ".join(_text(part) for part in key)
            reason = f"duplicate: row {first[key]} has the same {' and '.join(template.key)}"
            problems.append(Problem(parsed.label, row.row, template.key[0], shown, reason))
        else:
            first[key] = row.row
    return problems


def _text(value: object) -> str:
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def unknown(
    parsed: ParsedFile, column: str, known: Iterable[str], what: str, source: str, *, fold: bool = False
) -> list[Problem]:
    """Rows referring to something neither the diary nor the file it comes from holds."""
    if column not in parsed.columns:
        return []
    known_set = set(known)
    problems = []
    for row in parsed.rows:
        value = row.values[column]
        if value is not None and (value.casefold() if fold else value) not in known_set:
            reason = f"unknown {what}: not in the diary nor in {source}"
            problems.append(Problem(parsed.label, row.row, column, value, reason))
    return problems


def unknown_children(parsed: ParsedFile, known: Iterable[str]) -> list[Problem]:
    known_set = set(known)
    problems = []
    for row in parsed.rows:
        strangers = [ref for ref in row.values["case_refs"] if ref not in known_set]
        if strangers:
            reason = f"unknown case reference {', '.join(strangers)}: not in the diary nor in children.csv"
            problems.append(Problem(parsed.label, row.row, "case_refs", ";".join(row.values["case_refs"]), reason))
    return problems


def overlaps(parsed: ParsedFile, known: Mapping[str, Sequence[Span]]) -> list[Problem]:
    """An episode (or plan) overlapping another of the same child's, in the file or kept in the diary.

    Spans touch without overlapping when one ends on the day the next starts (SSDA903 records a change of legal
    status that way). The diary's own spans with the same start date are the ones the file replaces.
    """
    by_child: dict[str, list[tuple[dt.date, dt.date | None, ParsedRow | None]]] = defaultdict(list)
    for row in parsed.rows:
        by_child[row.values["case_ref"]].append((row.values["start_date"], row.values.get("end_date"), row))
    problems = []
    for case_ref, spans in by_child.items():
        starts = {start for start, _end, _row in spans}
        spans += [(start, end, None) for start, end in known.get(case_ref, ()) if start not in starts]
        spans.sort(key=lambda span: (span[0], span[2] is not None))
        problems += _overlapping(parsed.label, spans)
    return problems


def _overlapping(label: str, spans: list[tuple[dt.date, dt.date | None, ParsedRow | None]]) -> list[Problem]:
    problems = []
    latest = spans[0]
    for span in spans[1:]:
        start, end, row = span
        latest_start, latest_end, latest_row = latest
        if start != latest_start and (latest_end is None or latest_end > start):
            culprit, other = (row, latest_start) if row is not None else (latest_row, start)
            if culprit is not None:
                where = "in this file" if row is not None and latest_row is not None else "in the diary"
                reason = f"overlaps the same child's period starting {other.isoformat()} ({where})"
                value = culprit.values["start_date"].isoformat()
                problems.append(Problem(label, culprit.row, "start_date", value, reason))
        if latest_end is not None and (end is None or end > latest_end):
            latest = span
    return problems


def participation_ages(parsed: ParsedFile, births: Mapping[str, dt.date | None]) -> list[Problem]:
    """SSDA903 rules 440/441: PN0 is for a child under 4 on the day of the review, and only for them."""
    problems = []
    for row in parsed.rows:
        day = row.values["start"].astimezone(LONDON).date()
        for ref, code in (row.values.get("participation") or {}).items():
            born = births.get(ref)
            if born is None:
                continue
            under_four = is_under_four(born, day)
            if under_four != (code == UNDER_FOUR_CODE):
                age = "under 4" if under_four else "4 or older"
                reason = f"{ref} is {age} on the day of the meeting: PN0 is for, and only for, a child under 4"
                problems.append(Problem(parsed.label, row.row, "participation", f"{ref}:{code}", reason))
    return problems


def double_bookings(parsed: ParsedFile, existing: Sequence[Booking]) -> list[Problem]:
    """A chair or room booked for two meetings at once (cancelled meetings take up no time)."""
    rows_by_ref = {row.values["meeting_ref"]: row for row in parsed.rows}
    bookings = [b for b in existing if b.ref not in rows_by_ref]
    bookings += [_booking(row) for row in parsed.rows if row.values["status"] != MeetingStatus.CANCELLED.value]
    problems = []
    for what, side in (("chair", "chair"), ("room", "room")):
        groups: dict[str, list[Booking]] = defaultdict(list)
        for booking in bookings:
            holder = getattr(booking, side)
            if holder is not None:
                groups[holder].append(booking)
        for group in groups.values():
            problems += _clashes(parsed.label, what, group, rows_by_ref)
    return problems


def _booking(row: ParsedRow) -> Booking:
    values = row.values
    room = values.get("room")
    folded = room.casefold() if room else None
    return Booking(values["meeting_ref"], values.get("chair_email"), folded, values["start"], values["end"])


def _clashes(label: str, what: str, group: list[Booking], rows: Mapping[str, ParsedRow]) -> list[Problem]:
    group.sort(key=lambda b: (b.start, b.ref not in rows))
    problems = []
    latest = group[0]
    for booking in group[1:]:
        if booking.start < latest.end:
            culprit, other = (booking, latest) if booking.ref in rows else (latest, booking)
            if culprit.ref in rows:
                when = other.start.astimezone(LONDON).strftime("%d/%m/%Y %H:%M")
                reason = f"the {what} is already booked then, for meeting {other.ref} at {when}"
                column = "chair_email" if what == "chair" else "room"
                row = rows[culprit.ref]
                problems.append(Problem(label, row.row, column, str(row.values.get(column) or ""), reason))
        if booking.end > latest.end:
            latest = booking
    return problems
