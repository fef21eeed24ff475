"""Who should take a child, and rebalancing an over-band IRO: scenarios with known answers."""

from __future__ import annotations

import datetime as dt
import itertools

from iro_diary.domain.allocation import IroLoad, Unit, propose_rebalance, rank_iros, units_of
from iro_diary.domain.caseload import Band, BandStatus, Case, CaseKind, Tally, Weights
from iro_diary.domain.codes import Team
from iro_diary.domain.diary_load import AbsencePeriod
from iro_diary.domain.rechair import Availability, MeetingFacts, plan_rechair

BAND = Band(50, 70)
WEIGHTS = Weights()
CIC, CP, FOSTERING, MIXED = Team.CHILDREN_IN_CARE, Team.CHILD_PROTECTION, Team.FOSTERING, Team.MIXED
_ids = itertools.count(1000)


def children(kind: CaseKind, count: int, family: int | None = None) -> list[Case]:
    return [Case(next(_ids), kind, family) for _ in range(count)]


def load(iro_id: int, team: Team, cases: list[Case], fte: float = 1.0, **extra: object) -> IroLoad:
    tally = Tally()
    for case in cases:
        tally.add(case)
    return IroLoad(iro_id, f"IRO {iro_id}", team, fte, tally, **extra)  # type: ignore[arg-type]


def in_care(count: int) -> list[Case]:
    return children(CaseKind.IN_CARE, count)


def test_the_iro_with_most_headroom_in_the_right_team_comes_first() -> None:
    loads = [
        load(1, CIC, in_care(65)),
        load(2, CIC, in_care(55)),
        load(3, CP, in_care(40)),  # more headroom, but the wrong team for a child in care
        load(4, MIXED, in_care(58)),
    ]
    ranked = rank_iros(children(CaseKind.IN_CARE, 1), loads, WEIGHTS, BAND)
    assert [r.iro_id for r in ranked] == [2, 4, 1, 3]
    assert ranked[0].before_per_fte == 55 and ranked[0].after_per_fte == 56
    assert "56.0 per FTE: 14.0 below the band's top (50–70)" in ranked[0].reasons[0]
    assert "not the usual one" in ranked[-1].reasons[1]


def test_brothers_and_sisters_iro_comes_first_even_when_fuller() -> None:
    loads = [load(1, CIC, in_care(50)), load(2, CIC, in_care(69))]
    ranked = rank_iros(children(CaseKind.IN_CARE, 1, family=7), loads, WEIGHTS, BAND, sibling_holders={2: 2})
    assert ranked[0].iro_id == 2 and ranked[0].reasons[0] == "Holds 2 of their brothers and sisters"


def test_the_previous_iro_comes_before_headroom_but_after_siblings() -> None:
    loads = [load(1, CIC, in_care(50)), load(2, CIC, in_care(60)), load(3, CIC, in_care(65))]
    child = children(CaseKind.IN_CARE, 1, family=3)
    assert [r.iro_id for r in rank_iros(child, loads, WEIGHTS, BAND, previous_iro=3)] == [3, 1, 2]
    assert [r.iro_id for r in rank_iros(child, loads, WEIGHTS, BAND, previous_iro=3, sibling_holders={2: 1})] == [
        2,
        3,
        1,
    ]


def test_staying_in_band_beats_the_team_and_fostering_comes_last() -> None:
    loads = [
        load(1, CP, children(CaseKind.ON_PLAN, 80)),  # the right team, but over the band
        load(2, CIC, in_care(60)),
        load(3, FOSTERING, in_care(20)),  # lots of room, but the fostering team
    ]
    ranked = rank_iros(children(CaseKind.ON_PLAN, 2, family=4), loads, WEIGHTS, BAND)
    assert [r.iro_id for r in ranked] == [2, 3, 1]
    assert ranked[-1].status_after is BandStatus.OVER


def test_long_leave_ranks_an_iro_lower_and_says_so() -> None:
    loads = [
        load(1, CIC, in_care(50), leave_days=6, leave_text="Away 6 working days in the next weeks (Leave 1–8 Dec)"),
        load(2, CIC, in_care(60), leave_days=2, leave_text="Away 2 working days"),
    ]
    ranked = rank_iros(in_care(1), loads, WEIGHTS, BAND)
    assert [r.iro_id for r in ranked] == [2, 1]
    assert any("Leave 1–8 Dec" in reason for reason in ranked[1].reasons)


