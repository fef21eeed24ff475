"""`iro-diary self-test`: the real main window, offscreen, walked pane by pane on a demo database.

Each step raises `SelfTestFailure` with a reason; later features add their own steps to `STEPS`.
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication

from iro_diary.domain.booking import blocking, check_booking
from iro_diary.infra.paths import AppPaths
from iro_diary.services.booking_support import proposal
from iro_diary.services.diary_rows import BookingRequest
from iro_diary.services.registry import Services
from iro_diary.ui.application import build_window, create_application
from iro_diary.ui.diary.pane import DiaryPane
from iro_diary.ui.error_sink import ErrorSink
from iro_diary.ui.main_window import MainWindow
from iro_diary.ui.panes.children_pane import ChildrenPane
from iro_diary.ui.panes.due_pane import DuePane
from iro_diary.ui.panes.workload_pane import WorkloadPane
from iro_diary.ui.prompts import Prompter

if TYPE_CHECKING:
    from iro_diary.app import OpenDiary

TIMEOUT_SECONDS = 60


class SelfTestFailure(Exception):
    pass


class HeadlessPrompter(Prompter):
    """Answers every question with its default and records messages instead of showing them."""

    def __init__(self) -> None:
        super().__init__(None)
        self.messages: list[str] = []

    def confirm(self, title: str, text: str, *, yes: str = "Yes", no: str = "No") -> bool:
        self.messages.append(f"asked: {title}")
        return False

    def inform(self, title: str, text: str) -> None:
        self.messages.append(f"{title}: {text}")

    def warn(self, title: str, text: str) -> None:
        raise SelfTestFailure(f"{title}: {text}")


class RecordingSink(ErrorSink):
    def __call__(self, error: BaseException) -> None:
        raise SelfTestFailure(f"{type(error).__name__}: {error}") from error


def wait_until(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + TIMEOUT_SECONDS
    while not condition():
        QApplication.processEvents()
        if time.monotonic() > deadline:
            raise SelfTestFailure(f"timed out waiting for {what}")
        time.sleep(0.01)


def walk_panes(window: MainWindow) -> None:
    for pane in window.panes:
        window.show_pane(pane.title)
        wait_until(pane.is_loaded, f"the {pane.title} pane to load")


def open_a_child(window: MainWindow) -> None:
    pane = window.show_pane("Children & families")
    assert isinstance(pane, ChildrenPane)
    wait_until(pane.is_loaded, "the children list")
    if pane.model.rowCount() == 0:
        raise SelfTestFailure("the demo service has no children")
    pane.table.selectRow(0)
    wait_until(lambda: pane.current_detail() is not None and pane.is_loaded(), "a child's record")


def book_in_the_diary(window: MainWindow) -> None:
    """Book a due review through the services, then see it in the diary's week view."""
    services = window.ui.services
    request = free_booking(services)
    if request is None:
        raise SelfTestFailure("no free slot for any open requirement in the coming weeks")
    row, changes = services.booking.book(request)
    window.ui.bus.publish(changes)
    pane = window.show_pane(DiaryPane.title)
    assert isinstance(pane, DiaryPane)
    wait_until(pane.is_loaded, "the diary to load")
    pane.set_view("week")
    pane.go_to_meeting(row)
    wait_until(lambda: pane.is_loaded() and pane.grid.block(row.id) is not None, f"{row.ref} in the week view")


def free_booking(services: Services) -> BookingRequest | None:
    """A booking that passes every check: an open requirement, its chair, the first free hour."""
    today = services.ctx.clock.today()
    for need in services.timescales.due_list():
        if need.iro_id is None or need.household_ref is not None or need.booked_ref is not None:
            continue
        context = services.diary.booking_context(need.meeting_kind, need.child_ids)
        for offset in range(1, 22):
            day = today + dt.timedelta(days=offset)
            facts = services.diary.day_facts(day)
            for hour in range(9, 16):
                request = BookingRequest(
                    need.meeting_kind, day, dt.time(hour), 60, need.iro_id, need.child_ids, venue="Home"
                )
                checked = proposal(request, window=context.window, now=services.ctx.clock.now())
                if not blocking(check_booking(checked, facts, context.calendar)):
                    return request
    return None


def export_and_check_it(window: MainWindow) -> None:
    """Export the diary as CSV and dry-run importing it back: every row must be accepted, nothing changes."""
    import tempfile
    from pathlib import Path

    services = window.ui.services
    with tempfile.TemporaryDirectory(prefix="iro-diary-self-test-export-") as folder:
        files = services.exports.export(Path(folder))
        outcome = services.imports.check(services.imports.sources_in_folder(Path(folder)))
    if not outcome.ok:
        raise SelfTestFailure(f"the export does not import back: {outcome.problems[0].line()}")
    if outcome.totals() != (0, 0, sum(f.rows for f in files)):
        raise SelfTestFailure(f"importing the export back would change the diary: {outcome.totals()}")


def propose_a_rebalance(window: MainWindow) -> None:
    pane = window.show_pane("Workload")
    assert isinstance(pane, WorkloadPane)
    wait_until(pane.is_loaded, "the workload")
    if pane.model.rowCount() == 0:
        raise SelfTestFailure("the workload lists no IROs")
    dialog = pane.open_rebalance()
    if dialog is None:
        raise SelfTestFailure("the Rebalance dialog did not open")
    wait_until(lambda: dialog.proposal is not None and not dialog.is_busy(), "a rebalance proposal")
    dialog.close()


def plan_the_next_weeks(window: MainWindow) -> None:
    """The planner from Due & overdue: a preview of the next six weeks, each proposal booked as it would be."""
    pane = window.show_pane(DuePane.title)
    assert isinstance(pane, DuePane)
    wait_until(pane.is_loaded, "the due list")
    dialog = pane.open_planner()
    dialog.plan()
    wait_until(lambda: dialog.preview is not None and not dialog.is_busy(), "the planner's proposals")
    preview = dialog.preview
    assert preview is not None
    if len(preview.planned) + len(preview.unplaced) != preview.requirements:
        raise SelfTestFailure(f"the planner looked at {len(preview.planned)} of {preview.requirements} requirements")
    dialog.close()


STEPS: list[Callable[[MainWindow], None]] = [
    walk_panes,
    open_a_child,
    export_and_check_it,
    propose_a_rebalance,
    plan_the_next_weeks,
    book_in_the_diary,
]


def run_self_test(diary: OpenDiary, paths: AppPaths) -> int:
    create_application()
    prompter = HeadlessPrompter()
    window = build_window(diary, paths, prompter, RecordingSink(prompter, None))
    window.show()
    try:
        for step in STEPS:
            step(window)
    except SelfTestFailure as failure:
        sys.stderr.write(f"iro-diary self-test: {step.__name__}: {failure}\n")
        return 1
    finally:
        window.close()
    sys.stdout.write(f"self-test passed: {len(STEPS)} steps, {len(window.panes)} panes\n")
    return 0
