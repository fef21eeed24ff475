"""Administering the calendar: closure days and gov.uk bank holiday files."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from iro_diary.domain.errors import NotFound, ValidationError
from iro_diary.services.registry import Services

D = dt.date


def test_closures_are_added_listed_and_removed(services: Services) -> None:
    services.calendar.add_closure(D(2026, 12, 29), "  Christmas shutdown ")
    assert [(c.day, c.name) for c in services.calendar.closures()] == [(D(2026, 12, 29), "Christmas shutdown")]
    services.calendar.remove_closure(D(2026, 12, 29))
    assert services.calendar.closures() == []
    with pytest.raises(NotFound):
        services.calendar.remove_closure(D(2026, 12, 29))


@pytest.mark.parametrize(
    ("day", "name", "message"),
    [
        (D(2026, 12, 26), "Shutdown", "is a weekend"),
        (D(2026, 12, 25), "Shutdown", "already a bank holiday"),
        (D(2026, 12, 29), "   ", "give the closure a name"),
        (D(1980, 1, 2), "Old", "outside the years"),
    ],
)
def test_pointless_closures_are_refused(services: Services, day: dt.date, name: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        services.calendar.add_closure(day, name)


def test_a_bank_holiday_file_adds_only_new_days_and_says_so(services: Services) -> None:
    text = json.dumps(
        {
            "england-and-wales": {
                "events": [
                    {"title": "Christmas Day", "date": "2026-12-25"},
                    {"title": "A new one-off", "date": "2031-06-02"},
                ]
            }
        }
    )
    result, _ = services.calendar.import_bank_holidays(text)
    assert (result.added, result.renamed, result.already_known) == (1, 0, 1)
    again, _ = services.calendar.import_bank_holidays(text)
    assert (again.added, again.already_known) == (0, 2)
    assert [h.source for h in services.calendar.bank_holidays(2031) if h.day == D(2031, 6, 2)] == ["imported (gov.uk)"]


@pytest.mark.parametrize("text", ["not json at all", "{}", '{"england-and-wales": {"events": [{"date": "x"}]}}'])
def test_a_malformed_file_changes_nothing(services: Services, text: str) -> None:
    with pytest.raises(ValidationError):
        services.calendar.import_bank_holidays(text)
    assert all(h.source == "holidays package" for h in services.calendar.bank_holidays(2026))


def test_bank_holidays_are_listed_by_year(services: Services) -> None:
    names = [h.name for h in services.calendar.bank_holidays(2022)]
    assert "Platinum Jubilee of Elizabeth II" in names and len(names) == 10
    with pytest.raises(ValidationError):
        services.calendar.bank_holidays(1800)
