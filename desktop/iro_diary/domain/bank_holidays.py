"""England & Wales bank holidays: from the `holidays` package, plus days an administrator imports.

GOV.UK publishes only a year or two ahead, and one-off days (a coronation, a state funeral) are announced with
a few months' notice, so the package's list can be extended from a gov.uk `bank-holidays.json` file (same schema
as https://www.gov.uk/bank-holidays.json: division -> {division, events: [{title, date, notes, bunting}]}).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

import holidays

from iro_diary.domain.errors import ValidationError
from iro_diary.domain.working_days import EARLIEST_DATE, LATEST_DATE

GOVUK_DIVISION = "england-and-wales"


def package_bank_holidays(years: Iterable[int]) -> dict[dt.date, str]:
    """Bank holidays in England & Wales for `years`, weekdays only, from the `holidays` package."""
    table = holidays.country_holidays("GB", subdiv="ENG", years=list(years))
    return {day: str(name) for day, name in sorted(table.items()) if day.weekday() < 5}


def parse_govuk_bank_holidays(data: Any) -> dict[dt.date, str]:
    """The England & Wales days in a parsed gov.uk bank-holidays.json; ValidationError if it is not one."""
    if not isinstance(data, Mapping) or GOVUK_DIVISION not in data:
        raise ValidationError(f"not a gov.uk bank holidays file: there is no '{GOVUK_DIVISION}' division in it")
    division = data[GOVUK_DIVISION]
    events = division.get("events") if isinstance(division, Mapping) else None
    if not isinstance(events, list):
        raise ValidationError("not a gov.uk bank holidays file: the England & Wales division has no events list")
    days: dict[dt.date, str] = {}
    for number, event in enumerate(events, start=1):
        day, title = _parse_event(event, number)
        days[day] = title
    return days


def _parse_event(event: Any, number: int) -> tuple[dt.date, str]:
    if not isinstance(event, Mapping) or not isinstance(event.get("date"), str):
        raise ValidationError(f"bank holidays file: event {number} has no date")
    try:
        day = dt.date.fromisoformat(event["date"])
    except ValueError:
        raise ValidationError(
            f"bank holidays file: event {number} has the date '{event['date']}', which is not YYYY-MM-DD"
        ) from None
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        raise ValidationError(f"bank holidays file: event {number} ({day}) is outside 1990–2100")
    title = event.get("title")
    return day, str(title).strip() if title else "Bank holiday"
