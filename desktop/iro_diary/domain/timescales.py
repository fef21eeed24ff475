"""The rule book: statutory and local timescales, read from the rules file and applied to anchor dates.

The rules themselves (numbers, units, citations) live in `resources/rules/timescales.toml`; this module only
knows how to read them and how to count. A council's overrides of the local parameters (Settings) are applied
when the book is built, so every due date in the app changes together when one is changed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from calendar import monthrange
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from iro_diary.domain.codes import MeetingKind
from iro_diary.domain.errors import ValidationError
from iro_diary.domain.working_days import EARLIEST_DATE, LATEST_DATE, WorkingDayCalendar

GESTATION_AT_DELIVERY_WEEKS = 40

ParameterValue = int | str


class Unit(StrEnum):
    WORKING_DAYS = "working days"
    DAYS = "days"
    WEEKS = "weeks"
    MONTHS = "months"
    HOURS = "hours"


@dataclass(frozen=True)
class Offset:
    """How far a due date lies from its anchor: '15 working days', '6 months', '-12 weeks'."""

    amount: int
    unit: Unit

    def __str__(self) -> str:
        if self.amount < 0:
            return f"{-self.amount} {self.unit.value} before"
        return f"{self.amount} {self.unit.value}"


@dataclass(frozen=True)
class Rule:
    """One timescale: what it is, what it counts from, how far, and the authority for it."""

    name: str
    label: str
    anchor: str
    offset: Offset
    status: str
    source: str
    meeting: MeetingKind | None = None


@dataclass(frozen=True)
class Parameter:
    """A local setting a council may change (with the default and where the default comes from)."""

    name: str
    value: ParameterValue
    default: ParameterValue
    label: str
    source: str
    help: str = ""
    choices: tuple[str, ...] = ()

    @property
    def is_overridden(self) -> bool:
        return self.value != self.default


_WITHIN = re.compile(r"^\s*(-?\d+)\s+(working days|days|weeks|months|hours)\s*$")


class RuleBook:
    """The rules in force: apply one to an anchor date to get its due date."""

    def __init__(
        self,
        rules: Mapping[str, Rule],
        reminders: Mapping[str, Rule],
        parameters: Mapping[str, Parameter],
        calendar: WorkingDayCalendar,
        edition: str = "",
    ) -> None:
        self.rules = dict(rules)
        self.reminders = dict(reminders)
        self.parameters = dict(parameters)
        self.calendar = calendar
        self.edition = edition
        self._applied: dict[tuple[Offset, dt.date], dt.date] = {}

    @classmethod
    def from_document(
        cls,
        document: Mapping[str, Any],
        calendar: WorkingDayCalendar,
        overrides: Mapping[str, ParameterValue] | None = None,
    ) -> RuleBook:
        """Build the book from a parsed rules file and the council's parameter overrides."""
        parameters = _read_parameters(document.get("parameters", {}), overrides or {})
        values = _parameter_values(parameters)
        rules = {name: _read_rule(name, body, values) for name, body in document.get("rules", {}).items()}
        reminders = {name: _read_rule(name, body, values) for name, body in document.get("reminders", {}).items()}
        if not rules:
            raise ValidationError("the rules file defines no rules")
        return cls(rules, reminders, parameters, calendar, str(document.get("edition", "")))

    def rule(self, name: str) -> Rule:
        try:
            return self.rules[name]
        except KeyError:
            known = ", ".join(sorted(self.rules))
            raise ValidationError(f"unknown rule '{name}' (known rules: {known})") from None

    def parameter(self, name: str) -> ParameterValue:
        return self.parameters[name].value

    def fingerprint(self) -> str:
        """A digest of everything a due date depends on: the rules, the council's parameters and the bank
        holidays (local closures never move a statutory date). Kept beside worked-out due dates, so they are
        used only while the same rules are in force."""
        parts = [
            self.edition,
            repr(sorted(self.rules.items())),
            repr(sorted((name, p.value) for name, p in self.parameters.items())),
            repr(self.calendar.bank_holiday_ordinals()),
        ]
        return hashlib.sha256("\n".join(parts).encode()).hexdigest()

    def due(self, rule_name: str, anchor: dt.date) -> dt.date:
        """The date by which the meeting `rule_name` must be held, counted from `anchor`."""
        return self.apply(self.rule(rule_name).offset, anchor)

    def reminder_date(self, name: str, anchor: dt.date) -> dt.date:
        return self.apply(self.reminders[name].offset, anchor)

    def apply(self, offset: Offset, anchor: dt.date) -> dt.date:
        """The date `offset` away from `anchor` (remembered: thousands of children share anchor dates)."""
        key = (offset, anchor)
        found = self._applied.get(key)
        if found is None:
            check_anchor(anchor)
            found = self._applied[key] = self._compute(offset, anchor)
        return found

    def _compute(self, offset: Offset, anchor: dt.date) -> dt.date:
        if offset.unit is Unit.WORKING_DAYS:
            return self.calendar.add_working_days(anchor, offset.amount)
        if offset.unit is Unit.MONTHS:
            return add_months(anchor, offset.amount)
        days = {Unit.DAYS: 1, Unit.WEEKS: 7}.get(offset.unit)
        if days is not None:
            return anchor + dt.timedelta(days=offset.amount * days)
        # Hours from a date: the anchor day counts from its start, so 72 hours lands 3 days later.
        return anchor + dt.timedelta(days=-(-offset.amount // 24))

    def latest_working_day(self, due: dt.date) -> dt.date:
        """When the due date is not a working day, the last working day on or before it (DOMAIN.md)."""
        return self.calendar.latest_working_day_on_or_before(due)


def add_months(anchor: dt.date, months: int) -> dt.date:
    """Same day of the month `months` later, clamped to the month's end (31 Aug + 6 months = 28/29 Feb)."""
    index = anchor.year * 12 + anchor.month - 1 + months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, min(anchor.day, monthrange(year, month + 1)[1]))


def check_anchor(anchor: dt.date) -> None:
    if not EARLIEST_DATE <= anchor <= LATEST_DATE:
        raise ValidationError(f"the date {anchor.isoformat()} is outside the years 1990–2100")


def parse_offset(text: str) -> Offset:
    match = _WITHIN.match(text)
    if not match:
        raise ValidationError(
            f"'{text}' is not a timescale (use e.g. '15 working days', '6 months', '-12 weeks', '72 hours')"
        )
    return Offset(int(match.group(1)), Unit(match.group(2)))


def _read_rule(name: str, body: Mapping[str, Any], values: Mapping[str, ParameterValue]) -> Rule:
    try:
        within = str(body["within"]).format_map(values)
        meeting = MeetingKind(body["meeting"]) if body.get("meeting") else None
        return Rule(
            name=name,
            label=str(body["label"]),
            anchor=str(body.get("anchor", "")),
            offset=parse_offset(within),
            status=str(body.get("status", "local")),
            source=str(body["source"]),
            meeting=meeting,
        )
    except KeyError as missing:
        raise ValidationError(f"rule '{name}' in the rules file has no {missing}") from None
    except ValueError as bad:
        raise ValidationError(f"rule '{name}' in the rules file: {bad}") from None


def _read_parameters(table: Mapping[str, Any], overrides: Mapping[str, ParameterValue]) -> dict[str, Parameter]:
    parameters: dict[str, Parameter] = {}
    for name, body in table.items():
        default = body["value"]
        choices = tuple(str(c) for c in body.get("choices", ()))
        value = overrides.get(name, default)
        parameters[name] = Parameter(
            name=name,
            value=_check_parameter(name, value, default, choices),
            default=default,
            label=str(body.get("label", name)),
            source=str(body.get("source", "local")),
            help=str(body.get("help", "")),
            choices=choices,
        )
    unknown = set(overrides) - set(parameters)
    if unknown:
        raise ValidationError(f"unknown timescale setting: {', '.join(sorted(unknown))}")
    return parameters


def _check_parameter(
    name: str, value: ParameterValue, default: ParameterValue, choices: tuple[str, ...]
) -> ParameterValue:
    if choices:
        if str(value) not in choices:
            raise ValidationError(f"{name} must be one of {', '.join(choices)}, not '{value}'")
        return str(value)
    if isinstance(default, int):
        try:
            number = int(value)
        except (TypeError, ValueError):
            raise ValidationError(f"{name} must be a whole number, not '{value}'") from None
        if not 0 < number <= 400:
            raise ValidationError(f"{name} must be between 1 and 400, not {number}")
        return number
    return str(value)


def _parameter_values(parameters: Mapping[str, Parameter]) -> dict[str, ParameterValue]:
    values = {name: p.value for name, p in parameters.items()}
    gestation = int(values.get("pre_birth_gestation_weeks", 28))
    before_edd = int(values.get("pre_birth_weeks_before_edd", 12))
    values["pre_birth_weeks_back"] = (
        GESTATION_AT_DELIVERY_WEEKS - gestation if values.get("pre_birth_mode") == "gestation" else before_edd
    )
    return values
