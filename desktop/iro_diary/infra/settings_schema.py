"""The team-wide settings: each key's type, default, what it means and where the default comes from.

Declared once (qutebrowser's configdata, in our words). The values live in the database (`setting` table) so
every PC of a shared diary sees the same; this schema is what the Settings pane, `iro-diary settings` and the
services read. Timescale parameters are `rules.<name>` keys and are declared by the rules file itself.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from iro_diary.domain.errors import ValidationError


@dataclass(frozen=True)
class SettingSpec:
    key: str
    kind: type
    default: Any
    description: str
    source: str = "local"
    minimum: float | None = None
    maximum: float | None = None

    def coerce(self, value: Any) -> Any:
        """`value` as this setting's type, or ValidationError saying what is wrong."""
        try:
            result = _coerce(self.kind, value)
        except (TypeError, ValueError):
            raise ValidationError(f"{self.key} must be {_KIND_NAMES[self.kind]}, not '{value}'") from None
        if self.minimum is not None and result < self.minimum:
            raise ValidationError(f"{self.key} must be at least {self.minimum:g}, not {result}")
        if self.maximum is not None and result > self.maximum:
            raise ValidationError(f"{self.key} must be at most {self.maximum:g}, not {result}")
        return result


_KIND_NAMES = {
    int: "a whole number",
    float: "a number",
    str: "text",
    bool: "yes or no",
    dict: 'a JSON object such as {"children": {"case_ref": "Child ID"}}',
}


def _coerce(kind: type, value: Any) -> Any:
    if kind is dict:
        return _mapping(json.loads(value) if isinstance(value, str) else value)
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


def _mapping(value: Any) -> dict[str, Any]:
    """A JSON object of objects of text (the shape of the import column mappings)."""
    if not isinstance(value, dict) or not all(isinstance(v, dict) for v in value.values()):
        raise ValueError(value)
    if not all(isinstance(text, str) for inner in value.values() for text in inner.values()):
        raise ValueError(value)
    return {str(k): dict(v) for k, v in value.items()}


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
        SettingSpec(
            "backups.keep-days",
            int,
            14,
            "Days to keep the automatic daily backups of the embedded database (0: no daily backups)",
            minimum=0,
            maximum=3650,
        ),
        SettingSpec(
            "import.column-mapping",
            dict,
            {},
            "How this council's case system names the import templates' columns (set by the Import dialog)",
        ),
    )
}


def spec_for(key: str) -> SettingSpec:
    try:
        return SETTINGS[key]
    except KeyError:
        raise ValidationError(f"unknown setting '{key}' (see `iro-diary settings list`)") from None
