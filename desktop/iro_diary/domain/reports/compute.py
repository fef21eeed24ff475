"""From the facts of a period to its report: every headline figure and breakdown, with what is behind each."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from iro_diary.domain.codes import MeetingKind, MeetingStatus
from iro_diary.domain.quality.audit import audit_figures
from iro_diary.domain.reports import cohorts, meetings, profiles, quality
from iro_diary.domain.reports.definitions import COMPARABLE, FIGURES
from iro_diary.domain.reports.model import (
    Breakdown,
    Figure,
    LaterMembers,
    Member,
    Report,
    Subject,
    Unit,
    counted,
    percentage,
    rate_per_10000,
)
from iro_diary.domain.reports.records import EpisodeRecord, MeetingRecord, PlanRecord, ReportFacts

MEASURE_OF = {figure: measure for measure, figure in COMPARABLE.items()}
CONFERENCE_KINDS = frozenset(kind for kind in MeetingKind if kind.is_conference)
REVIEW_KINDS = CONFERENCE_KINDS | {MeetingKind.CLA_REVIEW}


def _figure(key: str, value: int | float | None, unit: Unit, subject: Subject, members: Sequence[Member]) -> Figure:
    label, definition = FIGURES[key]
    kept = members if isinstance(members, LaterMembers) else tuple(members)
    return Figure(key, label, value, unit, definition, subject, kept, MEASURE_OF.get(key))


def count(key: str, subject: Subject, members: Sequence[Member]) -> Figure:
    return _figure(key, len(members), Unit.COUNT, subject, members)


def share(key: str, subject: Subject, members: Sequence[Member]) -> Figure:
    """A percentage: the counted members of all of them."""
    return _figure(key, percentage(counted(members), len(members)), Unit.PERCENT, subject, members)


def rate(key: str, members: Sequence[Member], population: int) -> Figure:
    return _figure(key, rate_per_10000(len(members), population), Unit.RATE, Subject.CHILDREN, members)


@dataclass(frozen=True)
class _Worked:
    """What several figures of a period share, worked out once."""

    held: list[MeetingRecord]
    cancelled: list[MeetingRecord]
    timed_all: list[meetings.HeldOnTime]
    timed: list[meetings.HeldOnTime]
    in_care: dict[int, EpisodeRecord]
    on_plan: dict[int, PlanRecord]
    aged: Sequence[Member]
    participation: Breakdown


def _work(facts: ReportFacts) -> _Worked:
    period = facts.period
    held = meetings.held_in(facts.meetings, period, MeetingStatus.HELD)
    timed_all = meetings.on_time(held, facts.timeliness)
    aged, participation = meetings.views_conveyed(held, facts.attendances, facts.children)
    return _Worked(
        held=held,
        cancelled=meetings.held_in(facts.meetings, period, MeetingStatus.CANCELLED),
        timed_all=timed_all,
        timed=[t for t in timed_all if t.meeting.kind in REVIEW_KINDS],
        in_care=cohorts.in_care_on(facts.episodes, period.end),
        on_plan=cohorts.on_plan_on(facts.plans, period.end),
        aged=aged,
        participation=participation,
    )


def compute_report(facts: ReportFacts) -> Report:
    """The report of `facts.period` (see `definitions` for what each figure means)."""
    worked = _work(facts)
    section, audited = _quality_section(facts)
    found = {
        f.key: f
        for f in (*_meeting_figures(worked), *_children_figures(facts, worked), *_quality_figures(facts, audited))
    }
    return Report(
        period=facts.period,
        organisation=facts.organisation,
        population=facts.population,
        figures=tuple(found[key] for key in FIGURES),
        breakdowns=(*_breakdowns(facts, worked), *_quality_breakdowns(facts, section, audited)),
        comparators=dict(facts.comparators),
        children=facts.children,
        meetings={m.meeting_id: m for m in facts.meetings},
        iros=facts.iros,
        quality=section,
    )


def _quality_section(facts: ReportFacts) -> tuple[quality.QualitySection, quality.AuditMembers]:
    names = {iro_id: iro.name for iro_id, iro in facts.iros.items()}
    audit = audit_figures(facts.period, facts.audit_items, facts.audit_held, facts.audit_answers, names)
    recorded = sum(1 for r in facts.good_practice if facts.period.contains(r.recorded_on))
    section = quality.QualitySection(quality.concern_summary(facts.concerns, facts.period), recorded, audit)
    return section, quality.audit_members(audit, facts.audit_held, facts.audit_answers)


def _quality_figures(facts: ReportFacts, members: quality.AuditMembers) -> list[Figure]:
    period, end = facts.period, facts.period.end
    raised = quality.raised_in(facts.concerns, period)
    closed = [Member(c.child_id, c.closed_by(end), f"{c.ref}: {c.theme}") for c in raised]
    recorded = [
        Member(r.child_id, True, f"{r.ref}: {r.theme}") for r in facts.good_practice if period.contains(r.recorded_on)
    ]
    return [
        count("causes_for_concern_raised", Subject.CHILDREN, [quality.concern_member(c) for c in raised]),
        share("causes_for_concern_closed_pct", Subject.CHILDREN, closed),
        count("good_practice_recorded", Subject.CHILDREN, recorded),
        share("live_audit_completed_pct", Subject.MEETINGS, members.checklists),
        share("live_audit_yes_pct", Subject.MEETINGS, members.answers),
    ]


def _quality_breakdowns(
    facts: ReportFacts, section: quality.QualitySection, members: quality.AuditMembers
) -> tuple[Breakdown, ...]:
    return (
        *quality.concern_breakdowns(facts.concerns, facts.concern_themes, facts.period),
        quality.good_practice_by_theme(facts.good_practice, facts.good_practice_themes, facts.period),
        *quality.audit_breakdowns(section.audit, members),
    )


def _meeting_figures(w: _Worked) -> list[Figure]:
    timed = w.timed
    return [
        count("meetings_held_total", Subject.MEETINGS, meetings.meeting_members(w.held)),
        count("looked_after_reviews_held", Subject.MEETINGS, _of_kinds(w.held, {MeetingKind.CLA_REVIEW})),
        count("child_protection_conferences_held", Subject.MEETINGS, _of_kinds(w.held, CONFERENCE_KINDS)),
        share("reviews_within_timescale_pct", Subject.MEETINGS, meetings.timed_members(timed)),
        share(
            "looked_after_reviews_within_timescale_pct",
            Subject.MEETINGS,
            meetings.timed_members([t for t in timed if t.meeting.kind is MeetingKind.CLA_REVIEW]),
        ),
        share(
            "child_protection_conferences_within_timescale_pct",
            Subject.MEETINGS,
            meetings.timed_members([t for t in timed if t.meeting.kind in CONFERENCE_KINDS]),
        ),
        share("participation_pct", Subject.CHILDREN, w.aged),
        count("meetings_cancelled", Subject.MEETINGS, meetings.meeting_members(w.cancelled)),
    ]


def _children_figures(facts: ReportFacts, w: _Worked) -> list[Figure]:
    period = facts.period
    year_before = period.end_years_earlier(1)
    care_members, plan_members = cohorts.care_members(w.in_care), cohorts.plan_members(w.on_plan)
    return [
        count("children_on_plan_at_year_end", Subject.CHILDREN, plan_members),
        rate("cp_rate_per_10000", plan_members, facts.population),
        count(
            "children_on_plan_at_previous_year_end",
            Subject.CHILDREN,
            cohorts.plan_members(cohorts.on_plan_on(facts.plans, year_before)),
        ),
        count("children_in_care_at_year_end", Subject.CHILDREN, care_members),
        rate("cic_rate_per_10000", care_members, facts.population),
        count(
            "children_in_care_at_previous_year_end",
            Subject.CHILDREN,
            cohorts.care_members(cohorts.in_care_on(facts.episodes, year_before)),
        ),
        count("children_in_care_during_period", Subject.CHILDREN, cohorts.in_care_during(facts.episodes, period)),
        share("closed_plans_2_years_plus_pct", Subject.CHILDREN, cohorts.closed_plans(facts.plans, period)),
        share("repeat_plans_pct", Subject.CHILDREN, cohorts.repeat_plans(facts.plans, period)),
        share("placed_within_20_miles_pct", Subject.CHILDREN, cohorts.placed_within_miles(w.in_care)),
    ]


def _of_kinds(held: Sequence[MeetingRecord], kinds: Iterable[MeetingKind]) -> Sequence[Member]:
    wanted = set(kinds)
    return meetings.meeting_members([m for m in held if m.kind in wanted])


def _breakdowns(facts: ReportFacts, w: _Worked) -> tuple[Breakdown, ...]:
    end = facts.period.end
    in_care, on_plan = list(w.in_care), list(w.on_plan)
    late = [(t.meeting, t.meeting.late_reason) for t in w.timed_all if not t.in_timescale]
    return (
        meetings.by_kind(w.held),
        profiles.category_of_plan(facts.plans, facts.period),
        meetings.timeliness_by_kind(w.timed_all),
        w.participation,
        profiles.ethnicity("ethnicity_in_care", in_care, facts.children),
        profiles.ethnicity("ethnicity_on_plan", on_plan, facts.children),
        profiles.age_band("age_in_care", in_care, facts.children, end),
        profiles.age_band("age_on_plan", on_plan, facts.children, end),
        profiles.sex("sex_in_care", in_care, facts.children),
        profiles.sex("sex_on_plan", on_plan, facts.children),
        meetings.per_iro(w.held, facts.iros),
        meetings.by_reason("cancellations_by_reason", [(m, m.cancel_reason) for m in w.cancelled]),
        meetings.by_reason("late_bookings_by_reason", late),
    )
