"""The report's qualitative section, counted from the diary: causes for concern (by theme, area, stage reached,
outcome and time to close), good practice by theme, and the live audit (by item, quarter, team and IRO).

A concern belongs to the period it was raised in; its stage and outcome are as they stood on the period's last
day, so a year's report says the same whenever it is run. The live audit counts the checklists of the children at
looked-after reviews and child protection conferences held in the period (see `domain.quality.audit`).
"""

from __future__ import annotations

import datetime as dt
import functools
import statistics
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from iro_diary.domain.codes import MeetingStatus
from iro_diary.domain.quality.audit import AnswerRecord, AuditFigures, AuditGroup, HeldChild, Tally
from iro_diary.domain.quality.codes import Answer, Outcome, Stage, WorkArea, audited
from iro_diary.domain.reports.cohorts import day_text
from iro_diary.domain.reports.model import (
    Breakdown,
    LaterMembers,
    Line,
    Member,
    Number,
    Subject,
    Unit,
    one_decimal,
    percentage,
)
from iro_diary.domain.reports.period import ReportPeriod
from iro_diary.domain.reports.profiles import breakdown
from iro_diary.domain.reports.quality_records import ConcernRecord, GoodPracticeRecord
from iro_diary.domain.reports.records import MeetingRecord

OPEN = "open"
ALL = "all"
# Working days from raising a concern to closing it: (key, label, fewest, most).
RESOLVE_BANDS = (
    ("within-5", "Within 5 working days", 0, 5),
    ("6-to-10", "6 to 10 working days", 6, 10),
    ("11-to-20", "11 to 20 working days", 11, 20),
    ("over-20", "More than 20 working days", 21, None),
)
NOT_CLOSED = "Not closed by the period's end"
ANSWERED = {True: "Checklist answered for a child", False: "Checklist not answered for a child"}


@dataclass(frozen=True)
class ConcernSummary:
    raised: int
    closed: int
    still_open: int
    beyond_informal: int
    median_working_days: float | None
    mean_working_days: float | None


@dataclass(frozen=True)
class QualitySection:
    """The qualitative section's numbers that are not a breakdown's lines."""

    concerns: ConcernSummary
    good_practice: int
    audit: AuditFigures


def raised_in(concerns: Iterable[ConcernRecord], period: ReportPeriod) -> list[ConcernRecord]:
    return sorted((c for c in concerns if period.contains(c.raised_on)), key=lambda c: (c.raised_on, c.ref))


def concern_member(concern: ConcernRecord) -> Member:
    return Member(concern.child_id, True, f"{concern.ref} raised {day_text(concern.raised_on)}: {concern.theme}")


def _shares(
    key: str,
    column: str,
    groups: Mapping[str, tuple[str, Sequence[Member]]],
    *,
    subject: Subject = Subject.CHILDREN,
) -> Breakdown:
    total = sum(len(members) for _label, members in groups.values())
    lines = [
        Line(code, label, (len(members), percentage(len(members), total)), tuple(members))
        for code, (label, members) in groups.items()
    ]
    return breakdown(key, subject, (column, "%"), (Unit.COUNT, Unit.PERCENT), lines)


def _by(
    records: Sequence[ConcernRecord], codes: Mapping[str, str], code_of: Callable[[ConcernRecord], str]
) -> dict[str, tuple[str, list[Member]]]:
    groups: dict[str, tuple[str, list[Member]]] = {code: (label, []) for code, label in codes.items()}
    for record in records:
        code = code_of(record)
        groups.setdefault(code, (code, []))[1].append(concern_member(record))
    return groups


