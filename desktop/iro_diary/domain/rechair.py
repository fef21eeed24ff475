"""When children move to another IRO, which of their future meetings move with them.

A provisional or booked meeting moves to the new IRO when every child at it moves to that same IRO and the
meeting is chaired by the IRO they are leaving. It stays (and says why) when the new IRO does not work that
day, is away, or already chairs something then: the diary manager rebooks it. The new chair is never
double-booked, counting the other meetings moving in the same change.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from iro_diary.domain.diary_load import AbsencePeriod

Interval = tuple[dt.datetime, dt.datetime]


@dataclass(frozen=True, slots=True)
class MeetingFacts:
    meeting_id: int
    ref: str
    start: dt.datetime
    end: dt.datetime
    chair_id: int
    child_ids: frozenset[int]


@dataclass(frozen=True, slots=True)
class Availability:
    """What is known about the IROs who may take meetings: their working days, absences and booked times."""

    working_days: Mapping[int, frozenset[int]]
    absences: Mapping[int, Sequence[AbsencePeriod]]
    busy: Mapping[int, Sequence[tuple[int, dt.datetime, dt.datetime]]]  # IRO -> (meeting id, start, end)


@dataclass(frozen=True, slots=True)
class RechairDecision:
    meeting: MeetingFacts
    to_iro: int | None  # None: it stays with its chair
    note: str


def plan_rechair(
    meetings: Sequence[MeetingFacts],
    moves: Mapping[int, int],
    previous: Mapping[int, int | None],
    availability: Availability,
    local_day: Callable[[dt.datetime], dt.date],
    names: Mapping[int, str],
) -> list[RechairDecision]:
    """Decisions for every meeting whose children all move; other meetings are not mentioned.

    `moves`: child -> new IRO; `previous`: child -> the IRO they leave; `local_day`: a meeting's date in England.
    """
    planned: dict[int, list[Interval]] = {}
    decisions = []
    for meeting in sorted(meetings, key=lambda m: (m.start, m.meeting_id)):
        children = meeting.child_ids
        if not children or not children <= moves.keys():
            continue
        if any(previous.get(c) != meeting.chair_id for c in children):
            continue
        targets = {moves[c] for c in children}
        if len(targets) > 1:
            decisions.append(RechairDecision(meeting, None, "its children move to different IROs"))
            continue
        target = targets.pop()
        if target == meeting.chair_id:
            continue
        why_not = _unavailable(meeting, target, availability, planned.get(target, []), local_day(meeting.start))
        if why_not:
            decisions.append(RechairDecision(meeting, None, f"{names.get(target, 'the new IRO')} {why_not}"))
            continue
        planned.setdefault(target, []).append((meeting.start, meeting.end))
        decisions.append(RechairDecision(meeting, target, f"chair: {names.get(target, '')}"))
    return decisions


def _unavailable(
    meeting: MeetingFacts, iro: int, availability: Availability, planned: Sequence[Interval], day: dt.date
) -> str:
    if day.weekday() not in availability.working_days.get(iro, frozenset()):
        return f"does not work on {day:%A}s"
    if any(a.start <= day <= a.end for a in availability.absences.get(iro, ())):
        return "is away that day"
    booked = [(s, e) for m, s, e in availability.busy.get(iro, ()) if m != meeting.meeting_id]
    if any(s < meeting.end and meeting.start < e for s, e in [*booked, *planned]):
        return "already chairs a meeting then"
    return ""