def test_iros_who_cannot_take_children_are_not_ranked() -> None:
    loads = [load(1, CIC, in_care(50), available=False), load(2, CIC, in_care(60))]
    assert [r.iro_id for r in rank_iros(in_care(1), loads, WEIGHTS, BAND)] == [2]


# --- rebalancing -----------------------------------------------------------------------------------------------


def _moved(plan: object) -> list[tuple[tuple[int, ...], int]]:
    return [(tuple(c.child_id for c in m.unit.cases), m.to_iro) for m in plan.moves]  # type: ignore[attr-defined]


def test_rebalance_moves_protection_work_before_children_in_care_and_keeps_families_together() -> None:
    family = children(CaseKind.ON_PLAN, 3, family=11)
    single = children(CaseKind.ON_PLAN, 1)
    care = in_care(70)
    source = load(1, MIXED, care + family + single)  # 74 per FTE: 4 over the band
    others = [load(2, CP, children(CaseKind.ON_PLAN, 60)), load(3, CIC, in_care(65))]
    plan = propose_rebalance(
        source, units_of(source_cases := care + family + single), [source, *others], WEIGHTS, BAND, 70
    )
    assert len(source_cases) == 74
    # the family of three (the biggest group not in care), then the single child; both to the CP IRO
    assert _moved(plan) == [(tuple(c.child_id for c in family), 2), ((single[0].child_id,), 2)]
    assert plan.children_in_care_moved == 0 and plan.unplaced == ()
    assert plan.weighted_after[1] == 70 and plan.weighted_after[2] == 64 and plan.weighted_after[3] == 65


def test_siblings_are_never_split_even_when_fewer_children_would_do() -> None:
    family = children(CaseKind.ON_PLAN, 5, family=21)
    pair = children(CaseKind.ON_PLAN, 2, family=22)
    singles = children(CaseKind.ON_PLAN, 65)
    cases = family + pair + singles  # 72: two over the band
    source = load(1, CP, cases)
    others = [load(2, CP, children(CaseKind.ON_PLAN, 66)), load(3, CP, children(CaseKind.ON_PLAN, 67))]
    plan = propose_rebalance(source, units_of(cases), [source, *others], WEIGHTS, BAND, 70)
    # the pair is the smallest group covering two; it goes whole to the IRO with the most room
    assert _moved(plan) == [(tuple(c.child_id for c in pair), 2)]
    # needing six (no group covers it): the biggest group, the family of five, goes whole to one IRO (66 -> 71),
    # then one more child to the other
    plan = propose_rebalance(source, units_of(cases), [source, *others], WEIGHTS, Band(50, 71), 66)
    assert _moved(plan) == [(tuple(c.child_id for c in family), 2), ((singles[0].child_id,), 3)]


def test_children_in_care_move_only_when_needed_most_recently_allocated_first() -> None:
    long_standing, recent = in_care(71), in_care(1)
    plan_child = children(CaseKind.ON_PLAN, 1)
    cases = long_standing + recent + plan_child  # 73: three over
    since = {c.child_id: dt.date(2024, 1, 1) for c in long_standing} | {recent[0].child_id: dt.date(2026, 11, 2)}
    source = load(1, MIXED, cases)
    others = [load(2, MIXED, in_care(50))]
    plan = propose_rebalance(source, units_of(cases, since), [source, *others], WEIGHTS, BAND, 70)
    moved = [c.child_id for m in plan.moves for c in m.unit.cases]
    assert moved[0] == plan_child[0].child_id, "the child on a plan goes first"
    assert moved[1] == recent[0].child_id, "then the child in care allocated most recently"
    assert plan.children_in_care_moved == 2 and plan.weighted_after[1] == 70


def test_nobody_is_taken_over_the_band_to_relieve_someone_else() -> None:
    cases = children(CaseKind.ON_PLAN, 80)
    source = load(1, CP, cases)
    others = [load(2, CP, children(CaseKind.ON_PLAN, 68))]
    plan = propose_rebalance(source, units_of(cases), [source, *others], WEIGHTS, BAND, 70)
    assert plan.children_moved == 2 and plan.weighted_after[2] == 70
    assert len(plan.unplaced) == 8, "the other eight have nowhere to go inside the band"