def concern_breakdowns(
    concerns: Sequence[ConcernRecord], themes: Sequence[str], period: ReportPeriod
) -> tuple[Breakdown, ...]:
    """By theme (every theme of the service's list, then any retired one used), area, stage reached, outcome,
    and working days to close."""
    raised, end = raised_in(concerns, period), period.end
    outcomes = {o.value: o.label for o in Outcome} | {OPEN: "Still open at the period's end"}
    return (
        _shares("concerns_by_theme", "Raised", _by(raised, {t: t for t in themes}, lambda c: c.theme)),
        _shares(
            "concerns_by_area", "Raised", _by(raised, {a.value: a.label for a in WorkArea}, lambda c: c.area.value)
        ),
        _shares(
            "concerns_by_stage_reached",
            "Concerns",
            _by(raised, {s.value: s.label for s in Stage}, lambda c: c.stage_on(end).value),
        ),
        _shares(
            "concerns_by_outcome",
            "Concerns",
            _by(raised, outcomes, lambda c: c.outcome.value if c.outcome is not None and c.closed_by(end) else OPEN),
        ),
        _shares(
            "concerns_time_to_close",
            "Concerns",
            _by(raised, {k: label for k, label, _a, _b in RESOLVE_BANDS} | {OPEN: NOT_CLOSED}, lambda c: _band(c, end)),
        ),
    )


def _band(concern: ConcernRecord, end: dt.date) -> str:
    days = concern.working_days_to_resolve
    if not concern.closed_by(end) or days is None:
        return OPEN
    for key, _label, fewest, most in RESOLVE_BANDS:
        if days >= fewest and (most is None or days <= most):
            return key
    return OPEN


def concern_summary(concerns: Sequence[ConcernRecord], period: ReportPeriod) -> ConcernSummary:
    raised, end = raised_in(concerns, period), period.end
    closed = [c for c in raised if c.closed_by(end)]
    days = [c.working_days_to_resolve for c in closed if c.working_days_to_resolve is not None]
    return ConcernSummary(
        raised=len(raised),
        closed=len(closed),
        still_open=len(raised) - len(closed),
        beyond_informal=sum(1 for c in raised if c.stage_on(end) is not Stage.INFORMAL),
        median_working_days=float(statistics.median(days)) if days else None,
        mean_working_days=one_decimal(Decimal(sum(days)) / len(days)) if days else None,
    )


def good_practice_by_theme(
    records: Sequence[GoodPracticeRecord], themes: Sequence[str], period: ReportPeriod
) -> Breakdown:
    groups: dict[str, tuple[str, list[Member]]] = {t: (t, []) for t in themes}
    for record in sorted(records, key=lambda r: (r.recorded_on, r.ref)):
        if period.contains(record.recorded_on):
            detail = f"{record.ref} recorded {day_text(record.recorded_on)}"
            groups.setdefault(record.theme, (record.theme, []))[1].append(Member(record.child_id, True, detail))
    return _shares("good_practice_by_theme", "Recorded", groups)


# -- the live audit -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AuditMembers:
    """What the live audit's figures are behind: the period's children at held reviews and conferences (each as
    their meeting, counted when answered) and the yes and no answers (counted when yes). Made only when a
    drill-down asks: the numbers are the figures' own."""

    held: list[HeldChild]
    checklists: Sequence[Member]
    by_item: dict[int, Sequence[Member]]
    answers: Sequence[Member]
    answered: Callable[[HeldChild], bool]


def held_children(meetings: Iterable[MeetingRecord], teams: Mapping[int, str]) -> list[HeldChild]:
    """The children at held reviews and conferences (the report has read the period's meetings already)."""
    return [
        HeldChild(m.meeting_id, child, m.day, m.chair_id, teams.get(m.chair_id) if m.chair_id is not None else None)
        for m in meetings
        if m.status is MeetingStatus.HELD and audited(m.kind)
        for child in m.child_ids
    ]


