"""Performance figures for DESIGN.md's budget, as JSON (`make bench`, `--scale N`).

Not a test: it prints measurements; the budget is judged by reading them. Later features add their figures
here. Each figure is the best of a few runs, so a busy machine does not make the app look slower than it is.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from iro_diary.infra.clock import FixedClock
from iro_diary.services.context import ServiceContext
from iro_diary.services.registry import Services
from iro_diary.store.database import Database
from iro_diary.store.migrate import prepare

BUDGET = {
    "start_to_window_seconds": 1.5,
    "demo_seconds_scale_10": 120,
    "rss_mb": 300,
    "ics_year_one_iro_seconds": 1.0,
    "feeds_all_seconds_scale_10": 10,
}
TODAY = dt.date(2026, 11, 26)


def best_of(runs: int, work) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return min(times)


def open_services(path: Path) -> Services:
    db = Database(str(path))
    prepare(db, path.parent / "backups", dt.datetime.now(dt.UTC))
    return Services.create(ServiceContext(db, FixedClock.on(TODAY, hour=10), "bench"))


def busiest_iro(services: Services, first: dt.date, last: dt.date) -> tuple[str, int]:
    """The email of the IRO who chaired most meetings from `first` to `last`, and how many."""
    from sqlalchemy import func, select

    from iro_diary.infra.clock import LONDON
    from iro_diary.store.models import Iro, Meeting

    start = dt.datetime.combine(first, dt.time(0), tzinfo=LONDON)
    end = dt.datetime.combine(last, dt.time(23, 59), tzinfo=LONDON)
    query = (
        select(Iro.email, func.count(Meeting.id))
        .join(Meeting, Meeting.chair_id == Iro.id)
        .where(Meeting.start_at >= start, Meeting.start_at <= end)
        .group_by(Iro.email)
        .order_by(func.count(Meeting.id).desc())
        .limit(1)
    )
    with services.ctx.db.read() as session:
        email, count = session.execute(query).one()
    return str(email), int(count)


def measure_invites(services: Services, folder: Path) -> dict[str, float]:
    """A year of the busiest IRO's calendar as one .ics, and every IRO's and room's feed, written to a folder."""
    first, last = TODAY - dt.timedelta(days=365), TODAY
    email, _count = busiest_iro(services, first, last)
    exported = services.feeds.export_calendar(iro_email=email, first=first, last=last)
    year = best_of(3, lambda: services.feeds.export_calendar(iro_email=email, first=first, last=last))
    runs = iter(range(100))

    def write_all() -> None:  # into an empty folder each time, so every feed is built and written
        target = folder / str(next(runs))
        target.mkdir(parents=True)
        services.feeds.write_feeds(str(target))

    feeds = best_of(3, write_all)
    unchanged = best_of(3, lambda: services.feeds.write_feeds(str(folder / "0")))
    return {
        "ics_year_one_iro_events": exported.events,
        "ics_year_one_iro_seconds": round(year, 3),
        "feeds": len(list((folder / "0").glob("*.ics"))),
        "feeds_all_seconds": round(feeds, 2),
        "feeds_all_unchanged_seconds": round(unchanged, 2),
    }


def measure_start(database: Path, home: Path) -> tuple[float, float]:
    """Seconds from starting the app to a usable window (its first pane loaded), and its peak RSS in MB.

    The time is measured from outside (interpreter start and imports included); the memory is what the app
    reports of itself, because a forked child's RSS before exec counts the parent's pages.
    """
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "IRO_DIARY_HOME": str(home),
        "IRO_DIARY_EXIT_WHEN_READY": "1",
    }
    best, peak = float("inf"), 0.0
    for _ in range(3):
        started = time.perf_counter()
        result = subprocess.run(
            [sys.executable, "-m", "iro_diary", "--database", str(database)],
            env=env,
            check=True,
            capture_output=True,
            text=True,
            timeout=120,
        )
        best = min(best, time.perf_counter() - started)
        peak = max(peak, json.loads(result.stdout.strip().splitlines()[-1]).get("peak_rss_mb", 0.0))
    return best, peak


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--json", action="store_true", help="print JSON (the default output)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="iro-diary-bench-") as folder:
        home = Path(folder)
        database = home / "bench.sqlite3"
        services = open_services(database)
        started = time.perf_counter()
        summary, _ = services.demo.generate(args.scale, 1)
        demo_seconds = time.perf_counter() - started
        children_ms = 1000 * best_of(3, services.children.list_children)
        invites = measure_invites(services, home / "feeds")
        services.close()
        start_seconds, rss_mb = measure_start(database, home)
    figures = {
        "scale": args.scale,
        "children": summary.counts["child"],
        "meetings": summary.counts["meeting"],
        "demo_seconds": round(demo_seconds, 2),
        "start_to_window_seconds": round(start_seconds, 3),
        "children_list_ms": round(children_ms, 1),
        "rss_mb": round(rss_mb, 1),
        **invites,
        "budget": BUDGET,
    }
    sys.stdout.write(json.dumps(figures, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
