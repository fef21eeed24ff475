"""The six import templates: their files, columns, keys, and the checks one row can make on its own.

The columns the issue names are the template; a few more (marked optional) carry what the diary needs to
round-trip its own export (working hours, an unborn baby's expected date, a meeting's venue). A column that is
not in a file leaves that field of existing records as it is; a blank cell in a column that is there clears it
(or sets the default). Keys: IROs by email, rooms by name, children by case reference, episodes and plans by
case reference and start date, meetings by meeting reference.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from iro_diary.domain.codes import (
    ETHNICITY_LABELS,
    LEGAL_STATUS_LABELS,
    PARTICIPATION_LABELS,
    MeetingKind,
    MeetingStatus,
    PlanCategory,
    Sex,
    Team,
)
from iro_diary.domain.imports import fields as f

RowCheck = Callable[[dict[str, Any], dt.date], list[tuple[str, str]]]


@dataclass(frozen=True)
class ColumnSpec:
    name: str
    field: f.Field
    header_required: bool = False
    value_required: bool = False
    empty: Any = None
    help: str = ""


@dataclass(frozen=True)
class Template:
    kind: str
    file_name: str
    title: str
    key: tuple[str, ...]
    columns: tuple[ColumnSpec, ...]
    check_row: RowCheck

    def column(self, name: str) -> ColumnSpec:
        return next(c for c in self.columns if c.name == name)

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def key_of(self, values: dict[str, Any]) -> tuple[Any, ...]:
        return tuple(values[name] for name in self.key)


def _needs(name: str, field: f.Field, help_: str = "") -> ColumnSpec:
    """A column every file of this kind must have, never blank."""
    return ColumnSpec(name, field, header_required=True, value_required=True, help=help_)


def _optional(name: str, field: f.Field, empty: Any = None, help_: str = "", *, value: bool = False) -> ColumnSpec:
    return ColumnSpec(name, field, value_required=value, empty=empty, help=help_)


def _no_row_checks(_values: dict[str, Any], _today: dt.date) -> list[tuple[str, str]]:
    return []


def _check_iro(values: dict[str, Any], _today: dt.date) -> list[tuple[str, str]]:
    start, end = values.get("day_start"), values.get("day_end")
    if start is not None and end is not None and end <= start:
        return [("day_end", "the working day ends before it starts")]
    return []


def _check_child(values: dict[str, Any], today: dt.date) -> list[tuple[str, str]]:
    born = values.get("date_of_birth")
    if born is None and values.get("expected_delivery") is None:
        return [("date_of_birth", "is empty: give the date of birth (or expected_delivery for an unborn baby)")]
    if born is not None and born > today:
        return [("date_of_birth", "is in the future: for an unborn baby leave it empty and give expected_delivery")]
    return []


def _check_period(values: dict[str, Any], _today: dt.date) -> list[tuple[str, str]]:
    end = values.get("end_date")
    if end is not None and end < values["start_date"]:
        return [("end_date", f"is before the start date ({values['start_date'].isoformat()})")]
    return []


def _check_meeting(values: dict[str, Any], _today: dt.date) -> list[tuple[str, str]]:
    problems = []
    if values["end"] <= values["start"]:
        problems.append(("end", "is not after the start"))
    kind = MeetingKind(values["kind"])
    if not values["case_refs"] and kind is not MeetingKind.FOSTER_REVIEW:
        problems.append(("case_refs", "is empty: name the children the meeting is for"))
    if "chair_email" in values and values["chair_email"] is None and kind is not MeetingKind.STRATEGY_DISCUSSION:
        problems.append(("chair_email", "is empty: every meeting but a strategy discussion has an IRO chair"))
    strangers = [ref for ref in values.get("participation") or {} if ref not in values["case_refs"]]
    if strangers:
        problems.append(("participation", f"names {', '.join(strangers)}, not in case_refs"))
    return problems


IROS = Template(
    "iros",
    "iros.csv",
    "IROs",
    ("email",),
    (
        _needs("name", f.text_field(120), "the IRO's full name"),
        _needs("email", f.EMAIL, "work email (the key)"),
        _needs("fte", f.number_field(0, 1, above_low=True), "full-time equivalent, e.g. 0.6"),
        _needs("team", f.enum_field(Team, "a team"), "children-in-care, child-protection, fostering or mixed"),
        _optional("working_days", f.WORKING_DAYS, "Mon Tue Wed Thu Fri", "e.g. Mon Tue Wed"),
        _optional("day_start", f.TIME, dt.time(9, 0), "start of the working day, HH:MM"),
        _optional("day_end", f.TIME, dt.time(17, 0), "end of the working day, HH:MM"),
        _optional("daily_cap", f.integer_field(0), 3, "most meetings in one day"),
        _optional("active", f.YES_NO, True, "yes or no"),
    ),
    _check_iro,
)

ROOMS = Template(
    "rooms",
    "rooms.csv",
    "Rooms",
    ("name",),
    (
        _needs("name", f.text_field(120), "the room's name (the key)"),
        _optional("site", f.text_field(120), "", "building or office"),
        _needs("capacity", f.integer_field(1), "seats"),
        _optional("accessible", f.YES_NO, help_="step-free access: yes or no", value=True),
        _optional("mailbox", f.EMAIL, help_="the room's calendar mailbox"),
        _optional("active", f.YES_NO, True, "yes or no"),
    ),
    _no_row_checks,
)

CHILDREN = Template(
    "children",
    "children.csv",
    "Children",
    ("case_ref",),
    (
        _needs("case_ref", f.text_field(40), "the case recording system's reference (the key)"),
        _needs("given_name", f.text_field(80)),
        _needs("family_name", f.text_field(80)),
        ColumnSpec("date_of_birth", f.DATE, header_required=True, help="YYYY-MM-DD or DD/MM/YYYY"),
        _optional("sex", f.enum_field(Sex, "a sex code"), "U", "M, F or U"),
        _optional("ethnicity", f.code_field(ETHNICITY_LABELS, "a DfE ethnicity code"), "NOBT", "DfE code, e.g. WBRI"),
        _optional("family_ref", f.text_field(40), help_="sibling group reference"),
        _optional("allocated_iro_email", f.EMAIL, help_="the allocated IRO's email"),
        _optional("social_worker", f.text_field(120)),
        _optional("social_worker_email", f.EMAIL),
        _optional("expected_delivery", f.DATE, help_="an unborn baby's expected date of delivery"),
    ),
    _check_child,
)

CARE_EPISODES = Template(
    "care-episodes",
    "care_episodes.csv",
    "Care episodes",
    ("case_ref", "start_date"),
    (
        _needs("case_ref", f.text_field(40)),
        _needs("start_date", f.DATE, "date the child became looked after"),
        _optional("end_date", f.DATE, help_="date the episode ceased (blank if open)"),
        _needs("legal_status", f.code_field(LEGAL_STATUS_LABELS, "an SSDA903 legal status"), "e.g. C2, V2"),
        _optional("placement_distance_miles", f.number_field(0), help_="miles from home"),
    ),
    _check_period,
)

PROTECTION_PLANS = Template(
    "protection-plans",
    "protection_plans.csv",
    "Protection plans",
    ("case_ref", "start_date"),
    (
        _needs("case_ref", f.text_field(40)),
        _needs("start_date", f.DATE),
        _optional("end_date", f.DATE, help_="blank while the plan is open"),
        _needs("category", f.enum_field(PlanCategory, "a category of plan"), "NEG, PHY, EMO, SAB or MUL"),
    ),
    _check_period,
)

MEETINGS = Template(
    "meetings",
    "meetings.csv",
    "Meetings",
    ("meeting_ref",),
    (
        _needs("meeting_ref", f.text_field(20), "the meeting's reference (the key)"),
        _needs("kind", f.enum_field(MeetingKind, "a meeting kind"), "e.g. icpc, rcpc, cla-review"),
        _needs("start", f.LOCAL_DATETIME, "YYYY-MM-DDTHH:MM, UK time"),
        _needs("end", f.LOCAL_DATETIME, "YYYY-MM-DDTHH:MM, UK time"),
        _needs("status", f.enum_field(MeetingStatus, "a meeting status"), "provisional, booked, held or cancelled"),
        ColumnSpec("chair_email", f.EMAIL, header_required=True, help="the chairing IRO's email"),
        _optional("room", f.text_field(120), help_="a room's name (blank for an external venue)"),
        ColumnSpec("case_refs", f.CASE_REFS, header_required=True, empty=(), help="e.g. C1001;C1002"),
        _optional("participation", f.participation_field(PARTICIPATION_LABELS), {}, "e.g. C1001:PN1;C1002:PN0"),
        _optional("cancel_reason", f.text_field(200)),
        _optional("venue", f.text_field(200), help_="an address outside the service's rooms"),
        _optional("minute_taker", f.text_field(120)),
    ),
    _check_meeting,
)

# Dependency order: what a file refers to is imported before it.
TEMPLATES: dict[str, Template] = {t.kind: t for t in (IROS, ROOMS, CHILDREN, CARE_EPISODES, PROTECTION_PLANS, MEETINGS)}


def template_for(kind: str) -> Template:
    return TEMPLATES[kind]
