"""The columns of the quality-assurance lists: concerns (with their RAG by stage deadline), the stages a concern
reached, and good practice."""

from __future__ import annotations

from iro_diary.domain.quality.concerns import Standing
from iro_diary.services.quality.rows import ConcernRow, GoodPracticeRow, StageRow
from iro_diary.ui.models.row_table import Column, date_text

STANDING_COLOURS = {
    Standing.OVERDUE: "#f4c7c3",
    Standing.DUE_SOON: "#fce8b2",
    Standing.RESPONDED: "#d6e4f5",
    Standing.AWAITING: "#c8e6c9",
    Standing.CLOSED: None,
}
DAY = "%a %d %b %Y"


def _left(row: ConcernRow) -> str:
    if not row.is_open or row.responded_on is not None:
        return ""
    return str(row.working_days_left)


CONCERN_COLUMNS: list[Column[ConcernRow]] = [
    Column(
        "RAG",
        lambda r: r.standing.label if r.is_open else f"Closed: {r.outcome.label if r.outcome else ''}",
        sort_key=lambda r: r.standing.severity,
        tooltip=lambda r: r.standing.hint,
        colour=lambda r: STANDING_COLOURS[r.standing],
        sample="Response received",
    ),
    Column("Ref", lambda r: r.ref, sample="CfC-000000"),
    Column(
        "Child",
        lambda r: f"{r.child_name} ({r.case_ref})",
        tooltip=lambda r: r.description,
        sample="Alex Example (C100000)",
    ),
    Column("Theme", lambda r: r.theme, tooltip=lambda r: r.area.label, sample="Contact arrangements not progressed"),
    Column("Stage", lambda r: r.stage.label, sort_key=lambda r: r.stage.number, sample="Service manager"),
    Column("With", lambda r: r.addressed_to, tooltip=lambda r: r.addressed_team, sample="Sam Example"),
    Column("Response due", lambda r: date_text(r.due_on, DAY), sort_key=lambda r: r.due_on, sample="Wed 30 Dec 2026"),
    Column("Working days left", _left, sort_key=lambda r: r.working_days_left, align_right=True),
    Column("Raised", lambda r: date_text(r.raised_on, DAY), sort_key=lambda r: r.raised_on, sample="Wed 30 Dec 2026"),
    Column("IRO", lambda r: r.iro_name or "—", sample="Stephen Fletcher"),
    Column("Meeting", lambda r: r.meeting_ref or "", sample="M-000000"),
]

STAGE_COLUMNS: list[Column[StageRow]] = [
    Column("Stage", lambda s: s.stage.label),
    Column("Goes to", lambda s: s.addressed_to),
    Column("Began", lambda s: date_text(s.started_on, DAY), sort_key=lambda s: s.started_on),
    Column("Response due", lambda s: date_text(s.due_on, DAY), sort_key=lambda s: s.due_on),
    Column(
        "Response",
        lambda s: f"{date_text(s.responded_on)}: {s.response}" if s.responded_on else "",
        tooltip=lambda s: s.response or "",
    ),
    Column(
        "Ended",
        lambda s: f"{date_text(s.ended_on)} — {s.ended_how.label}" if s.ended_on and s.ended_how else "",
        tooltip=lambda s: s.note or "",
    ),
]

GOOD_PRACTICE_COLUMNS: list[Column[GoodPracticeRow]] = [
    Column("Ref", lambda r: r.ref),
    Column("Recorded", lambda r: date_text(r.recorded_on, DAY), sort_key=lambda r: r.recorded_on),
    Column("Theme", lambda r: r.theme),
    Column(
        "Recognises",
        lambda r: ", ".join(p for p in (r.recognised, r.recognised_role, r.recognised_team) if p),
        tooltip=lambda r: r.description,
    ),
    Column("Manager", lambda r: r.manager),
    Column("Child", lambda r: f"{r.child_name} ({r.case_ref})"),
    Column("IRO", lambda r: r.iro_name or "—"),
    Column("Meeting", lambda r: r.meeting_ref or ""),
]
