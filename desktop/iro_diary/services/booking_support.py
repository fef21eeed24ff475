"""What the diary and booking services share: the statutory window a booking answers, the checks as a proposal,
and reading meetings back as rows.

The window comes from the same chains as the Due & overdue list (`domain.chains`), for just the children (or the
household) being booked, so the dialog and the list never disagree about a due date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from iro_diary.domain.booking import Problem, Proposal, Window, blocking, check_times
from iro_diary.domain.chains import CSE_MEETINGS, INITIAL_CONFERENCES, Chains, Step
from iro_diary.domain.codes import MeetingKind, MeetingStatus
from iro_diary.domain.errors import BookingConflict, NotFound, ValidationError
from iro_diary.domain.facts import ChildFacts
from iro_diary.domain.timescales import RuleBook
from iro_diary.infra.clock import LONDON
from iro_diary.services.diary_rows import AttendeeRow, BookingRequest, MeetingRow, NextBooking, meeting_rows
from iro_diary.store.models import Attendee, Meeting, MeetingChild
from iro_diary.store.repositories.diary import DiaryRepository
from iro_diary.store.repositories.few_children import few_children_facts
from iro_diary.store.repositories.timescale_facts import TimescaleFactRepository

_GROUPS = {
    **{kind: "initial-conference" for kind in INITIAL_CONFERENCES},
    MeetingKind.RCPC: "review-conference",
    MeetingKind.CLA_REVIEW: "looked-after-review",
    **{kind: "cse" for kind in CSE_MEETINGS},
    MeetingKind.FOSTER_REVIEW: "foster-review",
}


def kind_group(kind: MeetingKind) -> str:
    """Meetings of one group answer the same requirements (an ICPC or a pre-birth conference both answer an
    initial conference; a CSE strategy or review meeting the exploitation chain)."""
    return _GROUPS.get(kind, kind.value)


@dataclass(frozen=True, slots=True)
class Subjects:
    """What a booking is for, as the chains see it: its children's facts (those that exist), whether its household
    exists, and their open statutory steps."""

    children: tuple[ChildFacts, ...]
    household_found: bool
    steps: tuple[Step, ...]

    def named_family(self, request: BookingRequest) -> int | None:
        """Check that everything the request names still exists (a child may have been removed since the dialog
        opened); the family its children share, if they are one family."""
        if {c.child_id for c in self.children} != set(request.child_ids):
            raise NotFound("A child on this booking no longer exists (their record was removed). Nothing was saved.")
        if request.household_id is not None and not self.household_found:
            raise NotFound("The foster household on this booking no longer exists. Nothing was saved.")
        families = {c.family_id for c in self.children}
        return families.pop() if len(families) == 1 else None

    def of(self, request: BookingRequest) -> Subjects:
        """Those of one booking, out of a batch's."""
        wanted = set(request.child_ids)
        return Subjects(
            tuple(c for c in self.children if c.child_id in wanted),
            request.household_id is not None and self.household_found,
            tuple(
                s
                for s in self.steps
                if (s.subject == request.household_id if s.chain == "foster" else s.subject in wanted)
            ),
        )


def subjects_of(
    session: Session, book: RuleBook, today: dt.date, child_ids: Sequence[int], household_id: int | None
) -> Subjects:
    """These children (or this household) with their open steps, as the Due & overdue list derives them. A
    booking's few children are read in one query (`few_children_facts`)."""
    chains = Chains(book, today, history=False)
    children = tuple(few_children_facts(session.connection(), child_ids)) if child_ids else ()
    steps = [s for child in children for s in chains.child_steps(child) if s.is_open]
    households = []
    if household_id is not None:
        households = TimescaleFactRepository(session).households(today, open_only=False, only=household_id)
        steps += [s for household in households for s in chains.household_steps(household) if s.is_open]
    return Subjects(children, bool(households), tuple(steps))


def open_steps(
    session: Session, book: RuleBook, today: dt.date, child_ids: Sequence[int], household_id: int | None
) -> list[Step]:
    """The open statutory steps of these children (or this household), as the Due & overdue list derives them."""
    return list(subjects_of(session, book, today, child_ids, household_id).steps)


def window_of(steps: Sequence[Step], book: RuleBook) -> Window | None:
    """The window of the earliest due of these steps (a family conference is due by its earliest child)."""
    if not steps:
        return None
    first = min(steps, key=lambda s: (s.due, s.subject))
    rule = book.rules.get(first.rule)
    return Window(
        rule=first.rule,
        label=rule.label if rule else first.rule,
        anchor=first.anchor,
        anchor_label=first.anchor_label,
        due=first.due,
        latest_working_day=book.latest_working_day(first.due),
    )


def window_for(
    session: Session,
    book: RuleBook,
    today: dt.date,
    kind: MeetingKind,
    child_ids: Sequence[int],
    household_id: int | None,
) -> tuple[Window | None, dict[int, str]]:
    """The window a meeting of `kind` answers for these children, and the rule it answers for each child."""
    return window_among(open_steps(session, book, today, child_ids, household_id), book, kind, household_id)


def window_among(
    steps: Sequence[Step], book: RuleBook, kind: MeetingKind, household_id: int | None
) -> tuple[Window | None, dict[int, str]]:
    """`window_for` over open steps already worked out (those of the booking's children or household)."""
    group = kind_group(kind)
    steps = [s for s in steps if kind_group(s.meeting_kind) == group]
    rules = {s.subject: s.rule for s in steps if s.chain != "foster"}
    if household_id is not None and steps:
        rules = {0: steps[0].rule}
    return window_of(steps, book), rules


