"""The booking service's own narrow reads (issue #10's speed) give the checks exactly what the whole-diary reads
give: a booking's few children in one query (`few_children_facts`) against the due list's table-by-table read, and
one booking's part of a day (`BookingFactRepository.facts_for`) against the whole day's facts."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random

from sqlalchemy import select, text

from iro_diary.domain.booking import Proposal, check_booking
from iro_diary.domain.chains import Chains
from iro_diary.domain.codes import AbsenceKind, MeetingKind, MeetingStatus
from iro_diary.domain.facts import ChildFacts
from iro_diary.infra.clock import LONDON
from iro_diary.services.registry import Services
from iro_diary.store.database import Database
from iro_diary.store.models import Child, EarlyReviewRequest, Meeting, MeetingChild, TransferNotification
from iro_diary.store.repositories.booking_facts import CHAIR, CHILD, ROOM, BookingFactRepository, lock_key
from iro_diary.store.repositories.few_children import few_children_facts
from iro_diary.store.repositories.timescale_facts import FACT_LISTS, TimescaleFactRepository
from tests.conftest import make_services
from tests.factories import (
    local,
    make_absence,
    make_child,
    make_concern,
    make_discussion,
    make_episode,
    make_family,
    make_iro,
    make_meeting,
    make_plan,
    make_room,
)

D = dt.date
TRY_LOCK = text("SELECT pg_try_advisory_xact_lock(:k)")


def _sorted(facts: ChildFacts) -> ChildFacts:
    """The facts with each list in one order (neither read promises an order; the chains sort what they need)."""
    return dataclasses.replace(facts, **{name: tuple(sorted(getattr(facts, name), key=repr)) for name in FACT_LISTS})


def _both_reads(services: Services, ids: list[int]) -> tuple[dict[int, ChildFacts], dict[int, ChildFacts]]:
    with services.ctx.db.read() as session:
        repo = TimescaleFactRepository(session)
        whole = {f.child_id: f for f in repo.children(repo.ids_in(ids))}
        few = {f.child_id: f for f in few_children_facts(session.connection(), ids)}
    return whole, few


def test_one_query_reads_every_demo_childs_facts_as_the_due_list_does(demo_services: Services) -> None:
    with demo_services.ctx.db.read() as session:
        ids = list(session.scalars(select(Child.id)))
        book = demo_services.ctx.rule_book(session)
    whole, few = _both_reads(demo_services, ids)
    assert len(whole) == len(ids) > 100
    assert {k: _sorted(v) for k, v in few.items()} == {k: _sorted(v) for k, v in whole.items()}
    chains = Chains(book, demo_services.ctx.clock.today(), history=False)
    for child_id in ids:  # in the order each read gives them, the chains derive the same steps
        assert chains.child_steps(few[child_id]) == chains.child_steps(whole[child_id])


def test_one_query_reads_every_kind_of_fact_with_its_type(any_services: Services) -> None:
    db = any_services.ctx.db
    family = make_family(db)
    iro = make_iro(db)
    child = make_child(
        db, family_id=family, allocated_iro_id=iro, date_of_birth=D(2015, 3, 4), expected_delivery=D(2015, 3, 1)
    )
    other = make_child(db)  # nothing recorded but the child
    make_episode(db, child, start_date=D(2026, 1, 5), end_date=D(2026, 6, 1), legal_status="V3")
    make_episode(db, child, start_date=D(2026, 9, 1))
    make_plan(db, child, start_date=D(2026, 2, 2))
    make_discussion(db, (child, other), D(2026, 10, 1), s47_initiated=True, conference_not_required=False)
    make_concern(db, child, referred_on=D(2026, 10, 5), urgent=True, closed_on=D(2026, 11, 2))
    make_meeting(db, child_ids=(child,), kind=MeetingKind.ICPC, status=MeetingStatus.HELD,
                 start_at=local(D(2026, 3, 29), 23, 30))  # fmt: skip
    make_meeting(db, child_ids=(child,), status=MeetingStatus.CANCELLED, start_at=local(D(2026, 12, 2), 10))
    make_meeting(db, child_ids=(child, other), status=MeetingStatus.PROVISIONAL, start_at=local(D(2026, 12, 3), 9))
    with db.write() as session:
        transfer = TransferNotification(received_on=D(2026, 8, 3), from_authority="Elsewhere")
        transfer.children = [session.get(Child, child)]  # type: ignore[list-item]
        session.add(transfer)
        for withdrawn in (False, True):
            session.add(
                EarlyReviewRequest(
                    child_id=child, meeting_kind=MeetingKind.RCPC, requested_on=D(2026, 10, 9),
                    due_on=D(2026, 11, 9), reason="change", withdrawn=withdrawn,
                )
            )  # fmt: skip

    whole, few = _both_reads(any_services, [child, other, 999_999])
    assert set(few) == {child, other}, "a child who does not exist is left out"
    assert {k: _sorted(v) for k, v in few.items()} == {k: _sorted(v) for k, v in whole.items()}
    facts = few[child]
    assert (facts.family_id, facts.allocated_iro_id, facts.date_of_birth) == (family, iro, D(2015, 3, 4))
    assert sorted((p.start, p.end, p.code) for p in facts.episodes)[0] == (D(2026, 1, 5), D(2026, 6, 1), "V3")
    assert facts.discussions[0].s47_initiated is True and facts.discussions[0].conference_not_required is False
    assert facts.referrals[0].urgent is True and facts.referrals[0].closed_on == D(2026, 11, 2)
    assert facts.transfers == (D(2026, 8, 3),)
    assert [(e.kind, e.due_on) for e in facts.early_reviews] == [(MeetingKind.RCPC, D(2026, 11, 9))]
    held = next(m for m in facts.meetings if m.status is MeetingStatus.HELD)
    assert (held.kind, held.day) == (MeetingKind.ICPC, D(2026, 3, 29)), "the UK day of a late-evening meeting"
    assert len(facts.meetings) == 2, "a cancelled meeting is not a fact"


def _random_proposals(services: Services, count: int) -> list[Proposal]:
    """Proposals near the demo's booked meetings, sharing their chair, room or children some of the time."""
    rng = random.Random(11)
    today = services.ctx.clock.today()
    with services.ctx.db.read() as session:
        meetings = session.execute(
            select(Meeting.id, Meeting.start_at, Meeting.chair_id, Meeting.room_id)
            .where(Meeting.status != MeetingStatus.CANCELLED, Meeting.start_at >= local(today, 0))
            .order_by(Meeting.start_at)
            .limit(400)
        ).all()
        children = dict(session.execute(select(MeetingChild.meeting_id, MeetingChild.child_id)).all())
        chairs = list({m.chair_id for m in meetings if m.chair_id is not None})
        rooms = list({m.room_id for m in meetings if m.room_id is not None})
    proposals = []
    for _ in range(count):
        meeting = rng.choice(meetings)
        start = meeting.start_at.astimezone(LONDON) + dt.timedelta(minutes=rng.choice((-90, -30, 0, 30, 60)))
        child = children.get(meeting.id) if rng.random() < 0.5 else children.get(rng.choice(meetings).id)
        proposals.append(
            Proposal(
                kind=MeetingKind.CLA_REVIEW,
                day=start.date(),
                start=start.time().replace(tzinfo=None),
                minutes=rng.choice((60, 90)),
                chair_id=meeting.chair_id if rng.random() < 0.5 else rng.choice(chairs),
                room_id=meeting.room_id if rng.random() < 0.5 else rng.choice(rooms),
                venue="" if rng.random() < 0.9 else "School",
                child_ids=frozenset({child} if child is not None else ()),
            )
        )
    return proposals


