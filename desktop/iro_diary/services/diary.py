"""Reading the diary: a range of days for the views, one day's facts for the live booking checks, one meeting in
full, the agenda, and finding meetings by case reference, name, family or meeting reference."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from iro_diary.domain.booking import DayFacts
from iro_diary.domain.codes import AttendeeRole, MeetingKind, parse_working_days
from iro_diary.domain.errors import NotFound, ValidationError
from iro_diary.infra.clock import LONDON, days_span
from iro_diary.infra.settings_schema import DEFAULT_MEETING_MINUTES, MEETING_MINUTES_PREFIX
from iro_diary.services.booking_support import read_row, read_rows, window_for
from iro_diary.services.context import ServiceContext
from iro_diary.services.diary_rows import (
    AbsenceRow,
    AttendeeRow,
    BookingContext,
    ChildPick,
    DayInfo,
    DiaryRange,
    HeldChild,
    HouseholdRow,
    IroRow,
    MeetingDetail,
    MeetingRow,
    Resources,
    RoomRow,
    meeting_rows,
)
from iro_diary.store.repositories.booking_facts import BookingFactRepository
from iro_diary.store.repositories.diary import DiaryRepository
from iro_diary.store.repositories.meetings import MeetingRepository
from iro_diary.store.repositories.settings import SettingRepository

LONGEST_RANGE_DAYS = 800


@dataclass(frozen=True, slots=True)
class Lookup:
    child_ids: tuple[int, ...]
    chair_id: int | None
    room_id: int | None
    household_id: int | None


class DiaryService:
    def __init__(self, ctx: ServiceContext) -> None:
        self._ctx = ctx

    def resources(self) -> Resources:
        """Every IRO, room and foster household, for the diary's columns and the booking dialog."""
        with self._ctx.db.read() as session:
            return _resources(DiaryRepository(session))

    def range(self, first: dt.date, last: dt.date, *, include_cancelled: bool = False) -> DiaryRange:
        """The meetings, absences and calendar days from `first` to `last` inclusive."""
        _check_range(first, last)
        with self._ctx.db.read() as session:
            repo = DiaryRepository(session)
            records = repo.meetings_between(*days_span(first, last), include_cancelled=include_cancelled)
            rows = meeting_rows(records, repo.children_of([r.id for r in records]))
            absences = tuple(
                AbsenceRow(a.iro_id, a.start_date, a.end_date, a.kind) for a in repo.absences_between(first, last)
            )
            calendar = self._ctx.rule_book(session).calendar
            resources = _resources(repo)
        days = {}
        day = first
        while day <= last:
            days[day] = DayInfo(day, calendar.holiday_name(day), calendar.closure_name(day))
            day += dt.timedelta(days=1)
        return DiaryRange(first, last, include_cancelled, tuple(rows), absences, days, resources)

    def day_facts(self, day: dt.date) -> DayFacts:
        """What the booking checks need about `day` (loaded once per date by the booking dialog)."""
        with self._ctx.db.read() as session:
            return BookingFactRepository(session).day_facts(day)

    def booking_context(
        self, kind: MeetingKind, child_ids: Sequence[int] = (), household_id: int | None = None
    ) -> BookingContext:
        """The statutory window a meeting of `kind` for these children (or household) answers, the default chair
        (the child's allocated IRO, else a sibling's, else the household's) and the default length."""
        today = self._ctx.clock.today()
        with self._ctx.db.read() as session:
            book = self._ctx.rule_book(session)
            window, _rules = window_for(session, book, today, kind, child_ids, household_id)
            chair = _default_chair(MeetingRepository(session), child_ids, household_id)
            minutes = default_minutes(session, kind)
        return BookingContext(kind, window, chair, minutes, book.calendar)

    def meeting(self, meeting_id: int) -> MeetingDetail:
        """One meeting in full, with the version it was read at (edits carry it back)."""
        with self._ctx.db.read() as session:
            meeting = MeetingRepository(session).get(meeting_id)
            if meeting is None:
                raise NotFound(f"meeting {meeting_id} no longer exists")
            row = read_row(session, meeting_id)
            children = tuple(
                HeldChild(
                    link.child_id,
                    link.child.case_ref,
                    f"{link.child.given_name} {link.child.family_name}",
                    link.child.date_of_birth,
                    link.rule,
                    link.participation,
                    link.decision,
                    link.category,
                )
                for link in sorted(meeting.children, key=lambda c: c.child.case_ref)
            )
            attendees = tuple(
                AttendeeRow(a.name, a.email, AttendeeRole(a.role), a.organisation)
                for a in sorted(meeting.attendees, key=lambda a: a.id)
            )
            return MeetingDetail(
                row=row,
                children=children,
                attendees=attendees,
                minute_taker=meeting.minute_taker or "",
                minute_taker_email=meeting.minute_taker_email or "",
                notes=meeting.notes or "",
                outcome=meeting.outcome or "",
                updated_by=meeting.updated_by,
                updated_at=meeting.updated_at.astimezone(LONDON),
            )

    def meeting_by_ref(self, ref: str) -> MeetingRow:
        with self._ctx.db.read() as session:
            meeting_id = MeetingRepository(session).id_of(ref)
            if meeting_id is None:
                raise NotFound(f"there is no meeting '{ref}'")
            return read_row(session, meeting_id)

    def find(self, text: str) -> list[MeetingRow]:
        """Meetings matching every word of `text` in their reference, children's case references or names, family
        or household (latest first, at most 200)."""
        with self._ctx.db.read() as session:
            ids = DiaryRepository(session).search(text)
            rows = read_rows(session, ids)
        order = {meeting_id: n for n, meeting_id in enumerate(ids)}
        return sorted(rows, key=lambda r: order[r.id])

    def agenda(
        self,
        first: dt.date,
        last: dt.date,
        *,
        iro_email: str | None = None,
        room_name: str | None = None,
        include_cancelled: bool = False,
    ) -> list[MeetingRow]:
        """Meetings from `first` to `last` inclusive, optionally only one IRO's or one room's."""
        _check_range(first, last)
        with self._ctx.db.read() as session:
            meetings = MeetingRepository(session)
            chair_id = room_id = None
            if iro_email is not None and (chair_id := meetings.iro_id_by_email(iro_email)) is None:
                raise NotFound(f"no IRO has the email address '{iro_email}'")
            if room_name is not None and (room_id := meetings.room_id_by_name(room_name)) is None:
                raise NotFound(f"there is no room called '{room_name}'")
            repo = DiaryRepository(session)
            records = repo.meetings_between(
                *days_span(first, last),
                include_cancelled=include_cancelled,
                chair_id=chair_id,
                room_id=room_id,
            )
            return meeting_rows(records, repo.children_of([r.id for r in records]))

    def lookup(
        self,
        *,
        case_refs: Sequence[str] = (),
        chair_email: str | None = None,
        room_name: str | None = None,
        household_ref: str | None = None,
    ) -> Lookup:
        """Ids for what a script names (case references, an IRO's email, a room, a household), or NotFound."""
        with self._ctx.db.read() as session:
            repo = MeetingRepository(session)
            children = repo.child_ids_by_ref(case_refs)
            missing = [ref for ref in case_refs if ref not in children]
            if missing:
                raise NotFound(f"there is no child with case reference '{missing[0]}'")
            chair = repo.iro_id_by_email(chair_email) if chair_email is not None else None
            if chair_email is not None and chair is None:
                raise NotFound(f"no IRO has the email address '{chair_email}'")
            room = repo.room_id_by_name(room_name) if room_name is not None else None
            if room_name is not None and room is None:
                raise NotFound(f"there is no room called '{room_name}'")
            household = repo.household_id_by_ref(household_ref) if household_ref is not None else None
            if household_ref is not None and household is None:
                raise NotFound(f"there is no foster household '{household_ref}'")
        return Lookup(tuple(children[ref] for ref in case_refs), chair, room, household)

    def child_index(self) -> list[ChildPick]:
        """Every child, for the booking dialog's search by case reference, name or family."""
        with self._ctx.db.read() as session:
            rows = DiaryRepository(session).child_index()
        return [
            ChildPick(
                r.id,
                r.case_ref,
                f"{r.given_name} {r.family_name}",
                r.date_of_birth,
                r.expected_delivery,
                r.family_id,
                r.family_ref,
                r.allocated_iro_id,
            )
            for r in rows
        ]