def next_bookings(
    session: Session,
    book: RuleBook,
    today: dt.date,
    held: MeetingRow,
) -> list[NextBooking]:
    """The meetings the chains now require because `held` was held: the open steps it anchors."""
    steps = [s for s in open_steps(session, book, today, held.child_ids, held.household_id) if s.anchor == held.day]
    found: dict[MeetingKind, list[Step]] = {}
    for step in steps:
        found.setdefault(step.meeting_kind, []).append(step)
    result = []
    for kind, group in found.items():
        window = window_of(group, book)
        assert window is not None
        children = tuple(sorted({s.subject for s in group if s.chain != "foster"}))
        household = held.household_id if any(s.chain == "foster" for s in group) else None
        booked = next((s.booked.ref for s in group if s.booked is not None), None)
        result.append(NextBooking(kind, children, household, held.chair_id, window, booked))
    return result


def proposal(
    request: BookingRequest, *, window: Window | None, meeting_id: int | None = None, now: dt.datetime | None = None
) -> Proposal:
    """The request as the domain checks see it (`now` is an instant; the checks compare UK wall-clock times)."""
    return Proposal(
        kind=request.kind,
        day=request.day,
        start=request.start,
        minutes=request.minutes,
        chair_id=request.chair_id,
        room_id=request.room_id,
        venue=request.venue,
        child_ids=frozenset(request.child_ids),
        household_id=request.household_id,
        people=request.people,
        meeting_id=meeting_id,
        window=window,
        late_reason=request.late_reason,
        now=now.astimezone(LONDON).replace(tzinfo=None) if now is not None else None,
    )


def refuse_if_blocked(problems: Sequence[Problem]) -> None:
    """Raise the first blocking problem: bad input as a ValidationError, anything else as a BookingConflict."""
    found = blocking(list(problems))
    if not found:
        return
    first = found[0]
    if first.bad_input:
        raise ValidationError(first.message)
    raise BookingConflict(first.message)


def read_rows(session: Session, meeting_ids: Sequence[int]) -> list[MeetingRow]:
    repo = DiaryRepository(session)
    records = repo.meetings_by_id(meeting_ids)
    return meeting_rows(records, repo.children_of([r.id for r in records]))


def read_row(session: Session, meeting_id: int) -> MeetingRow:
    session.flush()
    record, children = DiaryRepository(session).meeting_with_children(meeting_id)
    if record is None:
        raise NotFound(f"meeting {meeting_id} no longer exists")
    return meeting_rows([record], {meeting_id: children})[0]


def request_of(meeting: Meeting) -> BookingRequest:
    """A loaded meeting as the request that would book it as it is."""
    start = meeting.start_at.astimezone(LONDON)
    return BookingRequest(
        kind=meeting.kind,
        day=start.date(),
        start=start.time().replace(tzinfo=None),
        minutes=int((meeting.end_at - meeting.start_at).total_seconds() // 60),
        chair_id=meeting.chair_id,
        child_ids=tuple(sorted(link.child_id for link in meeting.children)),
        household_id=meeting.foster_household_id,
        room_id=meeting.room_id,
        venue=meeting.venue or "",
        provisional=meeting.status is MeetingStatus.PROVISIONAL,
        minute_taker=meeting.minute_taker or "",
        minute_taker_email=meeting.minute_taker_email or "",
        attendees=tuple(AttendeeRow(a.name, a.email, a.role, a.organisation) for a in meeting.attendees),
        notes=meeting.notes or "",
        late_reason=meeting.late_reason or "",
    )


def described(request: BookingRequest) -> str:
    """A request in a refusal: its kind and time."""
    day = request.day
    return f"The {request.kind.label.lower()} at {request.start:%H:%M} on {day:%a} {day.day} {day:%b %Y}"


def check_input(request: BookingRequest) -> None:
    """What is wrong with a request whatever the diary holds: its times, a room and a venue, its kind."""
    refuse_if_blocked(check_times(request.day, request.start, request.minutes))
    if request.room_id is not None and request.venue.strip():
        raise ValidationError("Give a room or an external venue, not both")
    if request.kind is MeetingKind.STRATEGY_DISCUSSION:
        raise ValidationError("Strategy discussions are recorded, not booked in the diary")
    if request.kind is MeetingKind.FOSTER_REVIEW and request.child_ids:
        raise ValidationError("A foster carer review is for a household, not for children")
    for person in request.attendees:
        if not person.name.strip():
            raise ValidationError("Every attendee needs a name")


@dataclass(frozen=True, slots=True)
class BookingAnswers:
    """What a checked booking answers: the rule for each child, and the family it is for."""

    rules: dict[int, str]
    family_id: int | None


def apply_request(meeting: Meeting, request: BookingRequest, answers: BookingAnswers) -> None:
    """Copy the request onto the meeting (children and attendees replaced; held outcomes of kept children kept)."""
    meeting.start_at = request.start_at
    meeting.end_at = request.start_at + dt.timedelta(minutes=request.minutes)
    meeting.chair_id = request.chair_id
    meeting.room_id = request.room_id
    meeting.venue = request.venue.strip() or None
    meeting.minute_taker = request.minute_taker.strip() or None
    meeting.minute_taker_email = request.minute_taker_email.strip() or None
    meeting.notes = request.notes.strip() or None
    meeting.late_reason = request.late_reason.strip()[:200] or None
    meeting.foster_household_id = request.household_id
    existing = {link.child_id: link for link in meeting.children} if meeting.id is not None else {}
    meeting.children = [existing.get(c) or MeetingChild(child_id=c) for c in dict.fromkeys(request.child_ids)]
    for link in meeting.children:
        link.rule = answers.rules.get(link.child_id, link.rule)
    meeting.family_id = answers.family_id
    meeting.attendees = [
        Attendee(name=a.name.strip(), email=(a.email or "").strip() or None, role=a.role, organisation=a.organisation)
        for a in request.attendees
    ]
