"""Figures about meetings: held by kind, within timescale, participation, per IRO, cancellations, late dates."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from iro_diary.domain.codes import PARTICIPATION_LABELS, VIEWS_CONVEYED_CODES, MeetingKind, MeetingStatus
from iro_diary.domain.reports.cohorts import day_text
from iro_diary.domain.reports.model import Breakdown, Line, Member, Number, Subject, Unit, percentage
from iro_diary.domain.reports.period import ReportPeriod
from iro_diary.domain.reports.profiles import breakdown
from iro_diary.domain.reports.records import Attendance, ChildRecord, IroRecord, MeetingRecord, Timeliness

NO_REASON = "No reason recorded"
NO_CHAIR = "No chair recorded"
NOT_RECORDED = "not-recorded"
VIEWS_AGE = 4  # SSDA903: PN0 is for children under 4 on the review date


@dataclass(frozen=True, slots=True)
class HeldOnTime:
    """One held meeting against the earliest due date of the children (or household) it answered for."""

    meeting: MeetingRecord
    due: dt.date
    member: Member

    @property
    def in_timescale(self) -> bool:
        return self.member.counted


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
    found = []
    for meeting in held:
        due = earliest.get(meeting.meeting_id)
        if due is not None:
            detail = f"{meeting.ref} held {day_text(meeting.day)}, due by {day_text(due)}"
            found.append(HeldOnTime(meeting, due, Member(meeting.meeting_id, meeting.day <= due, detail)))
    return found


def by_kind(held: Sequence[MeetingRecord], members: Mapping[int, Member]) -> Breakdown:
    groups: dict[MeetingKind, list[Member]] = {kind: [] for kind in MeetingKind}
    for meeting in held:
        groups[meeting.kind].append(members[meeting.meeting_id])
    lines = [Line(kind.value, kind.label, (len(found),), tuple(found)) for kind, found in groups.items()]
    return breakdown("meetings_held_by_kind", Subject.MEETINGS, ("Meetings held",), (Unit.COUNT,), lines)


def timeliness_by_kind(timed: Sequence[HeldOnTime]) -> Breakdown:
    groups: dict[MeetingKind, list[Member]] = defaultdict(list)
    for item in timed:
        groups[item.meeting.kind].append(item.member)
    lines = []
    for kind in MeetingKind:
        if kind in groups:
            found = groups[kind]
            within = sum(1 for m in found if m.counted)
            lines.append(
                Line(kind.value, kind.label, (len(found), within, percentage(within, len(found))), tuple(found))
            )
    return breakdown(
        "within_timescale_by_kind",
        Subject.MEETINGS,
        ("Held", "Within timescale", "%"),
        (Unit.COUNT, Unit.COUNT, Unit.PERCENT),
        lines,
    )


def views_conveyed(
    held: Sequence[MeetingRecord], attendances: Iterable[Attendance], children: Mapping[int, ChildRecord]
) -> tuple[list[Member], Breakdown]:
    """Children aged 4 or over at each looked-after review (counted when PN1–PN6), and every child by code."""
    reviews = {m.meeting_id: m for m in held if m.kind is MeetingKind.CLA_REVIEW}
    aged: list[Member] = []
    codes: dict[str, list[Member]] = {code: [] for code in (*PARTICIPATION_LABELS, NOT_RECORDED)}
    for attendance in attendances:
        review = reviews.get(attendance.meeting_id)
        if review is None:
            continue
        code = attendance.participation or NOT_RECORDED
        member = Member(attendance.child_id, True, f"{review.ref} on {day_text(review.day)}: {code}")
        codes.setdefault(code, []).append(member)
        child = children.get(attendance.child_id)
        age = child.age_on(review.day) if child is not None else None
        if age is not None and age >= VIEWS_AGE:
            aged.append(Member(attendance.child_id, code in VIEWS_CONVEYED_CODES, member.detail))
    labels = {**PARTICIPATION_LABELS, NOT_RECORDED: "No code recorded"}
    total = sum(len(found) for found in codes.values())
    lines = [
        Line(
            code,
            f"{code}: {labels[code]}" if code in PARTICIPATION_LABELS else labels.get(code, code),
            (len(found), percentage(len(found), total)),
            tuple(found),
        )
        for code, found in codes.items()
    ]
    table = breakdown("participation_by_code", Subject.CHILDREN, ("Children", "%"), (Unit.COUNT, Unit.PERCENT), lines)
    return aged, table


def per_iro(held: Sequence[MeetingRecord], members: Mapping[int, Member], iros: Mapping[int, IroRecord]) -> Breakdown:
    groups: dict[int | None, list[Member]] = defaultdict(list)
    for meeting in held:
        groups[meeting.chair_id].append(members[meeting.meeting_id])
    lines = []
    for iro in sorted(iros.values(), key=lambda i: (i.name.casefold(), i.iro_id)):
        found = groups.pop(iro.iro_id, [])
        if found:
            per_fte: Number = round(len(found) / iro.fte, 1) if iro.fte > 0 else None
            lines.append(Line(str(iro.iro_id), iro.name, (len(found), iro.fte, per_fte), tuple(found)))
    leftover = [m for found in groups.values() for m in found]
    if leftover:
        lines.append(Line("none", NO_CHAIR, (len(leftover), None, None), tuple(leftover)))
    return breakdown(
        "meetings_per_iro",
        Subject.MEETINGS,
        ("Meetings held", "FTE", "Per FTE"),
        (Unit.COUNT, Unit.NUMBER, Unit.NUMBER),
        lines,
    )


def by_reason(key: str, meetings: Iterable[tuple[MeetingRecord, str | None]]) -> Breakdown:
    """Meetings grouped by a recorded reason, the commonest first."""
    groups: dict[str, list[Member]] = defaultdict(list)
    for meeting, reason in meetings:
        groups[(reason or "").strip() or NO_REASON].append(meeting_member(meeting))
    ordered = sorted(groups.items(), key=lambda item: (-len(item[1]), item[0].casefold()))
    lines = [Line(reason, reason, (len(found),), tuple(found)) for reason, found in ordered]
    return breakdown(key, Subject.MEETINGS, ("Meetings",), (Unit.COUNT,), lines)