def test_an_iro_who_left_hands_over_everyone() -> None:
    cases = in_care(6) + children(CaseKind.ON_PLAN, 2, family=3)
    source = load(1, MIXED, cases, available=False)
    others = [load(2, CIC, in_care(60)), load(3, CP, children(CaseKind.ON_PLAN, 60))]
    plan = propose_rebalance(source, units_of(cases), [source, *others], WEIGHTS, BAND, 0)
    assert plan.children_moved == 8 and plan.weighted_after[1] == 0
    assert {m.to_iro for m in plan.moves if m.unit.has_child_in_care} == {2}
    assert {m.to_iro for m in plan.moves if not m.unit.has_child_in_care} == {3}


def test_units_group_sibling_groups_and_date_them_by_the_latest_allocation() -> None:
    a, b = Case(1, CaseKind.ON_PLAN, 9), Case(2, CaseKind.IN_CARE, 9)
    c = Case(3, CaseKind.IN_CARE, None)
    units = units_of([c, b, a], {1: dt.date(2026, 1, 1), 2: dt.date(2026, 5, 1)})
    assert units == [Unit((a, b), dt.date(2026, 5, 1)), Unit((c,), None)]
    assert units[0].has_child_in_care and not Unit((a,)).has_child_in_care


# --- meetings follow the children --------------------------------------------------------------------------------


def at(day: int, hour: int) -> dt.datetime:
    return dt.datetime(2026, 12, day, hour, tzinfo=dt.UTC)


def meeting(meeting_id: int, day: int, hour: int, chair: int, *kids: int) -> MeetingFacts:
    return MeetingFacts(meeting_id, f"M-{meeting_id}", at(day, hour), at(day, hour + 1), chair, frozenset(kids))


def _plan(meetings: list[MeetingFacts], moves: dict[int, int], availability: Availability) -> dict[int, str]:
    previous = dict.fromkeys(moves, 1)
    decisions = plan_rechair(meetings, moves, previous, availability, lambda t: t.date(), {2: "Ann", 3: "Bob"})
    return {d.meeting.meeting_id: (f"to {d.to_iro}" if d.to_iro else d.note) for d in decisions}


WEEKDAYS = frozenset(range(5))


def test_a_meeting_moves_when_all_its_children_move_to_a_free_iro() -> None:
    availability = Availability({2: WEEKDAYS}, {}, {})
    meetings = [meeting(1, 1, 10, 1, 100, 101), meeting(2, 2, 10, 1, 100, 999), meeting(3, 3, 10, 4, 100)]
    # meeting 2 has a child who stays; meeting 3 is chaired by someone else: neither is mentioned
    assert _plan(meetings, {100: 2, 101: 2}, availability) == {1: "to 2"}


def test_a_meeting_stays_when_the_new_iro_is_not_free() -> None:
    availability = Availability(
        {2: frozenset({0, 1, 2}), 3: WEEKDAYS},
        {3: [AbsencePeriod(dt.date(2026, 12, 8), dt.date(2026, 12, 8), "leave")]},
        {2: [(77, at(1, 10), at(1, 12))]},
    )
    meetings = [
        meeting(1, 1, 11, 1, 100),  # Tue 1 Dec: Ann already chairs 10-12
        meeting(2, 3, 10, 1, 100),  # Thu 3 Dec: Ann works Mon-Wed
        meeting(3, 8, 10, 1, 101),  # Tue 8 Dec: Bob is on leave
        meeting(4, 9, 10, 1, 101),  # Wed 9 Dec: Bob is free
        meeting(5, 9, 10, 1, 102),  # the same hour, also to Bob: he cannot chair both
    ]
    result = _plan(meetings, {100: 2, 101: 3, 102: 3}, availability)
    assert result == {
        1: "Ann already chairs a meeting then",
        2: "Ann does not work on Thursdays",
        3: "Bob is away that day",
        4: "to 3",
        5: "Bob already chairs a meeting then",
    }


def test_a_family_meeting_split_between_iros_stays_and_says_why() -> None:
    availability = Availability({2: WEEKDAYS, 3: WEEKDAYS}, {}, {})
    assert _plan([meeting(1, 1, 10, 1, 100, 101)], {100: 2, 101: 3}, availability) == {
        1: "its children move to different IROs"
    }
