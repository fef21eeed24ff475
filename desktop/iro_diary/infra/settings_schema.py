"""The team-wide settings: each key's type, default, what it means and where the default comes from.

Declared once (qutebrowser's configdata, in our words). The values live in the database (`setting` table) so
every PC of a shared diary sees the same; this schema is what the Settings pane, `iro-diary settings` and the
services read. Timescale parameters are `rules.<name>` keys and are declared by the rules file itself.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from iro_diary.domain.errors import ValidationError
from iro_diary.domain.quality.codes import Stage
from iro_diary.domain.quality.concerns import stage_setting
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
            "invites.child-initials",
            bool,
            True,
            "Invite titles carry the children's initials (never their names unless allowed below)",
            source="DOMAIN.md privacy: a meeting reference and initials only",
        ),
        SettingSpec(
            "invites.names-for-internal",
            bool,
            False,
            "INTERNAL ONLY: put children's full names in invites to addresses at the internal domains",
            source="off by default: invites leave the building (DOMAIN.md privacy)",
        ),
        SettingSpec(
            "invites.internal-domains",
            str,
            "",
            "Email domains counted as internal, separated by commas (empty: the organisation mailbox's domain)",
        ),
        SettingSpec(
            "invites.send-automatically",
            bool,
            False,
            "Send invite updates as soon as a meeting changes, and retry unsent ones every few minutes",
        ),
        SettingSpec("smtp.host", str, "", "Mail server (SMTP) for invites; empty: invites are queued, not sent"),
        SettingSpec(
            "smtp.port", int, 587, "Mail server port (587 with STARTTLS, 25 without)", minimum=1, maximum=65535
        ),
        SettingSpec("smtp.starttls", bool, True, "Encrypt the connection to the mail server with STARTTLS"),
        SettingSpec(
            "smtp.account",
            str,
            "",
            "Account to log in to the mail server (empty: no login); its password is kept in this PC's keyring",
        ),
        SettingSpec(
            "feeds.folder",
            str,
            "",
            "Folder (e.g. a shared drive) for each IRO's and each room's calendar feed (.ics); empty: no feeds",
        ),
        SettingSpec("feeds.months", int, 3, "Months ahead each calendar feed covers", minimum=1, maximum=24),
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
        # The Handbook's band counts looked-after children only; how other work weighs against it is the
        # council's decision (research notes §2.3), so these defaults are local and say so.
        SettingSpec(
            "caseload.weight-child-protection",
            float,
            1.0,
            "What a child on a protection plan (or awaiting a conference) counts as, in looked-after children",
            source="local: the Handbook's band covers looked-after children only; 1 counts them alike",
            minimum=0,
        ),
        SettingSpec(
            "caseload.child-protection-per-family",
            bool,
            False,
            "Count child protection work per family (one conference for a sibling group) instead of per child",
            source="local",
        ),
        SettingSpec(
            "caseload.weight-cse",
            float,
            1.0,
            "What a child with an open exploitation (CSE) concern counts as, in looked-after children",
            source="local",
            minimum=0,
        ),
        SettingSpec(
            "caseload.weight-foster-household",
            float,
            0.25,
            "What an allocated foster household counts as, in looked-after children",
            source="local: one review a year (FSR 2011 reg 28) against a looked-after child's two or more",
            minimum=0,
        ),
        # The scheduling assistant (issue #5): local practice, not law.
        SettingSpec(
            "scheduling.travel-minutes",
            int,
            30,
            "Minutes the scheduling assistant keeps free between a chair's meetings (travel between venues)",
            minimum=0,
            maximum=240,
        ),
        SettingSpec(
            "scheduling.notice-working-days",
            int,
            1,
            "Working days' notice a suggested meeting gives (0: from now; 1: from the next working day)",
            source="local: reports go to the chair 3 days before (IRO Handbook); police checks take about 7 days",
            minimum=0,
            maximum=30,
        ),
        SettingSpec(
            "scheduling.expected-people",
            int,
            6,
            "People a suggested or planned meeting needs seats for when its invitees are not entered yet",
            minimum=1,
            maximum=100,
        ),
        SettingSpec(
            "scheduling.step-minutes",
            int,
            30,
            "Start times the scheduling assistant suggests: every N minutes from the chair's day start",
            minimum=5,
            maximum=120,
        ),
    )
}


# How long each kind of meeting is booked for unless the diary manager says otherwise (the booking dialog's default).
DEFAULT_MEETING_MINUTES = {
    "icpc": 120,
    "transfer-in": 120,
    "pre-birth": 120,
    "rcpc": 90,
    "cla-review": 90,
    "cse-strategy": 90,
    "cse-review": 60,
    "foster-review": 90,
}
MEETING_MINUTES_PREFIX = "booking.minutes."
SETTINGS.update(
    {
        spec.key: spec
        for spec in (
            SettingSpec(
                f"{MEETING_MINUTES_PREFIX}{kind}",
                int,
                minutes,
                f"Default length of a {kind} meeting, in minutes",
                minimum=15,
                maximum=480,
            )
            for kind, minutes in DEFAULT_MEETING_MINUTES.items()
        )
    }
)


# Causes for concern: the working days each escalation stage has to respond (issue #12). The escalation protocol is
# the council's own, so these are local: 5 working days at every stage unless the service decides otherwise.
CONCERN_STAGE_WORKING_DAYS = 5
SETTINGS.update(
    {
        spec.key: spec
        for spec in (
            SettingSpec(
                stage_setting(stage),
                int,
                CONCERN_STAGE_WORKING_DAYS,
                f"Cause for concern: working days for a response at stage {stage.number} ({stage.label.lower()})",
                source="local: the service's escalation protocol (5 working days at each stage by default)",
                minimum=1,
                maximum=60,
            )
            for stage in Stage
        )
    }
)


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
