"""Reading children and changing team settings through the services."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import select

from iro_diary.domain.errors import NotFound, ValidationError
from iro_diary.services.registry import Services
from iro_diary.store.models import AuditEntry
from tests.factories import make_child, make_episode, make_family, make_iro, make_plan


def test_the_children_list_says_what_the_service_is_doing_with_each_child(services: Services) -> None:
    db = services.ctx.db
    iro = make_iro(db, name="Jo Chair")
    in_care = make_child(db, given_name="Ava", family_name="Able", allocated_iro_id=iro)
    make_episode(db, in_care, legal_status="C1")
    on_plan = make_child(db, given_name="Ben", family_name="Baker")
    make_plan(db, on_plan)
    left = make_child(db, given_name="Cal", family_name="Cole")
    make_episode(db, left, start_date=dt.date(2024, 1, 1), end_date=dt.date(2025, 1, 1))
    rows = {r.given_name: r for r in services.children.list_children(include_closed=True)}
    assert rows["Ava"].status == "In care (C1)" and rows["Ava"].allocated_iro == "Jo Chair"
    assert rows["Ben"].status == "On plan (NEG)"
    assert rows["Cal"].status == "Closed"
    open_cases = {r.given_name for r in services.children.list_children()}
    assert open_cases == {"Ava", "Ben"}, "closed cases are listed only when asked for"


def test_a_childs_record_has_family_episodes_and_plans(services: Services) -> None:
    db = services.ctx.db
    family = make_family(db, name="Able family", family_ref="F9")
    ava = make_child(db, given_name="Ava", family_id=family)
    bo = make_child(db, given_name="Bo", family_id=family)
    make_episode(db, ava)
    detail = services.children.child(ava)
    assert [s.id for s in detail.siblings] == [bo]
    assert detail.family_name == "Able family" and len(detail.episodes) == 1
    assert detail.episodes[0].legal_status_label == "Full care order"


def test_a_missing_child_is_not_found(services: Services) -> None:
    with pytest.raises(NotFound):
        services.children.child(12345)


def test_changing_a_setting_is_checked_and_audited(services: Services) -> None:
    services.settings.set("child-population", "70000")
    assert services.settings.get("child-population") == 70000
    with pytest.raises(ValidationError, match="whole number"):
        services.settings.set("child-population", "lots")
    with pytest.raises(ValidationError, match="unknown setting"):
        services.settings.set("no-such-thing", "1")
    with services.ctx.db.read() as session:
        entries = session.scalars(select(AuditEntry).where(AuditEntry.entity == "setting")).all()
    assert len(entries) == 1
    assert entries[0].actor == "tester" and json.loads(entries[0].after or "{}") == {"value": 70000}


def test_a_rule_parameter_changes_every_due_date(services: Services) -> None:
    with services.ctx.db.read() as session:
        before = services.ctx.rule_book(session).due("cse-initial", dt.date(2026, 1, 5))
    services.settings.set("rules.cse_initial_working_days", "5")
    with services.ctx.db.read() as session:
        after = services.ctx.rule_book(session).due("cse-initial", dt.date(2026, 1, 5))
    assert before == dt.date(2026, 1, 19) and after == dt.date(2026, 1, 12)
    with pytest.raises(ValidationError, match="icpc_anchor must be one of"):
        services.settings.set("rules.icpc_anchor", "whenever")
