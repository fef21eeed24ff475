"""The facts of a reporting period, read as plain tuples in a few queries (the figures are worked out in
`domain.reports`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from iro_diary.domain.codes import MeetingKind, MeetingStatus
from iro_diary.domain.reports.records import (
    Attendance,
    ChildRecord,
    EpisodeRecord,
    IroRecord,
    MeetingRecord,
    PlanRecord,
)
from iro_diary.infra.clock import day_start
from iro_diary.store.models import CareEpisode, Child, Iro, Meeting, MeetingChild, ProtectionPlan
from iro_diary.store.repositories.raw_rows import (
    MEETING_KINDS,
    MEETING_STATUSES,
    date_of,
    local_day,
    raw,
)

LOOKED_AFTER_REVIEW, HELD = MeetingKind.CLA_REVIEW.value, MeetingStatus.HELD.value


class ReportRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def episodes_overlapping(self, first: dt.date, last: dt.date) -> list[EpisodeRecord]:
        """Care episodes open on some day from `first` to `last`."""
        query = select(
            CareEpisode.child_id,
            raw(CareEpisode.start_date),
            raw(CareEpisode.end_date),
            CareEpisode.legal_status,
            CareEpisode.placement_distance_miles,
        ).where(CareEpisode.start_date <= last, or_(CareEpisode.end_date.is_(None), CareEpisode.end_date >= first))
        return [
            EpisodeRecord(child_id, date_of(start), date_of(end), status, distance)
            for child_id, start, end, status, distance in self.session.connection().execute(query).all()
        ]

    def plans_started_by(self, last: dt.date) -> list[PlanRecord]:
        """Every protection plan that had started by `last` (earlier plans make a later one a repeat)."""
        query = select(
            ProtectionPlan.child_id,
            raw(ProtectionPlan.start_date),
            raw(ProtectionPlan.end_date),
            raw(ProtectionPlan.category),
        ).where(ProtectionPlan.start_date <= last)
        return [
            PlanRecord(child_id, date_of(start), date_of(end), category)
            for child_id, start, end, category in self.session.connection().execute(query).all()
        ]

    def meetings_between(self, first: dt.date, last: dt.date) -> tuple[list[MeetingRecord], list[Attendance]]:
        """Held and cancelled meetings whose UK date is from `first` to `last` with the children at each, and the
        children at the held looked-after reviews with their participation codes (one query: a meeting's rows
        come together, one per child)."""
        query = (
            select(
                Meeting.id,
                Meeting.ref,
                raw(Meeting.kind),
                raw(Meeting.status),
                raw(Meeting.start_at),
                Meeting.chair_id,
                Meeting.cancel_reason,
                Meeting.late_reason,
                Meeting.foster_household_id,
                MeetingChild.child_id,
                MeetingChild.participation,
            )
            .outerjoin(MeetingChild, MeetingChild.meeting_id == Meeting.id)
            .where(
                Meeting.status.in_([MeetingStatus.HELD, MeetingStatus.CANCELLED]),
                Meeting.start_at >= day_start(first),
                Meeting.start_at < day_start(last + dt.timedelta(days=1)),
            )
            .order_by(Meeting.start_at, Meeting.id)
        )
        attendances: list[Attendance] = []
        meetings: list[MeetingRecord] = []
        current: Any = None  # the meeting whose rows are being read (they come together: ordered by meeting)
        children: list[int] = []
        for row in self.session.connection().execute(query).all():
            meeting_id, child_id = row[0], row[9]
            if current is None or meeting_id != current[0]:
                if current is not None:
                    meetings.append(_meeting_record(current, children))
                current, children = row, []
            if child_id is not None:
                children.append(child_id)
                if row[2] == LOOKED_AFTER_REVIEW and row[3] == HELD:  # participation is for these only
                    attendances.append(Attendance(meeting_id, child_id, row[10]))
        if current is not None:
            meetings.append(_meeting_record(current, children))
        return meetings, attendances

    def children(self, ids: Iterable[int]) -> dict[int, ChildRecord]:
        """The children with these ids: reference, name, date of birth (or none yet), sex and ethnicity.

        A report wants a large share of all children, so the table is read whole and the rows kept: faster than
        binding tens of thousands of ids."""
        wanted = set(ids)
        query = select(
            Child.id,
            Child.case_ref,
            Child.given_name,
            Child.family_name,
            raw(Child.date_of_birth),
            raw(Child.sex),
            Child.ethnicity,
        )
        return {
            child_id: ChildRecord(child_id, ref, f"{given} {family}", date_of(born), sex, ethnicity)
            for child_id, ref, given, family, born, sex, ethnicity in self.session.connection().execute(query).all()
            if child_id in wanted
        }

    def iros(self) -> dict[int, IroRecord]:
        query = select(Iro.id, Iro.name, Iro.email, Iro.fte)
        return {iro_id: IroRecord(iro_id, name, email, fte) for iro_id, name, email, fte in self.session.execute(query)}


def _meeting_record(row: Any, children: list[int]) -> MeetingRecord:
    meeting_id, ref, kind, status, start, chair, cancelled, late, household = row[:9]
    return MeetingRecord(
        meeting_id,
        ref,
        MEETING_KINDS[kind],
        MEETING_STATUSES[status],
        local_day(start),
        chair,
        cancelled,
        late,
        tuple(children),
        household,
    )
