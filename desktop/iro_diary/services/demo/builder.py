"""The machinery the demo's chains share: the calendar, the rules, the diary and one meeting at a time.

`DemoBuilder.meeting()` turns one statutory requirement into what a real diary would show for it: a held
meeting (about 98% on time, the rest late with a reason), a booked or provisional one in the coming weeks, or
nothing yet (unbooked, or overdue).
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from iro_diary.domain.codes import (
    VIEWS_CONVEYED_CODES,
    AttendeeRole,
    MeetingKind,
    MeetingStatus,
)
from iro_diary.domain.timescales import RuleBook
from iro_diary.infra.clock import LONDON
from iro_diary.services.demo import names
from iro_diary.services.demo.diary import DemoDiary
from iro_diary.services.demo.profile import pick
from iro_diary.services.demo.records import DemoData

DEMO_ACTOR = "demo"
UID_NAMESPACE = uuid.UUID("6f1b3a52-8d0e-4b7c-9a51-2f0c8e7d4b10")
MINUTES = {
    MeetingKind.ICPC: 120,
    MeetingKind.PRE_BIRTH: 120,
    MeetingKind.TRANSFER_IN: 120,
    MeetingKind.RCPC: 90,
    MeetingKind.CLA_REVIEW: 90,
    MeetingKind.CSE_STRATEGY: 90,
    MeetingKind.CSE_REVIEW: 60,
    MeetingKind.FOSTER_REVIEW: 90,
}


@dataclass(frozen=True)
class Attending:
    """A child at a meeting: their id and date of birth (for the participation code)."""

    child_id: int
    born: dt.date | None
    category: str | None = None


@dataclass(frozen=True)
class Outcome:
    day: dt.date
    held: bool
    meeting_id: int


Decision = Callable[[dt.date], str]


class DemoBuilder:
    """Holds the state of one demo run; the chain modules call `meeting()` for each requirement."""

    def __init__(
        self,
        profile: dict[str, Any],
        scale: float,
        rng: random.Random,
        rules: RuleBook,
        today: dt.date,
        diary: DemoDiary,
    ) -> None:
        self.profile = profile
        self.scale = scale
        self.rng = rng
        self.rules = rules
        self.calendar = rules.calendar
        self.today = today
        self.diary = diary
        self.data = DemoData()
        self.timeliness = profile["timeliness"]
        self.horizon = today + dt.timedelta(days=int(self.timeliness["booking_horizon_days"]))

    def scaled(self, count: float) -> int:
        return max(1, round(count * self.scale))

    def meeting(
        self,
        kind: MeetingKind,
        rule: str,
        anchor: dt.date,
        chair_id: int,
        children: Sequence[Attending] = (),
        *,
        due: dt.date | None = None,
        room_share: float = 1.0,
        family_id: int | None = None,
        household_id: int | None = None,
        decision: Decision | None = None,
    ) -> Outcome | None:
        """The meeting answering one requirement, or None when it is not held or booked (yet)."""
        latest = self.rules.latest_working_day(due or self.rules.due(rule, anchor))
        target = self._target_day(anchor, latest)
        if target is None:
            return None
        placed = self.diary.place(chair_id, target, MINUTES[kind], self.rng.random() < room_share, not_before=anchor)
        if placed is None:
            return None
        start, end, room_id, chair_id = placed
        held = start.date() < self.today
        status = MeetingStatus.HELD if held else self._future_status()
        meeting_id = self._add_meeting(
            kind,
            status,
            start,
            end,
            room_id,
            chair_id,
            family_id,
            household_id,
            late=start.date() > latest,
        )
        for child in children:
            self._add_child(meeting_id, child, rule, kind, held, start.date(), decision)
        if held and self.rng.random() < float(self.timeliness["cancelled"]):
            self._add_cancelled(kind, start, end, chair_id, family_id, household_id, children, rule)
        if not held:
            self._add_attendees(meeting_id, kind)
        return Outcome(start.date(), held, meeting_id)

    def _target_day(self, anchor: dt.date, latest: dt.date) -> dt.date | None:
        """The day a diary manager would have aimed for; None when the requirement is left open."""
        on_time = self.rng.random() < float(self.timeliness["reviews_on_time"])
        if on_time:
            target = self.calendar.add_working_days(latest, -self.rng.randint(0, 8))
        else:
            target = self.calendar.add_working_days(latest, self.rng.randint(1, 8))
        target = max(target, anchor + dt.timedelta(days=1))
        recently_due = self.today - dt.timedelta(days=14) <= latest < self.today
        if recently_due and self.rng.random() < float(self.timeliness["overdue_recent"]):
            return None
        if target >= self.today:
            if target > self.horizon or self.rng.random() < float(self.timeliness["unbooked_upcoming"]):
                return None
            return max(target, self.today + dt.timedelta(days=1))
        return target

    def _future_status(self) -> MeetingStatus:
        return MeetingStatus.PROVISIONAL if self.rng.random() < 0.12 else MeetingStatus.BOOKED

    def _add_meeting(
        self,
        kind: MeetingKind,
        status: MeetingStatus,
        start: dt.datetime,
        end: dt.datetime,
        room_id: int | None,
        chair_id: int,
        family_id: int | None,
        household_id: int | None,
        *,
        late: bool = False,
        cancel_reason: str | None = None,
    ) -> int:
        start_at = start.replace(tzinfo=LONDON).astimezone(dt.UTC)
        booked_at = min(start_at - dt.timedelta(days=self.rng.randint(10, 30)), self._now_utc())
        return self.data.add(
            "meeting",
            ref="",  # numbered in date order once every meeting exists
            kind=kind.value,
            status=status.value,
            start_at=start_at,
            end_at=end.replace(tzinfo=LONDON).astimezone(dt.UTC),
            room_id=room_id,
            venue=None if room_id is not None else pick(self.rng, names.VENUES),
            chair_id=chair_id,
            minute_taker=self._minute_taker(kind),
            minute_taker_email=None,
            family_id=family_id,
            foster_household_id=household_id,
            ical_uid="",
            ical_sequence=1 if cancel_reason else 0,
            outcome=None,
            cancel_reason=cancel_reason,
            late_reason=pick(self.rng, names.LATE_REASONS) if late else None,
            notes=None,
            created_at=booked_at,
            created_by=DEMO_ACTOR,
            updated_at=booked_at,
            updated_by=DEMO_ACTOR,
            version=1,
        )

    def _now_utc(self) -> dt.datetime:
        return dt.datetime.combine(self.today, dt.time(8), tzinfo=LONDON).astimezone(dt.UTC)

    def _minute_taker(self, kind: MeetingKind) -> str | None:
        if not kind.is_conference:
            return None
        return f"{pick(self.rng, names.ADULTS)} {pick(self.rng, names.SURNAMES)}"

    def _add_child(
        self,
        meeting_id: int,
        child: Attending,
        rule: str,
        kind: MeetingKind,
        held: bool,
        day: dt.date,
        decision: Decision | None,
    ) -> None:
        participation = None
        if held and kind is MeetingKind.CLA_REVIEW and child.born is not None:
            participation = self._participation(child.born, day)
        self.data.add(
            "meeting_child",
            meeting_id=meeting_id,
            child_id=child.child_id,
            rule=rule,
            participation=participation,
            decision=decision(day) if (held and decision) else None,
            category=child.category if (held and kind.is_conference) else None,
        )

    def _participation(self, born: dt.date, day: dt.date) -> str:
        # SSDA903 rules 440/441: PN0 exactly when the child is under 4 on the review date.
        if (day.year - born.year) - ((day.month, day.day) < (born.month, born.day)) < 4:
            return "PN0"
        if self.rng.random() < float(self.timeliness["views_conveyed"]):
            return self.rng.choices(sorted(VIEWS_CONVEYED_CODES), weights=[40, 10, 3, 5, 12, 30])[0]
        return "PN7"

    def _add_cancelled(
        self,
        kind: MeetingKind,
        start: dt.datetime,
        end: dt.datetime,
        chair_id: int,
        family_id: int | None,
        household_id: int | None,
        children: Sequence[Attending],
        rule: str,
    ) -> None:
        earlier = dt.timedelta(days=self.rng.randint(3, 10))
        meeting_id = self._add_meeting(
            kind,
            MeetingStatus.CANCELLED,
            start - earlier,
            end - earlier,
            None,
            chair_id,
            family_id,
            household_id,
            cancel_reason=pick(self.rng, names.CANCEL_REASONS),
        )
        for child in children:
            self.data.add(
                "meeting_child",
                meeting_id=meeting_id,
                child_id=child.child_id,
                rule=rule,
                participation=None,
                decision=None,
                category=None,
            )

    def _add_attendees(self, meeting_id: int, kind: MeetingKind) -> None:
        people: list[tuple[str, AttendeeRole, str | None]] = [
            ("Social worker", AttendeeRole.REQUIRED, "Children's Social Care")
        ]
        if kind is not MeetingKind.FOSTER_REVIEW:
            people.append(("Parent", AttendeeRole.REQUIRED, None))
        if kind.is_conference:
            people += [
                ("Health visitor", AttendeeRole.REQUIRED, "NHS"),
                ("Police", AttendeeRole.OPTIONAL, "Police"),
            ]
        for title, role, organisation in people:
            given, family = pick(self.rng, names.ADULTS), pick(self.rng, names.SURNAMES)
            email = None
            if organisation:
                email = f"{given}.{family}.{meeting_id}@example.org".lower()
            self.data.add(
                "attendee",
                meeting_id=meeting_id,
                name=f"{given} {family} ({title})",
                email=email,
                role=role.value,
                organisation=organisation,
                response="needs-action",
            )

    def number_meetings(self, salt: str) -> None:
        """Give every meeting its reference (M-000001 …, in date order) and its iCalendar UID.

        UIDs are derived from `salt` (seed, scale, date) as well, so two demo databases never share one.
        """
        meetings = sorted(self.data.tables["meeting"], key=lambda m: (m["start_at"], m["id"]))
        for number, row in enumerate(meetings, start=1):
            row["ref"] = f"M-{number:06d}"
            row["ical_uid"] = f"{uuid.uuid5(UID_NAMESPACE, salt + row['ref'])}@iro-diary"
