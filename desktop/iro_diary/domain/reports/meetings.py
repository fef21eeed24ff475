"""Figures about meetings: held by kind, within timescale, participation, per IRO, cancellations, late dates."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from iro_diary.domain.codes import PARTICIPATION_LABELS, VIEWS_CONVEYED_CODES, MeetingKind, MeetingStatus
from iro_diary.domain.outcomes import UNDER_FOUR_AGE
from iro_diary.domain.reports.cohorts import day_text
from iro_diary.domain.reports.model import (
    Breakdown,
    LaterMembers,
    Line,
    Member,
    Number,
    Subject,
    Unit,
    later_members,
    one_decimal,
    percentage,
)
from iro_diary.domain.reports.period import ReportPeriod
from iro_diary.domain.reports.profiles import breakdown
from iro_diary.domain.reports.records import Attendance, ChildRecord, IroRecord, MeetingRecord, Timeliness

NO_REASON = "No reason recorded"
NO_CHAIR = "No chair recorded"
NOT_RECORDED = "not-recorded"
VIEWS_AGE = UNDER_FOUR_AGE  # children 4 or over: their views are conveyed or not (PN1–PN7)


@dataclass(frozen=True, slots=True)
class HeldOnTime:
    """One held meeting against the earliest due date of the children (or household) it answered for."""

    meeting: MeetingRecord
    due: dt.date

    @property
    def in_timescale(self) -> bool:
        return self.meeting.day <= self.due

    @property
    def member(self) -> Member:
        meeting = self.meeting
        detail = f"{meeting.ref} held {day_text(meeting.day)}, due by {day_text(self.due)}"
        return Member(meeting.meeting_id, self.in_timescale, detail)


def timed_members(timed: Sequence[HeldOnTime]) -> LaterMembers:
    """Held meetings against their due dates, counted when in timescale."""
    return later_members(timed, _member_of, _in_timescale)


def _member_of(timed: HeldOnTime) -> Member:
    return timed.member


def _in_timescale(timed: HeldOnTime) -> bool:
    return timed.in_timescale


def meeting_members(meetings: Sequence[MeetingRecord]) -> LaterMembers:
    return later_members(meetings, meeting_member)


def held_in(meetings: Iterable[MeetingRecord], period: ReportPeriod, status: MeetingStatus) -> list[MeetingRecord]:
    first, last = period.start, period.end
    return sorted((m for m in meetings if m.status is status and first <= m.day <= last), key=lambda m: (m.day, m.ref))


def meeting_member(meeting: MeetingRecord) -> Member:
    return Member(meeting.meeting_id, True, f"{meeting.kind.label}, {day_text(meeting.day)}")


def on_time(held: Sequence[MeetingRecord], rows: Iterable[Timeliness]) -> list[HeldOnTime]:
    """Each held meeting that answered a timescale, once, against its children's earliest due date."""
    earliest: dict[int, dt.date] = {}
    for row in rows:
        due = earliest.get(row.meeting_id)
        earliest[row.meeting_id] = row.due if due is None else min(due, row.due)
    return [HeldOnTime(meeting, due) for meeting in held if (due := earliest.get(meeting.meeting_id)) is not None]


def by_kind(held: Sequence[MeetingRecord]) -> Breakdown:
    groups: dict[MeetingKind, list[MeetingRecord]] = {kind: [] for kind in MeetingKind}
    for meeting in held:
        groups[meeting.kind].append(meeting)
    lines = [Line(kind.value, kind.label, (len(found),), meeting_members(found)) for kind, found in groups.items()]
    return breakdown("meetings_held_by_kind", Subject.MEETINGS, ("Meetings held",), (Unit.COUNT,), lines)


def timeliness_by_kind(timed: Sequence[HeldOnTime]) -> Breakdown:
    groups: dict[MeetingKind, list[HeldOnTime]] = defaultdict(list)
    for item in timed:
        groups[item.meeting.kind].append(item)
    lines = []
    for kind in MeetingKind:
        if kind in groups:
            found = timed_members(groups[kind])
            within = found.counted
            lines.append(Line(kind.value, kind.label, (len(found), within, percentage(within, len(found))), found))
    return breakdown(
        "within_timescale_by_kind",
        Subject.MEETINGS,
        ("Held", "Within timescale", "%"),
        (Unit.COUNT, Unit.COUNT, Unit.PERCENT),
        lines,
    )


