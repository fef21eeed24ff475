"""The team-wide settings: each key's type, default, what it means and where the default comes from.

Declared once (qutebrowser's configdata, in our words). The values live in the database (`setting` table) so
every PC of a shared diary sees the same; this schema is what the Settings pane, `iro-diary settings` and the
services read. Timescale parameters are `rules.<name>` keys and are declared by the rules file itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from iro_diary.domain.errors import ValidationError
from iro_diary.domain.reports.definitions import COMPARABLE, COMPARATOR_GROUPS, FIGURES


@dataclass(frozen=True)
class SettingSpec:
    key: str
    kind: type
    default: Any
    description: str
    source: str = "local"
    minimum: float | None = None
    maximum: float | None = None
    optional: bool = False

    def coerce(self, value: Any) -> Any:
        """`value` as this setting's type, or ValidationError saying what is wrong. An optional setting given
        nothing ('' or None) becomes None: not set."""
        if self.optional and (value is None or str(value).strip() == ""):
            return None
        try:
            result = _coerce(self.kind, value)
        except (TypeError, ValueError):
            raise ValidationError(f"{self.key} must be {_KIND_NAMES[self.kind]}, not '{value}'") from None
        if self.minimum is not None and result < self.minimum:
            raise ValidationError(f"{self.key} must be at least {self.minimum:g}, not {result}")
        if self.maximum is not None and result > self.maximum:
            raise ValidationError(f"{self.key} must be at most {self.maximum:g}, not {result}")
        return result


_KIND_NAMES = {int: "a whole number", float: "a number", str: "text", bool: "yes or no"}


def _coerce(kind: type, value: Any) -> Any:
    if kind is bool:
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in ("yes", "true", "1", "on"):
            return True
        if text in ("no", "false", "0", "off"):
            return False
        raise ValueError(value)
    if kind is int and isinstance(value, float) and not value.is_integer():
        raise ValueError(value)
    return kind(value)


SETTINGS: dict[str, SettingSpec] = {
    spec.key: spec
    for spec in (
        SettingSpec("organisation.name", str, "Independent Reviewing Service", "The service's name, shown on invites"),
        SettingSpec(
            "organisation.mailbox",
            str,
            "iro-service@example.gov.uk",
            "The service's mailbox: the ORGANIZER of every invite and where replies go",
        ),
        SettingSpec(
            "child-population",
            int,
            65800,
            "Children aged 0-17 in the authority (for rates per 10,000)",
            source="ONS mid-year estimate; 65,800 matches the 2016/17 report's rates",
            minimum=1,
        ),
        SettingSpec(
            "establishment-fte",
            float,
            15.5,
            "IRO posts in the establishment, in full-time equivalents",
            source="IRO annual report 2016/17: 15.5 FTE IROs",
            minimum=0,
        ),
        SettingSpec(
            "caseload.band-low",
            int,
            50,
            "Lower end of the caseload band (looked-after children per FTE)",
            source="IRO Handbook 2010 para 7.15: 50-70 looked-after children per full-time IRO",
            minimum=1,
        ),
        SettingSpec(
            "caseload.band-high",
            int,
            70,
            "Upper end of the caseload band (looked-after children per FTE)",
            source="IRO Handbook 2010 para 7.15: 50-70 looked-after children per full-time IRO",
            minimum=1,
        ),
    )
}


COMPARATOR_PREFIX = "comparators."
_COMPARATOR_KEY = re.compile(r"^comparators\.(\d{4})\.([a-z0-9-]+)\.([a-z]+)$")


def comparator_key(year: int, measure: str, group: str) -> str:
    """'comparators.2025.cp-rate.neighbours': statutory neighbours' (or England's) value of a measure."""
    return f"{COMPARATOR_PREFIX}{year}.{measure}.{group}"


def comparator_spec(key: str) -> SettingSpec | None:
    """The spec of a comparator key (one per financial year, measure and group); None for other keys.

    Comparators are published figures typed in from DfE's statistics, so they have no default: unset means
    not entered, and setting one to nothing clears it.
    """
    found = _COMPARATOR_KEY.match(key)
    if found is None:
        return None
    year, measure, group = int(found[1]), found[2], found[3]
    if measure not in COMPARABLE or group not in COMPARATOR_GROUPS:
        raise ValidationError(
            f"unknown setting '{key}': comparators are comparators.YEAR.MEASURE.GROUP with MEASURE one of "
            f"{', '.join(COMPARABLE)} and GROUP one of {', '.join(COMPARATOR_GROUPS)}"
        )
    label = FIGURES[COMPARABLE[measure]][0]
    description = f"{label}, {year}/{(year + 1) % 100:02d}: {COMPARATOR_GROUPS[group].lower()}"
    return SettingSpec(key, float, None, description, source="published figures", minimum=0, optional=True)


def spec_for(key: str) -> SettingSpec:
    spec = SETTINGS.get(key) or comparator_spec(key)
    if spec is None:
        raise ValidationError(f"unknown setting '{key}' (see `iro-diary settings list`)")
    return spec