def test_one_bookings_part_of_a_day_checks_as_the_whole_day_does(demo_services: Services) -> None:
    problems = []
    with demo_services.ctx.db.read() as session:
        repo = BookingFactRepository(session)
        calendar = demo_services.ctx.rule_book(session).calendar
        for proposal in _random_proposals(demo_services, 300):
            whole = check_booking(proposal, repo.day_facts(proposal.day), calendar)
            mine = repo.facts_for(proposal.day, proposal.chair_id, proposal.room_id, proposal.child_ids, lock=False)
            assert check_booking(proposal, mine, calendar) == whole, proposal
            problems += whole
    kinds = {p.message.split(" ")[0] for p in problems if p.blocking}
    assert {"Chair", "Room"} <= kinds, f"the proposals clashed as they were meant to: {kinds}"


def test_one_bookings_part_of_a_day_has_its_chair_room_children_and_their_meetings(any_services: Services) -> None:
    db = any_services.ctx.db
    day = D(2026, 12, 1)
    jo, sam = make_iro(db, name="Jo Chair"), make_iro(db, name="Sam Second")
    oak, ash = make_room(db, name="Oak"), make_room(db, name="Ash")
    ava, ben = make_child(db, case_ref="C1"), make_child(db, case_ref="C2")
    make_absence(db, jo, start_date=day, end_date=day, kind=AbsenceKind.TRAINING)
    make_absence(db, jo, start_date=D(2026, 11, 30), end_date=D(2026, 12, 4), kind=AbsenceKind.LEAVE)
    chair = make_meeting(db, chair_id=jo, start_at=local(day, 9))
    room = make_meeting(db, chair_id=sam, room_id=oak, start_at=local(day, 11))
    child = make_meeting(db, chair_id=sam, room_id=ash, child_ids=(ava, ben), start_at=local(day, 14))
    make_meeting(db, chair_id=sam, room_id=ash, start_at=local(day, 16))  # nobody of this booking's
    make_meeting(db, chair_id=jo, status=MeetingStatus.CANCELLED, start_at=local(day, 12))
    make_meeting(db, chair_id=jo, start_at=local(day + dt.timedelta(days=1), 9))
    with db.read() as session:
        facts = BookingFactRepository(session).facts_for(day, jo, oak, [ava], lock=False)
    assert sorted(b.meeting_id for b in facts.busy) == sorted([chair, room, child])
    assert next(b for b in facts.busy if b.meeting_id == child).child_ids == {ava, ben}
    assert facts.case_refs == {ava: "C1", ben: "C2"}
    assert set(facts.chairs) == {jo} and set(facts.rooms) == {oak}
    assert facts.chairs[jo].absence == "leave", "the earliest-starting absence, as the whole day's facts give it"
    with db.read() as session:
        assert BookingFactRepository(session).day_facts(day).chairs[jo] == facts.chairs[jo]
    with db.read() as session:
        alone = BookingFactRepository(session).facts_for(day, None, None, [ava], lock=False)
        unknown = BookingFactRepository(session).facts_for(day, 999_999, 999_998, [], lock=False)
    assert ([b.meeting_id for b in alone.busy], alone.chairs, alone.rooms) == ([child], {}, {})
    assert (unknown.busy, unknown.chairs, unknown.rooms) == ((), {}, {})


