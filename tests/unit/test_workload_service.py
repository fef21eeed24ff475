"""The workload service on a real database: figures per IRO and team, diaries, allocating and rebalancing."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from sqlalchemy import select

from iro_diary.domain.caseload import BandStatus, CaseKind
from iro_diary.domain.codes import MeetingKind, MeetingStatus, Team
from iro_diary.domain.errors import StaleEdit, ValidationError
from iro_diary.services.registry import Services
from iro_diary.store.models import AuditEntry, Child, IroAllocation, Meeting
from tests.factories import (
    local,
    make_absence,
    make_allocation,
    make_child,
    make_concern,
    make_episode,
    make_family,
    make_household,
    make_iro,
    make_meeting,
    make_plan,
)

TODAY = dt.date(2026, 11, 26)  # a Thursday (the conftest clock)


def in_care_child(services: Services, iro: int, **child: object) -> int:
    db = services.ctx.db
    child_id = make_child(db, **child)
    make_episode(db, child_id, start_date=dt.date(2025, 6, 2))
    make_allocation(db, child_id, iro, start_date=dt.date(2025, 6, 2))
    return child_id


def planned_child(services: Services, iro: int | None, family: int | None = None) -> int:
    db = services.ctx.db
    child_id = make_child(db, family_id=family)
    make_plan(db, child_id, start_date=dt.date(2026, 3, 2))
    if iro is not None:
        make_allocation(db, child_id, iro, start_date=dt.date(2026, 3, 2))
    return child_id


def row_of(services: Services, iro: int):  # type: ignore[no-untyped-def]
    return next(r for r in services.workload.workload().iros if r.iro_id == iro)


def test_each_iros_children_are_counted_by_kind_weighted_and_divided_by_fte(any_services: Services) -> None:
    services = any_services
    db = services.ctx.db
    services.settings.set("caseload.weight-child-protection", "0.5")
    services.settings.set("caseload.weight-foster-household", "0.25")
    cic = make_iro(db, fte=1.0, team=Team.CHILDREN_IN_CARE)
    cp = make_iro(db, fte=0.5, team=Team.CHILD_PROTECTION, working_days="Mon Tue Wed")
    fostering = make_iro(db, fte=0.3, team=Team.FOSTERING)
    in_care_child(services, cic)
    both = in_care_child(services, cic)
    make_plan(db, both)  # in care and on a plan: counts once, as in care
    family = make_family(db)
    for _ in range(3):
        planned_child(services, cp, family)
    awaiting = make_child(db)
    make_allocation(db, awaiting, cp, start_date=dt.date(2026, 11, 20))  # allocated, awaiting a conference
    cse = make_child(db)
    make_concern(db, cse)
    make_meeting(db, child_ids=(cse,), kind=MeetingKind.CSE_STRATEGY, chair_id=cp, status=MeetingStatus.HELD,
                 start_at=local(dt.date(2026, 10, 12), 10))  # fmt: skip
    for _ in range(4):
        make_household(db, allocated_iro_id=fostering)
    make_household(db, allocated_iro_id=fostering, deregistered_on=dt.date(2026, 11, 1))

    workload = services.workload.workload()
    rows = {r.iro_id: r for r in workload.iros}
    assert (rows[cic].in_care, rows[cic].on_plan, rows[cic].weighted, rows[cic].per_fte) == (2, 0, 2.0, 2.0)
    b = rows[cp]
    assert (b.on_plan, b.cse, b.other, b.children) == (3, 1, 1, 5)
    assert b.weighted == pytest.approx(3 * 0.5 + 1 + 0.5) and b.per_fte == pytest.approx(6.0)
    assert (rows[fostering].foster_households, rows[fostering].per_fte) == (4, pytest.approx(1 / 0.3))
    assert all(r.status is BandStatus.UNDER for r in workload.iros)
    service = workload.teams[0]
    assert service.name == "Whole service" and service.staffed_fte == pytest.approx(1.8)
    assert service.vacancies == pytest.approx(15.5 - 1.8) and service.children == 7
    assert [t.team for t in workload.teams[1:]] == [Team.CHILDREN_IN_CARE, Team.CHILD_PROTECTION, Team.FOSTERING]
    basis = {b.key: b for b in workload.basis}
    assert basis["caseload.weight-child-protection"].value == "0.5"
    assert basis["caseload.band-high"].source.startswith("IRO Handbook 2010")
    assert basis["caseload.weight-cse"].source == "local"


def test_the_band_status_follows_the_settings(services: Services) -> None:
    iro = make_iro(services.ctx.db, fte=0.5)
    for _ in range(3):
        in_care_child(services, iro)
    services.settings.set("caseload.band-low", "2")
    services.settings.set("caseload.band-high", "5")
    assert row_of(services, iro).status is BandStatus.OVER  # 3 children on half time: 6 per FTE
    services.settings.set("caseload.band-high", "6")
    assert row_of(services, iro).status is BandStatus.IN


def test_an_iro_who_left_still_shows_their_children_but_not_their_fte(services: Services) -> None:
    db = services.ctx.db
    stayed = make_iro(db)
    left = make_iro(db, left_on=dt.date(2026, 10, 1), active=False)
    in_care_child(services, stayed)
    in_care_child(services, left)
    workload = services.workload.workload()
    row = next(r for r in workload.iros if r.iro_id == left)
    assert row.status is BandStatus.LEFT and not row.staffed and row.in_care == 1
    service = workload.teams[0]
    assert (service.iros, service.staffed_fte, service.children, service.per_fte) == (1, 1.0, 2, 2.0)


def test_meetings_this_week_and_the_next_four_against_contracted_hours(services: Services) -> None:
    db = services.ctx.db
    iro = make_iro(db, working_days="Mon Tue Wed Thu Fri")  # 09:00-17:00
    for day, status in [
        (dt.date(2026, 11, 24), MeetingStatus.HELD),  # earlier this week: still this week's load
        (dt.date(2026, 11, 27), MeetingStatus.BOOKED),
        (dt.date(2026, 11, 27), MeetingStatus.CANCELLED),  # not counted
        (dt.date(2026, 12, 1), MeetingStatus.PROVISIONAL),
        (dt.date(2027, 1, 4), MeetingStatus.BOOKED),  # six weeks out: not shown
    ]:
        make_meeting(db, chair_id=iro, status=status, start_at=local(day, 10))
    make_absence(db, iro, start_date=dt.date(2026, 12, 1), end_date=dt.date(2026, 12, 2))
    make_absence(db, iro, start_date=dt.date(2026, 10, 5), end_date=dt.date(2026, 10, 9))  # past: not shown
    row = row_of(services, iro)
    assert [w.monday for w in row.weeks] == [dt.date(2026, 11, 23) + dt.timedelta(weeks=n) for n in range(5)]
    assert [w.meetings for w in row.weeks] == [2, 1, 0, 0, 0]
    assert row.meeting_hours == pytest.approx(4.5)
    # 8-hour days; Christmas Day (Fri 25 Dec) is a bank holiday
    assert [w.contracted_hours for w in row.weeks] == [40, 40, 40, 40, 32]
    assert [w.absent_days for w in row.weeks] == [0, 2, 0, 0, 0]
    assert [(a.start, a.end) for a in row.absences] == [(dt.date(2026, 12, 1), dt.date(2026, 12, 2))]
    assert row.diary_share == pytest.approx(4.5 / 192)


def test_part_time_iros_are_contracted_for_their_days_only(services: Services) -> None:
    iro = make_iro(services.ctx.db, fte=0.6, working_days="Mon Tue Wed", day_end=dt.time(15, 0))
    assert [w.contracted_hours for w in row_of(services, iro).weeks] == [18] * 5


# --- allocating ------------------------------------------------------------------------------------------------


def _allocations(services: Services, child: int) -> list[tuple[int, dt.date, dt.date | None]]:
    with services.ctx.db.read() as session:
        rows = session.scalars(select(IroAllocation).where(IroAllocation.child_id == child).order_by(IroAllocation.id))
        return [(r.iro_id, r.start_date, r.end_date) for r in rows]


def _chair(services: Services, meeting: int) -> int | None:
    with services.ctx.db.read() as session:
        found = session.get(Meeting, meeting)
        assert found is not None
        return found.chair_id


def _audit(services: Services, entity: str) -> list[AuditEntry]:
    with services.ctx.db.read() as session:
        return list(session.scalars(select(AuditEntry).where(AuditEntry.entity == entity)))


def test_allocating_closes_the_old_allocation_opens_one_today_and_moves_future_meetings(
    any_services: Services,
) -> None:
    services = any_services
    db = services.ctx.db
    old, new = make_iro(db), make_iro(db)
    child = in_care_child(services, old)
    future = make_meeting(db, child_ids=(child,), chair_id=old, start_at=local(dt.date(2026, 12, 2), 10))
    today_meeting = make_meeting(db, child_ids=(child,), chair_id=old, start_at=local(TODAY, 15))
    outcome = services.workload.allocate([child], new, {child: old})
    assert _allocations(services, child) == [
        (old, dt.date(2025, 6, 2), dt.date(2026, 11, 25)),
        (new, TODAY, None),
    ]
    assert outcome.children_moved == (child,)
    assert [m.meeting_id for m in outcome.meetings_to_reinvite] == [future]
    assert _chair(services, future) == new and _chair(services, today_meeting) == old, "today's stays as it is"
    assert outcome.changes.children == {child} and outcome.changes.meetings == {future}
    assert outcome.changes.iros == {old, new}
    (entry,) = _audit(services, "child")
    assert json.loads(entry.before or "") == {"allocated_iro_id": old}
    assert json.loads(entry.after or "") == {"allocated_iro_id": new} and entry.actor == "tester"
    assert len(_audit(services, "meeting")) == 1


def test_an_allocation_made_today_is_corrected_rather_than_closed(services: Services) -> None:
    db = services.ctx.db
    first, second = make_iro(db), make_iro(db)
    child = make_child(db)
    make_plan(db, child)
    services.workload.allocate([child], first, {child: None})
    services.workload.allocate([child], second, {child: first})
    assert _allocations(services, child) == [(second, TODAY, None)]
    assert len(_audit(services, "child")) == 2, "both changes are in the audit trail"


def test_a_child_whose_iro_changed_meanwhile_is_not_allocated(services: Services) -> None:
    db = services.ctx.db
    a, b, c = make_iro(db), make_iro(db), make_iro(db)
    child = in_care_child(services, a)
    services.workload.allocate([child], b, {child: a})
    with pytest.raises(StaleEdit, match="nothing was changed"):
        services.workload.allocate([child], c, {child: a})
    assert row_of(services, b).in_care == 1 and row_of(services, c).in_care == 0


def test_an_iro_who_left_cannot_take_children(services: Services) -> None:
    db = services.ctx.db
    gone = make_iro(db, name="Gone Away", left_on=dt.date(2026, 11, 1))
    child = make_child(db)
    with pytest.raises(ValidationError, match="Gone Away has left the service"):
        services.workload.allocate([child], gone, {child: None})


def test_the_iro_holding_brothers_and_sisters_is_ranked_first_with_the_reason(services: Services) -> None:
    db = services.ctx.db
    make_iro(db, name="Roomy", team=Team.CHILD_PROTECTION)
    holder = make_iro(db, name="Holder", team=Team.CHILD_PROTECTION)
    for _ in range(5):
        planned_child(services, holder)
    family = make_family(db)
    sister = planned_child(services, holder, family)
    new_baby = make_child(db, family_id=family, date_of_birth=dt.date(2026, 11, 1))
    make_plan(db, new_baby, start_date=dt.date(2026, 11, 20))
    closed_brother = make_child(db, family_id=family)  # no open case: never allocated with them
    choice = services.workload.allocation_choice(new_baby, whole_family=False)
    assert [c.id for c in choice.children] == [new_baby]
    assert [c.name for c in choice.candidates] == ["Holder", "Roomy"]
    assert choice.candidates[0].reasons[0] == "Holds 1 of their brothers and sisters"
    whole = services.workload.allocation_choice(new_baby, whole_family=True)
    assert {c.id for c in whole.children} == {new_baby, sister} and closed_brother not in {c.id for c in whole.children}
    assert next(c for c in whole.children if c.id == sister).iro_id == holder
    assert whole.candidates[0].name == "Holder" and whole.candidates[0].before_per_fte == 5.0


# --- rebalancing -----------------------------------------------------------------------------------------------


@pytest.fixture
def over_band(any_services: Services) -> dict[str, int]:
    """A (mixed team, Mon-Fri) holds a child in care, a family of two on plans and a single child on a plan; the
    band is 1-2, so A is two over. B (child protection, Mon-Wed) holds nobody. On SQLite and PostgreSQL."""
    services = any_services
    db = services.ctx.db
    services.settings.set("caseload.band-low", "1")
    services.settings.set("caseload.band-high", "2")
    a = make_iro(db, name="Alice", team=Team.MIXED)
    b = make_iro(db, name="Bryony", team=Team.CHILD_PROTECTION, working_days="Mon Tue Wed")
    care = in_care_child(services, a)
    family = make_family(db)
    first, second = planned_child(services, a, family), planned_child(services, a, family)
    single = planned_child(services, a)
    tuesday = make_meeting(db, child_ids=(first, second), chair_id=a, kind=MeetingKind.RCPC,
                           start_at=local(dt.date(2026, 12, 1), 10))  # fmt: skip
    thursday = make_meeting(db, child_ids=(first, second), chair_id=a, kind=MeetingKind.RCPC,
                            start_at=local(dt.date(2026, 12, 3), 10))  # fmt: skip
    care_review = make_meeting(db, child_ids=(care,), chair_id=a, start_at=local(dt.date(2026, 12, 1), 14))
    return dict(a=a, b=b, care=care, first=first, second=second, single=single, tuesday=tuesday,
                thursday=thursday, care_review=care_review)  # fmt: skip


def test_a_rebalance_proposal_moves_a_whole_family_and_previews_every_iro(
    any_services: Services, over_band: dict[str, int]
) -> None:
    services = any_services
    ids = over_band
    proposal = services.workload.propose_rebalance(ids["a"])
    assert proposal.target_per_fte == 2 and proposal.source_name == "Alice"
    (move,) = proposal.moves
    assert {c.id for c in move.children} == {ids["first"], ids["second"]} and move.to_name == "Bryony"
    assert all(c.kind is CaseKind.ON_PLAN and c.family_ref for c in move.children)
    assert proposal.children_in_care_moved == 0 and proposal.unplaced == ()
    before_after = {r.name: r for r in proposal.iros}
    assert (before_after["Alice"].before_per_fte, before_after["Alice"].after_per_fte) == (4, 2)
    assert (before_after["Bryony"].before_per_fte, before_after["Bryony"].after_per_fte) == (0, 2)
    assert before_after["Alice"].after_status is BandStatus.IN and before_after["Bryony"].children_in == 2
    meetings = {m.meeting_id: m for m in proposal.meetings}
    assert meetings[ids["tuesday"]].to_iro_id == ids["b"]
    assert meetings[ids["thursday"]].to_iro_id is None
    assert meetings[ids["thursday"]].note == "Bryony does not work on Thursdays"
    assert ids["care_review"] not in meetings


def test_applying_a_rebalance_moves_the_children_and_their_meetings(
    any_services: Services, over_band: dict[str, int]
) -> None:
    services = any_services
    ids = over_band
    outcome = services.workload.apply_rebalance(services.workload.propose_rebalance(ids["a"]))
    assert set(outcome.children_moved) == {ids["first"], ids["second"]}
    assert [m.ref for m in outcome.meetings_to_reinvite] == [_ref(services, ids["tuesday"])]
    assert [m.meeting_id for m in outcome.meetings_kept] == [ids["thursday"]]
    assert _chair(services, ids["tuesday"]) == ids["b"] and _chair(services, ids["thursday"]) == ids["a"]
    assert _allocations(services, ids["first"])[-1] == (ids["b"], TODAY, None)
    assert row_of(services, ids["a"]).per_fte == 2 and row_of(services, ids["b"]).on_plan == 2


def _ref(services: Services, meeting: int) -> str:
    with services.ctx.db.read() as session:
        found = session.get(Meeting, meeting)
        assert found is not None
        return found.ref


def test_a_stale_rebalance_proposal_changes_nothing(any_services: Services, over_band: dict[str, int]) -> None:
    services = any_services
    ids = over_band
    proposal = services.workload.propose_rebalance(ids["a"])
    services.workload.allocate([ids["first"]], ids["b"], {ids["first"]: ids["a"]})
    with pytest.raises(StaleEdit):
        services.workload.apply_rebalance(proposal)
    with services.ctx.db.read() as session:
        second = session.get(Child, ids["second"])
        assert second is not None and second.allocated_iro_id == ids["a"]


def test_an_iro_who_left_is_relieved_of_everyone(services: Services) -> None:
    db = services.ctx.db
    gone = make_iro(db, left_on=dt.date(2026, 11, 20))
    stays = make_iro(db, team=Team.MIXED)
    held = [in_care_child(services, gone) for _ in range(3)]
    proposal = services.workload.propose_rebalance(gone)
    assert proposal.target_per_fte == 0
    assert sorted(c.id for m in proposal.moves for c in m.children) == sorted(held)
    assert {m.to_iro_id for m in proposal.moves} == {stays}


# --- history and export ------------------------------------------------------------------------------------------


def test_history_comes_from_dated_allocations_with_a_transfer_and_a_leaver(any_services: Services) -> None:
    services = any_services
    db = services.ctx.db
    a, b = make_iro(db, name="A"), make_iro(db, name="B")
    leaver = make_iro(db, name="C", left_on=dt.date(2026, 9, 1))
    moved_on_leaving = make_child(db)
    make_episode(db, moved_on_leaving, start_date=dt.date(2025, 1, 6))
    make_allocation(db, moved_on_leaving, leaver, start_date=dt.date(2025, 1, 6), end_date=dt.date(2026, 8, 31))
    make_allocation(db, moved_on_leaving, b, start_date=dt.date(2026, 9, 1))
    steady = in_care_child(services, a)
    mid_month = in_care_child(services, a)
    with db.write() as session:
        row = session.scalars(select(IroAllocation).where(IroAllocation.child_id == mid_month)).one()
        row.end_date = dt.date(2026, 10, 14)
    make_allocation(db, mid_month, b, start_date=dt.date(2026, 10, 15))
    history = services.workload.history()
    assert history.dates[-3:] == (dt.date(2026, 8, 31), dt.date(2026, 9, 30), dt.date(2026, 10, 31))
    whole = history.series[0]
    assert whole.name == "Whole service"
    assert whole.per_fte[-3:] == (pytest.approx(3 / 3), pytest.approx(3 / 2), pytest.approx(3 / 2))
    assert history.by_iro[a][-3:] == (2, 2, 1)
    assert history.by_iro[b][-3:] == (0, 1, 2)
    assert history.by_iro[leaver][-3:] == (1, None, None)
    assert steady  # held by A throughout


def test_the_workload_table_exports_to_csv_and_excel(services: Services, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    db = services.ctx.db
    iro = make_iro(db, name="Pat Example", fte=0.5)
    in_care_child(services, iro)
    make_iro(db, name="Sam Example")
    text = services.workload.export(tmp_path / "workload.csv").read_text(encoding="utf-8-sig").splitlines()
    assert text[0].startswith("IRO,Email,Team,FTE") and len(text) == 3
    assert "Pat Example" in text[1] and ",1,1.0,2.0,Under band," in text[1]  # children, weighted, per FTE
    book = load_workbook(services.workload.export(tmp_path / "workload.xlsx"))
    assert book.sheetnames == ["Caseload by IRO", "Teams", "Basis"]
    sheet = book["Caseload by IRO"]
    assert sheet["A2"].value == "Pat Example" and sheet["M2"].value == 2.0, "per FTE is a number, not text"
    assert book["Teams"]["A2"].value == "Whole service"
    with pytest.raises(ValidationError, match=r"\.csv or \.xlsx"):
        services.workload.export(tmp_path / "workload.pdf")


def test_the_demo_service_workload_adds_up(demo_services: Services) -> None:
    workload = demo_services.workload.workload()
    service = workload.teams[0]
    assert service.children == sum(r.children for r in workload.iros) > 0
    assert service.staffed_fte == pytest.approx(sum(r.fte for r in workload.iros if r.staffed))
    assert {t.team for t in workload.teams[1:]} == {r.team for r in workload.iros}
    assert all(r.status is workload.band.status(r.per_fte) for r in workload.iros if r.staffed)
    history = demo_services.workload.history()
    assert len(history.dates) == 12 and all(v is not None for v in history.series[0].per_fte)


def test_the_weights_are_settings_with_their_source(services: Services) -> None:
    rows = {r.key: r for r in services.settings.list_settings()}
    for key in ("caseload.weight-child-protection", "caseload.weight-cse", "caseload.weight-foster-household"):
        assert rows[key].source.startswith("local")
    assert rows["caseload.child-protection-per-family"].value is False
    with pytest.raises(ValidationError, match="at least 0"):
        services.settings.set("caseload.weight-cse", "-1")
