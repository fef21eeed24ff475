"""Loading what the scheduling assistant searches, in the caller's read transaction: the settings, the chairs
with their leave and caseload per FTE (the Workload pane's figures), the rooms, the bookings of the days
searched, and who keeps continuity for each child.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from iro_diary.domain.caseload import caseload_per_fte
from iro_diary.domain.codes import MeetingKind, parse_working_days
from iro_diary.domain.slot_data import Away, BusyIndex, Chair, Room, SearchRules
from iro_diary.domain.slots import SlotSearch
from iro_diary.domain.working_days import WorkingDayCalendar
from iro_diary.infra.clock import LONDON, Clock
from iro_diary.services.booking_support import kind_group
from iro_diary.services.workload.state import load_state
from iro_diary.store.database import Database
from iro_diary.store.repositories.booking_facts import BookingFactRepository, day_bounds
from iro_diary.store.repositories.diary import DiaryRepository
from iro_diary.store.repositories.scheduling import SchedulingRepository
from iro_diary.store.repositories.settings import SettingRepository

SETTING_KEYS = (
    "scheduling.travel-minutes",
    "scheduling.notice-working-days",
    "scheduling.expected-people",
    "scheduling.step-minutes",
    "caseload.band-high",
)


@dataclass(frozen=True, slots=True)
class Settings:
    rules: SearchRules
    notice_working_days: int
    expected_people: int


def read_settings(session: Session) -> Settings:
    values = SettingRepository(session).values(SETTING_KEYS)
    rules = SearchRules(
        travel_minutes=int(values["scheduling.travel-minutes"]),
        step_minutes=int(values["scheduling.step-minutes"]),
        band_high=float(values["caseload.band-high"]),
    )
    return Settings(rules, int(values["scheduling.notice-working-days"]), int(values["scheduling.expected-people"]))


def earliest_start(now: dt.datetime, calendar: WorkingDayCalendar, notice_working_days: int) -> dt.datetime:
    """The first moment (UK wall-clock) a suggested meeting may start: now, or the start of the working day
    `notice_working_days` after today."""
    local = now.astimezone(LONDON).replace(tzinfo=None, second=0, microsecond=0)
    if notice_working_days <= 0:
        return local
    return dt.datetime.combine(calendar.add_working_days(local.date(), notice_working_days), dt.time(0))


def load_search(
    session: Session,
    calendar: WorkingDayCalendar,
    today: dt.date,
    settings: Settings,
    earliest: dt.datetime,
    last: dt.date,
    kept: KeptReading | None = None,
) -> SlotSearch:
    """A search over the diary from `earliest` to `last` (inclusive): every active chair and room, and every
    booking of the whole weeks those days fall in (so a chair's meetings that week are all counted). With `kept`,
    what it still holds is used instead of being read again."""
    first, last = earliest.date(), max(earliest.date(), last)
    monday, sunday = first - dt.timedelta(days=first.weekday()), last + dt.timedelta(days=6 - last.weekday())
    index = kept.index(monday, sunday, lambda a, b: _index(session, a, b)) if kept else _index(session, monday, sunday)
    rows = SchedulingRepository(session).chairs()
    loads = kept.caseloads(lambda: _caseloads(session, today, rows)) if kept else _caseloads(session, today, rows)
    return SlotSearch(
        _chairs(session, first, last, rows, loads),
        [Room(r.id, r.name, r.capacity, r.accessible) for r in SchedulingRepository(session).rooms()],
        index,
        calendar,
        earliest=earliest,
        rules=settings.rules,
    )


def _index(session: Session, first: dt.date, last: dt.date) -> BusyIndex:
    start, _ = day_bounds(first)
    _, end = day_bounds(last)
    busy, _refs = BookingFactRepository(session).busy_between(start, end)
    return BusyIndex(busy)


def _caseloads(session: Session, today: dt.date, rows: Sequence[Any]) -> dict[int, float]:
    """Each active chair's caseload per FTE, as the Workload pane counts it."""
    state = load_state(session, today)
    weights = state.basis.weights
    return {row.id: caseload_per_fte(state.tally(row.id).weighted(weights), row.fte) for row in rows}


def _chairs(
    session: Session, first: dt.date, last: dt.date, rows: Sequence[Any], caseloads: dict[int, float]
) -> list[Chair]:
    away: defaultdict[int, list[Away]] = defaultdict(list)
    for a in DiaryRepository(session).absences_between(first, last):
        away[a.iro_id].append(Away(a.start_date, a.end_date, a.kind.value))
    chairs = []
    for row in rows:
        try:
            days = parse_working_days(row.working_days)
        except ValueError:
            days = frozenset(range(5))
        chairs.append(
            Chair(
                row.id, row.name, row.email, row.team, days, row.day_start, row.day_end, row.daily_cap,
                caseloads.get(row.id, 0.0), row.left_on, tuple(away.get(row.id, ())),
            )
        )  # fmt: skip
    return chairs


class KeptDiary:
    """What the booking dialog's Suggest reads that stays right until the data moves: the chairs' caseloads per
    FTE and the bookings of the weeks searched (an index the search only reads). Kept only while this app hears
    every change (`Database.watched`), for the `Database.generation` and the day it was read at; a longer span
    than kept is read whole (the kept one and the new one together), so the next asks are answered from memory."""

    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock
        self._lock = threading.Lock()
        self._caseloads: tuple[object, dict[int, float]] | None = None
        self._index: tuple[object, dt.date, dt.date, BusyIndex] | None = None

    def reading(self) -> KeptReading:
        """Call before the read transaction begins: a write or a change heard after this moment (which that
        transaction might or might not see) makes what it reads stale at once."""
        key = (self._db.generation, self._clock.today()) if self._db.watched else None
        return KeptReading(self, key)

    def caseloads(self, key: object | None, load: Callable[[], dict[int, float]]) -> dict[int, float]:
        with self._lock:
            if key is not None and self._caseloads is not None and self._caseloads[0] == key:
                return self._caseloads[1]
        found = load()
        with self._lock:
            self._caseloads = (key, found) if key is not None else None
        return found

    def index(
        self, key: object | None, first: dt.date, last: dt.date, load: Callable[[dt.date, dt.date], BusyIndex]
    ) -> BusyIndex:
        with self._lock:
            kept = self._index if key is not None and self._index is not None and self._index[0] == key else None
        if kept is not None and kept[1] <= first and last <= kept[2]:
            return kept[3]
        if kept is not None:
            first, last = min(first, kept[1]), max(last, kept[2])
        found = load(first, last)
        with self._lock:
            self._index = (key, first, last, found) if key is not None else None
        return found


@dataclass(frozen=True)
class KeptReading:
    """`KeptDiary` for one read transaction, with the key taken before it began."""

    kept: KeptDiary
    key: object | None

    def caseloads(self, load: Callable[[], dict[int, float]]) -> dict[int, float]:
        return self.kept.caseloads(self.key, load)

    def index(self, first: dt.date, last: dt.date, load: Callable[[dt.date, dt.date], BusyIndex]) -> BusyIndex:
        return self.kept.index(self.key, first, last, load)


@dataclass
class Continuity:
    """Who keeps continuity for the children (and households) loaded: their IRO, their family's IROs, and who
    chaired their last meeting of each group (the groups of `booking_support.kind_group`)."""

    allocated: dict[int, int | None] = field(default_factory=dict)
    family: dict[int, int | None] = field(default_factory=dict)
    family_iros: defaultdict[int, dict[int, int]] = field(default_factory=lambda: defaultdict(dict))
    last_chair: dict[tuple[int, str], tuple[dt.datetime, int]] = field(default_factory=dict)
    household_iro: dict[int, int | None] = field(default_factory=dict)
    household_last: dict[int, int] = field(default_factory=dict)

    def of(
        self, kind: MeetingKind, child_ids: Iterable[int], household_id: int | None
    ) -> tuple[frozenset[int], frozenset[int], int | None]:
        """(the allocated IROs, the siblings' IROs, who chaired the last meeting of this kind's group)."""
        if household_id is not None:
            iro = self.household_iro.get(household_id)
            return frozenset({iro} if iro else ()), frozenset(), self.household_last.get(household_id)
        children = list(child_ids)
        allocated = frozenset(i for c in children if (i := self.allocated.get(c)) is not None)
        families = {f for c in children if (f := self.family.get(c)) is not None}
        siblings = frozenset(
            iro for f in families for child, iro in self.family_iros[f].items() if child not in children
        )
        group = kind_group(kind)
        held = [last for c in children if (last := self.last_chair.get((c, group))) is not None]
        previous = max(held)[1] if held else None
        return allocated, siblings - allocated, previous


def load_continuity(session: Session, child_ids: Collection[int], household_ids: Collection[int]) -> Continuity:
    repo = SchedulingRepository(session)
    found = Continuity()
    for child, family, iro in repo.children(child_ids):
        found.allocated[child] = iro
        found.family[child] = family
    families = {f for f in found.family.values() if f is not None}
    for child, family, iro in repo.family_members(families):
        if iro is not None:
            found.family_iros[family][child] = iro
    for child, kind, start, chair in repo.held_chairs(child_ids):  # oldest first: the last one wins
        found.last_chair[(child, kind_group(kind))] = (start, chair)
    if household_ids:
        found.household_iro.update((h, iro) for h, iro in repo.households(household_ids))
        found.household_last.update((h, chair) for h, _start, chair in repo.household_held_chairs(household_ids))
    return found
