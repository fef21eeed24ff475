"""Children and families: the list the Children pane shows, and one child's whole record."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from dateutil.relativedelta import relativedelta

from iro_diary.domain.codes import ETHNICITY_LABELS, LEGAL_STATUS_LABELS, MeetingKind, PlanCategory
from iro_diary.domain.errors import NotFound
from iro_diary.infra.clock import LONDON
from iro_diary.services.context import ServiceContext
from iro_diary.store.models import Child, Meeting, MeetingChild
from iro_diary.store.repositories.children import ChildRepository


@dataclass(frozen=True, slots=True)
class ChildRow:
    """One line of the children list: who, their IRO, and what the service is doing with them now."""

    id: int
    case_ref: str
    given_name: str
    family_name: str
    date_of_birth: dt.date | None
    expected_delivery: dt.date | None
    family_ref: str | None
    allocated_iro: str | None
    legal_status: str | None
    plan_category: str | None
    exploitation: bool

    @property
    def name(self) -> str:
        return f"{self.given_name} {self.family_name}"

    @property
    def status(self) -> str:
        """'In care (C2)', 'On plan (NEG)', 'CSE', combinations; 'Allocated' for an IRO's case with none of
        those yet (e.g. awaiting an initial conference); otherwise 'Closed'."""
        parts = []
        if self.legal_status:
            parts.append(f"In care ({self.legal_status})")
        if self.plan_category:
            parts.append(f"On plan ({self.plan_category})")
        if self.exploitation:
            parts.append("CSE")
        return ", ".join(parts) or ("Allocated" if self.allocated_iro else "Closed")

    def age_text(self, today: dt.date) -> str:
        if self.date_of_birth is None:
            return "Unborn" if self.expected_delivery else ""
        return age_text(self.date_of_birth, today)


def age_text(born: dt.date, today: dt.date) -> str:
    age = relativedelta(today, born)
    if age.years >= 2:
        return f"{age.years}"
    months = age.years * 12 + age.months
    return f"{months} mo"


@dataclass(frozen=True, slots=True)
class EpisodeRow:
    start_date: dt.date
    end_date: dt.date | None
    legal_status: str
    legal_status_label: str
    placement_distance_miles: float | None


@dataclass(frozen=True, slots=True)
class PlanRow:
    start_date: dt.date
    end_date: dt.date | None
    category: str
    category_label: str


@dataclass(frozen=True, slots=True)
class ChildMeetingRow:
    """A meeting about the child, as the child's record shows it (times in UK local time)."""

    meeting_id: int
    ref: str
    kind: MeetingKind
    status: str
    start: dt.datetime
    end: dt.datetime
    chair: str | None
    place: str
    participation: str | None
    decision: str | None


@dataclass(frozen=True, slots=True)
class SiblingRow:
    id: int
    case_ref: str
    name: str


@dataclass(frozen=True, slots=True)
class ChildDetail:
    row: ChildRow
    sex: str
    ethnicity: str
    ethnicity_label: str
    social_worker: str | None
    social_worker_email: str | None
    family_name: str | None
    siblings: tuple[SiblingRow, ...]
    episodes: tuple[EpisodeRow, ...]
    plans: tuple[PlanRow, ...]
    meetings: tuple[ChildMeetingRow, ...]
    strategy_discussions: tuple[dt.date, ...]
    exploitation_referrals: tuple[dt.date, ...]
    version: int


class ChildrenService:
    """Reading children; the changes to them come with the import, workload and diary services."""

    def __init__(self, ctx: ServiceContext) -> None:
        self._ctx = ctx

    def list_children(self, *, include_closed: bool = False) -> list[ChildRow]:
        """Children with an open case (in care, on a plan, a CSE concern, or allocated to an IRO) — or every
        child, with `include_closed` — ordered by family name, with their current status."""
        today = self._ctx.clock.today()
        with self._ctx.db.read() as session:
            rows = ChildRepository(session).list_with_status(today, open_only=not include_closed)
            return [_child_row(row) for row in rows]

    def child(self, child_id: int) -> ChildDetail:
        """One child's whole record: details, family, episodes, plans, meetings."""
        today = self._ctx.clock.today()
        with self._ctx.db.read() as session:
            repo = ChildRepository(session)
            child = repo.get_full(child_id)
            if child is None:
                raise NotFound(f"child {child_id} no longer exists (it may have been removed)")
            row = _child_row(repo.list_with_status(today, child_id)[0])
            meetings = tuple(_meeting_row(m, link) for m, link in repo.meetings_of(child_id))
            discussions = tuple(sd.held_on for sd in repo.strategy_discussions_of(child_id))
            referrals = tuple(c.referred_on for c in repo.concerns_of(child_id))
            return _detail(child, row, meetings, discussions, referrals)


def _child_row(values: Any) -> ChildRow:
    return ChildRow(*values)


def _meeting_row(meeting: Meeting, link: MeetingChild) -> ChildMeetingRow:
    place = meeting.room.name if meeting.room is not None else (meeting.venue or "")
    return ChildMeetingRow(
        meeting_id=meeting.id,
        ref=meeting.ref,
        kind=meeting.kind,
        status=meeting.status.value,
        start=meeting.start_at.astimezone(LONDON),
        end=meeting.end_at.astimezone(LONDON),
        chair=meeting.chair.name if meeting.chair is not None else None,
        place=place,
        participation=link.participation,
        decision=link.decision,
    )


def _detail(
    child: Child,
    row: ChildRow,
    meetings: tuple[ChildMeetingRow, ...],
    discussions: tuple[dt.date, ...],
    referrals: tuple[dt.date, ...],
) -> ChildDetail:
    family = child.family
    siblings = tuple(
        SiblingRow(s.id, s.case_ref, f"{s.given_name} {s.family_name}")
        for s in sorted(family.children if family else [], key=lambda s: s.case_ref)
        if s.id != child.id
    )
    episodes = tuple(
        EpisodeRow(
            e.start_date,
            e.end_date,
            e.legal_status,
            LEGAL_STATUS_LABELS.get(e.legal_status, ""),
            e.placement_distance_miles,
        )
        for e in sorted(child.care_episodes, key=lambda e: e.start_date, reverse=True)
    )
    plans = tuple(
        PlanRow(p.start_date, p.end_date, p.category.value, PlanCategory(p.category).label)
        for p in sorted(child.protection_plans, key=lambda p: p.start_date, reverse=True)
    )
    return ChildDetail(
        row=row,
        sex=child.sex.value,
        ethnicity=child.ethnicity,
        ethnicity_label=ETHNICITY_LABELS.get(child.ethnicity, child.ethnicity),
        social_worker=child.social_worker,
        social_worker_email=child.social_worker_email,
        family_name=family.name if family else None,
        siblings=siblings,
        episodes=episodes,
        plans=plans,
        meetings=meetings,
        strategy_discussions=discussions,
        exploitation_referrals=referrals,
        version=child.version,
    )
