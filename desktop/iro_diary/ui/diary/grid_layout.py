"""Where things go in the day and week views, as plain arithmetic (no Qt): columns, lanes and times.

The views are laid out like KOrganizer's side-by-side agenda: one column per IRO (or room), each split into one
sub-column per day. Meetings that overlap in one sub-column (a double booking in old data, or a cancelled meeting
shown beside its replacement) share it in lanes.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from iro_diary.domain.booking import Window
from iro_diary.services.diary_rows import IroRow, MeetingRow, RoomRow

SNAP_MINUTES = 15
EARLIEST_HOUR = 8
LATEST_HOUR = 18


@dataclass(frozen=True, slots=True)
class Resource:
    """A column of the diary: an IRO or a room."""

    id: int
    name: str
    iro: IroRow | None = None
    room: RoomRow | None = None


@dataclass(frozen=True, slots=True)
class Cell:
    """One sub-column: a resource on a day."""

    index: int
    resource: Resource
    day: dt.date


@dataclass(frozen=True, slots=True)
class Placed:
    """A meeting's place: its sub-column, its lane among overlapping meetings, and its minutes from midnight."""

    meeting: MeetingRow
    cell: int
    lane: int
    lanes: int
    top: int
    bottom: int


def cells(resources: Sequence[Resource], days: Sequence[dt.date]) -> list[Cell]:
    """Resource-major sub-columns: every day of the first resource, then of the next."""
    return [Cell(n * len(days) + d, r, day) for n, r in enumerate(resources) for d, day in enumerate(days)]


def hours(meetings: Sequence[MeetingRow]) -> tuple[int, int]:
    """The hours the grid shows: 08:00–18:00, stretched to fit any meeting outside them."""
    first = min((m.start.hour for m in meetings), default=EARLIEST_HOUR)
    last = max((m.end.hour + (1 if m.end.minute else 0) for m in meetings), default=LATEST_HOUR)
    return min(first, EARLIEST_HOUR), max(last, LATEST_HOUR)


def minutes_of(moment: dt.datetime | dt.time) -> int:
    return moment.hour * 60 + moment.minute


def place(meetings: Sequence[MeetingRow], cell_of: Callable[[MeetingRow], int | None]) -> list[Placed]:
    """Every meeting that has a sub-column, with lanes for those that overlap."""
    by_cell: defaultdict[int, list[MeetingRow]] = defaultdict(list)
    for meeting in meetings:
        index = cell_of(meeting)
        if index is not None:
            by_cell[index].append(meeting)
    placed: list[Placed] = []
    for index, found in by_cell.items():
        placed += _lanes(index, sorted(found, key=lambda m: (m.start, m.end, m.id)))
    return placed


def _lanes(index: int, meetings: list[MeetingRow]) -> list[Placed]:
    """Greedy lanes within each cluster of overlapping meetings (a cluster shares its lane count)."""
    result: list[Placed] = []
    cluster: list[tuple[MeetingRow, int]] = []
    lane_ends: list[dt.datetime] = []
    cluster_end: dt.datetime | None = None

    def flush() -> None:
        for meeting, lane in cluster:
            result.append(
                Placed(meeting, index, lane, len(lane_ends), minutes_of(meeting.start), _end_minutes(meeting))
            )

    for meeting in meetings:
        if cluster_end is not None and meeting.start >= cluster_end:
            flush()
            cluster, lane_ends = [], []
        lane = next((n for n, end in enumerate(lane_ends) if end <= meeting.start), len(lane_ends))
        if lane == len(lane_ends):
            lane_ends.append(meeting.end)
        else:
            lane_ends[lane] = meeting.end
        cluster.append((meeting, lane))
        cluster_end = meeting.end if cluster_end is None else max(cluster_end, meeting.end)
    flush()
    return result


def _end_minutes(meeting: MeetingRow) -> int:
    if meeting.end.date() > meeting.start.date():
        return 24 * 60
    return minutes_of(meeting.end)


def snap(minutes: float) -> int:
    """To the nearest quarter of an hour."""
    return int(round(minutes / SNAP_MINUTES) * SNAP_MINUTES)


def work_week(day: dt.date) -> list[dt.date]:
    monday = day - dt.timedelta(days=day.weekday())
    return [monday + dt.timedelta(days=n) for n in range(5)]


def month_weeks(day: dt.date) -> list[list[dt.date]]:
    """The working weeks (Monday to Friday) that touch `day`'s month."""
    first = day.replace(day=1)
    last = (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    monday = first - dt.timedelta(days=first.weekday())
    weeks = []
    while monday <= last:
        week = [monday + dt.timedelta(days=n) for n in range(5)]
        if any(d.month == day.month for d in week):
            weeks.append(week)
        monday += dt.timedelta(days=7)
    return weeks


@dataclass(frozen=True)
class GridContent:
    """What the day and week views show: the days, the columns, the meetings and what shades the background."""

    days: tuple[dt.date, ...]
    resources: tuple[Resource, ...]
    meetings: tuple[MeetingRow, ...]
    away: dict[tuple[int, dt.date], str]  # (IRO id, day) -> "leave", "training", …
    holidays: dict[dt.date, str]  # bank holidays and closures, with their names
    window: Window | None = None  # a requirement's statutory window, shaded
    rooms: bool = False
    _columns: dict[int, int] = field(init=False, repr=False, compare=False)
    _day_index: dict[dt.date, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_columns", {r.id: n for n, r in enumerate(self.resources)})
        object.__setattr__(self, "_day_index", {d: n for n, d in enumerate(self.days)})

    def cells(self) -> list[Cell]:
        return cells(self.resources, self.days)

    def cell_of(self, meeting: MeetingRow) -> int | None:
        """The sub-column of a meeting: its chair's (or room's) column on its day; None when not shown."""
        key = meeting.room_id if self.rooms else meeting.chair_id
        column = self._columns.get(key) if key is not None else None
        day = self._day_index.get(meeting.day)
        if column is None or day is None:
            return None
        return column * len(self.days) + day


@dataclass(frozen=True, slots=True)
class Geometry:
    """Pixels of the grid: a time ruler on the left, a header on top, equal sub-columns, equal hours."""

    left: float
    top: float
    column_width: float
    hour_height: float
    first_hour: int
    last_hour: int
    columns: int

    def x_of(self, cell: int) -> float:
        return self.left + cell * self.column_width

    def y_of(self, minutes: float) -> float:
        return self.top + (minutes - self.first_hour * 60) * self.hour_height / 60

    def cell_at(self, x: float) -> int | None:
        cell = int((x - self.left) // self.column_width) if self.column_width else -1
        return cell if 0 <= cell < self.columns else None

    def minutes_at(self, y: float) -> float:
        return self.first_hour * 60 + (y - self.top) * 60 / self.hour_height

    @property
    def bottom(self) -> float:
        return self.y_of(self.last_hour * 60)