def default_minutes(session: Session, kind: MeetingKind) -> int:
    """How long a meeting of `kind` is booked for unless the diary manager says otherwise (a setting)."""
    stored = SettingRepository(session).values_with_prefix(MEETING_MINUTES_PREFIX)
    key = f"{MEETING_MINUTES_PREFIX}{kind.value}"
    return int(stored.get(key, DEFAULT_MEETING_MINUTES.get(kind.value, 90)))


def _check_range(first: dt.date, last: dt.date) -> None:
    if last < first:
        raise ValidationError("the period ends before it starts")
    if (last - first).days > LONGEST_RANGE_DAYS:
        raise ValidationError(f"ask for at most {LONGEST_RANGE_DAYS} days at a time")


def _resources(repo: DiaryRepository) -> Resources:
    iros = tuple(
        IroRow(
            r.id,
            r.name,
            r.email,
            r.team,
            parse_working_days(r.working_days),
            r.day_start,
            r.day_end,
            r.daily_cap,
            r.active,
        )
        for r in repo.iros()
    )
    rooms = tuple(RoomRow(r.id, r.name, r.site, r.capacity, r.accessible, r.active) for r in repo.rooms())
    households = tuple(HouseholdRow(r.id, r.household_ref, r.name, r.allocated_iro_id) for r in repo.households())
    return Resources(iros, rooms, households)


def _default_chair(repo: MeetingRepository, child_ids: Sequence[int], household_id: int | None) -> int | None:
    children = repo.children(child_ids)
    for child in sorted(children, key=lambda c: c.case_ref):
        if child.allocated_iro_id is not None:
            return child.allocated_iro_id
    family_ids = [c.family_id for c in children if c.family_id is not None]
    if family_ids:
        sibling = repo.sibling_iro(family_ids)
        if sibling is not None:
            return sibling
    if household_id is not None:
        household = repo.household(household_id)
        return household.allocated_iro_id if household else None
    return None
