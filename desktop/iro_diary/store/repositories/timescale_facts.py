"""Loading the facts the timescale chains need, for many children at once, in a handful of queries.

Each query returns plain tuples (no ORM objects), filtered by a subquery of the children wanted, so deriving the
due list for 11,000 open children costs a few table scans rather than 11,000 round trips.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from sqlalchemy import ColumnElement, Select, exists, func, or_, select
from sqlalchemy.orm import Session

from iro_diary.domain.codes import MeetingKind, MeetingStatus
from iro_diary.domain.facts import (
    ChildFacts,
    Discussion,
    EarlyReview,
    HouseholdFacts,
    MeetingFact,
    Period,
    Referral,
)
from iro_diary.store.models import (
    CareEpisode,
    Child,
    EarlyReviewRequest,
    ExploitationConcern,
    Family,
    FosterHousehold,
    Iro,
    Meeting,
    MeetingChild,
    ProtectionPlan,
    StrategyDiscussion,
    TransferNotification,
    strategy_discussion_child,
    transfer_notification_child,
)
from iro_diary.store.repositories.raw_rows import (
    MEETING_KINDS,
    MEETING_STATUSES,
    batches,
    date_of,
    local_day,
    raw,
)

INITIAL_KINDS = (MeetingKind.ICPC, MeetingKind.PRE_BIRTH, MeetingKind.TRANSFER_IN)
SCAN_FROM = 3000  # children: beyond this, reading whole tables beats index lookups (measured at scale 10)
Ids = list[int] | set[int]


FACT_LISTS = ("episodes", "plans", "discussions", "transfers", "referrals", "early_reviews", "meetings")


def child_facts(row: Any, found: Mapping[str, Mapping[int, list[Any]]]) -> ChildFacts:
    """A child's row (id, case ref, family, allocated IRO, date of birth, expected delivery) with their facts, `found`
    by list (FACT_LISTS) and child id. Written out (no loop over the lists): it runs for every open child."""
    child_id, case_ref, family_id, iro_id, born, expected = row
    return ChildFacts(
        child_id,
        case_ref,
        family_id,
        iro_id,
        born,
        expected,
        episodes=tuple(found["episodes"].get(child_id, ())),
        plans=tuple(found["plans"].get(child_id, ())),
        discussions=tuple(found["discussions"].get(child_id, ())),
        transfers=tuple(found["transfers"].get(child_id, ())),
        referrals=tuple(found["referrals"].get(child_id, ())),
        early_reviews=tuple(found["early_reviews"].get(child_id, ())),
        meetings=tuple(found["meetings"].get(child_id, ())),
    )


def _open(end: Any, today: dt.date) -> ColumnElement[bool]:
    return or_(end.is_(None), end > today)


class TimescaleFactRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    # -- which children ---------------------------------------------------------------------------------------

    def open_case_ids(self, today: dt.date) -> Select[int]:
        """Children whose chains may have an open step: in care, on a plan, under a CSE concern, or with a
        strategy discussion or transfer since their last initial conference."""
        last_initial = (
            select(func.max(Meeting.start_at))
            .join(MeetingChild, MeetingChild.meeting_id == Meeting.id)
            .where(
                MeetingChild.child_id == Child.id, Meeting.kind.in_(INITIAL_KINDS), Meeting.status == MeetingStatus.HELD
            )
            # Two levels down from the outer query: correlate explicitly, or it takes the maximum over everyone.
            .correlate(Child)
            .scalar_subquery()
        )

        def since_last_initial(day: Any) -> ColumnElement[bool]:
            return or_(last_initial.is_(None), day >= func.date(last_initial))

        pending_discussion = exists().where(
            strategy_discussion_child.c.child_id == Child.id,
            StrategyDiscussion.id == strategy_discussion_child.c.strategy_discussion_id,
            since_last_initial(StrategyDiscussion.held_on),
        )
        pending_transfer = exists().where(
            transfer_notification_child.c.child_id == Child.id,
            TransferNotification.id == transfer_notification_child.c.transfer_notification_id,
            since_last_initial(TransferNotification.received_on),
        )
        return select(Child.id).where(
            or_(
                exists().where(CareEpisode.child_id == Child.id, _open(CareEpisode.end_date, today)),
                exists().where(ProtectionPlan.child_id == Child.id, _open(ProtectionPlan.end_date, today)),
                exists().where(ExploitationConcern.child_id == Child.id, _open(ExploitationConcern.closed_on, today)),
                pending_discussion,
                pending_transfer,
            )
        )

    def ids_with_meetings_between(self, start: dt.datetime, end: dt.datetime) -> Select[int]:
        """Children with a meeting held in [start, end)."""
        return (
            select(MeetingChild.child_id)
            .join(Meeting, Meeting.id == MeetingChild.meeting_id)
            .where(Meeting.status == MeetingStatus.HELD, Meeting.start_at >= start, Meeting.start_at < end)
        )

    def ids_in(self, child_ids: Iterable[int]) -> Select[int]:
        return select(Child.id).where(Child.id.in_(list(child_ids)))

    def ids_of_households(self, household_ids: Iterable[int]) -> Select[int]:
        return select(FosterHousehold.id).where(FosterHousehold.id.in_(list(household_ids)))

    def with_siblings(self, child_ids: Iterable[int]) -> set[int]:
        """These children and everyone in their families (a family conference's requirement spans them all)."""
        wanted = list(child_ids)
        families = select(Child.family_id).where(Child.id.in_(wanted), Child.family_id.is_not(None))
        query = select(Child.id).where(or_(Child.id.in_(wanted), Child.family_id.in_(families)))
        return set(self.session.scalars(query))

    # -- the facts --------------------------------------------------------------------------------------------

    def children(
        self, wanted: Select[int], *, until: dt.datetime | None = None, scan: bool | None = False
    ) -> list[ChildFacts]:
        """The facts of every child whose id `wanted` selects.

        `until` leaves out meetings starting at or after it (compliance up to a day needs nothing later).
        `scan` reads each table whole and keeps the wanted children's rows: when a large share of all children is
        wanted (a year's compliance) that is several times faster than looking each one up in an index. None
        scans when more than SCAN_FROM children are wanted.
        """
        found = set(self.session.scalars(wanted))
        if scan is None:
            scan = len(found) > SCAN_FROM
        ids: Ids = found if scan else sorted(found)
        facts: dict[str, Mapping[int, list[Any]]] = {
            "episodes": self._periods(CareEpisode, CareEpisode.legal_status, ids),
            "plans": self._periods(ProtectionPlan, ProtectionPlan.category, ids),
            "discussions": self._discussions(ids),
            "transfers": self._transfers(ids),
            "referrals": self._referrals(ids),
            "early_reviews": self._early_reviews(ids),
            "meetings": self._child_meetings(ids, until),
        }
        columns = (
            Child.id,
            Child.case_ref,
            Child.family_id,
            Child.allocated_iro_id,
            Child.date_of_birth,
            Child.expected_delivery,
        )
        return [child_facts(row, facts) for row in self._rows(select(*columns), Child.id, ids)]

    def _rows(self, query: Any, column: Any, ids: Ids) -> Iterator[Any]:
        """Run `query` for the ids in batches (SQLite allows some 32,000 parameters per statement), or over the
        whole table keeping the rows of a set of ids (their id comes first), as plain Core statements: these are
        tuples, not entities, and the ORM's row handling would double the cost."""
        connection = self.session.connection()
        if isinstance(ids, set):
            yield from (row for row in connection.execute(query).all() if row[0] in ids)
            return
        for batch in batches(ids):
            yield from connection.execute(query.where(column.in_(batch))).all()

    def _periods(self, model: Any, code: Any, ids: Ids) -> dict[int, list[Period]]:
        found: dict[int, list[Period]] = defaultdict(list)
        query = select(model.child_id, raw(model.start_date), raw(model.end_date), raw(code))
        for child_id, start, end, value in self._rows(query, model.child_id, ids):
            found[child_id].append(Period(date_of(start), date_of(end), value))
        return found

    def _discussions(self, ids: Ids) -> dict[int, list[Discussion]]:
        found: dict[int, list[Discussion]] = defaultdict(list)
        query = select(
            strategy_discussion_child.c.child_id,
            StrategyDiscussion.held_on,
            StrategyDiscussion.s47_initiated,
            StrategyDiscussion.conference_not_required,
        ).join(StrategyDiscussion, StrategyDiscussion.id == strategy_discussion_child.c.strategy_discussion_id)
        for child_id, held_on, s47, not_required in self._rows(query, strategy_discussion_child.c.child_id, ids):
            found[child_id].append(Discussion(held_on, s47, not_required))
        return found

    def _transfers(self, ids: Ids) -> dict[int, list[dt.date]]:
        found: dict[int, list[dt.date]] = defaultdict(list)
        query = select(transfer_notification_child.c.child_id, TransferNotification.received_on).join(
            TransferNotification, TransferNotification.id == transfer_notification_child.c.transfer_notification_id
        )
        for child_id, received in self._rows(query, transfer_notification_child.c.child_id, ids):
            found[child_id].append(received)
        return found

    def _referrals(self, ids: Ids) -> dict[int, list[Referral]]:
        found: dict[int, list[Referral]] = defaultdict(list)
        query = select(
            ExploitationConcern.child_id,
            ExploitationConcern.id,
            ExploitationConcern.referred_on,
            ExploitationConcern.urgent,
            ExploitationConcern.closed_on,
        )
        for child_id, concern_id, referred, urgent, closed in self._rows(query, ExploitationConcern.child_id, ids):
            found[child_id].append(Referral(concern_id, referred, urgent, closed))
        return found

    def _early_reviews(self, ids: Ids) -> dict[int, list[EarlyReview]]:
        found: dict[int, list[EarlyReview]] = defaultdict(list)
        query = select(
            EarlyReviewRequest.child_id,
            EarlyReviewRequest.meeting_kind,
            EarlyReviewRequest.requested_on,
            EarlyReviewRequest.due_on,
            EarlyReviewRequest.reason,
        ).where(EarlyReviewRequest.withdrawn.is_(False))
        for child_id, kind, requested, due, reason in self._rows(query, EarlyReviewRequest.child_id, ids):
            found[child_id].append(EarlyReview(kind, requested, due, reason))
        return found

    def _child_meetings(self, ids: Ids, until: dt.datetime | None = None) -> dict[int, list[MeetingFact]]:
        found: dict[int, list[MeetingFact]] = defaultdict(list)
        query = (
            select(
                MeetingChild.child_id,
                Meeting.id,
                Meeting.ref,
                raw(Meeting.kind),
                raw(Meeting.status),
                raw(Meeting.start_at),
            )
            .join(Meeting, Meeting.id == MeetingChild.meeting_id)
            .where(Meeting.status != MeetingStatus.CANCELLED)
        )
        if until is not None:
            query = query.where(Meeting.start_at < until)
        for child_id, meeting_id, ref, kind, status, start in self._rows(query, MeetingChild.child_id, ids):
            found[child_id].append(
                MeetingFact(meeting_id, ref, MEETING_KINDS[kind], MEETING_STATUSES[status], local_day(start))
            )
        return found

    def households(
        self,
        today: dt.date,
        *,
        open_only: bool,
        until: dt.datetime | None = None,
        only: int | None = None,
        among: Select[int] | None = None,
    ) -> list[HouseholdFacts]:
        """Foster households (all, or those still approved; or only the one with id `only`, or those `among`
        selects) with their meetings (those starting before `until`)."""
        query = select(
            FosterHousehold.id,
            FosterHousehold.household_ref,
            FosterHousehold.approved_on,
            FosterHousehold.deregistered_on,
            FosterHousehold.allocated_iro_id,
        )
        if open_only:
            query = query.where(_open(FosterHousehold.deregistered_on, today))
        meetings: dict[int, list[MeetingFact]] = defaultdict(list)
        meeting_query = select(
            Meeting.foster_household_id,
            Meeting.id,
            Meeting.ref,
            raw(Meeting.kind),
            raw(Meeting.status),
            raw(Meeting.start_at),
        ).where(Meeting.foster_household_id.is_not(None), Meeting.status != MeetingStatus.CANCELLED)
        if until is not None:
            meeting_query = meeting_query.where(Meeting.start_at < until)
        if only is not None:
            query = query.where(FosterHousehold.id == only)
            meeting_query = meeting_query.where(Meeting.foster_household_id == only)
        if among is not None:
            query = query.where(FosterHousehold.id.in_(among))
            meeting_query = meeting_query.where(Meeting.foster_household_id.in_(among))
        for household_id, meeting_id, ref, kind, status, start in self.session.connection().execute(meeting_query):
            assert household_id is not None
            meetings[household_id].append(
                MeetingFact(meeting_id, ref, MEETING_KINDS[kind], MEETING_STATUSES[status], local_day(start))
            )
        return [
            HouseholdFacts(household_id, ref, approved, deregistered, iro_id, tuple(meetings.get(household_id, ())))
            for household_id, ref, approved, deregistered, iro_id in self.session.execute(query)
        ]

    # -- labels for the due list ------------------------------------------------------------------------------

    def child_labels(self, ids: Iterable[int]) -> dict[int, tuple[str, str, str | None, int | None]]:
        """child id -> (case ref, name, family ref, allocated IRO id)."""
        query = select(
            Child.id, Child.case_ref, Child.given_name, Child.family_name, Family.family_ref, Child.allocated_iro_id
        ).outerjoin(Family, Family.id == Child.family_id)
        return {
            child_id: (case_ref, f"{given} {family}", family_ref, iro_id)
            for child_id, case_ref, given, family, family_ref, iro_id in self._rows(query, Child.id, sorted(ids))
        }

    def iro_labels(self) -> dict[int, tuple[str, str, str]]:
        """IRO id -> (name, email, team)."""
        query = select(Iro.id, Iro.name, Iro.email, Iro.team)
        return {iro_id: (name, email, team.value) for iro_id, name, email, team in self.session.execute(query)}

    def household_labels(self) -> dict[int, tuple[str, str, int | None]]:
        """household id -> (reference, name, allocated IRO id)."""
        query = select(
            FosterHousehold.id, FosterHousehold.household_ref, FosterHousehold.name, FosterHousehold.allocated_iro_id
        )
        return {h: (ref, name, iro) for h, ref, name, iro in self.session.execute(query)}
