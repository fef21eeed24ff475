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

# frozen_start_ratio: the PyInstaller bundle starts no more than 20% slower than the app run from the venv.
BUDGET = {"start_to_window_seconds": 1.5, "demo_seconds_scale_10": 120, "rss_mb": 300, "frozen_start_ratio": 1.2}
FROZEN_APP = Path(__file__).resolve().parents[2] / "installer" / "dist" / "iro-diary" / "iro-diary"
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


def measure_start(database: Path, home: Path, program: list[str] | None = None) -> tuple[float, float]:
    """Seconds from starting the app to a usable window (its first pane loaded), and its peak RSS in MB.

    The time is measured from outside (interpreter or bundle start and imports included); the memory is what
    the app reports of itself, because a forked child's RSS before exec counts the parent's pages. `program`
    is the command that starts the app (default: this venv's `python -m iro_diary`).
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
            [*(program or [sys.executable, "-m", "iro_diary"]), "--database", str(database)],
            env=env,
            check=True,
            capture_output=True,
            text=True,
            timeout=120,
        )
        best = min(best, time.perf_counter() - started)
        peak = max(peak, json.loads(result.stdout.strip().splitlines()[-1]).get("peak_rss_mb", 0.0))
    return best, peak


def measure_frozen_start(database: Path, home: Path, venv_seconds: float) -> dict[str, object]:
    """The same start measured on the frozen app of `make installer`, and how it compares with the venv's."""
    if not FROZEN_APP.is_file():
        return {"frozen_start_to_window_seconds": None, "frozen_note": "run `make installer` first to measure it"}
    seconds, rss_mb = measure_start(database, home, [str(FROZEN_APP)])
    return {
        "frozen_start_to_window_seconds": round(seconds, 3),
        "frozen_start_ratio": round(seconds / venv_seconds, 2),
        "frozen_rss_mb": round(rss_mb, 1),
    }


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
        services.close()
        start_seconds, rss_mb = measure_start(database, home)
        frozen = measure_frozen_start(database, home, start_seconds)
    figures = {
        "scale": args.scale,
        "children": summary.counts["child"],
        "meetings": summary.counts["meeting"],
        "demo_seconds": round(demo_seconds, 2),
        "start_to_window_seconds": round(start_seconds, 3),
        "children_list_ms": round(children_ms, 1),
        "rss_mb": round(rss_mb, 1),
        **frozen,
        "budget": BUDGET,
    }
    sys.stdout.write(json.dumps(figures, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
