"""Screenshots of the shared diary (issue #10) for the README: Settings → Users, a meeting's history, the offline
banner over a booking in progress, and the "Connect to a shared database" dialog (run by hand under Xvfb).

xvfb-run -a -s "-screen 0 1400x900x24" .venv/bin/python tests/e2e/take_shared_screenshots.py
"""

from __future__ import annotations

import datetime as dt
import sys
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.e2e.take_screenshots import OUT, demo_window, settle, wait


def users_tab(window) -> None:  # type: ignore[no-untyped-def]
    settings = window.show_pane("Settings")
    wait(settings.is_loaded)
    settings.tabs.setCurrentWidget(settings.users)
    wait(lambda: not settings.users.loading)
    settle()
    window.grab().save(str(OUT / "settings-users.png"))


def meeting_history(window) -> None:  # type: ignore[no-untyped-def]
    """A meeting booked, changed and moved by two people, its history open from the diary."""
    from iro_diary.ui.diary.pane import DiaryPane

    services = window.ui.services
    today = services.ctx.clock.today()
    meeting = next(
        m for m in services.diary.agenda(today + dt.timedelta(days=1), today + dt.timedelta(days=7)) if m.pending
    )
    detail = services.diary.meeting(meeting.id)
    edited, _ = services.booking.edit(
        meeting.id, meeting.version, replace(detail.as_request(), minute_taker="Sam Notes")
    )
    services.ctx.actor = "Dee Manager (demo.manager)"
    free = next(h for h in range(9, 16) if _free(services, edited, h))
    services.booking.move(meeting.id, edited.version, edited.day, dt.time(free))
    pane = window.show_pane(DiaryPane.title)
    pane.loader.forget()
    pane.go_to_meeting(edited)
    wait(pane.is_loaded)
    dialog = pane.diary_actions.history(edited)
    wait(lambda: not dialog.panel.loading)
    settle()
    dialog.grab().save(str(OUT / "meeting-history.png"))
    dialog.reject()


def _free(services, row, hour: int) -> bool:  # type: ignore[no-untyped-def]
    from iro_diary.domain.booking import blocking, check_booking
    from iro_diary.services.booking_support import proposal

    request = replace(services.diary.meeting(row.id).as_request(), start=dt.time(hour))
    context = services.diary.booking_context(request.kind, request.child_ids, request.household_id)
    facts = services.diary.day_facts(request.day)
    problems = check_booking(proposal(request, window=context.window, meeting_id=row.id), facts, context.calendar)
    return hour != row.start.hour and not blocking(problems)


def offline(window) -> None:  # type: ignore[no-untyped-def]
    """A booking being typed when the shared server goes away: the banner, the dialog keeping everything."""
    from PySide6.QtCore import QTime

    from iro_diary.ui.diary.pane import DiaryPane

    pane = window.show_pane(DiaryPane.title)
    wait(pane.is_loaded)
    services = window.ui.services
    today = services.ctx.clock.today()
    needs = [
        r
        for r in services.timescales.due_list()
        if r.rule.startswith("cla") and r.booked_ref is None and r.iro_id and r.latest_working_day > today
    ]
    for need in needs[:20]:  # the first whose chair is free some time on the day the dialog suggests
        pane.book_requirement(need)
        wait(lambda: pane.diary_actions.booking_dialog is not None)
        dialog = pane.diary_actions.booking_dialog
        wait(lambda shown=dialog: shown.context is not None and not window.ui.runner.busy)
        dialog.form.use_venue.setChecked(True)
        dialog.form.venue.setText("Foster carers' home")
        for hour in range(9, 16):
            dialog.form.start.setTime(QTime(hour, 0))
            wait(lambda: not window.ui.runner.busy)
            settle()
            if dialog.save_button.isEnabled():
                break
        if dialog.save_button.isEnabled():
            break
        dialog.reject()
        settle()
    dialog.form.notes.setPlainText("Mum prefers mornings; interpreter needed")
    window.ui.connection.lost("Cannot reach the shared diary database")
    settle()
    dialog.move(window.geometry().center() - dialog.rect().center())
    settle()
    window.grab().save(str(OUT / "offline.png"))
    dialog.grab().save(str(OUT / "offline-booking-dialog.png"))
    window.ui.connection.contact()
    dialog.reject()


def connect_dialog(window) -> None:  # type: ignore[no-untyped-def]
    settings = window.show_pane("Settings")
    dialog = settings.open_connect_dialog()
    dialog.host.setText("diary-db.council.local")
    dialog.name.setText("iro_diary")
    dialog.user.setText("reviewing_service")
    dialog.password.setText("secret")
    dialog.status.setText("Connected to iro_diary on diary-db.council.local: a shared IRO Diary database, up to date.")
    settle()
    dialog.grab().save(str(OUT / "connect-database.png"))
    dialog.reject()


def main() -> int:
    with demo_window() as window:
        window.ui.services.users.introduce("Ada Administrator", None)  # type: ignore[attr-defined]
        users_tab(window)
        meeting_history(window)
        offline(window)
        connect_dialog(window)
    sys.stdout.write(f"saved screenshots in {OUT}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
