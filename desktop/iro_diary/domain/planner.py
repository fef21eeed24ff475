"""The planner: provisional bookings for every unbooked requirement of a window, at once.

The most urgent requirement (the earliest latest working day) chooses first, so tight deadlines get the slots
they need; each then takes the best slot the scheduling assistant (`domain.slots`) finds, which already weighs
continuity, caseload per FTE and the meetings each IRO has that week — so the load spreads as the plan fills.
Every proposal is added to the diary the search looks at before the next requirement is placed, so proposals
never clash with the diary or with each other. A requirement with no slot, even late, is reported with the
search's reason.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from iro_diary.domain.booking import Busy
from iro_diary.domain.slot_data import Need, Slot
from iro_diary.domain.slots import SlotSearch

PROGRESS_EVERY = 25


@dataclass(frozen=True, slots=True)
class PlanItem:
    """One requirement to place: the caller's key for it and what it needs."""

    key: str
    need: Need


@dataclass(frozen=True, slots=True)
class Placed:
    key: str
    slot: Slot
    shortfall: str = ""  # why it is late, when it is
    continuity: str = ""  # why the child's own IRO does not chair it, when they could not in time


@dataclass(frozen=True, slots=True)
class Unplaced:
    key: str
    reason: str


@dataclass(frozen=True, slots=True)
class PlanOutcome:
    placed: tuple[Placed, ...]
    unplaced: tuple[Unplaced, ...]
    stopped: bool = False  # cancelled before every requirement was looked at
    looked_at: int = 0


def _urgency(item: PlanItem) -> tuple[dt.date, int, str]:
    window = item.need.window
    if window is None:
        return dt.date.max, 0, item.key
    # Within a day, the requirement with the shorter window first: it has fewer days to choose from.
    return window.latest_working_day, (window.latest_working_day - window.anchor).days, item.key


def plan(
    search: SlotSearch,
    items: Sequence[PlanItem],
    *,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> PlanOutcome:
    """Place each item in the diary `search` looks at (its index grows with every proposal)."""
    placed: list[Placed] = []
    unplaced: list[Unplaced] = []
    ordered = sorted(items, key=_urgency)
    for number, item in enumerate(ordered, start=1):
        if cancelled is not None and cancelled():
            return PlanOutcome(tuple(placed), tuple(unplaced), stopped=True, looked_at=number - 1)
        found = search.best(item.need, 1)
        if found.slots:
            slot = found.slots[0]
            placed.append(Placed(item.key, slot, found.shortfall if slot.late else "", found.continuity))
            search.index.add(
                Busy(-number, "another planned meeting", slot.start, slot.end, slot.chair_id, slot.room_id,
                     item.need.child_ids)
            )  # fmt: skip
        else:
            later = f"in the {search.rules.late_working_days} working days after it"
            reason = f"{found.shortfall}; nor {later}" if found.shortfall else f"No free slot, nor {later}"
            unplaced.append(Unplaced(item.key, reason))
        if progress is not None and (number % PROGRESS_EVERY == 0 or number == len(ordered)):
            progress(number, len(ordered))
    return PlanOutcome(tuple(placed), tuple(unplaced), looked_at=len(ordered))
