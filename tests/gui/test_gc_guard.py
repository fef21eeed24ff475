"""The GUI thread's collector: young generations every tick, a full collection postponed while an operation runs
(so a planner or a report in the background does not meet a frozen window), but never for long."""

from __future__ import annotations

import gc
from typing import Any

import pytest

from iro_diary.ui import gc_guard


class Runner:
    busy = True


def test_a_full_collection_waits_for_a_busy_runner_but_not_for_ever(monkeypatch: pytest.MonkeyPatch, qapp: Any) -> None:
    gc_guard.collect_on_gui_thread()
    guard = gc_guard._guard
    assert guard is not None
    runner = Runner()
    monkeypatch.setattr(gc_guard, "_runners", {runner})
    full: list[int] = []
    monkeypatch.setattr(gc_guard.gc, "get_count", lambda: (0, 0, 11))  # the oldest generation is due
    monkeypatch.setattr(gc_guard.gc, "collect", lambda generation=2: full.append(generation) if generation == 2 else 0)
    for _tick in range(gc_guard.MOST_POSTPONED):
        guard.collect()
    assert full == [], "postponed while the runner is busy"
    guard.collect()
    assert full == [2], "but not for ever"
    runner.busy = False
    guard.collect()
    assert full == [2, 2]
    assert not gc.isenabled(), "automatic collection stays off (it would run on worker threads)"
