"""What the raise-a-concern and record-good-practice dialogs offer: the active themes, the IROs, the children of
the meeting (or the one child), and the defaults (the meeting's chair or the child's IRO; the meeting's area)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from iro_diary.domain.codes import MeetingStatus
from iro_diary.domain.errors import NotFound, ValidationError
from iro_diary.domain.quality.codes import ThemeKind, WorkArea, area_of_meeting
from iro_diary.infra.clock import LONDON
from iro_diary.services.quality.rows import Choice, MeetingChoice, QualityChoices
from iro_diary.store.models import Child, Meeting
from iro_diary.store.repositories.children import ChildRepository
from iro_diary.store.repositories.meetings import MeetingRepository
from iro_diary.store.repositories.quality import QualityListRepository, QualityRecordRepository


def child_label(child: Child) -> str:
    return f"{child.case_ref} {child.given_name} {child.family_name}"


def held_meeting(session: Session, meeting_id: int) -> Meeting:
    """A meeting with its children, which must have been held (concerns and good practice follow a meeting)."""
    meeting = MeetingRepository(session).get(meeting_id)
    if meeting is None:
        raise NotFound("That meeting no longer exists (someone may have removed it).")
    if meeting.status is not MeetingStatus.HELD:
        raise ValidationError(f"{meeting.ref} has not been marked held: mark it held first")
    return meeting


def meeting_choice(meeting: Meeting) -> MeetingChoice:
    day = meeting.start_at.astimezone(LONDON).date()
    return MeetingChoice(meeting.id, meeting.ref, meeting.kind, day, meeting.status is MeetingStatus.HELD)


def quality_choices(
    session: Session, kind: ThemeKind, today: dt.date, *, child_id: int | None, meeting_id: int | None
) -> QualityChoices:
    lists, records = QualityListRepository(session), QualityRecordRepository(session)
    themes = tuple(Choice(t.id, t.name) for t in lists.themes(kind) if t.active)
    iros = tuple(Choice(i.id, i.name) for i in records.iros() if i.active)
    if meeting_id is not None:
        meeting = held_meeting(session, meeting_id)
        children = sorted((link.child for link in meeting.children), key=lambda c: c.case_ref)
        area, default_iro = area_of_meeting(meeting.kind), meeting.chair_id
        chosen: MeetingChoice | None = meeting_choice(meeting)
    elif child_id is not None:
        child = records.child(child_id)
        if child is None:
            raise NotFound(f"child {child_id} no longer exists (it may have been removed)")
        children, default_iro, chosen = [child], child.allocated_iro_id, None
        area = _child_area(session, child_id, today)
    else:
        raise ValidationError("choose the meeting or the child this is about")
    return QualityChoices(
        themes=themes,
        iros=iros,
        children=tuple(Choice(c.id, child_label(c)) for c in children),
        meeting=chosen,
        default_iro_id=default_iro,
        default_area=area,
        today=today,
    )


def _child_area(session: Session, child_id: int, today: dt.date) -> WorkArea:
    """Children in care when the child is in care, child protection when on a plan, otherwise other."""
    found = ChildRepository(session).list_with_status(today, child_id)
    if not found:
        return WorkArea.OTHER
    if found[0].legal_status:
        return WorkArea.CHILDREN_IN_CARE
    return WorkArea.CHILD_PROTECTION if found[0].category else WorkArea.OTHER
