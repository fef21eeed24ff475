"""The demo service: shaped like the report, following the statutory chains, never double-booking anyone."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import text

from iro_diary.domain.errors import ValidationError
from iro_diary.infra.clock import FixedClock
from iro_diary.services.demo.service import build_demo, history_start
from iro_diary.services.registry import Services
from tests.conftest import TODAY, make_services


def _rule_book(services: Services):  # type: ignore[no-untyped-def]
    with services.ctx.db.read() as session:
        return services.ctx.rule_book(session)


@pytest.fixture(scope="module")
def full_scale(tmp_path_factory: pytest.TempPathFactory, template_db: Path):  # type: ignore[no-untyped-def]
    """The demo at the report's own size, in memory (no database), seed 1."""
    path = tmp_path_factory.mktemp("scale1") / "d.sqlite3"
    path.write_bytes(template_db.read_bytes())
    services = make_services(str(path), FixedClock.on(TODAY))
    try:
        return build_demo(1.0, 1, _rule_book(services), TODAY, lambda *_: None), _rule_book(services)
    finally:
        services.close()


def _open_on(rows: list[dict], today: dt.date) -> list[dict]:  # type: ignore[type-arg]
    return [r for r in rows if r["start_date"] <= today and (r["end_date"] is None or r["end_date"] >= today)]


def test_the_demo_is_the_size_of_the_reports_service(full_scale) -> None:  # type: ignore[no-untyped-def]
    data, _rules = full_scale
    in_care = {e["child_id"] for e in _open_on(data.tables["care_episode"], TODAY)}
    on_plan = {p["child_id"] for p in _open_on(data.tables["protection_plan"], TODAY)}
    iros = data.tables["iro"]
    assert 540 <= len(in_care) <= 670, "the report: 605 children in care"
    assert 430 <= len(on_plan) <= 540, "the report: 480 children on protection plans"
    assert len(iros) == 18 and sum(i["fte"] for i in iros) == pytest.approx(15.5)
    assert any(i["working_days"] != "Mon Tue Wed Thu Fri" for i in iros), "some IROs work part-time"


def test_a_year_of_meetings_like_the_reports(full_scale) -> None:  # type: ignore[no-untyped-def]
    data, _rules = full_scale
    start = dt.datetime(2025, 4, 1, tzinfo=dt.UTC)
    end = dt.datetime(2026, 4, 1, tzinfo=dt.UTC)
    held = Counter(m["kind"] for m in data.tables["meeting"] if m["status"] == "held" and start <= m["start_at"] < end)
    assert 1350 <= held["cla-review"] <= 1900, "the report: 1,619 looked-after reviews"
    conferences = held["icpc"] + held["rcpc"] + held["pre-birth"] + held["transfer-in"]
    assert 1150 <= conferences <= 1800, "the report: 1,582 conferences"
    assert held["cse-strategy"] > 50 and held["foster-review"] > 100


def test_about_98_percent_of_reviews_are_on_time(full_scale) -> None:  # type: ignore[no-untyped-def]
    data, _rules = full_scale
    held = [m for m in data.tables["meeting"] if m["status"] == "held" and m["kind"] == "cla-review"]
    late = [m for m in held if m["late_reason"]]
    assert 0.005 <= len(late) / len(held) <= 0.04


def test_first_reviews_follow_regulation_33(full_scale) -> None:  # type: ignore[no-untyped-def]
    """Every first looked-after review recorded on time is within 20 working days of entering care."""
    data, rules = full_scale
    starts = {e["child_id"]: e["start_date"] for e in data.tables["care_episode"]}
    meetings = {m["id"]: m for m in data.tables["meeting"]}
    checked = 0
    for link in data.tables["meeting_child"]:
        meeting = meetings[link["meeting_id"]]
        if link["rule"] != "cla-first" or meeting["status"] != "held" or meeting["late_reason"]:
            continue
        day = meeting["start_at"].date()
        anchor = max(d for c, d in starts.items() if c == link["child_id"])
        if day > anchor:
            assert day <= rules.due("cla-first", anchor), (link, anchor)
            checked += 1
    assert checked > 100


def test_participation_code_pn0_only_for_children_under_4(full_scale) -> None:  # type: ignore[no-untyped-def]
    data, _rules = full_scale
    born = {c["id"]: c["date_of_birth"] for c in data.tables["child"]}
    meetings = {m["id"]: m for m in data.tables["meeting"]}
    for link in data.tables["meeting_child"]:
        if link["participation"] is None:
            continue
        day = meetings[link["meeting_id"]]["start_at"].date()
        dob = born[link["child_id"]]
        under_4 = (day.year - dob.year) - ((day.month, day.day) < (dob.month, dob.day)) < 4
        assert (link["participation"] == "PN0") == under_4