def views_conveyed(
    held: Sequence[MeetingRecord], attendances: Iterable[Attendance], children: Mapping[int, ChildRecord]
) -> tuple[Sequence[Member], Breakdown]:
    """Children aged 4 or over at each looked-after review (counted when PN1–PN6), and every child by code."""
    reviews = {m.meeting_id: m for m in held if m.kind is MeetingKind.CLA_REVIEW}
    aged: list[_Attended] = []
    codes: dict[str, list[_Attended]] = {code: [] for code in (*PARTICIPATION_LABELS, NOT_RECORDED)}
    for attendance in attendances:
        review = reviews.get(attendance.meeting_id)
        if review is None:
            continue
        code = attendance.participation or NOT_RECORDED
        attended = (attendance.child_id, review, code)
        codes.setdefault(code, []).append(attended)
        child = children.get(attendance.child_id)
        age = child.age_on(review.day) if child is not None else None
        if age is not None and age >= VIEWS_AGE:
            aged.append(attended)
    labels = {**PARTICIPATION_LABELS, NOT_RECORDED: "No code recorded"}
    total = sum(len(found) for found in codes.values())
    lines = [
        Line(
            code,
            f"{code}: {labels[code]}" if code in PARTICIPATION_LABELS else labels.get(code, code),
            (len(found), percentage(len(found), total)),
            later_members(found, _attended_member),
        )
        for code, found in codes.items()
    ]
    table = breakdown("participation_by_code", Subject.CHILDREN, ("Children", "%"), (Unit.COUNT, Unit.PERCENT), lines)
    return later_members(aged, _views_member, lambda item: item[2] in VIEWS_CONVEYED_CODES), table


_Attended = tuple[int, MeetingRecord, str]  # (child id, the review, the participation code or NOT_RECORDED)


def _attended_member(attended: _Attended) -> Member:
    child_id, review, code = attended
    return Member(child_id, True, f"{review.ref} on {day_text(review.day)}: {code}")


def _views_member(attended: _Attended) -> Member:
    member = _attended_member(attended)
    return Member(member.id, attended[2] in VIEWS_CONVEYED_CODES, member.detail)


def per_iro(held: Sequence[MeetingRecord], iros: Mapping[int, IroRecord]) -> Breakdown:
    groups: dict[int | None, list[MeetingRecord]] = defaultdict(list)
    for meeting in held:
        groups[meeting.chair_id].append(meeting)
    lines = []
    for iro in sorted(iros.values(), key=lambda i: (i.name.casefold(), i.iro_id)):
        found = groups.pop(iro.iro_id, [])
        if found:
            per_fte: Number = one_decimal(len(found) / Decimal(str(iro.fte))) if iro.fte > 0 else None
            lines.append(Line(str(iro.iro_id), iro.name, (len(found), iro.fte, per_fte), meeting_members(found)))
    leftover = [m for found in groups.values() for m in found]
    if leftover:
        lines.append(Line("none", NO_CHAIR, (len(leftover), None, None), meeting_members(leftover)))
    return breakdown(
        "meetings_per_iro",
        Subject.MEETINGS,
        ("Meetings held", "FTE", "Per FTE"),
        (Unit.COUNT, Unit.NUMBER, Unit.NUMBER),
        lines,
    )


def by_reason(key: str, meetings: Iterable[tuple[MeetingRecord, str | None]]) -> Breakdown:
    """Meetings grouped by a recorded reason, the commonest first."""
    groups: dict[str, list[MeetingRecord]] = defaultdict(list)
    for meeting, reason in meetings:
        groups[(reason or "").strip() or NO_REASON].append(meeting)
    ordered = sorted(groups.items(), key=lambda item: (-len(item[1]), item[0].casefold()))
    lines = [Line(reason, reason, (len(found),), meeting_members(found)) for reason, found in ordered]
    return breakdown(key, Subject.MEETINGS, ("Meetings",), (Unit.COUNT,), lines)