def audit_members(figures: AuditFigures, held: Iterable[HeldChild], answers: Sequence[AnswerRecord]) -> AuditMembers:
    first, last = figures.period.start, figures.period.end
    in_period = [h for h in held if first <= h.day <= last]
    expected = {(h.meeting_id, h.child_id) for h in in_period}
    labels = {i.item_id: i.label for i in figures.items}
    answered_pairs: set[tuple[int, int]] = set()
    made_pairs = False

    def answered(h: HeldChild) -> bool:
        nonlocal made_pairs
        if not made_pairs:
            answered_pairs.update(p for a in answers if (p := (a.meeting_id, a.child_id)) in expected)
            made_pairs = True
        return (h.meeting_id, h.child_id) in answered_pairs

    def answer_members(item_id: int | None) -> Iterator[Member]:
        for a in answers:
            if a.answer is Answer.NOT_APPLICABLE or (item_id is not None and a.item_id != item_id):
                continue
            if (a.meeting_id, a.child_id) in expected:
                label = labels.get(a.item_id, a.item_id)
                yield Member(a.meeting_id, a.answer is Answer.YES, f"{label}: {a.answer.label}")

    def later(found: Tally, item_id: int | None) -> LaterMembers:
        return LaterMembers(found.yes + found.no, found.yes, lambda: answer_members(item_id))

    overall = figures.overall
    by_item: dict[int, Sequence[Member]] = {
        item_id: later(found, item_id) for item_id, found in overall.by_item.items()
    }

    def checklist_members() -> Iterator[Member]:
        for h in in_period:
            done = answered(h)
            yield Member(h.meeting_id, done, ANSWERED[done])

    checklists = LaterMembers(len(in_period), overall.completed, checklist_members)
    return AuditMembers(in_period, checklists, by_item, later(overall.overall, None), answered)


def audit_breakdowns(figures: AuditFigures, members: AuditMembers) -> tuple[Breakdown, ...]:
    return (
        _by_item(figures, members),
        _by_quarter(figures),
        _by_group("live_audit_by_team", figures.teams, members, lambda h: h.team),
        _by_group("live_audit_by_iro", figures.iros, members, lambda h: h.chair_id),
    )


def _tally_values(found: Tally) -> tuple[Number, ...]:
    return (found.yes, found.no, found.not_applicable, found.yes_pct)


def _by_item(figures: AuditFigures, members: AuditMembers) -> Breakdown:
    overall = figures.overall
    lines = [
        Line(i.code, i.label, _tally_values(overall.item(i.item_id)), members.by_item.get(i.item_id, ()))
        for i in figures.items
    ]
    lines.append(Line(ALL, "All items", _tally_values(overall.overall), members.answers))
    return breakdown(
        "live_audit_by_item",
        Subject.MEETINGS,
        ("Yes", "No", "Not applicable", "% yes"),
        (Unit.COUNT, Unit.COUNT, Unit.COUNT, Unit.PERCENT),
        lines,
    )


def _by_quarter(figures: AuditFigures) -> Breakdown:
    quarters = figures.quarters

    lines = [Line(i.code, i.label, tuple(q.item(i.item_id).yes_pct for q in quarters)) for i in figures.items]
    lines.append(Line(ALL, "All items", tuple(q.overall.yes_pct for q in quarters)))
    lines.append(Line("completed", "Checklists completed (%)", tuple(q.completed_pct for q in quarters)))
    columns = tuple(q.label for q in quarters)
    return breakdown("live_audit_by_quarter", Subject.MEETINGS, columns, tuple(Unit.PERCENT for _ in quarters), lines)


def _by_group(
    key: str, groups: Sequence[AuditGroup], members: AuditMembers, group_of: Callable[[HeldChild], object]
) -> Breakdown:
    """Each group's children at meetings (a member each, counted when their checklist was answered)."""

    def of_group(wanted: str) -> Iterator[Member]:
        for held in members.held:
            if _group_key(group_of(held)) == wanted:
                done = members.answered(held)
                yield Member(held.meeting_id, done, ANSWERED[done])

    lines = [
        Line(
            g.key,
            g.label,
            (g.expected, g.completed, g.completed_pct, g.overall.yes_pct),
            LaterMembers(g.expected, g.completed, functools.partial(of_group, g.key)),
        )
        for g in groups
    ]
    return breakdown(
        key,
        Subject.MEETINGS,
        ("Children at meetings", "Checklists completed", "Completed %", "% yes"),
        (Unit.COUNT, Unit.COUNT, Unit.PERCENT, Unit.PERCENT),
        lines,
    )


def _group_key(value: object) -> str:
    """How `domain.quality.audit` keys a team or an IRO ('none' when the meeting had no chair)."""
    return "none" if value in (None, "") else str(value)
