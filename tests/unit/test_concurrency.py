"""No double booking under concurrency (issue #10), on a real PostgreSQL and on SQLite with two processes.

PostgreSQL: the booking service serialises its checks, and an exclusion constraint refuses an overlapping row
whatever wrote it. SQLite: the booking transaction takes the only write lock (`BEGIN IMMEDIATE`) and re-checks.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import text

from iro_diary.domain.codes import MeetingKind
from iro_diary.domain.errors import BookingConflict, StaleEdit
from iro_diary.infra.clock import FixedClock
from iro_diary.services.diary_rows import BookingRequest
from iro_diary.store.database import Database
from tests.concurrency_support import (
    DAYS,
    BusyDiary,
    book_many,
    make_busy_diary,
    overlapping_pairs,
    race_rounds,
)
from tests.conftest import make_services

ROUNDS = 50


def race_requests(diary: BusyDiary, rounds: int) -> tuple[list[BookingRequest], list[BookingRequest]]:
    """Each round, both writers want the same chair at the same time (for different children and rooms)."""
    first, second = [], []
    for n in range(rounds):
        day, start = DAYS[n % len(DAYS)], dt.time(9 + (n // len(DAYS)) % 8)
        same = dict(kind=MeetingKind.CLA_REVIEW, day=day, start=start, minutes=60, chair_id=diary.chairs[0])
        first.append(BookingRequest(**same, child_ids=(diary.children[0],), room_id=diary.rooms[0]))  # type: ignore[arg-type]
        second.append(BookingRequest(**same, child_ids=(diary.children[1],), room_id=diary.rooms[1]))  # type: ignore[arg-type]
    return first, second


def assert_one_winner_each_round(first: list[str], second: list[str]) -> None:
    for n, (a, b) in enumerate(zip(first, second, strict=True)):
        won = [r for r in (a, b) if not r.startswith("refused")]
        lost = [r for r in (a, b) if r.startswith("refused")]
        assert len(won) == 1, f"round {n}: {a!r} / {b!r}"
        assert lost[0] == f"refused: Chair already booked {_span(n)} by {won[0]}"


def _span(n: int) -> str:
    hour = 9 + (n // len(DAYS)) % 8
    return f"{hour:02d}:00–{hour + 1:02d}:00"


def test_two_writers_racing_for_one_slot_on_postgres_one_wins_each_time(postgres_url: str) -> None:
    services = make_services(postgres_url, FixedClock.on(dt.date(2026, 11, 26), hour=10))
    diary = make_busy_diary(services.ctx.db)
    services.close()
    first, second = race_requests(diary, ROUNDS)
    barrier = threading.Barrier(2)
    with ThreadPoolExecutor(2) as pool:
        results = [pool.submit(race_rounds, postgres_url, requests, barrier) for requests in (first, second)]
        got = [future.result(timeout=120) for future in results]
    assert_one_winner_each_round(*got)
    db = Database(postgres_url)
    try:
        assert overlapping_pairs(db) == []
    finally:
        db.close()


def test_eight_writers_making_random_bookings_on_postgres_never_double_book(postgres_url: str) -> None:
    services = make_services(postgres_url, FixedClock.on(dt.date(2026, 11, 26), hour=10))
    diary = make_busy_diary(services.ctx.db)
    services.close()
    with ThreadPoolExecutor(8) as pool:
        outcomes = list(pool.map(lambda seed: book_many(postgres_url, diary, seed, 200), range(8)))
    booked = sum(b for b, _ in outcomes)
    refused = sum(r for _, r in outcomes)
    assert booked + refused == 8 * 200
    assert booked > 100 and refused > 100, "the diary was busy enough for writers to clash"
    db = Database(postgres_url)
    try:
        assert overlapping_pairs(db) == []
        with db.read() as session:
            assert session.execute(text("SELECT count(*) FROM meeting")).scalar() == booked
    finally:
        db.close()


def test_the_database_itself_refuses_an_overlapping_row_whoever_writes_it(postgres_url: str) -> None:
    """Rows written straight to the table, past every check, still cannot double-book a chair or a room."""
    services = make_services(postgres_url, FixedClock.on(dt.date(2026, 11, 26), hour=10))
    diary = make_busy_diary(services.ctx.db, children=2)
    services.close()
    db = Database(postgres_url)
    insert = text(
        "INSERT INTO meeting (ref, kind, status, start_at, end_at, chair_id, room_id, ical_uid, ical_sequence, "
        "created_at, created_by, updated_at, updated_by, version) VALUES (:ref, 'cla-review', :status, "
        ":start, :end, :chair, :room, :ref, 0, now(), 'x', now(), 'x', 1)"
    )
    ten = dt.datetime(2026, 12, 1, 10, tzinfo=dt.UTC)
    hour = dt.timedelta(hours=1)

    def add(ref: str, start: dt.datetime, chair: int | None, room: int | None, status: str = "booked") -> None:
        with db.write() as session:
            session.execute(
                insert,
                {"ref": ref, "status": status, "start": start, "end": start + hour, "chair": chair, "room": room},
            )

    try:
        add("A", ten, diary.chairs[0], diary.rooms[0])
        with pytest.raises(BookingConflict, match="already taken"):
            add("B", ten + hour / 2, diary.chairs[0], diary.rooms[1])  # same chair
        with pytest.raises(BookingConflict, match="already taken"):
            add("C", ten - hour / 2, diary.chairs[1], diary.rooms[0])  # same room
        add("D", ten + hour, diary.chairs[0], diary.rooms[0])  # starts as A ends
        add("E", ten, diary.chairs[0], diary.rooms[0], status="cancelled")  # a cancelled meeting holds nothing
        add("F", ten, None, None)  # no chair, no room
    finally:
        db.close()


def test_a_stale_edit_from_another_pc_is_refused_and_changes_nothing(postgres_url: str) -> None:
    clock = FixedClock.on(dt.date(2026, 11, 26), hour=10)
    mine, theirs = make_services(postgres_url, clock), make_services(postgres_url, clock)
    try:
        theirs.ctx.actor = "Sam Manager (sam)"
        diary = make_busy_diary(mine.ctx.db, children=1)
        request = BookingRequest(
            MeetingKind.CLA_REVIEW, DAYS[0], dt.time(10), 60, diary.chairs[0], diary.children, room_id=diary.rooms[0]
        )
        row, _ = mine.booking.book(request)
        opened = mine.diary.meeting(row.id)
        moved, _ = theirs.booking.move(row.id, row.version, DAYS[1], dt.time(14))
        with pytest.raises(StaleEdit, match=r"changed by Sam Manager \(sam\) at 10:00 on Thu 26 Nov 2026"):
            mine.booking.edit(row.id, opened.row.version, replace(request, notes="Interpreter booked"))
        now = mine.diary.meeting(row.id)
        assert (now.row.day, now.row.start.hour, now.notes, now.row.version) == (DAYS[1], 14, "", moved.version)
    finally:
        mine.close()
        theirs.close()


# -- SQLite, two processes ---------------------------------------------------------------------------------------


def test_two_processes_racing_for_one_slot_on_sqlite_one_wins_each_time(db_path: Path) -> None:
    db = Database(str(db_path))
    diary = make_busy_diary(db)
    db.close()
    first, second = race_requests(diary, ROUNDS)
    context = multiprocessing.get_context("spawn")
    with context.Manager() as manager, context.Pool(2) as pool:
        barrier = manager.Barrier(2)
        results = [pool.apply_async(race_rounds, (str(db_path), r, barrier)) for r in (first, second)]
        got = [result.get(timeout=120) for result in results]
    assert_one_winner_each_round(*got)


def test_two_processes_making_random_bookings_on_sqlite_never_double_book(db_path: Path) -> None:
    db = Database(str(db_path))
    diary = make_busy_diary(db)
    db.close()
    context = multiprocessing.get_context("spawn")
    with context.Pool(2) as pool:
        outcomes = pool.starmap(book_many, [(str(db_path), diary, seed, 150) for seed in (1, 2)])
    booked = sum(b for b, _ in outcomes)
    assert booked > 50 and sum(r for _, r in outcomes) > 50
    db = Database(str(db_path))
    try:
        assert overlapping_pairs(db) == []
    finally:
        db.close()
