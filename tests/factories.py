"""Object mothers: make one record with sensible defaults, override what the test is about."""

from __future__ import annotations

import datetime as dt
import itertools
import uuid
from typing import Any

from iro_diary.domain.codes import AbsenceKind, MeetingKind, MeetingStatus, PlanCategory, Sex, Team
from iro_diary.infra.clock import LONDON
from iro_diary.store.database import Database
from iro_diary.store.models import (
    Absence,
    CareEpisode,
    Child,
    ExploitationConcern,
    Family,
    FosterHousehold,
    Iro,
    IroAllocation,
    Meeting,
    MeetingChild,
    ProtectionPlan,
    Room,
)

_numbers = itertools.count(1)


def _add(db: Database, record: Any) -> int:
    with db.write() as session:
        session.add(record)
        session.flush()
        return int(record.id)


def make_iro(db: Database, **overrides: Any) -> int:
    n = next(_numbers)
    values: dict[str, Any] = dict(
        name=f"Test Iro {n}", email=f"iro{n}@example.gov.uk", fte=1.0, team=Team.CHILDREN_IN_CARE
    )
    values.update(overrides)
    return _add(db, Iro(**values))


def make_room(db: Database, **overrides: Any) -> int:
    n = next(_numbers)
    values: dict[str, Any] = dict(name=f"Room {n}", site="Main office", capacity=10)
    values.update(overrides)
    return _add(db, Room(**values))


def make_family(db: Database, **overrides: Any) -> int:
    n = next(_numbers)
    values: dict[str, Any] = dict(family_ref=f"F{n:05d}", name="Test family")
    values.update(overrides)
    return _add(db, Family(**values))


def make_child(db: Database, **overrides: Any) -> int:
    n = next(_numbers)
    values: dict[str, Any] = dict(
        case_ref=f"T{n:06d}",
        given_name="Alex",
        family_name=f"Tester{n}",
        date_of_birth=dt.date(2015, 6, 1),
        sex=Sex.UNKNOWN,
        ethnicity="WBRI",
    )
    values.update(overrides)
    return _add(db, Child(**values))


def make_episode(db: Database, child_id: int, **overrides: Any) -> int:
    values: dict[str, Any] = dict(child_id=child_id, start_date=dt.date(2026, 1, 5), legal_status="C2")
    values.update(overrides)
    return _add(db, CareEpisode(**values))


def make_plan(db: Database, child_id: int, **overrides: Any) -> int:
    values: dict[str, Any] = dict(child_id=child_id, start_date=dt.date(2026, 2, 2), category=PlanCategory.NEG)
    values.update(overrides)
    return _add(db, ProtectionPlan(**values))


def local(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    """A UK wall-clock time as an aware datetime."""
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=LONDON)


def make_meeting(db: Database, *, child_ids: tuple[int, ...] = (), **overrides: Any) -> int:
    n = next(_numbers)
    start = overrides.pop("start_at", local(dt.date(2026, 12, 1), 10))
    now = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
    values: dict[str, Any] = dict(
        ref=f"M-T{n:05d}",
        kind=MeetingKind.CLA_REVIEW,
        status=MeetingStatus.BOOKED,
        start_at=start,
        end_at=start + dt.timedelta(minutes=90),
        ical_uid=f"{uuid.uuid4()}@test",
        created_at=now,
        created_by="tester",
        updated_at=now,
        updated_by="tester",
    )
    values.update(overrides)
    meeting = Meeting(**values)
    meeting.children = [MeetingChild(child_id=c) for c in child_ids]
    return _add(db, meeting)


def make_discussion(db: Database, child_ids: tuple[int, ...], held_on: dt.date, **overrides: Any) -> int:
    from iro_diary.store.models import StrategyDiscussion

    with db.write() as session:
        children = [session.get(Child, c) for c in child_ids]
        values: dict[str, Any] = dict(held_on=held_on, s47_initiated=True, conference_not_required=False)
        values.update(overrides)
        discussion = StrategyDiscussion(**values)
        discussion.children = [c for c in children if c is not None]
        session.add(discussion)
        session.flush()
        return int(discussion.id)


def make_allocation(db: Database, child_id: int, iro_id: int, **overrides: Any) -> int:
    """A dated allocation row; also makes the IRO the child's current one when the row is open."""
    values: dict[str, Any] = dict(child_id=child_id, iro_id=iro_id, start_date=dt.date(2026, 1, 5), end_date=None)
    values.update(overrides)
    row_id = _add(db, IroAllocation(**values))
    if values["end_date"] is None:
        with db.write() as session:
            child = session.get(Child, child_id)
            assert child is not None
            child.allocated_iro_id = iro_id
    return row_id


def make_absence(db: Database, iro_id: int, **overrides: Any) -> int:
    values: dict[str, Any] = dict(
        iro_id=iro_id, start_date=dt.date(2026, 12, 1), end_date=dt.date(2026, 12, 1), kind=AbsenceKind.LEAVE
    )
    values.update(overrides)
    return _add(db, Absence(**values))


def make_concern(db: Database, child_id: int, **overrides: Any) -> int:
    values: dict[str, Any] = dict(child_id=child_id, referred_on=dt.date(2026, 10, 1))
    values.update(overrides)
    return _add(db, ExploitationConcern(**values))


def make_household(db: Database, **overrides: Any) -> int:
    n = next(_numbers)
    values: dict[str, Any] = dict(household_ref=f"FH{n:05d}", name="Test household", approved_on=dt.date(2020, 1, 6))
    values.update(overrides)
    return _add(db, FosterHousehold(**values))
