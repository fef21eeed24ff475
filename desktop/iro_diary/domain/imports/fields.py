"""How one cell's text becomes a value and back: each field kind parses and formats symmetrically.

Parsers take stripped, non-empty text and return a value or raise `FieldError` with a reason a diary manager
understands; formatters turn the value back into the text the templates use, so export then import gives the
same value.

Meeting times are UK wall-clock times (Europe/London) and are returned as UTC instants. At the clock changes:
- a time that does not exist (01:00-01:59 on the last Sunday of March) is refused;
- a time that happens twice (01:00-01:59 on the last Sunday of October) is refused unless it carries its UTC
  offset (`2026-10-25T01:30+01:00` is the first, BST; `+00:00` the second, GMT). Guessing would put a meeting
  an hour out; the export writes the offset for exactly these times, so a round trip stays exact.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from iro_diary.domain.codes import format_working_days, parse_working_days

LONDON = ZoneInfo("Europe/London")


class FieldError(ValueError):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Field:
    """A kind of cell: `parse` (text -> value), `format` (value -> text) and what it expects, for messages."""

    parse: Callable[[str], Any]
    format: Callable[[Any], str]
    expects: str


def text_field(max_length: int) -> Field:
    def parse(text: str) -> str:
        if len(text) > max_length:
            raise FieldError(f"is {len(text):,} characters long; at most {max_length} fit")
        return text

    return Field(parse, str, f"text of up to {max_length} characters")


_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def _parse_email(text: str) -> str:
    if len(text) > 254 or not _EMAIL.match(text):
        raise FieldError("is not an email address")
    return text.casefold()


EMAIL = Field(_parse_email, str, "an email address")

_DMY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


def _parse_date(text: str) -> dt.date:
    match = _DMY.match(text)
    try:
        if match:
            day, month, year = (int(part) for part in match.groups())
            return dt.date(year, month, day)
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return dt.date.fromisoformat(text)
    except ValueError:
        raise FieldError("is not a real date") from None
    raise FieldError("is not a date (use YYYY-MM-DD or DD/MM/YYYY)")


DATE = Field(_parse_date, lambda value: value.isoformat(), "a date, YYYY-MM-DD or DD/MM/YYYY")

_LOCAL_TIME = re.compile(
    r"^(\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{4})[T ](\d{1,2}):(\d{2})(?::00)?(Z|[+-]\d{2}:\d{2})?$"
)


def _parse_local_datetime(text: str) -> dt.datetime:
    match = _LOCAL_TIME.match(text)
    if not match:
        raise FieldError("is not a date and time (use YYYY-MM-DDTHH:MM, UK time)")
    day = _parse_date(match.group(1))
    try:
        wall = dt.datetime.combine(day, dt.time(int(match.group(2)), int(match.group(3))))
    except ValueError:
        raise FieldError("is not a real time of day") from None
    offset = match.group(4)
    if offset:
        return _with_offset(wall, offset)
    return _london_instant(wall)


def _london_instant(wall: dt.datetime) -> dt.datetime:
    first, second = wall.replace(tzinfo=LONDON, fold=0), wall.replace(tzinfo=LONDON, fold=1)
    if first.astimezone(dt.UTC).astimezone(LONDON).replace(tzinfo=None) != wall:
        raise FieldError("does not exist in UK time: the clocks go forward an hour at 01:00 that day")
    if first.utcoffset() != second.utcoffset():
        raise FieldError(
            "happens twice in UK time (the clocks go back at 02:00 that day): add +01:00 for the first (BST) "
            "or +00:00 for the second (GMT)"
        )
    return first.astimezone(dt.UTC)


def _with_offset(wall: dt.datetime, offset: str) -> dt.datetime:
    zone = dt.UTC if offset == "Z" else dt.datetime.strptime(offset, "%z").tzinfo
    instant = wall.replace(tzinfo=zone).astimezone(dt.UTC)
    if instant.astimezone(LONDON).replace(tzinfo=None) != wall:
        raise FieldError(f"the offset {offset} is not UK time on that day")
    return instant


def _format_local_datetime(value: dt.datetime) -> str:
    local = value.astimezone(LONDON)
    text = local.strftime("%Y-%m-%dT%H:%M")
    wall = local.replace(tzinfo=None)
    if wall.replace(tzinfo=LONDON, fold=0).utcoffset() != wall.replace(tzinfo=LONDON, fold=1).utcoffset():
        text += local.strftime("%z")[:3] + ":" + local.strftime("%z")[3:]
    return text


LOCAL_DATETIME = Field(_parse_local_datetime, _format_local_datetime, "a UK date and time, YYYY-MM-DDTHH:MM")


def _format_number(value: float) -> str:
    text = repr(float(value))
    return text[:-2] if text.endswith(".0") else text


def number_field(low: float, high: float | None = None, *, above_low: bool = False) -> Field:
    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise FieldError("is not a number") from None
        if value != value or (value <= low if above_low else value < low) or (high is not None and value > high):
            raise FieldError(f"is out of range ({_range(low, high, above_low)})")
        return value

    return Field(parse, _format_number, f"a number ({_range(low, high, above_low)})")


def _range(low: float, high: float | None, above_low: bool) -> str:
    first = f"more than {low:g}" if above_low else f"at least {low:g}"
    return f"{first} and at most {high:g}" if high is not None else first


def integer_field(low: int) -> Field:
    def parse(text: str) -> int:
        if not re.fullmatch(r"[+-]?\d+", text):
            raise FieldError("is not a whole number")
        value = int(text)
        if value < low:
            raise FieldError(f"must be at least {low}")
        return value

    return Field(parse, str, f"a whole number, at least {low}")


_YES = {"yes", "y", "true", "1"}
_NO = {"no", "n", "false", "0"}


def _parse_yes_no(text: str) -> bool:
    word = text.casefold()
    if word in _YES:
        return True
    if word in _NO:
        return False
    raise FieldError("is not yes or no")


YES_NO = Field(_parse_yes_no, lambda value: "yes" if value else "no", "yes or no")


def code_field(codes: Mapping[str, str] | frozenset[str], what: str) -> Field:
    """One of a code list (DfE's), matched without regard to case."""
    known = frozenset(codes)

    def parse(text: str) -> str:
        code = text.upper()
        if code not in known:
            raise FieldError(f"is not {what} ({_listing(sorted(known))})")
        return code

    return Field(parse, str, what)


def enum_field(enum: type[StrEnum], what: str) -> Field:
    by_text = {member.value.casefold(): member.value for member in enum}

    def parse(text: str) -> str:
        value = by_text.get(text.casefold())
        if value is None:
            raise FieldError(f"is not {what} ({_listing(list(by_text.values()))})")
        return value

    return Field(parse, str, what)


def _listing(values: list[str]) -> str:
    shown = ", ".join(values[:12])
    return f"one of {shown}" + (" …" if len(values) > 12 else "")


def _parse_working_days(text: str) -> str:
    try:
        return format_working_days(parse_working_days(text))
    except ValueError as error:
        raise FieldError(str(error)) from None


WORKING_DAYS = Field(_parse_working_days, str, "days of the week, like 'Mon Tue Wed'")


def _parse_time(text: str) -> dt.time:
    match = re.fullmatch(r"(\d{1,2}):(\d{2})", text)
    try:
        if match:
            return dt.time(int(match.group(1)), int(match.group(2)))
    except ValueError:
        pass
    raise FieldError("is not a time of day (use HH:MM)")


TIME = Field(_parse_time, lambda value: value.strftime("%H:%M"), "a time of day, HH:MM")


def _split_refs(text: str) -> list[str]:
    return [part.strip() for part in re.split(r"[;,]", text) if part.strip()]


def _parse_refs(text: str) -> tuple[str, ...]:
    refs = _split_refs(text)
    for ref in refs:
        if len(ref) > 40:
            raise FieldError(f"'{ref[:20]}…' is too long for a case reference")
    return tuple(dict.fromkeys(refs))


CASE_REFS = Field(_parse_refs, ";".join, "case references separated by ';'")


def participation_field(codes: Mapping[str, str]) -> Field:
    """'C1001:PN1;C1002:PN0' -> {'C1001': 'PN1', 'C1002': 'PN0'} (SSDA903 review participation codes)."""

    def parse(text: str) -> dict[str, str]:
        result: dict[str, str] = {}
        for part in _split_refs(text):
            ref, _, code = part.partition(":")
            code = code.strip().upper()
            if not ref.strip() or code not in codes:
                raise FieldError(f"'{part}' is not CASE_REF:CODE with a code from {', '.join(sorted(codes))}")
            result[ref.strip()] = code
        return result

    def format_(value: dict[str, str]) -> str:
        return ";".join(f"{ref}:{code}" for ref, code in value.items())

    return Field(parse, format_, "CASE_REF:PN code pairs separated by ';'")