def test_reading_a_bookings_chair_and_room_takes_its_day_locks_on_postgresql(postgres_url: str, clock) -> None:  # type: ignore[no-untyped-def]
    """The chair-and-room statement takes the booking's locks (one round trip fewer): another booking of that
    chair, room or child that day waits for this transaction; other days and other people do not."""
    services = make_services(postgres_url, clock)
    try:
        db = services.ctx.db
        day = D(2026, 12, 1)
        jo, oak, ava, sam = make_iro(db), make_room(db), make_child(db), make_iro(db)
        others = Database(postgres_url)
        try:
            with db.write() as session:
                BookingFactRepository(session).facts_for(day, jo, oak, [ava])
                with others.read() as theirs:
                    free = {
                        name: theirs.scalar(TRY_LOCK, {"k": lock_key(kind, on, record)})
                        for name, kind, on, record in (
                            ("chair", CHAIR, day, jo), ("room", ROOM, day, oak), ("child", CHILD, day, ava),
                            ("another chair", CHAIR, day, sam), ("next day", CHAIR, day + dt.timedelta(days=1), jo),
                        )
                    }  # fmt: skip
        finally:
            others.close()
        assert free == {"chair": False, "room": False, "child": False, "another chair": True, "next day": True}
    finally:
        services.close()
