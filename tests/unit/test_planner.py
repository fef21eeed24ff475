"""The planner on plain data: the most urgent requirement chooses first, proposals never clash with the diary or
with each other, the load spreads, and what cannot be placed says why (Hypothesis for any diary)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from itertools import combinations

from hypothesis import given, settings
from hypothesis import strategies as st

from iro_diary.domain.planner import PlanItem, plan
from tests.slot_scenarios import FRI, MON, TUE, D, away, busy, chair, need, room, search, window


def test_the_most_urgent_requirement_chooses_first_and_proposals_do_not_clash() -> None:
    diary = search([chair(1, daily_cap=1)], [room(1)])
    items = [
        PlanItem("later", need(child_ids=frozenset({2}), allocated=frozenset({1}), window=window(MON))),
        PlanItem("urgent", need(child_ids=frozenset({1}), allocated=frozenset({1}), window=window(FRI))),
    ]
    outcome = plan(diary, items)
    placed = {p.key: p.slot for p in outcome.placed}
    assert (placed["urgent"].day, placed["later"].day) == (FRI, MON)
    assert outcome.unplaced == () and not outcome.stopped


def test_the_load_spreads_across_iros_without_continuity() -> None:
    diary = search([chair(1), chair(2), chair(3)], [room(r) for r in (1, 2, 3)])
    items = [PlanItem(f"r{n}", need(child_ids=frozenset({n}), window=window(D(2026, 12, 4)))) for n in range(9)]
    outcome = plan(diary, items)
    per_chair = Counter(p.slot.chair_id for p in outcome.placed)
    assert per_chair == Counter({1: 3, 2: 3, 3: 3})


def test_a_requirement_that_cannot_be_placed_says_why_and_a_late_one_is_marked() -> None:
    diary = search([chair(1, away=away(FRI, D(2027, 1, 29)))], [room(1)])
    outcome = plan(diary, [PlanItem("a", need(window=window(MON)))])
    assert outcome.placed == ()
    assert [u.reason for u in outcome.unplaced] == [
        "Nothing fits by Mon 30 Nov: 1 IRO on leave; nor in the 20 working days after it"
    ]
    late = plan(search([chair(1, away=away(FRI, MON))], [room(1)]), [PlanItem("b", need(window=window(MON)))])
    [placed] = late.placed
    assert (placed.slot.day, placed.slot.late, placed.shortfall) == (
        TUE,
        True,
        "Nothing fits by Mon 30 Nov: 1 IRO on leave",
    )


def test_planning_stops_when_cancelled_and_reports_progress() -> None:
    diary = search([chair(1), chair(2)], [room(1), room(2)])
    items = [PlanItem(f"r{n}", need(child_ids=frozenset({n}))) for n in range(60)]
    seen: list[tuple[int, int]] = []
    outcome = plan(
        diary, items, progress=lambda done, total: seen.append((done, total)), cancelled=lambda: len(seen) >= 1
    )
    assert outcome.stopped and outcome.looked_at == 25 and len(outcome.placed) + len(outcome.unplaced) == 25
    assert seen == [(25, 60)]


DAYS = [D(2026, 11, 27) + dt.timedelta(days=n) for n in range(15)]


@st.composite
def workloads(draw: st.DrawFn) -> tuple[object, ...]:
    chairs = [
        chair(
            i, working_days=frozenset(draw(st.sets(st.integers(0, 4), min_size=1))), daily_cap=draw(st.integers(0, 3))
        )
        for i in range(1, draw(st.integers(1, 3)) + 1)
    ]
    rooms = [room(r) for r in range(1, draw(st.integers(1, 2)) + 1)]
    bookings = [
        busy(draw(st.sampled_from(DAYS)), f"{h:02d}:00", f"{h + 2:02d}:00", chair_id=draw(st.integers(1, len(chairs))),
             room_id=draw(st.one_of(st.none(), st.integers(1, len(rooms)))))
        for h in draw(st.lists(st.integers(8, 15), max_size=15))
    ]  # fmt: skip
    items = [
        PlanItem(
            f"r{n}",
            need(
                child_ids=frozenset({draw(st.integers(1, 6))}),
                window=window(draw(st.sampled_from(DAYS[:10]))),
                allocated=frozenset(draw(st.sets(st.integers(1, 3), max_size=1))),
                venue=draw(st.sampled_from(["", "", "School"])),
            ),
        )
        for n in range(draw(st.integers(1, 25)))
    ]
    return chairs, rooms, bookings, items


@settings(max_examples=80, deadline=None)
@given(workloads())
def test_the_plan_never_double_books_a_chair_a_room_or_a_child(workload: tuple[object, ...]) -> None:
    chairs, rooms, bookings, items = workload
    outcome = plan(search(chairs, rooms, bookings), items)  # type: ignore[arg-type]
    needs = {i.key: i.need for i in items}  # type: ignore[attr-defined]
    planned = [
        (p.slot.start, p.slot.end, p.slot.chair_id, p.slot.room_id, needs[p.key].child_ids) for p in outcome.placed
    ]
    existing = [(b.start, b.end, b.chair_id, b.room_id, b.child_ids) for b in bookings]  # type: ignore[attr-defined]
    for a, b in combinations(planned + existing, 2):
        if a in existing and b in existing:
            continue
        if a[0] < b[1] and b[0] < a[1]:
            assert a[2] != b[2], f"chair {a[2]} double-booked: {a} {b}"
            assert a[3] is None or a[3] != b[3], f"room {a[3]} double-booked: {a} {b}"
            assert not (a[4] & b[4]), f"a child double-booked: {a} {b}"
    caps = {c.iro_id: c.daily_cap for c in chairs}  # type: ignore[attr-defined]
    per_day = Counter((p[2], p[0].date()) for p in planned + existing if p[2] is not None)
    for (chair_id, day), count in per_day.items():
        added = sum(1 for p in planned if (p[2], p[0].date()) == (chair_id, day))
        assert not added or not caps[chair_id] or count <= caps[chair_id], (chair_id, day, count)
    assert len(outcome.placed) + len(outcome.unplaced) == len(items)  # type: ignore[arg-type]
