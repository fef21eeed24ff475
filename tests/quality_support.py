"""Helpers for the quality-assurance tests: a held meeting to raise concerns from, and the service's lists."""

from __future__ import annotations

import datetime as dt

from iro_diary.domain.codes import MeetingKind, MeetingStatus
from iro_diary.domain.quality.codes import ThemeKind
from iro_diary.infra.clock import FixedClock
from iro_diary.services.context import ServiceContext
from iro_diary.services.quality.rows import NewConcern
from iro_diary.services.registry import Services
from tests.factories import local, make_child, make_iro, make_meeting


def on_day(services: Services, day: dt.date) -> Services:
    """The same diary seen on another day (the clock moved on)."""
    return Services.create(ServiceContext(services.ctx.db, FixedClock.on(day, hour=10), "tester"))


def theme(services: Services, kind: ThemeKind, name: str) -> int:
    return services.quality_lists.theme_id(kind, name)


def held_review(services: Services, day: dt.date, **overrides: object) -> tuple[int, int, int]:
    """(chair, child, meeting): a looked-after review held on `day`."""
    db = services.ctx.db
    chair = int(overrides.pop("chair", 0)) or make_iro(db)  # type: ignore[call-overload]
    child = make_child(db, allocated_iro_id=chair)
    kind = overrides.pop("kind", MeetingKind.CLA_REVIEW)
    meeting = make_meeting(
        db, child_ids=(child,), chair_id=chair, status=MeetingStatus.HELD, start_at=local(day, 10), kind=kind
    )
    return chair, child, meeting


def concern_request(services: Services, child: int, chair: int, **overrides: object) -> NewConcern:
    values: dict[str, object] = dict(
        child_id=child,
        theme_id=theme(services, ThemeKind.CONCERN, "Care plan not submitted before the meeting"),
        description="The care plan was not sent to the IRO before the review.",
        addressed_to="Sam Social-Worker",
        addressed_team="Children in Care Team 2",
        raised_by_iro_id=chair,
    )
    values.update(overrides)
    return NewConcern(**values)  # type: ignore[arg-type]
