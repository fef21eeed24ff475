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
    "due_derive_ms_scale_10": 200,
    "due_pane_open_ms_scale_10": 300,
    "annual_report_ms_scale_10": 1000,
    "annual_report_pdf_ms_scale_10": 5000,
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


def measure_due(services: Services) -> dict[str, float]:
    """The due list at this scale: deriving it from loaded facts (the domain), and the whole service call."""
    from iro_diary.services.timescales import open_requirements
    from iro_diary.store.repositories.timescale_facts import TimescaleFactRepository

    today = services.ctx.clock.today()
    with services.ctx.db.read() as session:
        book = services.ctx.rule_book(session)
        repo = TimescaleFactRepository(session)
        children = repo.children(repo.open_case_ids(today))
        households = repo.households(today, open_only=True)

    def derive() -> None:
        open_requirements(book, today, children, households)

    return {
        "due_open_children": len(children),
        "due_requirements": len(services.timescales.due_list()),
        "due_derive_ms": round(1000 * best_of(5, derive), 1),
        "due_list_service_ms": round(1000 * best_of(3, services.timescales.due_list), 1),
    }


def measure_report(services: Services) -> dict[str, float]:
    """The last complete year's annual report: computing its figures, and printing it to a PDF (no widgets)."""
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtGui import QGuiApplication

    from iro_diary.domain.reports.period import last_complete_year
    from iro_diary.ui.report_pdf.writer import report_pdf

    _application = QGuiApplication.instance() or QGuiApplication(["bench"])
    year = last_complete_year(TODAY)
    report = services.reports.annual(year)
    return {
        "annual_report_ms": round(1000 * best_of(3, lambda: services.reports.annual(year)), 1),
        "annual_report_pdf_ms": round(1000 * best_of(2, lambda: report_pdf(report)), 1),
        "annual_report_meetings_held": report.figure("meetings_held_total").value or 0,
    }


def measure_due_pane(services: Services, home: Path) -> dict[str, float]:
    """Opening the Due & overdue pane in the real window: cold (nothing loaded) and as users meet it (the list is
    worked out in the background from start-up)."""
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    os.environ["IRO_DIARY_HOME"] = str(home)
    from PySide6.QtWidgets import QApplication

    from iro_diary.app import OpenDiary
    from iro_diary.infra.local_settings import DatabaseChoice
    from iro_diary.infra.paths import app_paths
    from iro_diary.store.migrate import MigrationReport
    from iro_diary.ui.application import build_window, create_application
    from iro_diary.ui.error_sink import ErrorSink
    from iro_diary.ui.panes.due_pane import DuePane
    from iro_diary.ui.prompts import Prompter

    create_application()
    diary = OpenDiary(services, DatabaseChoice("bench", "bench"), MigrationReport("x", "x", None))

    def open_pane(preloaded: bool) -> float:
        window = build_window(diary, app_paths(), Prompter(), ErrorSink(Prompter(), None))
        window.show()
        due = window.pane(DuePane)
        while preloaded and not due.is_loaded():
            QApplication.processEvents()
        started = time.perf_counter()
        window.show_pane(due.title)
        QApplication.processEvents()  # at least one paint of the pane
        while not (due.is_loaded() and due.proxy.rowCount()):
            QApplication.processEvents()
        elapsed = time.perf_counter() - started
        window.close()
        return elapsed

    return {
        "due_pane_open_ms": round(1000 * min(open_pane(True) for _ in range(3)), 1),
        "due_pane_cold_open_ms": round(1000 * open_pane(False), 1),
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
        due = measure_due(services)
        start_seconds, rss_mb = measure_start(database, home)
        due |= measure_due_pane(services, home)
        due |= measure_report(services)
        services.close()
    figures = {
        "scale": args.scale,
        "children": summary.counts["child"],
        "meetings": summary.counts["meeting"],
        "demo_seconds": round(demo_seconds, 2),
        "start_to_window_seconds": round(start_seconds, 3),
        "children_list_ms": round(children_ms, 1),
        "rss_mb": round(rss_mb, 1),
        **due,
        "budget": BUDGET,
    }
    sys.stdout.write(json.dumps(figures, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