def test_the_demo_is_deterministic(services: Services) -> None:
    rules = _rule_book(services)
    first = build_demo(0.2, 5, rules, TODAY, lambda *_: None)
    second = build_demo(0.2, 5, rules, TODAY, lambda *_: None)
    other = build_demo(0.2, 6, rules, TODAY, lambda *_: None)
    assert first.tables["meeting"] == second.tables["meeting"]
    assert first.tables["child"] == second.tables["child"]
    assert first.tables["child"] != other.tables["child"]


def test_nobody_is_double_booked(demo_services: Services) -> None:
    overlap = """
        SELECT COUNT(*) FROM meeting a JOIN meeting b
          ON a.{column} = b.{column} AND a.id < b.id AND a.start_at < b.end_at AND b.start_at < a.end_at
         WHERE a.status != 'cancelled' AND b.status != 'cancelled'"""
    with demo_services.ctx.db.read() as session:
        for column in ("chair_id", "room_id"):
            assert session.execute(text(overlap.format(column=column))).scalar() == 0


def test_meetings_before_today_are_held_and_after_are_booked(demo_services: Services) -> None:
    with demo_services.ctx.db.read() as session:
        rows = session.execute(text("SELECT status, start_at FROM meeting")).all()
    for status, start in rows:
        starts = dt.datetime.fromisoformat(str(start)).date()
        if status in ("booked", "provisional"):
            assert starts > TODAY
        elif status == "held":
            assert starts < TODAY


def test_loading_twice_is_refused_without_replace(demo_services: Services) -> None:
    before = demo_services.status.counts()
    with pytest.raises(ValidationError, match="already holds a diary"):
        demo_services.demo.generate(0.1, 1)
    assert demo_services.status.counts() == before


def test_replace_swaps_the_whole_diary(demo_services: Services) -> None:
    before = demo_services.status.counts()
    summary, changes = demo_services.demo.generate(0.1, 9, replace=True)
    after = demo_services.status.counts()
    assert changes.everything and after.children == summary.counts["child"] != before.children


@pytest.mark.parametrize("scale", [0, -1, 21])
def test_an_impossible_scale_is_refused(services: Services, scale: float) -> None:
    with pytest.raises(ValidationError, match="scale"):
        services.demo.generate(scale, 1)


def test_the_demo_loads_into_postgresql_and_ids_continue(postgres_url: str) -> None:
    services = make_services(postgres_url, FixedClock.on(TODAY))
    try:
        summary, _ = services.demo.generate(0.1, 2)
        assert services.status.counts().meetings == summary.counts["meeting"]
        from tests.factories import make_child

        new_id = make_child(services.ctx.db)
        assert new_id == summary.counts["child"] + 1, "the id sequence continues after the bulk load"
    finally:
        services.close()


def test_history_starts_with_the_last_complete_financial_year() -> None:
    assert history_start(dt.date(2026, 11, 26)) == dt.date(2025, 4, 1)
    assert history_start(dt.date(2027, 2, 1)) == dt.date(2025, 4, 1)
    assert history_start(dt.date(2027, 4, 1)) == dt.date(2026, 4, 1)


def test_only_open_cases_are_allocated_to_an_iro(full_scale) -> None:  # type: ignore[no-untyped-def]
    """A child who has left care (at 18 at the latest), whose plan has ended or whose CSE concern has closed is off
    the IRO's caseload."""
    data, _rules = full_scale
    open_episode = {e["child_id"] for e in _open_on(data.tables["care_episode"], TODAY)}
    open_plan = {p["child_id"] for p in _open_on(data.tables["protection_plan"], TODAY)}
    awaiting = {link["child_id"] for link in data.tables["strategy_discussion_child"]}
    awaiting |= {link["child_id"] for link in data.tables["transfer_notification_child"]}
    exploited = {c["child_id"] for c in data.tables["exploitation_concern"] if c["closed_on"] is None}
    for child in data.tables["child"]:
        if child["allocated_iro_id"] is None:
            continue
        assert child["id"] in open_episode | open_plan | awaiting | exploited, child
        if child["id"] in open_episode and child["date_of_birth"]:
            assert (TODAY - child["date_of_birth"]).days < 18 * 366
