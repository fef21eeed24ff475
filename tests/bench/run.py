"""Performance figures for DESIGN.md's budget, as JSON (`make bench`, `--scale N`).

Not a test: it prints measurements; the budget is judged by reading them. Later features add their figures
here. Each figure is the best of a few runs, so a busy machine does not make the app look slower than it is.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

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
    "diary_next_week_ms_scale_10": 50,
    "booking_dialog_open_ms_scale_10": 150,
    "booking_live_check_ms_scale_10": 30,
    "import_100k_rows_seconds": 60,
    "ics_year_one_iro_seconds": 1.0,
    "feeds_all_seconds_scale_10": 10,
    "workload_pane_open_ms_scale_10": 300,
    "rebalance_proposal_ms_scale_10": 1000,
    # The PyInstaller bundle starts no more than 20% slower than the app run from the venv (issue #11).
    "frozen_start_ratio": 1.2,
    "annual_report_ms_scale_10": 1000,
    "annual_report_pdf_ms_scale_10": 5000,
    "slots_search_ms_scale_10": 50,
    "slots_service_ms_scale_10": 50,
    "plan_six_weeks_seconds_scale_10": 10,
    "plan_3000_requirements_seconds_scale_10": 10,
    "planner_gui_longest_stall_ms_scale_10": 100,
    # Quality assurance (issue #12): lists and figures a user waits for, like the due list's.
    "concerns_list_ms_scale_10": 200,
    "live_audit_year_ms_scale_10": 1000,
    # Issue #10, on a loopback PostgreSQL: one booking's round trip, and eight writers at once (a floor, not a cap).
    "booking_round_trip_ms_postgres": 50,
    "bookings_per_second_8_writers_postgres": 100,
    "double_bookings_after_8_writers": 0,
}
FROZEN_APP = Path(__file__).resolve().parents[2] / "installer" / "dist" / "iro-diary" / "iro-diary"
IMPORT_ROWS = 100_000
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


def measure_start(database: Path, home: Path, program: list[str] | None = None) -> tuple[float, float]:
    """Seconds from starting the app to a usable window (its first pane loaded), and its peak RSS in MB.

    Both are what the app reports when its window is ready (IRO_DIARY_EXIT_WHEN_READY): the time from the
    kernel's record of the process start, so interpreter start-up and imports count; not the time to exit, which
    waits for background work. Peak memory is the app's own (a forked child's RSS before exec counts the
    parent's pages). `program` is the command that starts the app (default: this venv's `python -m iro_diary`).
    """
    # An installed app starts from compiled modules (pip and the frozen build leave them): let the first of the
    # runs write them even where PYTHONDONTWRITEBYTECODE is set (this sandbox sets it), and report the best run.
    env = {
        **{key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"},
        "QT_QPA_PLATFORM": "offscreen",
        "IRO_DIARY_HOME": str(home),
        "IRO_DIARY_EXIT_WHEN_READY": "1",
    }
    best, peak = float("inf"), 0.0
    for _ in range(3):
        result = subprocess.run(
            [*(program or [sys.executable, "-m", "iro_diary"]), "--database", str(database)],
            env=env,
            check=True,
            capture_output=True,
            text=True,
            timeout=120,
        )
        figures = json.loads(result.stdout.strip().splitlines()[-1])
        best = min(best, figures["ready_seconds"])
        peak = max(peak, figures.get("peak_rss_mb", 0.0))
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
    # Cold: nothing kept yet (as straight after an import, before the app's background job has run).
    from sqlalchemy import delete

    from iro_diary.store.models import AnsweredStep, ComplianceMark

    with services.ctx.db.write() as session:
        session.execute(delete(AnsweredStep))
        session.execute(delete(ComplianceMark))
    cold_ms = 1000 * best_of(1, lambda: services.reports.annual(year))
    started = time.perf_counter()
    while patch := services.timescales.stale_compliance():
        services.timescales.keep_compliance(patch)
    keep_seconds = time.perf_counter() - started
    report = services.reports.annual(year)
    return {
        "annual_report_cold_ms": round(cold_ms, 1),
        "compliance_keep_all_seconds": round(keep_seconds, 2),
        "annual_report_ms": round(1000 * best_of(3, lambda: services.reports.annual(year)), 1),
        "annual_report_pdf_ms": round(1000 * best_of(2, lambda: report_pdf(report)), 1),
        "annual_report_meetings_held": report.figure("meetings_held_total").value or 0,
    }


def measure_due_pane(services: Services, home: Path) -> dict[str, float]:
    """Opening the Due & overdue pane in the real window: cold (nothing loaded) and as users meet it (the list is
    worked out in the background from start-up)."""
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    os.environ["IRO_DIARY_HOME"] = str(home)
    from PySide6.QtCore import QEventLoop
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

    def until(condition) -> None:  # type: ignore[no-untyped-def]
        # Wait for events as the real event loop does: spinning would starve the worker thread of the GIL.
        while not condition():
            QApplication.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)

    def open_pane(preloaded: bool) -> float:
        window = build_window(diary, app_paths(), Prompter(), ErrorSink(Prompter(), None))
        window.show()
        due = window.pane(DuePane)
        if preloaded:
            until(due.is_loaded)
        started = time.perf_counter()
        window.show_pane(due.title)
        QApplication.processEvents()  # at least one paint of the pane
        until(lambda: due.is_loaded() and due.proxy.rowCount())
        elapsed = time.perf_counter() - started
        window.close()
        return elapsed

    return {
        "due_pane_open_ms": round(1000 * min(open_pane(True) for _ in range(3)), 1),
        "due_pane_cold_open_ms": round(1000 * open_pane(False), 1),
    }


def measure_diary(services: Services, home: Path) -> dict[str, float]:
    """The diary at this scale, with the largest team's IROs side by side: paging to the next week (the range
    fetched ahead, as users meet it, and cold), opening the booking dialog, and a live check after a keystroke."""
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    os.environ["IRO_DIARY_HOME"] = str(home)
    from PySide6.QtCore import QTime
    from PySide6.QtWidgets import QApplication

    from iro_diary.app import OpenDiary
    from iro_diary.infra.local_settings import DatabaseChoice
    from iro_diary.infra.paths import app_paths
    from iro_diary.services.diary_rows import BookingRequest
    from iro_diary.store.migrate import MigrationReport
    from iro_diary.ui.application import build_window, create_application
    from iro_diary.ui.diary.columns import show_choices
    from iro_diary.ui.diary.pane import DiaryPane
    from iro_diary.ui.error_sink import ErrorSink
    from iro_diary.ui.prompts import Prompter

    create_application()
    diary = OpenDiary(services, DatabaseChoice("bench", "bench"), MigrationReport("x", "x", None))
    window = build_window(diary, app_paths(), Prompter(), ErrorSink(Prompter(), None))
    window.resize(1360, 840)
    window.show()
    pane = window.show_pane(DiaryPane.title)
    assert isinstance(pane, DiaryPane)

    def settle() -> None:
        while not pane.is_loaded() or window.ui.runner.busy:
            QApplication.processEvents()

    settle()
    teams = [c for c in show_choices(pane.resources) if c.team is not None]
    team = max(teams, key=lambda c: sum(1 for i in pane.resources.iros if i.team is c.team))
    pane.show_columns(team)
    pane.set_view("week")
    settle()

    def next_week(cold: bool, direction: int) -> float:
        if cold:
            pane.loader.forget()
        started = time.perf_counter()
        pane.step(direction)
        while not pane.is_loaded():
            QApplication.processEvents()
        pane.grid.repaint()
        elapsed = time.perf_counter() - started
        settle()  # the neighbours are fetched ahead
        return elapsed

    meetings = len(pane.grid.blocks())
    warm = min(next_week(False, 1 if n % 2 == 0 else -1) for n in range(6))
    cold = min(next_week(True, 1 if n % 2 == 0 else -1) for n in range(4))
    need = next(r for r in services.timescales.due_list() if r.iro_id is not None and r.child_ids)
    request = BookingRequest(need.meeting_kind, pane.anchor, dt.time(10), 0, need.iro_id, need.child_ids, venue="Home")

    def open_dialog() -> tuple[float, float]:
        started = time.perf_counter()
        dialog = pane.diary_actions.book(request)
        QApplication.processEvents()
        shown = time.perf_counter() - started
        while dialog.context is None or dialog.form.request().day not in dialog._facts:
            QApplication.processEvents()
        checked = time.perf_counter() - started
        return shown, checked

    opened = [open_dialog() for _ in range(3)]
    dialog = pane.diary_actions.booking_dialog
    assert dialog is not None

    checks = []
    dialog.form.changed.connect(lambda: checks.append(time.perf_counter()))

    def keystroke(minute: int) -> float:
        started = time.perf_counter()
        dialog.form.start.setTime(QTime(10 + minute % 5, 15 * (minute % 4)))  # the live check runs on the change
        return time.perf_counter() - started

    check = min(keystroke(n) for n in range(1, 21))
    assert len(checks) == 20, "every keystroke was checked"
    dialog.reject()
    window.close()
    return {
        "diary_team_iros": sum(1 for i in pane.resources.iros if i.team is team.team),
        "diary_week_meetings": meetings,
        "diary_next_week_ms": round(1000 * warm, 1),
        "diary_next_week_cold_ms": round(1000 * cold, 1),
        "booking_dialog_open_ms": round(1000 * min(o[0] for o in opened), 1),
        "booking_dialog_ready_ms": round(1000 * min(o[1] for o in opened), 1),
        "booking_live_check_ms": round(1000 * check, 2),
    }


def unbooked_sample(services: Services, count: int) -> list[tuple[Any, int | None]]:
    """A spread of `count` unbooked requirements of the due list, each with its household's id (None for
    children's)."""
    rows = [r for r in services.timescales.due_list() if r.booked_ref is None]
    found = []
    for row in rows[:: max(1, len(rows) // count)][:count]:
        household = None
        if row.household_ref is not None:
            household = services.diary.lookup(household_ref=row.household_ref).household_id
        found.append((row, household))
    return found


def slot_searches(services: Services, count: int = 30) -> tuple[list[float], list[float], int]:
    """Ten best slots for a spread of unbooked requirements: the search itself on the loaded diary (ms each), the
    whole service call, reading the diary and caseloads too (ms each), and the meetings the search indexed."""
    from iro_diary.domain.slot_data import Need
    from iro_diary.services.booking_support import window_for
    from iro_diary.services.diary import default_minutes
    from iro_diary.services.scheduling.loading import load_continuity, read_settings

    services.ctx.db.note_outside_change(watched=False)  # cold: as the command line asks, nothing kept
    scheduling, ctx, today = services.scheduling, services.ctx, services.ctx.clock.today()
    search_ms, service_ms, indexed = [], [], 0
    for row, household in unbooked_sample(services, count):
        with ctx.db.read() as session:
            book, settings = ctx.rule_book(session), read_settings(session)
            window, _rules = window_for(session, book, today, row.meeting_kind, row.child_ids, household)
            allocated, siblings, previous = load_continuity(
                session, row.child_ids, [household] if household else []
            ).of(row.meeting_kind, row.child_ids, household)
            need = Need(
                row.meeting_kind, default_minutes(session, row.meeting_kind), frozenset(row.child_ids), household,
                window, settings.expected_people, allocated=allocated, siblings=siblings, previous_chair=previous,
            )  # fmt: skip
            search = scheduling._search(session, book, settings, [need])
        indexed = max(indexed, search.index.size)
        search_ms.append(1000 * best_of(3, lambda: search.best(need, 10)))  # noqa: B023 - run at once
        service_ms.append(1000 * best_of(2, lambda: scheduling.slots_for_requirement(row.requirement_id)))  # noqa: B023
    return search_ms, service_ms, indexed


def suggest_in_the_window(services: Services, count: int = 30) -> list[float]:
    """What the booking dialog's Suggest waits for (ms each): the window hears every change (its live listener),
    and the dialog read ahead (`prepare`) as it opened, in the background."""
    services.live.listen(0.0)
    waits = []
    for row, household in unbooked_sample(services, count):
        services.scheduling.prepare(row.meeting_kind, row.child_ids, household)
        started = time.perf_counter()
        services.scheduling.slots_for_requirement(row.requirement_id)
        waits.append(1000 * (time.perf_counter() - started))
    return waits


def measure_scheduling(services: Services, home: Path, scale: float) -> dict[str, object]:
    """The scheduling assistant at this scale and at a tenth of it (the search must grow with the diary, not
    with its square): ten best slots for one requirement, and the planner over six weeks and over enough weeks
    for about 3,000 requirements at scale 10."""
    import statistics

    search_ms, service_ms, indexed = slot_searches(services)
    figures: dict[str, object] = {
        "slots_search_ms": round(statistics.median(search_ms), 2),
        "slots_search_ms_worst": round(max(search_ms), 2),
        "slots_service_cold_ms": round(statistics.median(service_ms), 1),
        "slots_meetings_indexed": indexed,
    }
    waits = suggest_in_the_window(services)
    figures["slots_service_ms"] = round(statistics.median(waits), 1)
    figures["slots_service_ms_worst"] = round(max(waits), 1)
    today = services.ctx.clock.today()
    for label, weeks in (("plan_six_weeks", 6), ("plan_3000_requirements", 12)):
        started = time.perf_counter()
        preview = services.scheduling.plan(today, today + dt.timedelta(weeks=weeks))
        figures[f"{label}_seconds"] = round(time.perf_counter() - started, 2)
        figures[f"{label}_requirements"] = preview.requirements
        figures[f"{label}_placed_late_unplaced"] = [len(preview.planned), preview.late, len(preview.unplaced)]
    smaller = scale / 10
    if smaller >= 0.1:
        little = open_services(home / "tenth.sqlite3")
        little.demo.generate(smaller, 1)
        tenth_search, tenth_service, tenth_indexed = slot_searches(little)
        little.close()
        figures["slots_at_a_tenth_of_this_scale"] = {
            "scale": smaller,
            "meetings_indexed": tenth_indexed,
            "search_ms": round(statistics.median(tenth_search), 2),
            "service_ms": round(statistics.median(tenth_service), 1),
        }
        ratio = statistics.median(search_ms) / max(statistics.median(tenth_search), 1e-6)
        figures["slots_search_growth_for_10x"] = round(ratio, 1)
        figures["slots_scaling"] = (
            f"10x the service ({tenth_indexed} -> {indexed} meetings indexed) makes one search {ratio:.1f}x slower: "
            "linear or better (quadratic would be 100x)"
        )
    return figures


def measure_planner_gui(services: Services, home: Path) -> dict[str, float]:
    """The longest the window's event loop waits while the planner plans six weeks in the background: a timer
    asks every 10 ms; the window is responsive when the gaps stay short."""
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    os.environ["IRO_DIARY_HOME"] = str(home)
    from PySide6.QtCore import QEventLoop, QTimer
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
    window = build_window(diary, app_paths(), Prompter(), ErrorSink(Prompter(), None))
    window.show()
    due = window.show_pane(DuePane.title)
    assert isinstance(due, DuePane)
    while not due.is_loaded() or window.ui.runner.busy:
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
    ticks: list[float] = []
    timer = QTimer(window)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start(10)
    dialog = due.open_planner()
    started = time.perf_counter()
    dialog.plan()
    while dialog.is_busy():
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
    seconds = time.perf_counter() - started
    timer.stop()
    gaps = [b - a for a, b in itertools.pairwise(ticks)]
    dialog.reject()
    window.close()
    return {
        "planner_gui_seconds": round(seconds, 2),
        "planner_gui_longest_stall_ms": round(1000 * max(gaps, default=0.0), 1),
    }


def measure_plan_accept(services: Services) -> dict[str, object]:
    """Booking every proposal of the six-week plan (one transaction): last, as it fills the diary."""
    today = services.ctx.clock.today()
    preview = services.scheduling.plan(today, today + dt.timedelta(weeks=6))
    started = time.perf_counter()
    rows, _changes = services.scheduling.accept(preview.planned)
    return {"plan_accept_six_weeks_seconds": round(time.perf_counter() - started, 2), "plan_accepted": len(rows)}


def write_import_files(folder: Path, rows: int = IMPORT_ROWS) -> int:
    """A case system's export of `rows` rows over the six templates (no double bookings, valid codes)."""
    iros, rooms = 200, 50
    children = rows * 40 // 100
    episodes, plans = rows * 25 // 100, rows * 10 // 100
    meetings = rows - iros - rooms - children - episodes - plans
    folder.mkdir(parents=True, exist_ok=True)

    def write(name: str, header: str, lines) -> None:  # type: ignore[no-untyped-def]
        (folder / name).write_text(header + "\n" + "\n".join(lines) + "\n", encoding="utf-8")

    write(
        "iros.csv",
        "name,email,fte,team,working_days",
        (f"IRO {i},iro{i}@example.gov.uk,1,mixed,Mon Tue Wed Thu Fri" for i in range(iros)),
    )
    write("rooms.csv", "name,site,capacity,accessible", (f"Room {i},Site {i % 5},8,yes" for i in range(rooms)))
    write(
        "children.csv",
        "case_ref,given_name,family_name,date_of_birth,sex,ethnicity,family_ref,allocated_iro_email,social_worker,social_worker_email",
        (
            f"C{i:07d},Child,Family{i // 3},{2008 + i % 17}-{1 + i % 12:02d}-{1 + i % 28:02d},{'MFU'[i % 3]},WBRI,"
            f"F{i // 3:07d},iro{i % iros}@example.gov.uk,Social Worker {i % 500},sw{i % 500}@example.gov.uk"
            for i in range(children)
        ),
    )
    write(
        "care_episodes.csv",
        "case_ref,start_date,end_date,legal_status,placement_distance_miles",
        (f"C{i:07d},2024-0{1 + i % 9}-15,,C2,{i % 40}.5" for i in range(episodes)),
    )
    write(
        "protection_plans.csv",
        "case_ref,start_date,end_date,category",
        (f"C{children - 1 - i:07d},2025-03-{1 + i % 28:02d},,NEG" for i in range(plans)),
    )
    slots = ("09:30", "12:00", "14:30")

    def meeting(i: int) -> str:
        chair, turn = i % iros, i // iros
        day = dt.date(2024, 1, 1) + dt.timedelta(days=turn // len(slots))
        start = dt.datetime.combine(day, dt.time.fromisoformat(slots[turn % len(slots)]))
        room = f"Room {chair}" if chair < rooms else ""
        return (
            f"M{i:07d},cla-review,{start:%Y-%m-%dT%H:%M},{start + dt.timedelta(minutes=90):%Y-%m-%dT%H:%M},held,"
            f"iro{chair}@example.gov.uk,{room},C{i % children:07d},,"
        )

    write(
        "meetings.csv",
        "meeting_ref,kind,start,end,status,chair_email,room,case_refs,participation,cancel_reason",
        (meeting(i) for i in range(meetings)),
    )
    return iros + rooms + children + episodes + plans + meetings


def measure_import(home: Path) -> dict[str, float]:
    """Seconds to import 100,000 rows into an empty diary, and to import them again (nothing changes)."""
    folder = home / "import"
    rows = write_import_files(folder)
    services = open_services(home / "import.sqlite3")
    sources = services.imports.sources_in_folder(folder)
    started = time.perf_counter()
    first, _ = services.imports.run(sources)
    first_seconds = time.perf_counter() - started
    started = time.perf_counter()
    again, _ = services.imports.run(sources)
    again_seconds = time.perf_counter() - started
    services.close()
    assert first.ok and first.totals()[0] == rows and again.totals()[2] == rows, (first.problems[:5], again.totals())
    return {
        "import_rows": rows,
        "import_100k_rows_seconds": round(first_seconds, 2),
        "reimport_100k_rows_seconds": round(again_seconds, 2),
    }


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


def measure_quality(services: Services) -> dict[str, float]:
    """Quality assurance: the Concerns list (every concern, closed too), the reminders Due & overdue shows, and a
    year's live-audit figures (per item, quarter, team and IRO)."""
    from iro_diary.domain.reports.period import ReportPeriod, financial_year_of

    year = ReportPeriod(financial_year_of(TODAY))
    return {
        "concerns_list_ms": round(1000 * best_of(3, lambda: services.concerns.list_concerns(include_closed=True)), 1),
        "concern_reminders_ms": round(1000 * best_of(3, services.concerns.reminders), 1),
        "live_audit_year_ms": round(1000 * best_of(3, lambda: services.live_audit.figures(year)), 1),
        "concerns": len(services.concerns.list_concerns(include_closed=True)),
    }


def measure_shared() -> dict[str, object]:
    """Issue #10's figures on PostgreSQL (tests/bench/shared.py); said to be skipped where there is none."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    from tests.bench.shared import measure_shared_diary

    try:
        return dict(measure_shared_diary())
    except Exception as error:  # no PostgreSQL here: the other figures still count
        return {"shared_diary": f"skipped: {type(error).__name__}: {error}"}


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
        invites = measure_invites(services, home / "feeds")
        workload = measure_workload(services)
        start_seconds, rss_mb = measure_start(database, home)
        frozen = measure_frozen_start(database, home, start_seconds)
        due |= measure_due_pane(services, home)
        due |= measure_diary(services, home)
        pane = measure_workload_pane(database, home)
        due |= measure_report(services)
        scheduling = measure_scheduling(services, home, args.scale)
        scheduling |= measure_planner_gui(services, home)
        scheduling |= measure_plan_accept(services)
        due |= measure_quality(services)
        services.close()
        imports = measure_import(home)
    shared = measure_shared()
    figures = {
        "scale": args.scale,
        "children": summary.counts["child"],
        "meetings": summary.counts["meeting"],
        "demo_seconds": round(demo_seconds, 2),
        "start_to_window_seconds": round(start_seconds, 3),
        "children_list_ms": round(children_ms, 1),
        "rss_mb": round(rss_mb, 1),
        **frozen,
        **due,
        **imports,
        **invites,
        **workload,
        **pane,
        **scheduling,
        **shared,
        "budget": BUDGET,
    }
    sys.stdout.write(json.dumps(figures, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
