"""Which columns the diary shows — every IRO, a team, one IRO ("my diary" for the IRO using the app), or rooms —
and what of a loaded range goes in them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from iro_diary.domain.booking import Window
from iro_diary.domain.codes import Team
from iro_diary.services.diary_rows import DiaryRange, MeetingRow, Resources
from iro_diary.ui.diary.grid_layout import GridContent, Resource


@dataclass(frozen=True, slots=True)
class Show:
    """One choice of the diary's "Show" list."""

    label: str
    rooms: bool = False
    team: Team | None = None
    iro_id: int | None = None
    site: str | None = None
    mine: bool = False


ALL_IROS = Show("All IROs")
MY_DIARY = Show("My diary", mine=True)


def show_choices(resources: Resources) -> list[Show]:
    """The choices in order: everyone, each team, my diary, each IRO, every room, each site's rooms."""
    teams = [t for t in Team if any(i.team is t and i.active for i in resources.iros)]
    sites = sorted({r.site for r in resources.rooms if r.active and r.site})
    return [
        ALL_IROS,
        *(Show(f"Team: {team.label}", team=team) for team in teams),
        MY_DIARY,
        *(Show(iro.name, iro_id=iro.id) for iro in resources.iros if iro.active),
        Show("All rooms", rooms=True),
        *(Show(f"Rooms at {site}", rooms=True, site=site) for site in sites),
    ]


def resources_for(show: Show, resources: Resources, me: int | None) -> list[Resource]:
    """The columns for `show`, in name order (rooms by site, then name). "My diary" needs `me`, the IRO using
    the app; without one it shows nobody."""
    if show.rooms:
        return [
            Resource(r.id, r.name, room=r)
            for r in resources.rooms
            if r.active and (show.site is None or r.site == show.site)
        ]
    wanted = me if show.mine else show.iro_id
    return [
        Resource(i.id, i.name, iro=i)
        for i in resources.iros
        if (i.active or i.id == wanted)
        and (show.team is None or i.team is show.team)
        and ((wanted is None and not show.mine) or i.id == wanted)
    ]


def show_for_iro(iro_id: int, resources: Resources) -> Show:
    """The team choice that includes this IRO (to bring a chair's column into view)."""
    iro = next((i for i in resources.iros if i.id == iro_id), None)
    if iro is None:
        return ALL_IROS
    return Show(f"Team: {iro.team.label}", team=iro.team)


def shown_meetings(found: DiaryRange, columns: list[Resource], rooms: bool) -> list[MeetingRow]:
    """The range's meetings that belong to the columns shown (by chair, or by room)."""
    wanted = {r.id for r in columns}
    return [m for m in found.meetings if (m.room_id if rooms else m.chair_id) in wanted]


def grid_content(
    found: DiaryRange, columns: list[Resource], days: list[dt.date], window: Window | None, rooms: bool
) -> GridContent:
    """What the day and week views show of a loaded range."""
    away: dict[tuple[int, dt.date], str] = {}
    for absence in found.absences:
        day = max(absence.first, days[0])
        while day <= min(absence.last, days[-1]):
            away[(absence.iro_id, day)] = absence.kind.value
            day += dt.timedelta(days=1)
    return GridContent(
        days=tuple(days),
        resources=tuple(columns),
        meetings=tuple(shown_meetings(found, columns, rooms)),
        away=away,
        holidays=day_names(found),
        window=window,
        rooms=rooms,
    )


def day_names(found: DiaryRange) -> dict[dt.date, str]:
    """Bank holidays and closure days of the range, by name."""
    names = {}
    for day, info in found.days.items():
        if info.holiday and day.weekday() < 5:
            names[day] = info.holiday
        elif info.closure:
            names[day] = f"Closed: {info.closure}"
    return names
