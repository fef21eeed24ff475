"""Issue #10's figures on a real PostgreSQL (loopback): one booking's round trip, eight writers (separate processes,
like eight PCs) booking at once without a double booking, and how soon another app hears of a booking.

Uses IRO_DIARY_TEST_POSTGRES_URL when set, else starts a throwaway cluster as the test suite does.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import multiprocessing
import random
import statistics
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from iro_diary.domain.errors import BookingConflict
from iro_diary.store.database import Database
from iro_diary.store.migrate import prepare
from tests.concurrency_support import (
    DAYS,
    make_busy_diary,
    overlapping_pairs,
    random_booking,
    services_for,
    timed_bookings,
    timed_raw_inserts,
)

WRITERS = 8
BOOKINGS_EACH = 100


@contextlib.contextmanager
def postgres_server() -> Iterator[str]:
    import os

    from tests.postgres import URL_VARIABLE, _bindir, _cluster

    given = os.environ.get(URL_VARIABLE)
    if given:
        yield given
        return
    bindir = _bindir()
    if bindir is None:
        raise RuntimeError("no PostgreSQL here (pg_config/initdb not found)")
    with _cluster(bindir) as server:
        yield server.url


def fresh_database(server: str) -> str:
    import psycopg

    name = f"iro_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    url = server.rsplit("/", 1)[0] + f"/{name}"
    db = Database(url)
    prepare(db, Path(tempfile.gettempdir()), dt.datetime.now(dt.UTC))
    db.close()
    return url


def round_trip(url: str) -> dict[str, float]:
    """One booking at a time, each a full round trip (checks, insert, commit, the row read back)."""
    services = services_for(url)
    diary = make_busy_diary(services.ctx.db, chairs=12, rooms=12, children=200)
    rng = random.Random(7)
    times = []
    try:
        for _ in range(60):
            request = random_booking(rng, diary)
            started = time.perf_counter()
            with contextlib.suppress(BookingConflict):
                services.booking.book(request)
            times.append(1000 * (time.perf_counter() - started))
    finally:
        services.close()
    times = times[10:]  # the first few warm the connection pool and caches
    return {
        "booking_round_trip_ms_postgres": round(statistics.median(times), 1),
        "booking_round_trip_p95_ms_postgres": round(sorted(times)[int(0.95 * len(times))], 1),
    }


def in_parallel(url: str, writer: object, each: int) -> tuple[int, int, float, int]:
    """WRITERS processes running `writer` at once on a busy diary: done, refused, seconds, overlapping pairs."""
    services = services_for(url)
    diary = make_busy_diary(services.ctx.db, chairs=24, rooms=24, children=400)
    services.close()
    context = multiprocessing.get_context("spawn")
    with context.Manager() as manager, context.Pool(WRITERS) as pool:
        barrier = manager.Barrier(WRITERS)
        results = pool.starmap(writer, [(url, diary, seed, each, barrier) for seed in range(WRITERS)])  # type: ignore[arg-type]
    elapsed = max(r[3] for r in results) - min(r[2] for r in results)
    db = Database(url)
    try:
        overlaps = len(overlapping_pairs(db))
    finally:
        db.close()
    return sum(r[0] for r in results), sum(r[1] for r in results), elapsed, overlaps


def eight_writers(url: str) -> dict[str, float]:
    """Eight processes booking at once through the booking service; afterwards an SQL query finds no overlapping
    meetings."""
    booked, refused, elapsed, overlaps = in_parallel(url, timed_bookings, BOOKINGS_EACH)
    return {
        "writers_postgres": WRITERS,
        "bookings_per_second_8_writers_postgres": round(booked / elapsed, 1),
        "attempts_per_second_8_writers_postgres": round((booked + refused) / elapsed, 1),
        "bookings_refused_as_clashes_8_writers": refused,
        "double_bookings_after_8_writers": overlaps,
    }


def eight_raw_writers(url: str) -> dict[str, float]:
    """The database's own share: eight processes inserting meetings straight into the table, only the exclusion
    constraints refusing overlaps."""
    inserted, refused, elapsed, overlaps = in_parallel(url, timed_raw_inserts, 400)
    return {
        "constraint_inserts_per_second_8_writers_postgres": round((inserted + refused) / elapsed, 1),
        "constraint_refusals_8_writers": refused,
        "double_bookings_after_8_raw_writers": overlaps,
    }


def heard_by_another_app(url: str) -> dict[str, float]:
    """From one app's commit to another app hearing of it (PostgreSQL LISTEN/NOTIFY)."""
    mine, theirs = services_for(url), services_for(url)
    diary = make_busy_diary(mine.ctx.db, chairs=2, rooms=2, children=20)
    rng = random.Random(3)
    delays = []
    try:
        theirs.live.listen(0)
        for hour in range(9, 16):
            request = replace(random_booking(rng, diary), day=DAYS[-1], start=dt.time(hour), minutes=30)
            row, _ = mine.booking.book(request)
            committed = time.perf_counter()
            while row.id not in theirs.live.listen(2).meetings:
                pass
            delays.append(1000 * (time.perf_counter() - committed))
    finally:
        mine.close()
        theirs.close()
    return {"live_refresh_heard_ms_postgres": round(statistics.median(delays), 1)}


def measure_shared_diary() -> dict[str, float]:
    with postgres_server() as server:
        figures = round_trip(fresh_database(server))
        figures |= eight_writers(fresh_database(server))
        figures |= eight_raw_writers(fresh_database(server))
        figures |= heard_by_another_app(fresh_database(server))
    return figures


if __name__ == "__main__":
    import json
    import sys

    sys.stdout.write(json.dumps(measure_shared_diary(), indent=2) + "\n")
