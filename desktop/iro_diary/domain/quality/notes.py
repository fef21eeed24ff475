"""The thank-you note for a worker's manager when the IRO service records good practice.

The note leaves the IRO service (it goes to a manager elsewhere in children's services, often by email), so it
follows the invites' privacy rule: the child appears by initials only unless the IRO chooses to name them. The
description is repeated as the IRO wrote it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from iro_diary.domain.invites.model import ChildName

MARKING = "OFFICIAL-SENSITIVE"


@dataclass(frozen=True, slots=True)
class GoodPracticeNote:
    """What a thank-you note says: who is thanked, for what, where it was seen, and by whom."""

    ref: str
    recorded_on: dt.date
    theme: str
    recognised: str
    recognised_role: str
    recognised_team: str
    manager: str
    description: str
    iro_name: str
    organisation: str
    child: ChildName | None = None
    meeting_label: str = ""
    meeting_day: dt.date | None = None
    meeting_ref: str = ""


@dataclass(frozen=True, slots=True)
class NoteText:
    title: str
    body: str
    suggested_name: str


def thank_you_note(note: GoodPracticeNote, *, with_child_name: bool = False) -> NoteText:
    """The note as plain text (a title and its lines); the child by initials unless `with_child_name`."""
    who = ", ".join(part for part in (note.recognised, note.recognised_role, note.recognised_team) if part)
    greeting = f"Dear {note.manager}," if note.manager else "Dear colleague,"
    lines = [
        MARKING,
        "",
        f"Good practice recognised by the {note.organisation}",
        "",
        f"To: {note.manager or 'the manager of ' + note.recognised}",
        f"From: {_signed(note)[0]}",
        f"Date: {note.recorded_on:%d %B %Y}",
        f"Reference: {note.ref}",
        "",
        greeting,
        "",
        f"I would like to recognise the work of {who}. The Independent Reviewing Service has recorded it as "
        f"good practice: {note.theme[:1].lower()}{note.theme[1:]}.",
        "",
        note.description.strip(),
        "",
    ]
    seen = _where_seen(note, with_child_name)
    if seen:
        lines += [seen, ""]
    lines += [
        "The IRO service highlights examples of good practice because they are an excellent opportunity for "
        "wider learning. Please pass on our thanks.",
        "",
        "Yours sincerely,",
        *_signed(note),
    ]
    title = f"Thank you: {note.recognised} ({note.ref})"
    return NoteText(title, "\n".join(lines) + "\n", f"thank-you-{note.ref}")


def _signed(note: GoodPracticeNote) -> list[str]:
    """Who the note is from: the IRO who recorded it, or the service when no IRO was recorded."""
    if not note.iro_name:
        return [note.organisation]
    return [f"{note.iro_name}, Independent Reviewing Officer", note.organisation]


def _where_seen(note: GoodPracticeNote, with_child_name: bool) -> str:
    parts = []
    if note.meeting_label and note.meeting_day is not None:
        parts.append(
            f"This was seen at the {note.meeting_label.lower()} on {note.meeting_day:%d %B %Y} ({note.meeting_ref})"
        )
    if note.child is not None:
        child = note.child.full_name if with_child_name else note.child.initials
        parts.append(f"{'for' if parts else 'This was in the work with'} {child}")
    text = " ".join(parts)
    return text if not text or text.endswith(".") else f"{text}."
