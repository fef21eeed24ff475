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
from typing import NamedTuple

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


class AnswerRecord(NamedTuple):
    """One answer of a checklist (a named tuple: a year of them is over a hundred thousand)."""

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
    """The period's live-audit figures: overall, by quarter, by the chair's team and by the chair.

    Counted in one pass: each checklist belongs to one quarter, team and chair (its "place"), so answers are
    tallied per place and item, and the places then added up into each group.
    """
    first, last = period.start, period.end
    expected = [h for h in held if first <= h.day <= last]
    place_of = {(h.meeting_id, h.child_id): _place(h, period) for h in expected}
    counts: defaultdict[tuple[_Place, int], list[int]] = defaultdict(lambda: [0, 0, 0])
    answered: dict[tuple[int, int], _Place] = {}
    for answer in answers:
        pair = (answer.meeting_id, answer.child_id)
        place = place_of.get(pair)
        if place is not None:
            answered[pair] = place
            counts[(place, answer.item_id)][_SLOT[answer.answer]] += 1
    answered_items = {item_id for _place_, item_id in counts}
    ordered = sorted(items, key=lambda i: (i.position, i.item_id))
    shown = tuple(i for i in ordered if i.active or i.item_id in answered_items)
    totals = _Totals(place_of.values(), answered.values(), counts)
    quarters = tuple(totals.group(("quarter", f"Q{q.quarter}"), f"Q{q.quarter}", q.label) for q in quarters_of(period))
    teams = _grouped(totals, "team", _team_label)
    iros = _grouped(totals, "iro", lambda k: iro_names.get(int(k), k) if k else NO_CHAIR)
    return AuditFigures(period, shown, totals.group(("all", ""), ALL_ITEMS, period.label), quarters, teams, iros)


_Place = tuple[str, str, str]  # (quarter "Q1"…, team code or "", chair id or "")
_SLOT = {Answer.YES: 0, Answer.NO: 1, Answer.NOT_APPLICABLE: 2}


def _place(held: HeldChild, period: ReportPeriod) -> _Place:
    chair = "" if held.chair_id is None else str(held.chair_id)
    return (f"Q{period.quarter or quarter_of(held.day)}", held.team or "", chair)


class _Totals:
    """Checklists and answers counted per place, then added up into each group a place belongs to: everything,
    its quarter, its team and its chair."""

    def __init__(
        self,
        expected: Iterable[_Place],
        answered: Iterable[_Place],
        counts: Mapping[tuple[_Place, int], list[int]],
    ) -> None:
        self.expected: defaultdict[tuple[str, str], int] = defaultdict(int)
        self.completed: defaultdict[tuple[str, str], int] = defaultdict(int)
        self.by_item: defaultdict[tuple[str, str], dict[int, Tally]] = defaultdict(dict)
        for place in expected:
            for group in _groups_of(place):
                self.expected[group] += 1
        for place in answered:
            for group in _groups_of(place):
                self.completed[group] += 1
        for (place, item_id), (yes, no, not_applicable) in counts.items():
            for group in _groups_of(place):
                items = self.by_item[group]
                items[item_id] = items.get(item_id, Tally()) + Tally(yes, no, not_applicable)

    def keys(self, kind: str) -> list[str]:
        return [key for group_kind, key in self.expected if group_kind == kind]

    def group(self, group: tuple[str, str], key: str, label: str) -> AuditGroup:
        by_item = dict(self.by_item.get(group, {}))
        overall = sum(by_item.values(), Tally())
        return AuditGroup(key, label, self.expected.get(group, 0), self.completed.get(group, 0), overall, by_item)


def _groups_of(place: _Place) -> tuple[tuple[str, str], ...]:
    quarter, team, chair = place
    return (("all", ""), ("quarter", quarter), ("team", team), ("iro", chair))


def quarter_of(day: dt.date) -> int:
    """The financial year's quarter a day falls in (April–June is 1, January–March 4)."""
    return (day.month - 4) % 12 // 3 + 1


def _team_label(code: str) -> str:
    return Team(code).label if code in {t.value for t in Team} else NO_CHAIR


def _grouped(totals: _Totals, kind: str, label_of: Callable[[str], str]) -> tuple[AuditGroup, ...]:
    made = [totals.group((kind, key), key or "none", label_of(key)) for key in totals.keys(kind)]
    return tuple(sorted(made, key=lambda g: (g.label == NO_CHAIR, g.label.casefold(), g.key)))
