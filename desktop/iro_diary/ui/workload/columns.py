"""How the workload's rows read in tables: one list of columns per kind of row."""

from __future__ import annotations

import datetime as dt

from iro_diary.domain.caseload import BandStatus
from iro_diary.services.workload.rows import (
    BeforeAfterRow,
    CandidateRow,
    ChildBrief,
    IroWorkloadRow,
    MeetingMove,
    MoveRow,
    TeamRow,
)
from iro_diary.ui.models.row_table import Column

# One colour per band status, shared by the table and the charts (strong for bars, pale for cells).
STATUS_COLOURS = {
    BandStatus.UNDER: "#6f9fd8",
    BandStatus.IN: "#4e9a5b",
    BandStatus.OVER: "#d0533f",
    BandStatus.LEFT: "#9a9a9a",
}
STATUS_TINTS = {
    BandStatus.UNDER: "#e3edf9",
    BandStatus.IN: "#e1f1e3",
    BandStatus.OVER: "#f8dfda",
    BandStatus.LEFT: "#ececec",
}


def number(value: float | None, places: int = 1) -> str:
    return "" if value is None else f"{value:.{places}f}"


def weeks_text(row: IroWorkloadRow) -> str:
    """Meetings per week, this week first: '3 · 4 · 2 · 0 · 1'."""
    return " · ".join(str(w.meetings) for w in row.weeks)


def weeks_tooltip(row: IroWorkloadRow) -> str:
    lines = []
    for week in row.weeks:
        away = f", away {week.absent_days} day{'s' if week.absent_days != 1 else ''}" if week.absent_days else ""
        lines.append(
            f"w/c {week.monday:%d %b}: {week.meetings} meetings, {week.hours:g} h of "
            f"{week.contracted_hours:g} h contracted{away}"
        )
    return "\n".join(lines)


def diary_text(row: IroWorkloadRow) -> str:
    share = row.diary_share
    percent = f" ({share:.0%})" if share is not None else ""
    return f"{row.meeting_hours:g} of {row.contracted_hours:g} h{percent}"


def absences_text(row: IroWorkloadRow) -> str:
    return "; ".join(f"{a.kind.title()} {_days(a.start, a.end)}" for a in row.absences)


def _days(start: dt.date, end: dt.date) -> str:
    return f"{start:%d %b}" if start == end else f"{start:%d %b}–{end:%d %b}"


def status_text(status: BandStatus) -> str:
    return status.label


IRO_COLUMNS: list[Column[IroWorkloadRow]] = [
    Column("IRO", lambda r: r.name, tooltip=lambda r: r.email),
    Column("Team", lambda r: r.team.label),
    Column("FTE", lambda r: f"{r.fte:g}", sort_key=lambda r: r.fte, align_right=True),
    Column(
        "Days",
        lambda r: "Mon–Fri" if r.working_days == "Mon Tue Wed Thu Fri" else r.working_days,
        tooltip=lambda r: f"{r.working_days}, {r.day_start:%H:%M}–{r.day_end:%H:%M}",
    ),
    Column("In care", lambda r: str(r.in_care), sort_key=lambda r: r.in_care, align_right=True),
    Column("On a plan", lambda r: str(r.on_plan), sort_key=lambda r: r.on_plan, align_right=True),
    Column("CSE", lambda r: str(r.cse), sort_key=lambda r: r.cse, align_right=True),
    Column(
        "Other",
        lambda r: str(r.other),
        sort_key=lambda r: r.other,
        tooltip=lambda _r: "Allocated with nothing open yet, e.g. awaiting an initial conference",
        align_right=True,
    ),
    Column(
        "Foster",
        lambda r: str(r.foster_households),
        sort_key=lambda r: r.foster_households,
        tooltip=lambda _r: "Foster households allocated",
        align_right=True,
    ),
    Column("Weighted", lambda r: number(r.weighted), sort_key=lambda r: r.weighted, align_right=True),
    Column("Per FTE", lambda r: number(r.per_fte), sort_key=lambda r: r.per_fte, align_right=True),
    Column(
        "Band",
        lambda r: status_text(r.status),
        sort_key=lambda r: r.per_fte if r.staffed else -1,
        tooltip=lambda r: f"Left on {r.left_on:%d %b %Y}" if r.left_on else "",
        colour=lambda r: STATUS_TINTS[r.status],
    ),
    Column("Meetings per week", weeks_text, sort_key=lambda r: r.meetings, tooltip=weeks_tooltip),
    Column("Diary (5 weeks)", diary_text, sort_key=lambda r: r.diary_share, tooltip=weeks_tooltip),
    Column("Away", absences_text, sort_key=lambda r: r.absences[0].start if r.absences else None),
]


