"""Many writers at once (issue #10): a diary busy enough to clash, random bookings, the SQL that finds any double
booking, and the worker a separate process runs (so SQLite is tried by two processes, not two threads)."""

from __future__ import annotations

import datetime as dt
import random
import time
from dataclasses import dataclass

from sqlalchemy import text

from iro_diary.domain.codes import MeetingKind
from iro_diary.domain.errors import BookingConflict
from iro_diary.infra.clock import FixedClock
from iro_diary.services.context import ServiceContext
from iro_diary.services.diary_rows import BookingRequest
from iro_diary.services.registry import Services
from iro_diary.store.database import Database
from tests.factories import make_child, make_iro, make_room

TODAY = dt.date(2026, 11, 26)
FIRST_DAY = dt.date(2026, 12, 1)  # a Tuesday
DAYS = [FIRST_DAY + dt.timedelta(days=n) for n in range(14) if (FIRST_DAY + dt.timedelta(days=n)).weekday() < 5]


@dataclass(frozen=True)
class BusyDiary:
    chairs: tuple[int, ...]
    rooms: tuple[int, ...]
    children: tuple[int, ...]


def make_busy_diary(db: Database, *, chairs: int = 4, rooms: int = 4, children: int = 60) -> BusyDiary:
    """IROs without a daily cap (so only clashes refuse a booking), rooms, and children to book for."""
    return BusyDiary(
        tuple(make_iro(db, daily_cap=0) for _ in range(chairs)),
        tuple(make_room(db, capacity=20) for _ in range(rooms)),
        tuple(make_child(db) for _ in range(children)),
    )


def random_booking(rng: random.Random, diary: BusyDiary) -> BookingRequest:
    start = dt.time(9 + rng.randrange(7), rng.choice((0, 30)))
    return BookingRequest(
        kind=MeetingKind.CLA_REVIEW,
        day=rng.choice(DAYS),
        start=start,
        minutes=rng.choice((30, 60, 90)) if start.hour < 16 else 30,
        chair_id=rng.choice(diary.chairs),
        child_ids=(rng.choice(diary.children),),
        room_id=rng.choice(diary.rooms),
    )


def overlapping_pairs(db: Database) -> list[tuple[str, str, str]]:
    """Every pair of live meetings sharing a chair or a room at overlapping times: (what, ref, ref)."""
    found = []
    with db.read() as session:
        for column in ("chair_id", "room_id"):
            rows = session.execute(
                text(
                    f"SELECT a.ref, b.ref FROM meeting a JOIN meeting b ON a.id < b.id AND a.{column} = b.{column} "
                    "AND a.start_at < b.end_at AND b.start_at < a.end_at "
                    "WHERE a.status <> 'cancelled' AND b.status <> 'cancelled'"
                )
            )
            found += [(column, a, b) for a, b in rows]
    return found


def services_for(url: str, actor: str = "writer") -> Services:
    db = Database(url)
    db.expected_revision = None
    return Services.create(ServiceContext(db, FixedClock.on(TODAY, hour=10), actor))


def book_many(url: str, diary: BusyDiary, seed: int, count: int) -> tuple[int, int]:
    """Try `count` random bookings; (booked, refused as a clash). Anything else raises."""
    services = services_for(url, f"writer {seed}")
    rng = random.Random(seed)
    booked = refused = 0
    try:
        for _ in range(count):
            try:
                services.booking.book(random_booking(rng, diary))
                booked += 1
            except BookingConflict:
                refused += 1
    finally:
        services.close()
    return booked, refused


def race_rounds(url: str, requests: list[BookingRequest], barrier: object) -> list[str]:
    """One racer of a race repeated for each request: what it got each round."""
    services = services_for(url)
    results = []
    try:
        for request in requests:
            barrier.wait(30)  # type: ignore[attr-defined]
            try:
                results.append(services.booking.book(request)[0].ref)
            except BookingConflict as conflict:
                results.append(f"refused: {conflict}")
    finally:
        services.close()
    return results


def timed_bookings(url: str, diary: BusyDiary, seed: int, count: int, barrier: object) -> tuple[int, int, float, float]:
    """`book_many` started with the other writers (after the barrier): booked, refused, and when it started and
    finished (time.monotonic, comparable between processes on one machine)."""
    services = services_for(url, f"writer {seed}")
    rng = random.Random(seed)
    requests = [random_booking(rng, diary) for _ in range(count)]
    booked = refused = 0
    try:
        services.diary.resources()  # connected and warm before the clock starts
        barrier.wait(60)  # type: ignore[attr-defined]
        started = time.monotonic()
        for request in requests:
            try:
                services.booking.book(request)
                booked += 1
            except BookingConflict:
                refused += 1
        finished = time.monotonic()
    finally:
        services.close()
    return booked, refused, started, finished


def timed_raw_inserts(
    url: str, diary: BusyDiary, seed: int, count: int, barrier: object
) -> tuple[int, int, float, float]:
    """Meetings written straight to the table (no checks, no ORM), so only the database's exclusion constraints
    stand between them and a double booking: inserted, refused, started and finished (time.monotonic)."""
    import psycopg

    rng = random.Random(seed)
    rows = []
    for n in range(count):
        request = random_booking(rng, diary)
        start = dt.datetime.combine(request.day, request.start, tzinfo=dt.UTC)
        rows.append((f"R-{seed}-{n}", start, start + dt.timedelta(minutes=request.minutes), request.chair_id,
                     request.room_id))  # fmt: skip
    inserted = refused = 0
    plain = url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain, autocommit=True) as connection:
        barrier.wait(60)  # type: ignore[attr-defined]
        started = time.monotonic()
        for ref, begins, ends, chair, room in rows:
            try:
                connection.execute(
                    "INSERT INTO meeting (ref, kind, status, start_at, end_at, chair_id, room_id, ical_uid, "
                    "ical_sequence, created_at, created_by, updated_at, updated_by, version) VALUES "
                    "(%s, 'cla-review', 'booked', %s, %s, %s, %s, %s, 0, now(), 'bench', now(), 'bench', 1)",
                    (ref, begins, ends, chair, room, ref),
                )
                inserted += 1
            except psycopg.errors.ExclusionViolation:
                refused += 1
        finished = time.monotonic()
    return inserted, refused, started, finished
