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
    "workload_pane_open_ms_scale_10": 300,
    "rebalance_proposal_ms_scale_10": 1000,
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


def measure_workload(services: Services) -> dict[str, float]:
    """The workload service's calls: the table, the year's history, and a rebalance of the busiest IRO."""
    busiest = max(services.workload.workload().iros, key=lambda r: r.per_fte)
    return {
        "workload_ms": round(1000 * best_of(3, services.workload.workload), 1),
        "caseload_history_ms": round(1000 * best_of(3, services.workload.history), 1),
        "rebalance_proposal_ms": round(
            1000 * best_of(3, lambda: services.workload.propose_rebalance(busiest.iro_id)), 1
        ),
    }


def measure_workload_pane(database: Path, home: Path) -> dict[str, float]:
    """Milliseconds from choosing the Workload pane in a real (offscreen) window to its table, totals and
    caseload chart being shown ("open"), and to the 12-month chart too ("complete"); best of three windows."""
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    os.environ["IRO_DIARY_HOME"] = str(home)
    from PySide6.QtCore import QEventLoop
    from PySide6.QtWidgets import QApplication

    from iro_diary.app import open_diary
    from iro_diary.infra.paths import app_paths
    from iro_diary.ui.application import build_window, create_application
    from iro_diary.ui.error_sink import ErrorSink
    from iro_diary.ui.panes.workload_pane import WorkloadPane
    from iro_diary.ui.prompts import Prompter

    def until(condition) -> None:  # type: ignore[no-untyped-def]
        # Wait for events as the real event loop does: spinning would starve the worker thread of the GIL.
        while not condition():
            QApplication.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)

    create_application()
    opened, completed = [], []
    for _ in range(3):
        (app_paths().config / "window.ini").unlink(missing_ok=True)  # start on the default pane, not Workload
        diary = open_diary(str(database), clock=FixedClock.on(TODAY, hour=10), paths=app_paths())
        prompter = Prompter()
        window = build_window(diary, app_paths(), prompter, ErrorSink(prompter, None))
        window.show()
        until(window.current_pane().is_loaded)  # the pane it starts on has loaded: the window is idle
        started = time.perf_counter()
        pane = window.show_pane("Workload")
        assert isinstance(pane, WorkloadPane) and not pane.table_loaded()
        until(pane.table_loaded)
        QApplication.processEvents()  # and painted
        opened.append(time.perf_counter() - started)
        until(pane.is_loaded)
        completed.append(time.perf_counter() - started)
        window.close()
        diary.services.close()
    return {
        "workload_pane_open_ms": round(1000 * min(opened), 1),
        "workload_pane_complete_ms": round(1000 * min(completed), 1),
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
        workload = measure_workload(services)
        services.close()
        start_seconds, rss_mb = measure_start(database, home)
        pane = measure_workload_pane(database, home)
    figures = {
        "scale": args.scale,
        "children": summary.counts["child"],
        "meetings": summary.counts["meeting"],
        "demo_seconds": round(demo_seconds, 2),
        "start_to_window_seconds": round(start_seconds, 3),
        "children_list_ms": round(children_ms, 1),
        "rss_mb": round(rss_mb, 1),
        **workload,
        **pane,
        "budget": BUDGET,
    }
    sys.stdout.write(json.dumps(figures, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
