"""The plain facts the timescale chains are derived from: what happened to a child, a family or a household.

The store turns database rows into these; the chains (`domain.chains`) turn them into statutory steps. Nothing
here is a due date: due dates are always derived, never stored (DESIGN.md).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from iro_diary.domain.codes import SHORT_BREAK_LEGAL_STATUSES, MeetingKind, MeetingStatus


@dataclass(frozen=True, slots=True)
class MeetingFact:
    """A meeting about the child (or household): its day in UK local time, and whether it has been held."""

    meeting_id: int
    ref: str
    kind: MeetingKind
    status: MeetingStatus
    day: dt.date

    @property
    def held(self) -> bool:
        return self.status is MeetingStatus.HELD

    @property
    def pending(self) -> bool:
        """Booked or provisional: in the diary but not held yet."""
        return self.status in (MeetingStatus.BOOKED, MeetingStatus.PROVISIONAL)


@dataclass(frozen=True, slots=True)
class Period:
    """An episode of care or a protection plan; `end` None while it lasts."""

    start: dt.date
    end: dt.date | None
    code: str = ""

    def open_on(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or self.end > day)

    @property
    def short_break(self) -> bool:
        """Legal status V3/V4: reviewed under reg 48, not reg 33."""
        return self.code in SHORT_BREAK_LEGAL_STATUSES


@dataclass(frozen=True, slots=True)
class Discussion:
    """A strategy discussion about the child (Working Together)."""

    held_on: dt.date
    s47_initiated: bool
    conference_not_required: bool


@dataclass(frozen=True, slots=True)
class Referral:
    """An exploitation (CSE) referral; `closed_on` None while the concern is open."""

    concern_id: int
    referred_on: dt.date
    urgent: bool
    closed_on: dt.date | None


@dataclass(frozen=True, slots=True)
class EarlyReview:
    """A review brought forward (CPPCR 2010 reg 33(3); a chair bringing a conference forward)."""

    kind: MeetingKind
    requested_on: dt.date
    due_on: dt.date
    reason: str


@dataclass(frozen=True, slots=True)
class ChildFacts:
    child_id: int
    case_ref: str
    family_id: int | None
    allocated_iro_id: int | None
    date_of_birth: dt.date | None
    expected_delivery: dt.date | None
    episodes: tuple[Period, ...] = ()
    plans: tuple[Period, ...] = ()
    discussions: tuple[Discussion, ...] = ()
    transfers: tuple[dt.date, ...] = ()
    referrals: tuple[Referral, ...] = ()
    early_reviews: tuple[EarlyReview, ...] = ()
    meetings: tuple[MeetingFact, ...] = field(default=())

    def __post_init__(self) -> None:
        # Kept in date order once, so every chain can walk them without sorting again.
        ordered = tuple(sorted(self.meetings, key=_meeting_order))
        object.__setattr__(self, "meetings", ordered)

    def meetings_of(self, *kinds: MeetingKind) -> list[MeetingFact]:
        """This child's meetings of these kinds, in date order, cancelled ones left out."""
        return [m for m in self.meetings if m.kind in kinds and m.status is not MeetingStatus.CANCELLED]

    def unborn_on(self, day: dt.date) -> bool:
        return self.expected_delivery is not None and (self.date_of_birth is None or self.date_of_birth > day)


def _meeting_order(meeting: MeetingFact) -> tuple[dt.date, int]:
    return meeting.day, meeting.meeting_id


@dataclass(frozen=True, slots=True)
class HouseholdFacts:
    household_id: int
    household_ref: str
    approved_on: dt.date
    deregistered_on: dt.date | None
    allocated_iro_id: int | None
    meetings: tuple[MeetingFact, ...] = ()
