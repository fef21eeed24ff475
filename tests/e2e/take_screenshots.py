"""Screenshots of the real main window on the demo service, for the README (run by hand under Xvfb).

xvfb-run -s "-screen 0 1400x900x24" .venv/bin/python tests/e2e/take_screenshots.py
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from PySide6.QtWidgets import QApplication

OUT = Path(__file__).resolve().parents[2] / "resources" / "screenshots"


def wait(condition, seconds: float = 30) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while not condition():
        QApplication.processEvents()
        if time.monotonic() > deadline:
            raise SystemExit("timed out")
        time.sleep(0.01)


def settle() -> None:
    for _ in range(20):
        QApplication.processEvents()


def diary_screenshots(window) -> None:  # type: ignore[no-untyped-def]
    """The week view of the children-in-care team, and the booking dialog for a due review, its window shaded,
    with the chair already booked at the time first tried (the live check says so)."""
    import datetime as dt

    from PySide6.QtCore import QTime

    from iro_diary.ui.diary.columns import show_choices
    from iro_diary.ui.diary.pane import DiaryPane

    pane = window.show_pane(DiaryPane.title)
    wait(pane.is_loaded)
    team = next(c for c in show_choices(pane.resources) if c.team is not None)
    pane.show_columns(team)
    pane.set_view("week")
    wait(pane.is_loaded)
    busy = [b.row for b in pane.grid.blocks() if b.row is not None and b.row.pending]
    if busy:
        pane.grid.select_meeting(busy[len(busy) // 2].id)
    settle()
    window.grab().save(str(OUT / "diary-week.png"))
    services = window.ui.services
    today = services.ctx.clock.today()
    need = next(
        r
        for r in services.timescales.due_list()
        if r.rule.startswith("cla") and r.booked_ref is None and r.iro_id and r.latest_working_day > today
    )
    pane.book_requirement(need)
    wait(lambda: pane.diary_actions.booking_dialog is not None)
    dialog = pane.diary_actions.booking_dialog
    wait(lambda: dialog.context is not None and not window.ui.runner.busy)
    clash = next(
        (
            m
            for m in services.diary.agenda(today + dt.timedelta(days=1), need.latest_working_day)
            if m.chair_id == need.iro_id and m.pending
        ),
        None,
    )
    form = dialog.form
    form.use_venue.setChecked(True)
    form.venue.setText("Foster carers' home")
    if clash is not None:
        form.day.setDate(clash.start.date())
        form.start.setTime(QTime(clash.start.hour, clash.start.minute))
    wait(lambda: not window.ui.runner.busy)
    settle()
    dialog.grab().save(str(OUT / "booking-dialog.png"))
    dialog.reject()


def scheduling_screenshots(window) -> None:  # type: ignore[no-untyped-def]
    """The booking dialog with the scheduling assistant's suggestions for a due review, and the planner's
    preview of the next six weeks."""
    from iro_diary.ui.diary.pane import DiaryPane
    from iro_diary.ui.panes.due_pane import DuePane

    services = window.ui.services
    today = services.ctx.clock.today()
    need = next(
        r
        for r in services.timescales.due_list()
        if r.rule.startswith("cla") and r.booked_ref is None and r.iro_id and r.latest_working_day > today
    )
    pane = window.show_pane(DiaryPane.title)
    wait(pane.is_loaded)
    pane.book_requirement(need)
    wait(lambda: pane.diary_actions.booking_dialog is not None)
    dialog = pane.diary_actions.booking_dialog
    wait(lambda: dialog.context is not None and not window.ui.runner.busy)
    dialog.resize(1100, 900)
    dialog.suggest()
    wait(lambda: dialog.suggestions.model.rowCount() > 0)
    dialog.suggestions.view.selectRow(1)
    dialog.use_slot(dialog.suggestions.selected())
    wait(lambda: not window.ui.runner.busy)
    settle()
    dialog.grab().save(str(OUT / "booking-suggestions.png"))
    dialog.reject()
    due = window.show_pane(DuePane.title)
    wait(due.is_loaded)
    planner = due.open_planner()
    planner.plan()
    wait(lambda: planner.preview is not None and not planner.is_busy())
    planner.planned_view.selectRow(0)
    settle()
    planner.grab().save(str(OUT / "planner.png"))
    planner.reject()


def _review_held_this_morning(services, today):  # type: ignore[no-untyped-def]
    """A looked-after review booked for siblings this morning (so it can be marked held)."""
    import datetime as dt

    from iro_diary.domain.codes import MeetingKind
    from iro_diary.domain.errors import AppError
    from iro_diary.services.diary_rows import BookingRequest

    needs = [
        r for r in services.timescales.due_list() if r.rule.startswith("cla") and r.booked_ref is None and r.iro_id
    ]
    for need in sorted(needs, key=lambda r: -len(r.child_ids)):
        for hour in range(9, 14):
            request = BookingRequest(
                MeetingKind.CLA_REVIEW, today, dt.time(hour), 60, need.iro_id, need.child_ids, venue="Placement",
                late_reason="Screenshot",
            )  # fmt: skip
            try:
                return services.booking.book(request)[0]
            except AppError:
                continue
    raise SystemExit("no review could be booked this morning")


def quality_screenshots(window) -> None:  # type: ignore[no-untyped-def]
    """Quality assurance: the Concerns list with one concern's stages, and the live audit by quarter; the held
    dialog of a looked-after review with its live-audit checklist."""
    from iro_diary.domain.reports.period import last_complete_year
    from iro_diary.ui.diary.pane import DiaryPane

    quality = window.show_pane("Quality assurance")
    wait(quality.is_loaded)
    tab = quality.concerns
    if tab.proxy.rowCount():
        tab.table.selectRow(0)
        wait(lambda: tab.stages.rowCount() > 0)
    settle()
    window.grab().save(str(OUT / "quality-concerns.png"))
    quality.tabs.setCurrentWidget(quality.audit)
    year = last_complete_year(window.ui.clock.today()) + 1
    quality.audit.year.setCurrentIndex(quality.audit.year.findData(year))
    wait(lambda: quality.audit.figures is not None and quality.audit.figures.period.year == year)
    settle()
    window.grab().save(str(OUT / "quality-live-audit.png"))
    services, pane = window.ui.services, window.show_pane(DiaryPane.title)
    wait(pane.is_loaded)
    review = _review_held_this_morning(services, window.ui.clock.today())
    pane.diary_actions.mark_held(review)
    wait(lambda: pane.diary_actions.dialog is not None and not window.ui.runner.busy)
    dialog = pane.diary_actions.dialog
    settle()
    dialog.grab().save(str(OUT / "held-with-live-audit.png"))
    dialog.reject()


@contextlib.contextmanager
def demo_window() -> Iterator[object]:
    """The real main window over a fresh demo service (scale 1) in a temporary home, 1360 x 840."""
    with tempfile.TemporaryDirectory() as home:
        os.environ["IRO_DIARY_HOME"] = home
        from iro_diary.app import open_diary
        from iro_diary.infra.paths import app_paths
        from iro_diary.ui.application import build_window, create_application
        from iro_diary.ui.error_sink import ErrorSink
        from iro_diary.ui.prompts import Prompter

        diary = open_diary(str(Path(home) / "demo.sqlite3"))
        diary.services.demo.generate(1.0, 1)
        create_application()
        prompter = Prompter()
        window = build_window(diary, app_paths(), prompter, ErrorSink(prompter, None))
        window.resize(1360, 840)
        window.show()
        OUT.mkdir(parents=True, exist_ok=True)
        try:
            yield window
        finally:
            window.close()
            diary.services.close()


def main() -> int:
    with demo_window() as window:
        pane = window.show_pane("Children & families")  # type: ignore[attr-defined]
        wait(pane.is_loaded)
        row = next(r for r in pane.model.rows if r.legal_status and r.family_ref)
        pane.select_child(row.id)
        wait(lambda: pane.current_detail() is not None and pane.is_loaded())
        settle()
        window.grab().save(str(OUT / "main-window.png"))
        due = window.show_pane("Due & overdue")
        wait(due.is_loaded)
        settle()
        window.grab().save(str(OUT / "due-and-overdue.png"))
        diary_screenshots(window)
        scheduling_screenshots(window)
        settings = window.show_pane("Settings")
        wait(settings.is_loaded)
        for tab in (1, 2):
            settings.tabs.setCurrentIndex(tab)  # type: ignore[attr-defined]
            settle()
            window.grab().save(str(OUT / f"settings-{('timescales', 'calendar')[tab - 1]}.png"))
        reports = window.show_pane("Reports")
        wait(reports.is_loaded)
        reports.tabs.setCurrentIndex(1)  # type: ignore[attr-defined]
        settle()
        window.grab().save(str(OUT / "reports.png"))
        quality_screenshots(window)
    sys.stdout.write(f"saved screenshots in {OUT}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
