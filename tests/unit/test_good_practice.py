"""Good practice: recorded from a held meeting (or a child), and the thank-you note for the worker's manager that
names the child only when the IRO chooses to."""

from __future__ import annotations

import datetime as dt

import pytest

from iro_diary.domain.errors import NotFound, ValidationError
from iro_diary.domain.quality.codes import ThemeKind
from iro_diary.services.quality.rows import NewGoodPractice
from iro_diary.services.registry import Services
from tests.factories import make_child, make_iro
from tests.quality_support import held_review, theme

D = dt.date


def request(services: Services, child: int, chair: int, **overrides: object) -> NewGoodPractice:
    values: dict[str, object] = dict(
        child_id=child,
        theme_id=theme(services, ThemeKind.GOOD_PRACTICE, "Persistence in achieving permanence"),
        recognised="Jo Keeper",
        recognised_role="Social worker",
        recognised_team="Permanence Team",
        manager="Mo Manager",
        description="Kept looking for adopters for two years and found a family who could take both brothers.",
        recorded_by_iro_id=chair,
    )
    values.update(overrides)
    return NewGoodPractice(**values)  # type: ignore[arg-type]


def test_good_practice_from_a_meeting_and_its_thank_you_note(services: Services) -> None:
    db = services.ctx.db
    chair = make_iro(db, name="Pat Chair")
    child = make_child(db, given_name="Rowan", family_name="Example", allocated_iro_id=chair)
    _chair, _child, meeting = held_review(services, D(2026, 11, 24), chair=chair)
    with pytest.raises(ValidationError, match="not about that child"):
        services.good_practice.record(request(services, child, chair, meeting_id=meeting))
    [at_meeting] = services.good_practice.choices(meeting_id=meeting).children
    row, changes = services.good_practice.record(request(services, at_meeting.id, chair, meeting_id=meeting))
    assert changes.good_practice == {row.id} and (row.ref, row.meeting_id) == ("GP-000001", meeting)
    record, _ = services.good_practice.record(request(services, child, chair, recorded_on=D(2026, 11, 20)))
    assert [r.ref for r in services.good_practice.list_good_practice()] == ["GP-000001", "GP-000002"]
    assert [r.ref for r in services.good_practice.list_good_practice(child_id=child)] == ["GP-000002"]
    note = services.good_practice.thank_you_note(record.id)
    assert note.title == "Thank you: Jo Keeper (GP-000002)" and note.suggested_name == "thank-you-GP-000002"
    body = note.body
    assert body.startswith("OFFICIAL-SENSITIVE") and "Dear Mo Manager," in body
    assert "Jo Keeper, Social worker, Permanence Team" in body and "persistence in achieving permanence" in body
    assert "found a family who could take both brothers" in body and "From: Pat Chair" in body
    assert "R.E." in body and "Rowan" not in body and "Example" not in body
    named = services.good_practice.thank_you_note(record.id, with_child_name=True).body
    assert "Rowan Example" in named
    at_meeting_note = services.good_practice.thank_you_note(row.id).body
    assert "looked-after review on 24 November 2026" in at_meeting_note


def test_good_practice_needs_a_good_practice_theme_and_who_it_recognises(services: Services) -> None:
    chair, child, _meeting = held_review(services, D(2026, 11, 24))
    concern_theme = theme(services, ThemeKind.CONCERN, "Work not completed in a timely way")
    with pytest.raises(ValidationError, match="themes for good practice"):
        services.good_practice.record(request(services, child, chair, theme_id=concern_theme))
    with pytest.raises(ValidationError, match="who it recognises"):
        services.good_practice.record(request(services, child, chair, recognised=" "))
    with pytest.raises(ValidationError, match="in the future"):
        services.good_practice.record(request(services, child, chair, recorded_on=D(2026, 12, 1)))
    with pytest.raises(NotFound, match="IRO 9999 no longer exists"):
        services.good_practice.record(request(services, child, 9999))
