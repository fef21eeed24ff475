"""The demo profile (resources/demo/profile.toml): the report's figures the demo service is shaped by."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, TypeVar

from iro_diary.infra.resources import read_toml, resource

T = TypeVar("T")


def load_profile() -> dict[str, Any]:
    return read_toml(resource("demo", "profile.toml"))


def weighted_choice(rng: random.Random, weights: Mapping[str, float]) -> str:
    """One key of `weights`, chosen in proportion to its weight."""
    keys = list(weights)
    return rng.choices(keys, weights=[float(weights[k]) for k in keys])[0]


def mean_of(weights: Mapping[str, float]) -> float:
    """The mean of a distribution whose keys are numbers written as text."""
    total = sum(float(w) for w in weights.values())
    return sum(float(k) * float(w) for k, w in weights.items()) / total


def arrivals(rng: random.Random, first: dt.date, last: dt.date, per_day: float) -> Iterator[dt.date]:
    """Days on which `per_day` events a day fall, from `first` to `last`: evenly spread with jitter.

    Jittered rather than Poisson so every seed gives a service of the profile's size; time is kept as a float,
    because a date plus a fractional timedelta silently drops the fraction.
    """
    elapsed = 0.0
    span = (last - first).days
    while True:
        elapsed += rng.uniform(0.2, 1.8) / per_day
        if elapsed >= span:
            return
        yield first + dt.timedelta(days=int(elapsed))


def pick(rng: random.Random, items: Sequence[T]) -> T:
    return items[rng.randrange(len(items))]