def _spread_text(row: TeamRow) -> str:
    return "" if row.spread is None else f"{row.spread.lowest:.1f}–{row.spread.highest:.1f}"


def _vacancies_text(row: TeamRow) -> str:
    vacancies = row.vacancies
    if vacancies is None:
        return ""
    return f"{vacancies:g}" if vacancies >= 0 else f"{-vacancies:g} over"


TEAM_COLUMNS: list[Column[TeamRow]] = [
    Column("Team", lambda t: t.name),
    Column("IROs", lambda t: str(t.iros), align_right=True),
    Column("Staffed FTE", lambda t: f"{t.staffed_fte:g}", align_right=True),
    Column("Establishment FTE", lambda t: "" if t.establishment_fte is None else f"{t.establishment_fte:g}"),
    Column("Vacancies (FTE)", _vacancies_text, align_right=True),
    Column("Children", lambda t: f"{t.children:,}", align_right=True),
    Column("Weighted", lambda t: number(t.weighted), align_right=True),
    Column(
        "Per FTE",
        lambda t: number(t.per_fte),
        tooltip=lambda _t: "The team's weighted caseload divided by its staffed FTE",
        align_right=True,
    ),
    Column("Mean of IROs", lambda t: number(t.spread.mean if t.spread else None), align_right=True),
    Column("Lowest–highest", _spread_text),
    Column("Std dev", lambda t: number(t.spread.std_dev if t.spread else None), align_right=True),
    Column("Over band", lambda t: str(t.over_band), align_right=True),
    Column("Under band", lambda t: str(t.under_band), align_right=True),
]

CANDIDATE_COLUMNS: list[Column[CandidateRow]] = [
    Column("#", lambda c: str(c.rank), sort_key=lambda c: c.rank, align_right=True),
    Column("IRO", lambda c: c.name),
    Column("Team", lambda c: c.team.label),
    Column("FTE", lambda c: f"{c.fte:g}", align_right=True),
    Column(
        "Per FTE",
        lambda c: f"{c.before_per_fte:.1f} → {c.after_per_fte:.1f}",
        sort_key=lambda c: c.after_per_fte,
    ),
    Column("Band after", lambda c: status_text(c.status_after)),
    Column("Why", lambda c: "; ".join(c.reasons), tooltip=lambda c: "\n".join(c.reasons)),
]


def children_text(children: tuple[ChildBrief, ...]) -> str:
    return ", ".join(f"{c.case_ref} {c.name}" for c in children)


MOVE_COLUMNS: list[Column[MoveRow]] = [
    Column("Children", lambda m: children_text(m.children)),
    Column("Family", lambda m: m.children[0].family_ref or ""),
    Column("Why they count", lambda m: ", ".join(sorted({c.kind.label for c in m.children}))),
    Column("To", lambda m: m.to_name),
    Column("Weight", lambda m: number(m.weight), sort_key=lambda m: m.weight, align_right=True),
    Column("Why this IRO", lambda m: "; ".join(m.reasons), tooltip=lambda m: "\n".join(m.reasons)),
]

BEFORE_AFTER_COLUMNS: list[Column[BeforeAfterRow]] = [
    Column("IRO", lambda r: r.name),
    Column("Team", lambda r: r.team.label),
    Column("FTE", lambda r: f"{r.fte:g}", align_right=True),
    Column("Before", lambda r: number(r.before_per_fte), sort_key=lambda r: r.before_per_fte, align_right=True),
    Column("After", lambda r: number(r.after_per_fte), sort_key=lambda r: r.after_per_fte, align_right=True),
    Column("Band before → after", lambda r: f"{status_text(r.before_status)} → {status_text(r.after_status)}"),
    Column("Children in", lambda r: str(r.children_in) if r.children_in else "", sort_key=lambda r: r.children_in),
    Column("Children out", lambda r: str(r.children_out) if r.children_out else "", sort_key=lambda r: r.children_out),
]

MEETING_COLUMNS: list[Column[MeetingMove]] = [
    Column("Meeting", lambda m: m.ref),
    Column("When", lambda m: m.start.strftime("%a %d %b %Y %H:%M"), sort_key=lambda m: m.start),
    Column("What happens", lambda m: "Moves to the new IRO" if m.to_iro_id else "Keeps its chair: rebook it"),
    Column("Why", lambda m: m.note),
]
