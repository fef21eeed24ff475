"""The data model on both databases: constraints, UTC instants, optimistic locking, relationships."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, InvalidRequestError, StatementError

from iro_diary.domain.codes import MeetingKind
from iro_diary.domain.errors import StaleEdit
from iro_diary.infra.clock import LONDON
from iro_diary.services.registry import Services
from iro_diary.store.models import Child, Iro, Meeting
from tests.factories import local, make_child, make_episode, make_family, make_iro, make_meeting, make_room


def test_instants_come_back_in_utc_with_the_same_wall_clock(any_services: Services) -> None:
    db = any_services.ctx.db
    # The Monday after the clocks go back: 10:00 in London is 10:00 UTC; the Friday before it was 09:00 UTC.
    after = make_meeting(db, start_at=local(dt.date(2026, 10, 26), 10))
    before = make_meeting(db, start_at=local(dt.date(2026, 10, 23), 10))
    with db.read() as session:
        got_after, got_before = (session.get(Meeting, i) for i in (after, before))
        assert got_after is not None and got_before is not None
        assert got_after.start_at.tzinfo is not None
        assert got_after.start_at == dt.datetime(2026, 10, 26, 10, tzinfo=dt.UTC)
        assert got_before.start_at == dt.datetime(2026, 10, 23, 9, tzinfo=dt.UTC)
        assert got_before.start_at.astimezone(LONDON).hour == 10


def test_a_naive_datetime_is_refused(any_services: Services) -> None:
    with pytest.raises(StatementError, match="naive datetime"):
        make_meeting(any_services.ctx.db, start_at=dt.datetime(2026, 12, 1, 10))


@pytest.mark.parametrize("fte", [0.0, -0.5, 1.5])
def test_fte_outside_zero_to_one_is_refused(any_services: Services, fte: float) -> None:
    with pytest.raises(IntegrityError):
        make_iro(any_services.ctx.db, fte=fte)


def test_case_reference_is_unique(any_services: Services) -> None:
    make_child(any_services.ctx.db, case_ref="C1")
    with pytest.raises(IntegrityError):
        make_child(any_services.ctx.db, case_ref="C1")


def test_an_episode_cannot_end_before_it_starts(any_services: Services) -> None:
    child = make_child(any_services.ctx.db)
    with pytest.raises(IntegrityError):
        make_episode(any_services.ctx.db, child, start_date=dt.date(2026, 3, 1), end_date=dt.date(2026, 2, 1))


def test_a_meeting_cannot_end_before_it_starts(any_services: Services) -> None:
    start = local(dt.date(2026, 12, 1), 10)
    with pytest.raises(IntegrityError):
        make_meeting(any_services.ctx.db, start_at=start, end_at=start - dt.timedelta(minutes=1))


def test_unknown_codes_are_refused(any_services: Services) -> None:
    with pytest.raises((StatementError, LookupError)):
        make_meeting(any_services.ctx.db, kind="tea-party")


def test_foreign_keys_are_enforced(any_services: Services) -> None:
    with pytest.raises(IntegrityError):
        make_child(any_services.ctx.db, family_id=999_999)


def test_a_stale_edit_is_refused_and_nothing_is_overwritten(any_services: Services) -> None:
    db = any_services.ctx.db
    iro_id = make_iro(db, name="Original")
    with db.read() as reader:
        stale = reader.get(Iro, iro_id)
        assert stale is not None and stale.version == 1
    with db.write() as session:
        fresh = session.get(Iro, iro_id)
        assert fresh is not None
        fresh.name = "First editor"
    with pytest.raises(StaleEdit, match="Someone else saved a change to this record"), db.write() as session:
        stale_copy = session.merge(stale, load=False)
        stale_copy.name = "Second editor"
    with db.read() as session:
        saved = session.get(Iro, iro_id)
        assert saved is not None and saved.name == "First editor" and saved.version == 2


def test_relationships_never_load_lazily(any_services: Services) -> None:
    db = any_services.ctx.db
    family = make_family(db)
    child_id = make_child(db, family_id=family)
    with db.read() as session:
        child = session.scalars(select(Child).where(Child.id == child_id)).one()
        with pytest.raises(InvalidRequestError):
            _ = child.family


def test_a_family_conference_links_several_children(any_services: Services) -> None:
    db = any_services.ctx.db
    chair, room = make_iro(db), make_room(db)
    a, b = make_child(db), make_child(db)
    meeting_id = make_meeting(db, child_ids=(a, b), kind=MeetingKind.ICPC, chair_id=chair, room_id=room)
    detail = any_services.children.child(a)
    assert [m.meeting_id for m in detail.meetings] == [meeting_id]
    assert any_services.children.child(b).meetings[0].kind is MeetingKind.ICPC
