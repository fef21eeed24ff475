"""The working-day calendar as administrators keep it: bank holidays, gov.uk imports and local closure days.

Bank holidays change statutory counting; a local closure (a council's Christmas shutdown) only blocks booking.
Both are kept in the `calendar_day` table beside the `holidays` package's list, and every change makes the rule
book rebuild, so due dates move at once.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from iro_diary.domain.access import Permission
from iro_diary.domain.bank_holidays import parse_govuk_bank_holidays
from iro_diary.domain.errors import NotFound, ValidationError
from iro_diary.domain.timescales import check_anchor
from iro_diary.services import audit
from iro_diary.services.access import requires
from iro_diary.services.changes import Changes
from iro_diary.services.context import ServiceContext, package_holidays
from iro_diary.store.repositories.calendar_days import CalendarDayRepository

BANK_HOLIDAY = "bank-holiday"
CLOSURE = "closure"


@dataclass(frozen=True, slots=True)
class CalendarDayRow:
    day: dt.date
    name: str
    kind: str  # "bank-holiday" or "closure"
    source: str  # where it comes from, as the Settings pane shows it


@dataclass(frozen=True, slots=True)
class BankHolidayImport:
    added: int
    renamed: int
    already_known: int

    @property
    def summary(self) -> str:
        return f"{self.added} added, {self.renamed} renamed, {self.already_known} already known"


class CalendarService:
    def __init__(self, ctx: ServiceContext) -> None:
        self._ctx = ctx

    def bank_holidays(self, year: int) -> list[CalendarDayRow]:
        """England & Wales bank holidays falling on weekdays in `year`, with where each comes from."""
        if not 1990 <= year <= 2100:
            raise ValidationError(f"{year} is outside the years 1990–2100")
        with self._ctx.db.read() as session:
            imported = CalendarDayRepository(session).by_kind(BANK_HOLIDAY)
        package = package_holidays()
        days = {d: n for d, n in package.items() if d.year == year}
        days.update({d: n for d, n in imported.items() if d.year == year and d.weekday() < 5})
        return [
            CalendarDayRow(d, days[d], BANK_HOLIDAY, "imported (gov.uk)" if d in imported else "holidays package")
            for d in sorted(days)
        ]

    def closures(self) -> list[CalendarDayRow]:
        """Local closure days (they block booking, never statutory counting)."""
        with self._ctx.db.read() as session:
            found = CalendarDayRepository(session).by_kind(CLOSURE)
        return [CalendarDayRow(d, found[d], CLOSURE, "local closure") for d in sorted(found)]

    @requires(Permission.SETTINGS)
    def add_closure(self, day: dt.date, name: str) -> Changes:
        """Close the service on `day` (e.g. "Christmas shutdown"): nothing can be booked on it."""
        check_anchor(day)
        name = name.strip()
        if not name:
            raise ValidationError("give the closure a name, e.g. 'Christmas shutdown'")
        if day.weekday() >= 5:
            raise ValidationError(f"{day:%a %d %b %Y} is a weekend: nothing is booked then anyway")
        with self._ctx.db.write() as session:
            repo = CalendarDayRepository(session)
            book = self._ctx.rule_book(session)
            holiday = book.calendar.holiday_name(day)
            if holiday:
                raise ValidationError(f"{day:%a %d %b %Y} is already a bank holiday ({holiday})")
            before = repo.by_kind(CLOSURE).get(day)
            repo.put(day, CLOSURE, name[:120])
            audit.record(
                session,
                self._ctx,
                action="update" if before else "create",
                entity="closure",
                entity_id=day.isoformat(),
                summary=f"Closure day {day.isoformat()}",
                before={"name": before} if before else None,
                after={"name": name[:120]},
            )
        self._ctx.forget_rules()
        return Changes(calendar=True)

    @requires(Permission.SETTINGS)
    def remove_closure(self, day: dt.date) -> Changes:
        with self._ctx.db.write() as session:
            repo = CalendarDayRepository(session)
            before = repo.by_kind(CLOSURE).get(day)
            if before is None:
                raise NotFound(f"{day.isoformat()} is not a closure day")
            repo.remove(day, CLOSURE)
            audit.record(
                session,
                self._ctx,
                action="delete",
                entity="closure",
                entity_id=day.isoformat(),
                summary=f"Closure day {day.isoformat()} removed",
                before={"name": before},
            )
        self._ctx.forget_rules()
        return Changes(calendar=True)

    @requires(Permission.SETTINGS)
    def import_bank_holidays(self, text: str) -> tuple[BankHolidayImport, Changes]:
        """Add the England & Wales days of a gov.uk bank-holidays.json file (one-offs, later years).

        The whole file is checked first; a malformed file changes nothing.
        """
        try:
            data = json.loads(text)
        except ValueError as error:
            raise ValidationError(f"the bank holidays file is not valid JSON ({error})") from None
        days = parse_govuk_bank_holidays(data)
        known = package_holidays()
        with self._ctx.db.write() as session:
            repo = CalendarDayRepository(session)
            imported = repo.by_kind(BANK_HOLIDAY)
            added = renamed = already = 0
            for day, name in sorted(days.items()):
                if day in imported:
                    renamed += imported[day] != name
                    already += imported[day] == name
                elif day in known or day.weekday() >= 5:
                    already += 1
                    continue
                else:
                    added += 1
                repo.put(day, BANK_HOLIDAY, name[:120])
            result = BankHolidayImport(added, renamed, already)
            audit.record(
                session,
                self._ctx,
                action="import",
                entity="bank-holidays",
                entity_id="gov.uk",
                summary=f"Bank holidays imported: {result.summary}",
                after={"days": len(days)},
            )
        self._ctx.forget_rules()
        return result, Changes(calendar=True)
