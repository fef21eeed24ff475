"""The live audit: the checklist a chair answers for each child when a review or conference is held, and its
quarterly figures per item, per team and per IRO.

A percentage is the share of "yes" among the yes and no answers: "not applicable" is left out, so a PEP question
answered "not applicable" for a child below school age neither helps nor hurts. "Completed" is the share of the
children at the period's held reviews and conferences whose checklist has at least one answer.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from iro_diary.domain.codes import Team
from iro_diary.domain.quality.codes import Answer, AuditScope
from iro_diary.domain.reports.model import percentage
from iro_diary.domain.reports.period import ReportPeriod

NO_CHAIR = "No chair recorded"
ALL_ITEMS = "all"


@dataclass(frozen=True, slots=True)
class ChecklistItem:
    """One question of the service's checklist."""

    item_id: int
    code: str
    label: str
    scope: AuditScope
    position: int = 0
    active: bool = True


@dataclass(frozen=True, slots=True)
class HeldChild:
    """A child at a held review or conference: one checklist is expected for them."""

    meeting_id: int
    child_id: int
    day: dt.date
    chair_id: int | None
    team: str | None


@dataclass(frozen=True, slots=True)
class AnswerRecord:
    meeting_id: int
    child_id: int
    item_id: int
    answer: Answer


@dataclass(frozen=True, slots=True)
class Tally:
    yes: int = 0
    no: int = 0
    not_applicable: int = 0

    @property
    def answered(self) -> int:
        return self.yes + self.no + self.not_applicable

    @property
    def yes_pct(self) -> float | None:
        """Yes among the yes and no answers, to one decimal place (None when there are none)."""
        return percentage(self.yes, self.yes + self.no)

    def __add__(self, other: Tally) -> Tally:
        return Tally(self.yes + other.yes, self.no + other.no, self.not_applicable + other.not_applicable)


def tally(answers: Iterable[Answer]) -> Tally:
    counts = {answer: 0 for answer in Answer}
    for answer in answers:
        counts[answer] += 1
    return Tally(counts[Answer.YES], counts[Answer.NO], counts[Answer.NOT_APPLICABLE])


@dataclass(frozen=True)
class AuditGroup:
    """The figures of one group of checklists (a quarter, a team, an IRO, or everything)."""

    key: str
    label: str
    expected: int
    completed: int
    overall: Tally
    by_item: Mapping[int, Tally] = field(default_factory=dict)

    @property
    def completed_pct(self) -> float | None:
        return percentage(self.completed, self.expected)

    def item(self, item_id: int) -> Tally:
        return self.by_item.get(item_id, Tally())


@dataclass(frozen=True)
class AuditFigures:
    period: ReportPeriod
    items: tuple[ChecklistItem, ...]
    overall: AuditGroup
    quarters: tuple[AuditGroup, ...]
    teams: tuple[AuditGroup, ...]
    iros: tuple[AuditGroup, ...]


def quarters_of(period: ReportPeriod) -> tuple[ReportPeriod, ...]:
    """The quarters a period is reported by: the year's four, or the quarter itself."""
    if period.quarter is not None:
        return (period,)
    return tuple(ReportPeriod(period.year, quarter) for quarter in (1, 2, 3, 4))


def audit_figures(
    period: ReportPeriod,
    items: Sequence[ChecklistItem],
    held: Iterable[HeldChild],
    answers: Iterable[AnswerRecord],
    iro_names: Mapping[int, str],
) -> AuditFigures:
    """The period's live-audit figures: overall, by quarter, by the chair's team and by the chair."""
    first, last = period.start, period.end
    expected = [h for h in held if first <= h.day <= last]
    found: dict[tuple[int, int], list[AnswerRecord]] = defaultdict(list)
    for answer in answers:
        found[(answer.meeting_id, answer.child_id)].append(answer)
    answered_items = {a.item_id for h in expected for a in found.get((h.meeting_id, h.child_id), ())}
    ordered = sorted(items, key=lambda i: (i.position, i.item_id))
    shown = tuple(i for i in ordered if i.active or i.item_id in answered_items)

    def group(key: str, label: str, members: Sequence[HeldChild]) -> AuditGroup:
        mine = [a for h in members for a in found.get((h.meeting_id, h.child_id), ())]
        per_item: dict[int, list[Answer]] = defaultdict(list)
        for a in mine:
            per_item[a.item_id].append(a.answer)
        completed = sum(1 for h in members if found.get((h.meeting_id, h.child_id)))
        by_item = {item_id: tally(values) for item_id, values in per_item.items()}
        return AuditGroup(key, label, len(members), completed, tally(a.answer for a in mine), by_item)

    in_quarter = _split(expected, lambda h: f"Q{period.quarter or quarter_of(h.day)}")
    quarters = tuple(group(f"Q{q.quarter}", q.label, in_quarter.get(f"Q{q.quarter}", [])) for q in quarters_of(period))
    teams = _grouped(expected, lambda h: h.team or "", _team_label, group)
    iros = _grouped(
        expected,
        lambda h: "" if h.chair_id is None else str(h.chair_id),
        lambda k: iro_names.get(int(k), k) if k else NO_CHAIR,
        group,
    )
    return AuditFigures(period, shown, group(ALL_ITEMS, period.label, expected), quarters, teams, iros)


def quarter_of(day: dt.date) -> int:
    """The financial year's quarter a day falls in (April–June is 1, January–March 4)."""
    return (day.month - 4) % 12 // 3 + 1


def _split(members: Sequence[HeldChild], key_of: Callable[[HeldChild], str]) -> dict[str, list[HeldChild]]:
    groups: dict[str, list[HeldChild]] = defaultdict(list)
    for member in members:
        groups[key_of(member)].append(member)
    return groups


def _team_label(code: str) -> str:
    return Team(code).label if code in {t.value for t in Team} else NO_CHAIR


def _grouped(
    members: Sequence[HeldChild],
    key_of: Callable[[HeldChild], str],
    label_of: Callable[[str], str],
    group: Callable[[str, str, Sequence[HeldChild]], AuditGroup],
) -> tuple[AuditGroup, ...]:
    made = [group(key or "none", label_of(key), found) for key, found in _split(members, key_of).items()]
    return tuple(sorted(made, key=lambda g: (g.label == NO_CHAIR, g.label.casefold(), g.key)))
