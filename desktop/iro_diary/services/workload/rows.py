"""What the workload service hands to the GUI and the CLI: frozen rows, never ORM objects."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from iro_diary.domain.caseload import Band, BandStatus, CaseKind, Spread
from iro_diary.domain.codes import Team
from iro_diary.domain.diary_load import AbsencePeriod, WeekLoad
from iro_diary.services.changes import Changes


@dataclass(frozen=True, slots=True)
class BasisRow:
    """One setting the caseload figures rest on, with where its value comes from."""

    key: str
    label: str
    value: str
    source: str


@dataclass(frozen=True, slots=True)
class IroWorkloadRow:
    """One IRO's line of the workload table."""

    iro_id: int
    name: str
    email: str
    team: Team
    fte: float
    working_days: str
    day_start: dt.time
    day_end: dt.time
    staffed: bool
    left_on: dt.date | None
    in_care: int
    on_plan: int
    cse: int
    other: int
    foster_households: int
    weighted: float
    per_fte: float
    status: BandStatus
    weeks: tuple[WeekLoad, ...]
    absences: tuple[AbsencePeriod, ...]

    @property
    def children(self) -> int:
        return self.in_care + self.on_plan + self.cse + self.other

    @property
    def meetings(self) -> int:
        return sum(w.meetings for w in self.weeks)

    @property
    def meeting_hours(self) -> float:
        return sum(w.hours for w in self.weeks)

    @property
    def contracted_hours(self) -> float:
        return sum(w.contracted_hours for w in self.weeks)

    @property
    def diary_share(self) -> float | None:
        """Hours in meetings as a share of contracted hours over the weeks shown (None with no contracted hours)."""
        return self.meeting_hours / self.contracted_hours if self.contracted_hours else None


@dataclass(frozen=True, slots=True)
class TeamRow:
    """Totals for the whole service or one team: staffing, caseload, and how it is spread."""

    name: str
    team: Team | None
    iros: int
    staffed_fte: float
    establishment_fte: float | None
    children: int
    weighted: float
    per_fte: float | None
    spread: Spread | None
    over_band: int
    under_band: int

    @property
    def vacancies(self) -> float | None:
        """Establishment FTE not filled (negative: staffed above the establishment)."""
        return None if self.establishment_fte is None else self.establishment_fte - self.staffed_fte


@dataclass(frozen=True, slots=True)
class Workload:
    today: dt.date
    band: Band
    basis: tuple[BasisRow, ...]
    iros: tuple[IroWorkloadRow, ...]
    teams: tuple[TeamRow, ...]
    week_mondays: tuple[dt.date, ...]


@dataclass(frozen=True, slots=True)
class HistorySeries:
    name: str
    per_fte: tuple[float | None, ...]


@dataclass(frozen=True, slots=True)
class CaseloadHistory:
    """Caseload per FTE at the end of each of the last months (today's figures are the Workload's)."""

    dates: tuple[dt.date, ...]
    band: Band
    series: tuple[HistorySeries, ...]
    by_iro: dict[int, tuple[float | None, ...]]


@dataclass(frozen=True, slots=True)
class ChildBrief:
    id: int
    case_ref: str
    name: str
    family_ref: str | None
    kind: CaseKind
    iro_id: int | None
    iro_name: str | None


@dataclass(frozen=True, slots=True)
class CandidateRow:
    """One IRO in the ranked list for taking a child or family."""

    rank: int
    iro_id: int
    name: str
    team: Team
    fte: float
    before_per_fte: float
    after_per_fte: float
    status_after: BandStatus
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class AllocationChoice:
    """The children to allocate (a child, or their whole family) and the IROs best placed to take them."""

    children: tuple[ChildBrief, ...]
    candidates: tuple[CandidateRow, ...]
    band: Band


@dataclass(frozen=True, slots=True)
class MeetingMove:
    """A future meeting whose children all move: to the new chair, or kept (with why) when they are not free."""

    meeting_id: int
    ref: str
    start: dt.datetime
    from_iro_id: int
    to_iro_id: int | None
    note: str


@dataclass(frozen=True, slots=True)
class MoveRow:
    """One sibling group (or child) moving to another IRO in a rebalance."""

    children: tuple[ChildBrief, ...]
    to_iro_id: int
    to_name: str
    weight: float
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class BeforeAfterRow:
    iro_id: int
    name: str
    team: Team
    fte: float
    before_per_fte: float
    after_per_fte: float
    before_status: BandStatus
    after_status: BandStatus
    children_in: int
    children_out: int


@dataclass(frozen=True, slots=True)
class RebalanceProposal:
    source_iro_id: int
    source_name: str
    target_per_fte: float
    moves: tuple[MoveRow, ...]
    unplaced: tuple[ChildBrief, ...]
    iros: tuple[BeforeAfterRow, ...]
    meetings: tuple[MeetingMove, ...]

    @property
    def children_moved(self) -> int:
        return sum(len(m.children) for m in self.moves)

    @property
    def children_in_care_moved(self) -> int:
        return sum(1 for m in self.moves for c in m.children if c.kind is CaseKind.IN_CARE)


@dataclass(frozen=True, slots=True)
class AllocationOutcome:
    """What an allocation or a rebalance changed.

    `meetings_to_reinvite` is the hook for invites (issue #6): the meetings whose chair changed, whose invites
    must be re-sent. Until the invites service exists nothing sends them; the GUI tells the user which they are.
    """

    children_moved: tuple[int, ...]
    meetings_to_reinvite: tuple[MeetingMove, ...]
    meetings_kept: tuple[MeetingMove, ...]
    changes: Changes
