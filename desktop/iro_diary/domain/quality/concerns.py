"""A cause for concern's clock: each stage's deadline in working days, and where an open concern stands today.

Each stage (informal resolution, team manager, service manager, head of service, director) has its own timescale
in working days (Settings, `concerns.working-days.<stage>`; 5 each by default, a local decision). The deadline
counts like the statutory rules: the first working day after the stage began is day 1, so a bank holiday moves it
on. Nothing escalates behind anyone's back: whether a response is overdue is worked out from the dates whenever
the list is looked at, so no overdue concern can be missed because the app was closed; the IRO then escalates
it, and the escalation records why (no response by the deadline, a response that did not resolve it, or early).
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from iro_diary.domain.errors import ValidationError
from iro_diary.domain.quality.codes import Stage, StageEnd
from iro_diary.domain.working_days import WorkingDayCalendar

DUE_SOON_WORKING_DAYS = 2
STAGE_SETTING_PREFIX = "concerns.working-days."


def stage_setting(stage: Stage) -> str:
    """The setting holding a stage's timescale: 'concerns.working-days.team-manager'."""
    return f"{STAGE_SETTING_PREFIX}{stage.value}"


class Standing(StrEnum):
    """Where an open concern stands today: the Concerns list's RAG, worst first."""

    OVERDUE = "overdue"
    DUE_SOON = "due-soon"
    RESPONDED = "responded"
    AWAITING = "awaiting"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return {
            Standing.OVERDUE: "Overdue: escalate",
            Standing.DUE_SOON: "Response due soon",
            Standing.RESPONDED: "Response received",
            Standing.AWAITING: "Awaiting response",
            Standing.CLOSED: "Closed",
        }[self]

    @property
    def hint(self) -> str:
        """What the IRO does next."""
        return {
            Standing.OVERDUE: "No response by the deadline: escalate it to the next stage (or close it)",
            Standing.DUE_SOON: f"The response is due within {DUE_SOON_WORKING_DAYS} working days",
            Standing.RESPONDED: "The response has come: close the concern, or escalate it if it did not resolve it",
            Standing.AWAITING: "Waiting for the response; its deadline has not come",
            Standing.CLOSED: "Closed with its outcome",
        }[self]

    @property
    def severity(self) -> int:
        return list(Standing).index(self)

    @property
    def needs_attention(self) -> bool:
        """Whether the IRO has something to do now (what the Due & overdue pane reminds them of)."""
        return self in (Standing.OVERDUE, Standing.DUE_SOON, Standing.RESPONDED)


def stage_deadline(calendar: WorkingDayCalendar, started_on: dt.date, working_days: int) -> dt.date:
    """The day a stage's response is due: `working_days` working days after the day it began."""
    return calendar.add_working_days(started_on, working_days)


def standing(
    calendar: WorkingDayCalendar, due: dt.date, responded_on: dt.date | None, closed: bool, today: dt.date
) -> tuple[Standing, int]:
    """The concern's standing today and the working days left to its stage's deadline (negative once past)."""
    left = calendar.working_days_between(today, due)
    if closed:
        return Standing.CLOSED, left
    if responded_on is not None:
        return Standing.RESPONDED, left
    if today > due:
        return Standing.OVERDUE, left
    if left <= DUE_SOON_WORKING_DAYS:
        return Standing.DUE_SOON, left
    return Standing.AWAITING, left


def escalation_end(responded_on: dt.date | None, due: dt.date, on: dt.date) -> StageEnd:
    """Why a stage escalated on `on`: its response did not resolve it, none came by the deadline, or early."""
    if responded_on is not None:
        return StageEnd.NOT_RESOLVED
    if on > due:
        return StageEnd.NO_RESPONSE
    return StageEnd.EARLY


def next_stage(stage: Stage) -> Stage:
    """The stage to escalate to; the director's stage is the last."""
    following = stage.next
    if following is None:
        raise ValidationError("the concern is already with the director: it cannot be escalated further")
    return following


def check_step_day(on: dt.date, since: dt.date, today: dt.date, what: str) -> None:
    """A step (a response, an escalation, a resolution) is dated between the stage's start and today."""
    if on > today:
        raise ValidationError(f"{what} cannot be dated in the future ({on:%d %b %Y})")
    if on < since:
        raise ValidationError(f"{what} cannot be dated before {since:%d %b %Y}, when the stage began")


def working_days_to_resolve(calendar: WorkingDayCalendar, raised_on: dt.date, resolved_on: dt.date) -> int:
    """Working days from raising a concern to closing it (0 when closed the day it was raised)."""
    return max(calendar.working_days_between(raised_on, resolved_on), 0)
