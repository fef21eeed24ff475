"""Queries about children: the list with each child's current status, and one child in full."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Row, exists, func, or_, select
from sqlalchemy.orm import Session, selectinload

from iro_diary.store.models import (
    CareEpisode,
    Child,
    ExploitationConcern,
    Family,
    Iro,
    Meeting,
    MeetingChild,
    ProtectionPlan,
    StrategyDiscussion,
    strategy_discussion_child,
)


def _open_on(column_end: Any, today: dt.date) -> Any:
    return or_(column_end.is_(None), column_end >= today)


class ChildRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def count(self) -> int:
        return int(self.session.scalar(select(func.count()).select_from(Child)) or 0)

    def list_with_status(
        self, today: dt.date, child_id: int | None = None, *, open_only: bool = False
    ) -> Sequence[Row[Any]]:
        """Children (all, one, or those with an open case) with family ref, IRO name, open legal status, open
        plan category and CSE flag."""
        legal_status = (
            select(CareEpisode.legal_status)
            .where(CareEpisode.child_id == Child.id, _open_on(CareEpisode.end_date, today))
            .where(CareEpisode.start_date <= today)
            .order_by(CareEpisode.start_date.desc())
            .limit(1)
            .scalar_subquery()
        )
        category = (
            select(ProtectionPlan.category)
            .where(ProtectionPlan.child_id == Child.id, _open_on(ProtectionPlan.end_date, today))
            .where(ProtectionPlan.start_date <= today)
            .order_by(ProtectionPlan.start_date.desc())
            .limit(1)
            .scalar_subquery()
        )
        exploitation = exists().where(
            ExploitationConcern.child_id == Child.id, _open_on(ExploitationConcern.closed_on, today)
        )
        query = (
            select(
                Child.id,
                Child.case_ref,
                Child.given_name,
                Child.family_name,
                Child.date_of_birth,
                Child.expected_delivery,
                Family.family_ref,
                Iro.name,
                legal_status.label("legal_status"),
                category.label("category"),
                exploitation.label("exploitation"),
            )
            .outerjoin(Family, Family.id == Child.family_id)
            .outerjoin(Iro, Iro.id == Child.allocated_iro_id)
            .order_by(Child.family_name, Child.given_name, Child.case_ref)
        )
        if child_id is not None:
            query = query.where(Child.id == child_id)
        if open_only:
            query = query.where(
                or_(legal_status.is_not(None), category.is_not(None), exploitation, Child.allocated_iro_id.is_not(None))
            )
        return self.session.execute(query).all()

    def get_full(self, child_id: int) -> Child | None:
        query = (
            select(Child)
            .where(Child.id == child_id)
            .options(
                selectinload(Child.care_episodes),
                selectinload(Child.protection_plans),
                selectinload(Child.family).selectinload(Family.children),
                selectinload(Child.allocated_iro),
            )
        )
        return self.session.scalars(query).one_or_none()

    def meetings_of(self, child_id: int) -> Sequence[tuple[Meeting, MeetingChild]]:
        query = (
            select(Meeting, MeetingChild)
            .join(MeetingChild, MeetingChild.meeting_id == Meeting.id)
            .where(MeetingChild.child_id == child_id)
            .options(selectinload(Meeting.chair), selectinload(Meeting.room))
            .order_by(Meeting.start_at.desc())
        )
        return [(meeting, link) for meeting, link in self.session.execute(query)]

    def strategy_discussions_of(self, child_id: int) -> Sequence[StrategyDiscussion]:
        query = (
            select(StrategyDiscussion)
            .join(strategy_discussion_child)
            .where(strategy_discussion_child.c.child_id == child_id)
            .order_by(StrategyDiscussion.held_on.desc())
        )
        return self.session.scalars(query).all()

    def concerns_of(self, child_id: int) -> Sequence[ExploitationConcern]:
        query = (
            select(ExploitationConcern)
            .where(ExploitationConcern.child_id == child_id)
            .order_by(ExploitationConcern.referred_on.desc())
        )
        return self.session.scalars(query).all()
