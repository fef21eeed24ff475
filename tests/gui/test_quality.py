"""Quality assurance as an IRO uses it: a concern raised from a held meeting in the diary, the live audit answered
when a review is marked held (and corrected from the child's record), a concern taken through its steps, the
thank-you note, and the service's lists."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from pytestqt.qtbot import QtBot

from iro_diary.domain.codes import MeetingKind, MeetingStatus
from iro_diary.domain.quality.codes import Answer, Outcome, Stage, ThemeKind
from iro_diary.domain.quality.concerns import Standing
from iro_diary.domain.reports.period import ReportPeriod
from iro_diary.services.quality.rows import NewConcern, NewGoodPractice
from iro_diary.ui.main_window import MainWindow
from iro_diary.ui.panes.children_pane import ChildrenPane
from iro_diary.ui.panes.due_pane import DuePane
from iro_diary.ui.quality.checklist_dialog import ChecklistDialog
from iro_diary.ui.quality.concern_dialog import ConcernDialog
from iro_diary.ui.quality.pane import QualityPane
from iro_diary.ui.quality.step_dialog import Step, StepDialog
from tests.gui.conftest import ScriptedPrompter
from tests.gui.diary_helpers import book_started_review, open_diary, settle

TODAY = dt.date(2026, 11, 26)
MONDAY = dt.date(2026, 11, 23)
Q3 = ReportPeriod(2026, 3)


def quality_pane(qtbot: QtBot, window: MainWindow) -> QualityPane:
    pane = window.show_pane("Quality assurance")
    assert isinstance(pane, QualityPane)
    qtbot.waitUntil(pane.is_loaded, timeout=20000)
    return pane


def test_raising_a_concern_from_a_held_meeting_in_the_diary(qtbot: QtBot, window: MainWindow) -> None:
    services = window.ui.services
    pane = open_diary(qtbot, window)
    held = next(
        m for m in services.diary.range(MONDAY, MONDAY).meetings if m.status is MeetingStatus.HELD and m.child_ids
    )
    pane.grid.select_meeting(held.id, focus=True)
    assert pane.strip.quality_button.isEnabled()
    [concern_action, _good, _audit] = pane.strip.quality_button.menu().actions()
    concern_action.trigger()
    qtbot.waitUntil(lambda: isinstance(pane.quality.dialog, ConcernDialog), timeout=10000)
    dialog = pane.quality.dialog
    assert isinstance(dialog, ConcernDialog)
    assert dialog.choices.meeting is not None and dialog.choices.meeting.ref == held.ref
    assert dialog.iro.currentData() == held.chair_id, "the chair raises it"
    assert not dialog.confirm_button.isEnabled(), "nothing said yet, nothing to raise"
    dialog.raised_on.setDate(QDate(MONDAY.year, MONDAY.month, MONDAY.day))
    qtbot.keyClicks(dialog.addressed_to, "Sam Worker")
    qtbot.keyClicks(dialog.team, "Children in Care Team 2")
    dialog.description.setPlainText("The care plan was not sent before the review.")
    assert dialog.confirm_button.isEnabled()
    with qtbot.waitSignal(dialog.saved, timeout=20000):
        qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)
    [raised] = [c for c in services.concerns.list_concerns() if c.meeting_id == held.id]
    # Mon 23 Nov + 5 working days = Mon 30 Nov: two working days left today, so Due & overdue reminds of it.
    assert (raised.raised_on, raised.due_on, raised.standing) == (MONDAY, dt.date(2026, 11, 30), Standing.DUE_SOON)
    due = window.show_pane("Due & overdue")
    assert isinstance(due, DuePane)
    qtbot.waitUntil(lambda: due.is_loaded() and raised.id in [r.id for r in due.concerns.rows_shown()], timeout=20000)
    assert due.concerns.heading.text().startswith("Causes for concern needing action")
    row = next(i for i in range(due.concerns.proxy.rowCount()) if due.concerns.rows_shown()[i].id == raised.id)
    due.concerns._on_double_clicked(due.concerns.proxy.index(row, 0))
    quality = window.current_pane()
    assert isinstance(quality, QualityPane)
    qtbot.waitUntil(lambda: quality.is_loaded() and quality.concerns.selected() is not None, timeout=20000)
    assert quality.concerns.selected().id == raised.id  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: quality.concerns.stages.rowCount() == 1, timeout=10000)
    assert "The care plan was not sent" in quality.concerns.summary.text()


def test_the_live_audit_is_answered_when_a_review_is_marked_held(
    qtbot: QtBot, window: MainWindow, prompter: ScriptedPrompter
) -> None:
    services = window.ui.services
    pane = open_diary(qtbot, window)
    row = book_started_review(services, TODAY)
    before = services.live_audit.figures(Q3).overall
    pane.diary_actions.mark_held(row)
    qtbot.waitUntil(lambda: pane.diary_actions.dialog is not None, timeout=10000)
    held = pane.diary_actions.dialog
    checklist = held.checklist  # type: ignore[union-attr]
    assert checklist is not None, "a looked-after review asks the live audit"
    child = row.child_ids[0]
    items = {i.code: i.id for i in checklist.checklist.items}
    assert "core-group" not in items and "pep" in items
    checklist.set_answer(child, items["pep"], Answer.YES)
    checklist.set_answer(child, items["health"], Answer.NO, "Overdue since August")
    checklist.set_answer(child, items["contact"], Answer.NOT_APPLICABLE)
    participation, _decision, _category = held.rows[child]  # type: ignore[union-attr]
    if participation is not None and participation.currentIndex() < 0:
        participation.setCurrentIndex(participation.findData("PN1"))
    prompter.answers = [False]  # book the next review later
    with qtbot.waitSignal(held.held, timeout=20000):  # type: ignore[union-attr]
        held.confirm()  # type: ignore[union-attr]
    answers = services.live_audit.checklist(row.id).answers
    assert answers[(child, items["health"])] == (Answer.NO, "Overdue since August") and len(answers) == 3
    after = services.live_audit.figures(Q3).overall
    assert (after.expected, after.completed) == (before.expected + 1, before.completed + 1)
    assert (after.overall.yes, after.overall.no) == (before.overall.yes + 1, before.overall.no + 1)
    quality = quality_pane(qtbot, window)
    quality.tabs.setCurrentWidget(quality.audit)
    quality.audit.quarter.setCurrentIndex(quality.audit.quarter.findData(3))
    qtbot.waitUntil(lambda: not quality.audit.loading and quality.audit.figures is not None, timeout=20000)
    qtbot.waitUntil(lambda: quality.audit.figures.period == Q3, timeout=20000)  # type: ignore[union-attr]
    assert f"for {after.completed:,} of the {after.expected:,} children" in quality.audit.summary.text()


def test_the_checklist_is_corrected_from_the_childs_record(qtbot: QtBot, window: MainWindow, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    services = window.ui.services
    review = next(
        m for m in services.diary.range(dt.date(2026, 11, 2), TODAY).meetings
        if m.status is MeetingStatus.HELD and m.kind is MeetingKind.CLA_REVIEW and len(m.child_ids) == 1
    )  # fmt: skip
    window.open_child(review.child_ids[0])
    pane = window.current_pane()
    assert isinstance(pane, ChildrenPane)
    detail = pane.detail
    qtbot.waitUntil(lambda: detail.current is not None and pane.is_loaded(), timeout=20000)
    assert detail.select_meeting(review.id)
    assert detail.meeting_bar.buttons["audit"].isEnabled()
    qtbot.mouseClick(detail.meeting_bar.buttons["audit"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(detail.quality_actions.dialog, ChecklistDialog), timeout=10000)
    dialog = detail.quality_actions.dialog
    assert isinstance(dialog, ChecklistDialog)
    child = review.child_ids[0]
    pep = next(i.id for i in dialog.checklist.items if i.code == "pep")
    before = dialog.checklist.answers.get((child, pep))
    dialog.widget.set_answer(child, pep, Answer.NO if before and before[0] is Answer.YES else Answer.YES, "checked")
    with qtbot.waitSignal(dialog.saved, timeout=20000):
        qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)
    answer, note = services.live_audit.checklist(review.id).answers[(child, pep)]
    assert note == "checked" and (before is None or answer is not before[0])
    audit = quality_pane(qtbot, window).audit
    for view in ("item", "quarter", "team", "iro"):
        audit.view.setCurrentIndex(audit.view.findData(view))
        qtmodeltester.check(audit.model)


def test_a_concern_taken_through_its_steps_in_the_concerns_list(qtbot: QtBot, window: MainWindow) -> None:
    services = window.ui.services
    review = next(
        m for m in services.diary.range(MONDAY, TODAY).meetings if m.status is MeetingStatus.HELD and m.child_ids
    )
    theme = services.quality_lists.theme_id(ThemeKind.CONCERN, "Work not completed in a timely way")
    raised, _ = services.concerns.raise_concern(
        NewConcern(review.child_ids[0], theme, "Assessment not started", "Sam Worker", "Team 3", review.chair_id,
                   meeting_id=review.id, raised_on=MONDAY)
    )  # fmt: skip
    pane = quality_pane(qtbot, window)
    tab = pane.concerns
    pane.show_concern(raised.id)
    qtbot.waitUntil(lambda: tab.selected() is not None and tab.selected().id == raised.id, timeout=10000)  # type: ignore[union-attr]
    assert tab.buttons[Step.ESCALATE].isEnabled() and tab.buttons[Step.RESPOND].isEnabled()
    tab.buttons[Step.ESCALATE].click()
    qtbot.waitUntil(lambda: isinstance(pane.actions_.dialog, StepDialog), timeout=10000)
    dialog = pane.actions_.dialog
    assert isinstance(dialog, StepDialog)
    assert dialog.reason.text() == "Escalated before the deadline" and not dialog.confirm_button.isEnabled()
    qtbot.keyClicks(dialog.to, "Tam Manager")
    with qtbot.waitSignal(dialog.saved, timeout=20000):
        qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.selected() is not None and tab.selected().stage is Stage.TEAM_MANAGER, timeout=20000)  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: tab.stages.rowCount() == 2, timeout=10000)
    tab.buttons[Step.RESOLVE].click()
    qtbot.waitUntil(
        lambda: isinstance(pane.actions_.dialog, StepDialog) and pane.actions_.dialog.step is Step.RESOLVE,
        timeout=10000,
    )  # type: ignore[union-attr]
    closing = pane.actions_.dialog
    closing.outcome.setCurrentIndex(closing.outcome.findData(Outcome.PARTLY_RESOLVED.value))  # type: ignore[union-attr]
    with qtbot.waitSignal(closing.saved, timeout=20000):  # type: ignore[union-attr]
        closing.confirm()  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: raised.id not in [r.id for r in tab.model.rows], timeout=20000)
    closed = services.concerns.concern(raised.id).row
    assert (closed.outcome, closed.resolved_on) == (Outcome.PARTLY_RESOLVED, TODAY)


def test_the_thank_you_note_names_the_child_only_when_asked(
    qtbot: QtBot, window: MainWindow, prompter: ScriptedPrompter, tmp_path: Path
) -> None:
    services = window.ui.services
    review = next(
        m for m in services.diary.range(MONDAY, TODAY).meetings if m.status is MeetingStatus.HELD and m.child_ids
    )
    child = services.children.child(review.child_ids[0]).row
    theme = services.quality_lists.theme_id(ThemeKind.GOOD_PRACTICE, "High-quality reports")
    record, _ = services.good_practice.record(
        NewGoodPractice(child.id, theme, "Jo Keeper", "A report written for the child.", review.chair_id,
                        meeting_id=review.id, manager="Mo Manager")
    )  # fmt: skip
    tab = quality_pane(qtbot, window).good_practice
    qtbot.waitUntil(lambda: record.id in [r.id for r in tab.model.rows], timeout=10000)
    ids = [tab.model.row_at(tab.proxy.mapToSource(tab.proxy.index(i, 0)).row()).id for i in range(tab.proxy.rowCount())]
    tab.table.selectRow(ids.index(record.id))
    for named, target in (
        (False, tmp_path / "note.txt"),
        (True, tmp_path / "named.txt"),
        (False, tmp_path / "note.pdf"),
    ):
        prompter.answers, prompter.paths = [named], [target]
        informed = len(prompter.informed)
        tab.note_button.click()
        qtbot.waitUntil(lambda informed=informed: len(prompter.informed) > informed, timeout=20000)
    assert "Dear Mo Manager," in (tmp_path / "note.txt").read_text(encoding="utf-8")
    assert child.name not in (tmp_path / "note.txt").read_text(encoding="utf-8")
    assert child.name in (tmp_path / "named.txt").read_text(encoding="utf-8")
    assert (tmp_path / "note.pdf").read_bytes().startswith(b"%PDF")
    assert prompter.asked == ["Name the child in the note?"] * 3


def test_the_service_edits_its_lists(qtbot: QtBot, window: MainWindow) -> None:
    services = window.ui.services
    lists = quality_pane(qtbot, window).lists
    lists.kind.setCurrentIndex(lists.kind.findData(ThemeKind.CONCERN.value))
    lists.theme_name.setText("Placement plan not shared")
    with qtbot.waitSignal(window.ui.bus.changed, timeout=10000):
        lists.buttons["add-theme"].click()
    qtbot.waitUntil(lambda: "Placement plan not shared" in [t.name for t in lists.themes.rows], timeout=10000)
    assert "Placement plan not shared" in [t.name for t in services.quality_lists.themes(ThemeKind.CONCERN)]
    settle(qtbot, window)


def test_the_quality_pane_catches_up_on_changes_when_it_is_shown_again(qtbot: QtBot, window: MainWindow) -> None:
    """A booking elsewhere does not recount the live audit behind a hidden pane (it would hold up the next booking
    on the op runner); the pane recounts what changed when it is shown again."""
    from iro_diary.services.changes import Changes

    pane = quality_pane(qtbot, window)
    reloaded: list[str] = []
    for name in ("concerns", "good_practice", "audit", "lists"):
        tab = getattr(pane, name)
        tab.reload = lambda name=name, real=tab.reload: (reloaded.append(name), real())[1]  # type: ignore[method-assign]
    window.show_pane("Diary")
    window.ui.bus.publish(Changes(meetings=frozenset({1}), concerns=frozenset({1})))
    settle(qtbot, window)
    assert reloaded == [], "nothing recounted while hidden"
    window.show_pane("Quality assurance")
    qtbot.waitUntil(pane.is_loaded, timeout=20000)
    assert sorted(reloaded) == ["audit", "concerns", "lists"], "what changed, once, and not good practice"
    window.ui.bus.publish(Changes(good_practice=frozenset({1})))
    qtbot.waitUntil(pane.is_loaded, timeout=20000)
    assert sorted(reloaded) == ["audit", "concerns", "good_practice", "lists", "lists"], "on screen: at once"
