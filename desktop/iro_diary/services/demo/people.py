"""The demo service's staff, rooms, absences and children."""

from __future__ import annotations

import datetime as dt
import heapq
from typing import Any

from dateutil.relativedelta import relativedelta

from iro_diary.domain.codes import AbsenceKind, format_working_days
from iro_diary.services.demo import names
from iro_diary.services.demo.builder import DemoBuilder
from iro_diary.services.demo.profile import pick, weighted_choice
from iro_diary.services.demo.records import DemoIro, DemoRoom

# Part-time posts work set days (DOMAIN.md: "Part-time IROs work set days").
PART_TIME_PATTERNS: dict[float, tuple[str, dt.time]] = {
    0.6: ("Mon Tue Wed", dt.time(17, 0)),
    0.5: ("Tue Wed Thu", dt.time(15, 0)),
    0.4: ("Thu Fri", dt.time(17, 0)),
    0.3: ("Thu Fri", dt.time(14, 0)),
}


def add_iros(b: DemoBuilder) -> dict[int, DemoIro]:
    """The establishment's IROs (18 people, 15.5 FTE at scale 1), repeated per unit of scale."""
    iros: dict[int, DemoIro] = {}
    used_emails: set[str] = set()
    copies = max(1, round(b.scale))
    for _copy in range(copies):
        for post in b.profile["iros"]:
            for fte in post["fte"]:
                iro = _add_iro(b, str(post["team"]), float(fte), used_emails)
                iros[iro.id] = iro
    return iros


def _add_iro(b: DemoBuilder, team: str, fte: float, used_emails: set[str]) -> DemoIro:
    given, family = pick(b.rng, names.ADULTS), pick(b.rng, names.SURNAMES)
    email = f"{given}.{family}@example.gov.uk".lower()
    number = 2
    while email in used_emails:
        email = f"{given}.{family}{number}@example.gov.uk".lower()
        number += 1
    used_emails.add(email)
    days_text, day_end = PART_TIME_PATTERNS.get(fte, ("Mon Tue Wed Thu Fri", dt.time(17, 0)))
    day_start = dt.time(9, 0)
    iro_id = b.data.add(
        "iro",
        name=f"{given} {family}",
        email=email,
        fte=fte,
        team=team,
        working_days=days_text,
        day_start=day_start,
        day_end=day_end,
        daily_cap=3,
        active=True,
        left_on=None,
        version=1,
    )
    days = frozenset(("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun").index(d) for d in days_text.split())
    assert format_working_days(days) == days_text
    return DemoIro(iro_id, team, fte, days, day_start, day_end, 3)


def add_rooms(b: DemoBuilder) -> list[DemoRoom]:
    rooms = []
    copies = max(1, round(b.scale))
    for copy in range(copies):
        suffix = f" ({copy + 1})" if copies > 1 else ""
        for site in b.profile["rooms"]:
            for name, capacity, accessible in site["rooms"]:
                room_id = b.data.add(
                    "room",
                    name=f"{name}{suffix}",
                    site=f"{site['site']}{suffix}",
                    capacity=int(capacity),
                    accessible=bool(accessible),
                    mailbox=None,
                    active=True,
                    version=1,
                )
                rooms.append(DemoRoom(room_id, int(capacity)))
    return rooms


def add_absences(b: DemoBuilder, iros: dict[int, DemoIro], start: dt.date, end: dt.date) -> None:
    """Annual leave in a few blocks and a few training days, every year, for every IRO."""
    for iro in iros.values():
        year_start = start
        while year_start < end:
            for _block in range(5):
                length = b.rng.randint(1, 8)
                _absence(b, iro, year_start + dt.timedelta(days=b.rng.randint(0, 360)), length, AbsenceKind.LEAVE)
            for _day in range(2):
                _absence(b, iro, year_start + dt.timedelta(days=b.rng.randint(0, 360)), 1, AbsenceKind.TRAINING)
            year_start += dt.timedelta(days=365)


def _absence(b: DemoBuilder, iro: DemoIro, first: dt.date, working_days: int, kind: AbsenceKind) -> None:
    first = b.calendar.next_working_day_on_or_after(first)
    last = b.calendar.add_working_days(first, working_days - 1)
    b.data.add("absence", iro_id=iro.id, start_date=first, end_date=last, kind=kind.value, note=None, version=1)
    day = first
    while day <= last:
        b.diary.absent.add((iro.id, day))
        day += dt.timedelta(days=1)


def add_family(b: DemoBuilder, surname: str) -> int:
    number = b.data.count("family") + 1
    return b.data.add("family", family_ref=f"F{number:05d}", name=f"{surname} family", version=1)


def add_child(
    b: DemoBuilder,
    *,
    surname: str,
    born: dt.date | None,
    ethnicity: str,
    family_id: int | None,
    iro_id: int | None,
    social_worker: tuple[str, str],
    expected: dt.date | None = None,
    boys: float = 0.5,
) -> int:
    """One child (or unborn baby) with an invented name and a case reference."""
    boy = b.rng.random() < boys
    given = pick(b.rng, names.BOYS if boy else names.GIRLS)
    if born is None:
        given = "Unborn"
    number = b.data.count("child") + 1
    return b.data.add(
        "child",
        case_ref=f"C{100000 + number}",
        given_name=given,
        family_name=surname,
        date_of_birth=born,
        expected_delivery=expected,
        sex="M" if boy else "F",
        ethnicity=ethnicity,
        family_id=family_id,
        allocated_iro_id=iro_id,
        social_worker=social_worker[0],
        social_worker_email=social_worker[1],
        version=1,
    )


def social_worker(b: DemoBuilder) -> tuple[str, str]:
    given, family = pick(b.rng, names.ADULTS), pick(b.rng, names.SURNAMES)
    return f"{given} {family}", f"{given}.{family}.sw@example.gov.uk".lower()


def birth_date(b: DemoBuilder, on: dt.date, youngest: int, oldest: int) -> dt.date:
    """A date of birth giving an age between `youngest` and `oldest` (whole years) on `on`."""
    years = b.rng.randint(youngest, oldest)
    born: dt.date = on - relativedelta(years=years) - dt.timedelta(days=b.rng.randint(1, 364))
    return born


def ethnicity(b: DemoBuilder, table: str) -> str:
    weights: dict[str, Any] = b.profile["ethnicity"][table]
    return weighted_choice(b.rng, weights)


class Caseloads:
    """Allocation as a team lead does it: a new case goes to the IRO with the fewest open cases per FTE.

    Cases must be allocated in date order; each case is released on the day it ends.
    """

    def __init__(self, b: DemoBuilder, iros: list[DemoIro]) -> None:
        self._rng = b.rng
        self._iros = {iro.id: iro for iro in iros}
        self._open = dict.fromkeys(self._iros, 0)
        self._ends: list[tuple[dt.date, int, int]] = []
        self._counter = 0

    def allocate(self, on: dt.date, until: dt.date | None) -> int:
        while self._ends and self._ends[0][0] <= on:
            _end, _n, iro_id = heapq.heappop(self._ends)
            self._open[iro_id] -= 1
        best = min(self._open, key=lambda i: (self._open[i] / self._iros[i].fte, self._rng.random()))
        self._open[best] += 1
        self._counter += 1
        heapq.heappush(self._ends, (until or dt.date.max, self._counter, best))
        return best
