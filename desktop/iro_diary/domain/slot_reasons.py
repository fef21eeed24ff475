"""Why a suggested slot ranks where it does, in the words a diary manager uses: continuity first, then headroom,
then how it stands against the deadline ("The child's IRO; Caseload 62 per FTE; 3 meetings that week; 1 working
day before the deadline")."""

from __future__ import annotations

import datetime as dt

from iro_diary.domain.codes import MeetingKind, Team
from iro_diary.domain.shortfall import day_text
from iro_diary.domain.slot_data import Chair, Need
from iro_diary.domain.working_days import WorkingDayCalendar

_PROTECTION = frozenset({Team.CHILD_PROTECTION, Team.MIXED})
# The team that usually chairs each kind (the report's service: in care, protection and CSE, fostering).
_USUAL_TEAMS = {
    MeetingKind.CLA_REVIEW: frozenset({Team.CHILDREN_IN_CARE, Team.MIXED}),
    MeetingKind.FOSTER_REVIEW: frozenset({Team.FOSTERING, Team.MIXED}),
}
_PREVIOUS_NOUN = {MeetingKind.CLA_REVIEW: "review", MeetingKind.FOSTER_REVIEW: "review"}


def usual_teams(kind: MeetingKind) -> frozenset[Team]:
    """The teams that usually chair meetings of `kind`."""
    return _USUAL_TEAMS.get(kind, _PROTECTION)


def plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def continuity_reasons(need: Need, chair: Chair, rank: int) -> list[str]:
    """Why the chair keeps continuity (or is outside the usual team), in the ranking's order."""
    reasons = []
    if chair.iro_id in need.allocated:
        whose = "child's"
        if need.household_id is not None:
            whose = "household's"
        elif len(need.child_ids) > 1:
            whose = "children's"
        reasons.append(f"The {whose} IRO")
    if chair.iro_id in need.siblings:
        reasons.append("Siblings' IRO")
    if need.previous_chair == chair.iro_id:
        noun = _PREVIOUS_NOUN.get(need.kind, "conference" if need.kind.is_conference else "meeting")
        reasons.append(f"Chaired the last {noun}")
    if rank == 4:
        reasons.append(f"In the {chair.team.label.lower()} team, not the one that usually chairs these")
    return reasons


def slot_reasons(
    need: Need, chair: Chair, rank: int, week: int, day: dt.date, calendar: WorkingDayCalendar
) -> tuple[int, tuple[str, ...]]:
    """(working days late, the reasons) of a slot on `day` with `chair`, who has `week` meetings that week. A late
    slot says how late first."""
    reasons = [
        *continuity_reasons(need, chair, rank),
        f"Caseload {chair.caseload_per_fte:.0f} per FTE",
        f"{plural(week, 'meeting')} that week" if week else "No other meetings that week",
    ]
    window = need.window
    if window is None:
        return 0, tuple(reasons)
    latest = window.latest_working_day
    if day <= latest:
        ahead = calendar.working_days_between(day, latest)
        reasons.append(f"{plural(ahead, 'working day')} before the deadline" if ahead else "On the latest working day")
        return 0, tuple(reasons)
    late = max(1, calendar.working_days_between(latest, day))
    return late, (f"{plural(late, 'working day')} late (latest working day {day_text(latest)})", *reasons)
