"""How meetings look in the diary: a colour and a short label per kind, and the words a screen reader says.

Colours are chosen to stay apart for the common colour-vision deficiencies and to carry dark text; provisional
meetings are hatched and dashed, held ones faded, cancelled ones grey (shown only when asked).
"""

from __future__ import annotations

from iro_diary.domain.codes import MeetingKind, MeetingStatus
from iro_diary.services.diary_rows import MeetingRow

KIND_COLOURS = {
    MeetingKind.ICPC: "#f6b26b",
    MeetingKind.PRE_BIRTH: "#f9cb9c",
    MeetingKind.TRANSFER_IN: "#ffd966",
    MeetingKind.RCPC: "#e6b8af",
    MeetingKind.CLA_REVIEW: "#9fc5e8",
    MeetingKind.CSE_STRATEGY: "#b4a7d6",
    MeetingKind.CSE_REVIEW: "#d5cbef",
    MeetingKind.FOSTER_REVIEW: "#b6d7a8",
    MeetingKind.STRATEGY_DISCUSSION: "#dddddd",
}
KIND_SHORT = {
    MeetingKind.ICPC: "ICPC",
    MeetingKind.PRE_BIRTH: "Pre-birth",
    MeetingKind.TRANSFER_IN: "Transfer-in",
    MeetingKind.RCPC: "RCPC",
    MeetingKind.CLA_REVIEW: "LAC review",
    MeetingKind.CSE_STRATEGY: "CSE strategy",
    MeetingKind.CSE_REVIEW: "CSE review",
    MeetingKind.FOSTER_REVIEW: "Foster review",
    MeetingKind.STRATEGY_DISCUSSION: "Strategy",
}
CANCELLED_COLOUR = "#e0e0e0"
WINDOW_COLOUR = "#e3f4e1"
LATE_COLOUR = "#c62828"
NOW_COLOUR = "#d32f2f"
CLOSED_COLOUR = "#eceff1"
AWAY_COLOUR = "#e7e3ee"
OFF_HOURS_COLOUR = "#f4f5f7"


def fill_colour(row: MeetingRow) -> str:
    return CANCELLED_COLOUR if row.status is MeetingStatus.CANCELLED else KIND_COLOURS[row.kind]


def status_word(row: MeetingRow) -> str:
    return {
        MeetingStatus.PROVISIONAL: "provisional",
        MeetingStatus.BOOKED: "booked",
        MeetingStatus.HELD: "held",
        MeetingStatus.CANCELLED: "cancelled",
    }[row.status]


def accessible_name(row: MeetingRow) -> str:
    """What a screen reader says for a meeting: day, date, time, kind, chair, reference, children, status."""
    day = f"{row.start:%A} {row.start.day} {row.start:%B %Y}"
    chair = f"chair {row.chair_name}" if row.chair_name else "no chair"
    parts = [day, f"{row.start:%H:%M} to {row.end:%H:%M}", row.kind.label, chair, row.ref]
    if row.who:
        parts.append(row.who)
    if row.place:
        parts.append(row.place)
    parts.append(status_word(row))
    return ", ".join(parts)


def tooltip(row: MeetingRow) -> str:
    lines = [
        f"<b>{row.ref}</b> — {row.kind.label} ({status_word(row)})",
        f"{row.start:%a %d %b %Y}, {row.start:%H:%M}–{row.end:%H:%M}",
        f"Chair: {row.chair_name or '—'}",
        f"Place: {row.place or '—'}",
    ]
    if row.who:
        lines.append(f"{row.who}: {row.names}" if row.names else row.who)
    if row.late_reason:
        lines.append(f"Late: {row.late_reason}")
    if row.cancel_reason:
        lines.append(f"Cancelled: {row.cancel_reason}")
    return "<br>".join(_escape(line) if not line.startswith("<b>") else line for line in lines)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
