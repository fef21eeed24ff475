"""What every service needs: the database, the clock, who is acting, and the rules in force."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from iro_diary.domain.access import Person
from iro_diary.domain.bank_holidays import package_bank_holidays
from iro_diary.domain.timescales import ParameterValue, RuleBook
from iro_diary.domain.working_days import WorkingDayCalendar
from iro_diary.infra.clock import Clock
from iro_diary.infra.resources import read_toml, resource
from iro_diary.store.database import Database
from iro_diary.store.repositories.calendar_days import CalendarDayRepository
from iro_diary.store.repositories.settings import SettingRepository

RULE_SETTING_PREFIX = "rules."


@functools.cache
def package_holidays() -> dict[dt.date, str]:
    # 1990-2100 is the range every date in the app is checked against; ~60 ms, once per process.
    return package_bank_holidays(range(1990, 2101))


@functools.cache
def rules_document() -> dict[str, object]:
    """The parsed rules file shipped with the app."""
    return read_toml(resource("rules", "timescales.toml"))


@dataclass
class ServiceContext:
    """Shared by the services of one open database. `actor` is recorded in every audit row; `person` is who signed
    in, with their roles (None: services built without signing anyone in, which check no roles)."""

    db: Database
    clock: Clock
    actor: str
    person: Person | None = None
    _rule_book: RuleBook | None = field(default=None, repr=False)

    def rule_book(self, session: Session) -> RuleBook:
        """The rules with this council's overrides, bank holidays and closure days (cached until changed)."""
        if self._rule_book is None:
            self._rule_book = build_rule_book(session)
        return self._rule_book

    def forget_rules(self) -> None:
        """Call after changing rule settings or calendar days: the next rule_book() rebuilds."""
        self._rule_book = None


def default_rule_book() -> RuleBook:
    """The rules as shipped, with the `holidays` package's bank holidays: no council overrides, no database."""
    return RuleBook.from_document(rules_document(), WorkingDayCalendar(package_holidays()))


def build_rule_book(session: Session) -> RuleBook:
    days = CalendarDayRepository(session)
    holidays = {**package_holidays(), **days.by_kind("bank-holiday")}
    calendar = WorkingDayCalendar(holidays, days.by_kind("closure"))
    overrides: dict[str, ParameterValue] = {
        key.removeprefix(RULE_SETTING_PREFIX): value
        for key, value in SettingRepository(session).values_with_prefix(RULE_SETTING_PREFIX).items()
    }
    return RuleBook.from_document(rules_document(), calendar, overrides)
