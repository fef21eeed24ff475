"""What a report is made of: headline figures and breakdowns, each with its definition and what is behind it."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import TYPE_CHECKING, TypeVar, overload

from iro_diary.domain.reports.period import ReportPeriod
from iro_diary.domain.reports.records import ChildRecord, Comparator, IroRecord, MeetingRecord

if TYPE_CHECKING:
    from iro_diary.domain.reports.quality import QualitySection

Number = int | float | None
T = TypeVar("T")


class Unit(StrEnum):
    COUNT = "count"
    PERCENT = "percent"
    RATE = "rate per 10,000"
    NUMBER = "number"


class Subject(StrEnum):
    """What a figure counts, so a drill-down knows what to list."""

    CHILDREN = "children"
    MEETINGS = "meetings"


@dataclass(frozen=True, slots=True)
class Member:
    """One child (or meeting) behind a figure: whether it is counted (the numerator of a percentage) and why."""

    id: int
    counted: bool = True
    detail: str = ""


class LaterMembers(Sequence[Member]):
    """Members made only when someone looks at them (a drill-down), their number and how many are counted known
    beforehand: a year's live audit has over a hundred thousand answers, and a report is read far more often than
    it is drilled into."""

    __slots__ = ("_made", "_make", "_size", "counted")

    def __init__(self, size: int, counted: int, make: Callable[[], Iterable[Member]]) -> None:
        self._size = size
        self.counted = counted
        self._make = make
        self._made: tuple[Member, ...] | None = None

    def _members(self) -> tuple[Member, ...]:
        if self._made is None:
            self._made = tuple(self._make())
        return self._made

    def __len__(self) -> int:
        return self._size

    @overload
    def __getitem__(self, index: int) -> Member: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[Member]: ...

    def __getitem__(self, index: int | slice) -> Member | Sequence[Member]:
        return self._members()[index]

    def __iter__(self) -> Iterator[Member]:
        return iter(self._members())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence):
            return self._members() == tuple(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]


def later_members(
    items: Sequence[T], member: Callable[[T], Member], is_counted: Callable[[T], bool] | None = None
) -> LaterMembers:
    """The members of `items` (one each, made by `member` when a drill-down asks), counted by `is_counted`."""
    size = len(items)
    found = size if is_counted is None else sum(1 for item in items if is_counted(item))
    return LaterMembers(size, found, lambda: map(member, items))


def counted(members: Sequence[Member]) -> int:
    """How many of the members are counted (a percentage's numerator)."""
    if isinstance(members, LaterMembers):
        return members.counted
    return sum(1 for m in members if m.counted)


@dataclass(frozen=True, slots=True)
class Figure:
    """A headline figure. For a percentage, `members` is the denominator and the counted ones the numerator."""

    key: str
    label: str
    value: Number
    unit: Unit
    definition: str
    subject: Subject
    members: Sequence[Member] = ()
    comparator: str | None = None

    @property
    def numerator(self) -> int:
        return counted(self.members)

    @property
    def denominator(self) -> int:
        return len(self.members)


@dataclass(frozen=True, slots=True)
class Line:
    """One row of a breakdown: a label, its values (one per column) and the members behind the last period's."""

    key: str
    label: str
    values: tuple[Number, ...]
    members: Sequence[Member] = ()


@dataclass(frozen=True, slots=True)
class Breakdown:
    key: str
    title: str
    definition: str
    subject: Subject
    columns: tuple[str, ...]
    units: tuple[Unit, ...]
    lines: tuple[Line, ...]

    def line(self, key: str) -> Line:
        return next(line for line in self.lines if line.key == key)


@dataclass(frozen=True)
class Report:
    period: ReportPeriod
    organisation: str
    population: int
    figures: tuple[Figure, ...]
    breakdowns: tuple[Breakdown, ...]
    comparators: Mapping[str, Comparator] = field(default_factory=dict)
    children: Mapping[int, ChildRecord] = field(default_factory=dict)
    meetings: Mapping[int, MeetingRecord] = field(default_factory=dict)
    iros: Mapping[int, IroRecord] = field(default_factory=dict)
    # The qualitative section's numbers that are not in a breakdown (None for a report made without them).
    quality: QualitySection | None = None

    def figure(self, key: str) -> Figure:
        for figure in self.figures:
            if figure.key == key:
                return figure
        raise KeyError(key)

    def breakdown(self, key: str) -> Breakdown:
        for breakdown in self.breakdowns:
            if breakdown.key == key:
                return breakdown
        raise KeyError(key)

    def comparator(self, figure: Figure) -> Comparator:
        """The neighbours' and national values entered for this figure's measure (empty when none)."""
        return self.comparators.get(figure.comparator or "", Comparator())


def one_decimal(value: Decimal) -> float:
    """Rounded half up to one decimal place (12.25 -> 12.3), as a report would print it."""
    return float(value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def percentage(part: int, whole: int) -> float | None:
    """`part` of `whole` as a percentage to one decimal place; None when there is nothing to divide by."""
    if whole <= 0:
        return None
    return one_decimal(Decimal(part) * 100 / Decimal(whole))


def rate_per_10000(count: int, population: int) -> float | None:
    """Children per 10,000 of the child population, to one decimal place."""
    if population <= 0:
        return None
    return one_decimal(Decimal(count) * 10000 / Decimal(population))
