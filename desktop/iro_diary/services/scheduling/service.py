"""The scheduling assistant: the best slots for one meeting, and a planner that proposes a window's bookings.

`suggest` and `slots_for_requirement` answer the booking dialog's Suggest button and `iro-diary slots`; `plan`
proposes provisional bookings for every unbooked requirement of a window (read-only: nothing is booked), and
`accept` books the proposals the diary manager keeps through the booking service, in one transaction.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence

from sqlalchemy.orm import Session

from iro_diary.domain.access import Permission
from iro_diary.domain.booking import Window
from iro_diary.domain.codes import MeetingKind
from iro_diary.domain.due_list import Requirement
from iro_diary.domain.errors import AppError, NotFound, ValidationError
from iro_diary.domain.planner import PlanItem, plan
from iro_diary.domain.slot_data import Need
from iro_diary.domain.slots import SlotSearch
from iro_diary.domain.timescales import RuleBook
from iro_diary.services.access import requires
from iro_diary.services.booking import BookingService
from iro_diary.services.booking_support import window_for
from iro_diary.services.changes import Changes
from iro_diary.services.context import ServiceContext
from iro_diary.services.diary import default_minutes
from iro_diary.services.diary_rows import MeetingRow
from iro_diary.services.scheduling import planning
from iro_diary.services.scheduling.loading import (
    Continuity,
    KeptDiary,
    KeptReading,
    Settings,
    earliest_start,
    load_continuity,
    load_search,
    read_settings,
)
from iro_diary.services.scheduling.rows import PlannedRow, PlanPreview, SlotList, slot_row
from iro_diary.services.timescales import open_requirements
from iro_diary.store.repositories.scheduling import SchedulingRepository
from iro_diary.store.repositories.timescale_facts import TimescaleFactRepository

MOST_SLOTS = 50
LONGEST_PLAN_DAYS = 366
REQUIREMENT_ID = re.compile(r"^[a-z-]+:(child|family|household)-(\d+):\d{4}-\d{2}-\d{2}$")
Progress = Callable[[int, int, str], None]


class SchedulingService:
    def __init__(self, ctx: ServiceContext) -> None:
        self._ctx = ctx
        self._kept = KeptDiary(ctx.db, ctx.clock)

    # -- one meeting ------------------------------------------------------------------------------------------

    def suggest(
        self,
        kind: MeetingKind,
        child_ids: Sequence[int] = (),
        household_id: int | None = None,
        *,
        minutes: int | None = None,
        people: int | None = None,
        accessible: bool = False,
        venue: str = "",
        count: int = 10,
        meeting_id: int | None = None,
    ) -> SlotList:
        """The `count` best slots for a meeting of `kind` for these children (or this household), best first."""
        _check_subject(kind, child_ids, household_id)
        if not 1 <= count <= MOST_SLOTS:
            raise ValidationError(f"ask for 1 to {MOST_SLOTS} slots")
        today = self._ctx.clock.today()
        kept = self._kept.reading()
        with self._ctx.db.read() as session:
            book = self._ctx.rule_book(session)
            settings = read_settings(session)
            window, _rules = window_for(session, book, today, kind, child_ids, household_id)
            continuity = load_continuity(session, child_ids, [household_id] if household_id is not None else [])
            allocated, siblings, previous = continuity.of(kind, child_ids, household_id)
            need = Need(
                kind=kind,
                minutes=minutes or default_minutes(session, kind),
                child_ids=frozenset(child_ids),
                household_id=household_id,
                window=window,
                people=people or settings.expected_people,
                accessible=accessible,
                venue=venue.strip(),
                allocated=allocated,
                siblings=siblings,
                previous_chair=previous,
                meeting_id=meeting_id,
            )
            search = self._search(session, book, settings, [need], kept)
            refs, household_ref = _references(session, child_ids, household_id)
        found = search.best(need, count)
        return SlotList(
            kind=kind,
            child_ids=tuple(child_ids),
            case_refs=refs,
            household_id=household_id,
            household_ref=household_ref,
            window=window,
            minutes=need.minutes,
            people=need.people,
            slots=tuple(slot_row(s, search, need.venue) for s in found.slots),
            shortfall=found.shortfall,
            continuity=found.continuity,
        )

    def prepare(self, kind: MeetingKind, child_ids: Sequence[int] = (), household_id: int | None = None) -> None:
        """Read ahead what `suggest` will need for this meeting (the booking dialog asks as it opens, in the
        background), so that Suggest is answered from what is kept. Without a subject yet: the chairs' caseloads
        and the weeks ahead."""
        try:
            self.suggest(kind, child_ids, household_id, count=1)
        except AppError:
            kept = self._kept.reading()
            with self._ctx.db.read() as session:
                self._search(session, self._ctx.rule_book(session), read_settings(session), [], kept)

    def slots_for_requirement(
        self,
        requirement_id: str,
        *,
        count: int = 10,
        minutes: int | None = None,
        people: int | None = None,
        accessible: bool = False,
        venue: str = "",
    ) -> SlotList:
        """`suggest` for a requirement of the Due & overdue list, by its id (`iro-diary due-list --json`)."""
        with self._ctx.db.read() as session:
            found = find_requirement(session, self._ctx.rule_book(session), self._ctx.clock.today(), requirement_id)
        return self.suggest(
            found.meeting_kind,
            found.child_ids,
            found.household_id,
            count=count,
            minutes=minutes,
            people=people,
            accessible=accessible,
            venue=venue,
        )

    # -- a window of requirements -----------------------------------------------------------------------------

    def plan(
        self,
        first: dt.date,
        last: dt.date,
        *,
        progress: Progress | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> PlanPreview:
        """Provisional bookings for every unbooked requirement whose latest working day falls from `first` to
        `last` (and the overdue ones, when `first` is today or earlier). Nothing is booked: see `accept`."""
        if last < first:
            raise ValidationError("the window ends before it starts")
        if (last - first).days > LONGEST_PLAN_DAYS:
            raise ValidationError(f"plan at most {LONGEST_PLAN_DAYS} days at a time")
        today = self._ctx.clock.today()
        report = progress or (lambda _done, _total, _text: None)
        report(0, 0, "Reading the requirements")
        with self._ctx.db.read() as session:
            book = self._ctx.rule_book(session)
            settings = read_settings(session)
            wanted = _unbooked(session, book, today, first, last)
            report(0, len(wanted), "Reading the diary")
            subjects = planning.subjects(session, book, wanted)
            continuity = load_continuity(
                session,
                {c for r in wanted for c in r.child_ids},
                {r.household_id for r in wanted if r.household_id is not None},
            )
            minutes = {kind: default_minutes(session, kind) for kind in {r.meeting_kind for r in wanted}}
            items = [_item(r, book, settings, continuity, minutes[r.meeting_kind]) for r in wanted]
            search = self._search(session, book, settings, [i.need for i in items])
        outcome = plan(
            search,
            items,
            progress=lambda done, total: report(done, total, "Planning provisional bookings"),
            cancelled=cancelled,
        )
        return planning.preview(first, last, len(items), outcome, subjects, search)

    @requires(Permission.BOOK, Permission.OWN_DIARY)
    def accept(self, planned: Sequence[PlannedRow]) -> tuple[list[MeetingRow], Changes]:
        """Book the proposals kept as provisional meetings, in one transaction, each audited: all, or — when one
        of the times was taken meanwhile — none, saying which."""
        if not planned:
            raise ValidationError("choose the proposals to book")
        return BookingService(self._ctx).book_all(
            [p.request for p in planned], origin="planned by the scheduling assistant"
        )

    # -- shared -----------------------------------------------------------------------------------------------

    def _search(
        self,
        session: Session,
        book: RuleBook,
        settings: Settings,
        needs: Sequence[Need],
        kept: KeptReading | None = None,
    ) -> SlotSearch:
        """A search over every day these needs may use: from the earliest start to their latest working days
        and the late days after them. Only a search that adds nothing to its index (not the planner's) may use
        what is `kept`."""
        calendar = book.calendar
        earliest = earliest_start(self._ctx.clock.now(), calendar, settings.notice_working_days)
        rules = settings.rules
        ends = [n.window.latest_working_day for n in needs if n.window is not None]
        last = calendar.add_working_days(max([earliest.date(), *ends]), max(rules.late_working_days, rules.days_ahead))
        return load_search(session, calendar, self._ctx.clock.today(), settings, earliest, last, kept)


def find_requirement(session: Session, book: RuleBook, today: dt.date, requirement_id: str) -> Requirement:
    """An open requirement by its id, worked out for just the children (or household) it names."""
    matched = REQUIREMENT_ID.match(requirement_id.strip())
    if matched is None:
        raise ValidationError(
            f"'{requirement_id}' is not a requirement id (they look like cla:child-12:2026-05-01; "
            "see `iro-diary due-list --json`)"
        )
    subject, number = matched[1], int(matched[2])
    repo = TimescaleFactRepository(session)
    children, households = [], []
    if subject == "household":
        households = repo.households(today, open_only=False, only=number)
    else:
        ids = (
            [number]
            if subject == "child"
            else [c for c, _f, _i in SchedulingRepository(session).family_members([number])]
        )
        children = repo.children(repo.ids_in(ids))
    for found in open_requirements(book, today, children, households):
        if found.requirement_id == requirement_id.strip():
            return found
    raise NotFound(f"there is no open requirement '{requirement_id}' (it may have been met already)")


def _references(
    session: Session, child_ids: Sequence[int], household_id: int | None
) -> tuple[tuple[str, ...], str | None]:
    """The children's case references (in the order given) and the household's reference."""
    repo = TimescaleFactRepository(session)
    labels = repo.child_labels(child_ids)
    refs = tuple(labels[c][0] for c in child_ids if c in labels)
    household = repo.household_labels().get(household_id) if household_id is not None else None
    return refs, household[0] if household else None


def _check_subject(kind: MeetingKind, child_ids: Sequence[int], household_id: int | None) -> None:
    if kind is MeetingKind.STRATEGY_DISCUSSION:
        raise ValidationError("Strategy discussions are recorded, not booked in the diary")
    if kind is MeetingKind.FOSTER_REVIEW and household_id is None:
        raise ValidationError("Choose the foster household first: the slots depend on its review date and its IRO")
    if kind is not MeetingKind.FOSTER_REVIEW and not child_ids:
        raise ValidationError("Choose the children first: the slots depend on their due date and their IRO")


def _unbooked(session: Session, book: RuleBook, today: dt.date, first: dt.date, last: dt.date) -> list[Requirement]:
    """The open, unbooked requirements due from `first` to `last` (with the overdue ones if `first` <= today)."""
    repo = TimescaleFactRepository(session)
    children = repo.children(repo.open_case_ids(today))
    households = repo.households(today, open_only=True)
    return [
        r
        for r in open_requirements(book, today, children, households)
        if r.booked is None
        and r.latest_working_day <= last
        and (r.latest_working_day >= first or (first <= today and r.latest_working_day < today))
    ]


def _item(r: Requirement, book: RuleBook, settings: Settings, continuity: Continuity, minutes: int) -> PlanItem:
    allocated, siblings, previous = continuity.of(r.meeting_kind, r.child_ids, r.household_id)
    rule = book.rules.get(r.rule)
    window = Window(r.rule, rule.label if rule else r.rule, r.anchor, r.anchor_label, r.due, r.latest_working_day)
    need = Need(
        kind=r.meeting_kind,
        minutes=minutes,
        child_ids=frozenset(r.child_ids),
        household_id=r.household_id,
        window=window,
        people=settings.expected_people,
        allocated=allocated,
        siblings=siblings,
        previous_chair=previous,
    )
    return PlanItem(r.requirement_id, need)
