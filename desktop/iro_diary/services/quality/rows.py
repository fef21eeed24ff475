"""Quality assurance's plain rows: what the Quality assurance pane, the dialogs and the CLI get from the services.

Frozen values, never ORM objects. Children appear by case reference and name here (the service's own screens);
what leaves the service (the thank-you note) decides for itself what to show.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from iro_diary.domain.codes import MeetingKind
from iro_diary.domain.quality.codes import Answer, AuditScope, Outcome, Stage, StageEnd, ThemeKind, WorkArea
from iro_diary.domain.quality.concerns import Standing


@dataclass(frozen=True, slots=True)
class ThemeRow:
    id: int
    kind: ThemeKind
    name: str
    position: int
    active: bool
    used: int
    version: int


@dataclass(frozen=True, slots=True)
class ChecklistItemRow:
    id: int
    code: str
    label: str
    applies_to: AuditScope
    position: int
    active: bool
    answers: int
    version: int


@dataclass(frozen=True, slots=True)
class StageRow:
    """One stage a concern reached (its history, in order)."""

    stage: Stage
    addressed_to: str
    started_on: dt.date
    due_on: dt.date
    responded_on: dt.date | None
    response: str | None
    ended_on: dt.date | None
    ended_how: StageEnd | None
    note: str | None


@dataclass(frozen=True, slots=True)
class ConcernRow:
    """A cause for concern as the Concerns list shows it: where it is, who has it, and by when they must respond."""

    id: int
    ref: str
    child_id: int
    case_ref: str
    child_name: str
    meeting_id: int | None
    meeting_ref: str | None
    theme_id: int
    theme: str
    area: WorkArea
    iro_id: int | None
    iro_name: str | None
    team: str | None
    raised_on: dt.date
    description: str
    addressed_to: str
    addressed_team: str
    stage: Stage
    stage_started_on: dt.date
    due_on: dt.date
    responded_on: dt.date | None
    standing: Standing
    working_days_left: int
    resolved_on: dt.date | None
    outcome: Outcome | None
    outcome_note: str | None
    version: int

    @property
    def is_open(self) -> bool:
        return self.resolved_on is None


@dataclass(frozen=True)
class ConcernDetail:
    row: ConcernRow
    stages: tuple[StageRow, ...]


@dataclass(frozen=True, slots=True)
class NewConcern:
    """What the IRO says when raising a concern. `raised_on` None is today; `area` None follows the meeting."""

    child_id: int
    theme_id: int
    description: str
    addressed_to: str
    addressed_team: str
    raised_by_iro_id: int | None
    meeting_id: int | None = None
    raised_on: dt.date | None = None
    area: WorkArea | None = None
    stage: Stage = Stage.INFORMAL


@dataclass(frozen=True, slots=True)
class GoodPracticeRow:
    id: int
    ref: str
    child_id: int
    case_ref: str
    child_name: str
    meeting_id: int | None
    meeting_ref: str | None
    theme_id: int
    theme: str
    iro_id: int | None
    iro_name: str | None
    team: str | None
    recorded_on: dt.date
    recognised: str
    recognised_role: str
    recognised_team: str
    manager: str
    description: str
    version: int


@dataclass(frozen=True, slots=True)
class NewGoodPractice:
    """Good practice as the IRO records it: about one child (at a meeting of theirs, if it was seen at one)."""

    child_id: int
    theme_id: int
    recognised: str
    description: str
    recorded_by_iro_id: int | None
    meeting_id: int | None = None
    recognised_role: str = ""
    recognised_team: str = ""
    manager: str = ""
    recorded_on: dt.date | None = None


@dataclass(frozen=True, slots=True)
class Choice:
    """Something a dialog offers by name (an IRO, a child, a theme)."""

    id: int
    label: str


@dataclass(frozen=True, slots=True)
class MeetingChoice:
    id: int
    ref: str
    kind: MeetingKind
    day: dt.date
    held: bool


@dataclass(frozen=True)
class QualityChoices:
    """What the raise-a-concern and record-good-practice dialogs offer, with sensible defaults."""

    themes: tuple[Choice, ...]
    iros: tuple[Choice, ...]
    children: tuple[Choice, ...]
    meeting: MeetingChoice | None
    default_iro_id: int | None
    default_area: WorkArea
    today: dt.date


@dataclass(frozen=True, slots=True)
class ChecklistChild:
    child_id: int
    case_ref: str
    name: str


@dataclass(frozen=True, slots=True)
class GivenAnswer:
    """One answer as the chair gives it; `answer` None clears an earlier answer."""

    child_id: int
    item_id: int
    answer: Answer | None
    note: str = ""


@dataclass(frozen=True)
class Checklist:
    """The live-audit checklist of one meeting: the items asked at its kind, its children, and what was answered."""

    meeting_id: int
    ref: str
    kind: MeetingKind
    day: dt.date
    held: bool
    items: tuple[ChecklistItemRow, ...]
    children: tuple[ChecklistChild, ...]
    answers: Mapping[tuple[int, int], tuple[Answer, str]] = field(default_factory=dict)

    @property
    def applies(self) -> bool:
        """Whether the meeting has a checklist at all (a held-or-to-be-held review or conference with items)."""
        return bool(self.items and self.children)
