"""The planner's tables: proposed bookings and the requirements it could not place."""

from __future__ import annotations

from iro_diary.services.scheduling.rows import PlannedRow, UnplacedRow
from iro_diary.ui.diary.suggestions import LATE_COLOUR
from iro_diary.ui.models.row_table import Column, date_text

PLANNED_COLUMNS: list[Column[PlannedRow]] = [
    Column("Child(ren) / household", lambda p: p.subject.who, tooltip=lambda p: p.subject.who),
    Column("Meeting", lambda p: p.subject.kind.label, tooltip=lambda p: p.subject.rule_label),
    Column(
        "Due",
        lambda p: date_text(p.subject.latest_working_day, "%a %d %b"),
        sort_key=lambda p: p.subject.latest_working_day,
        tooltip=lambda p: (
            f"Due {p.subject.due:%a %d %b %Y}; latest working day {p.subject.latest_working_day:%a %d %b %Y}"
        ),
    ),
    Column("Proposed", lambda p: f"{p.slot.start:%a %d %b %H:%M}–{p.slot.end:%H:%M}", sort_key=lambda p: p.slot.start),
    Column("Chair", lambda p: p.slot.chair_name),
    Column("Room", lambda p: p.slot.place),
    Column(
        "Late",
        lambda p: f"{p.slot.working_days_late} days" if p.late else "",
        sort_key=lambda p: p.slot.working_days_late,
        colour=lambda p: LATE_COLOUR if p.late else None,
    ),
    Column("Why", lambda p: p.reason, tooltip=lambda p: "\n".join(p.reasons)),
]

UNPLACED_COLUMNS: list[Column[UnplacedRow]] = [
    Column("Child(ren) / household", lambda u: u.subject.who),
    Column("Meeting", lambda u: u.subject.kind.label),
    Column(
        "Due",
        lambda u: date_text(u.subject.latest_working_day, "%a %d %b %Y"),
        sort_key=lambda u: u.subject.latest_working_day,
    ),
    Column("Why it could not be placed", lambda u: u.reason, tooltip=lambda u: u.reason),
]
