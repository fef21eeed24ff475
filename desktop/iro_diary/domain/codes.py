"""The service's code lists: DfE's where they exist, so data can come from and go to the case system.

Sources: CIN census XSD 2024 (category of abuse, ethnicity), SSDA903 2024 (legal status, review participation);
see ../shared/context/statutory-timescales-research.md §6.
"""

from __future__ import annotations

from enum import StrEnum


class MeetingKind(StrEnum):
    """What a meeting is for. The values are the CLI and CSV spellings."""

    STRATEGY_DISCUSSION = "strategy-discussion"
    ICPC = "icpc"
    TRANSFER_IN = "transfer-in"
    PRE_BIRTH = "pre-birth"
    RCPC = "rcpc"
    CLA_REVIEW = "cla-review"
    CSE_STRATEGY = "cse-strategy"
    CSE_REVIEW = "cse-review"
    FOSTER_REVIEW = "foster-review"

    @property
    def label(self) -> str:
        return _KIND_LABELS[self]

    @property
    def is_conference(self) -> bool:
        """A child protection conference (initial, transfer-in, pre-birth or review)."""
        return self in (MeetingKind.ICPC, MeetingKind.TRANSFER_IN, MeetingKind.PRE_BIRTH, MeetingKind.RCPC)


_KIND_LABELS = {
    MeetingKind.STRATEGY_DISCUSSION: "Strategy discussion",
    MeetingKind.ICPC: "Initial child protection conference",
    MeetingKind.TRANSFER_IN: "Transfer-in conference",
    MeetingKind.PRE_BIRTH: "Pre-birth conference",
    MeetingKind.RCPC: "Review child protection conference",
    MeetingKind.CLA_REVIEW: "Looked-after review",
    MeetingKind.CSE_STRATEGY: "CSE strategy meeting",
    MeetingKind.CSE_REVIEW: "CSE review meeting",
    MeetingKind.FOSTER_REVIEW: "Foster carer review",
}


class MeetingStatus(StrEnum):
    PROVISIONAL = "provisional"
    BOOKED = "booked"
    HELD = "held"
    CANCELLED = "cancelled"

    @property
    def occupies_diary(self) -> bool:
        """Whether the meeting takes up its chair's and room's time (everything but a cancellation)."""
        return self is not MeetingStatus.CANCELLED


class Team(StrEnum):
    CHILDREN_IN_CARE = "children-in-care"
    CHILD_PROTECTION = "child-protection"
    FOSTERING = "fostering"
    MIXED = "mixed"

    @property
    def label(self) -> str:
        return {
            Team.CHILDREN_IN_CARE: "Children in care",
            Team.CHILD_PROTECTION: "Child protection",
            Team.FOSTERING: "Fostering",
            Team.MIXED: "Mixed",
        }[self]


class Sex(StrEnum):
    MALE = "M"
    FEMALE = "F"
    UNKNOWN = "U"


class PlanCategory(StrEnum):
    """CIN census category of abuse (InitialCategoryOfAbuse / LatestCategoryOfAbuse)."""

    NEG = "NEG"
    PHY = "PHY"
    EMO = "EMO"
    SAB = "SAB"
    MUL = "MUL"

    @property
    def label(self) -> str:
        return {
            "NEG": "Neglect",
            "PHY": "Physical abuse",
            "EMO": "Emotional abuse",
            "SAB": "Sexual abuse",
            "MUL": "Multiple",
        }[self.value]


ETHNICITY_LABELS: dict[str, str] = {
    "WBRI": "White British",
    "WIRI": "White Irish",
    "WIRT": "Traveller of Irish heritage",
    "WOTH": "Any other White background",
    "WROM": "Gypsy/Roma",
    "MWBC": "White and Black Caribbean",
    "MWBA": "White and Black African",
    "MWAS": "White and Asian",
    "MOTH": "Any other mixed background",
    "AIND": "Indian",
    "APKN": "Pakistani",
    "ABAN": "Bangladeshi",
    "AOTH": "Any other Asian background",
    "BCRB": "Caribbean",
    "BAFR": "African",
    "BOTH": "Any other Black background",
    "CHNE": "Chinese",
    "OOTH": "Any other ethnic group",
    "REFU": "Refused",
    "NOBT": "Information not yet obtained",
}

LEGAL_STATUS_LABELS: dict[str, str] = {
    "C1": "Interim care order",
    "C2": "Full care order",
    "D1": "Freeing order granted",
    "E1": "Placement order granted",
    "V2": "Single period of accommodation under section 20",
    "V3": "Agreed series of short-term breaks (episodes recorded)",
    "V4": "Agreed series of short-term breaks (agreements recorded)",
    "L1": "Police protection, in local authority accommodation",
    "L2": "Emergency protection order",
    "L3": "Child assessment order, in local authority accommodation",
    "J1": "Remanded to local authority or youth detention accommodation",
    "J2": "Placed in local authority accommodation under PACE 1984",
    "J3": "Youth Rehabilitation Order with residence or intensive fostering",
}

# SSDA903 legal statuses under which a child is on a series of short breaks: reviews follow reg 48
# (Care Planning, Placement and Case Review (England) Regulations 2010), not reg 33.
SHORT_BREAK_LEGAL_STATUSES = frozenset({"V3", "V4"})

PARTICIPATION_LABELS: dict[str, str] = {
    "PN0": "Child aged under 4 at the time of the review",
    "PN1": "Attends and speaks for themselves",
    "PN2": "Attends; an advocate speaks for them",
    "PN3": "Attends and conveys views symbolically",
    "PN4": "Attends without contributing",
    "PN5": "Does not attend; briefs an advocate",
    "PN6": "Does not attend; conveys views by another medium",
    "PN7": "Does not attend; views not conveyed",
}

# SSDA903 rule 440/441: PN0 is used only for a child under 4 on the review date, and only then.
VIEWS_CONVEYED_CODES = frozenset({"PN1", "PN2", "PN3", "PN4", "PN5", "PN6"})


class AbsenceKind(StrEnum):
    LEAVE = "leave"
    TRAINING = "training"
    SICKNESS = "sickness"
    OTHER = "other"


class AttendeeRole(StrEnum):
    """How an invitee takes part; mapped to iCalendar ROLE in invites."""

    CHAIR = "chair"
    REQUIRED = "required"
    OPTIONAL = "optional"
    MINUTE_TAKER = "minute-taker"


WEEKDAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def parse_working_days(text: str) -> frozenset[int]:
    """'Mon Tue Wed' -> {0, 1, 2} (Monday is 0). Raises ValueError on an unknown day name."""
    days: set[int] = set()
    for word in text.replace(",", " ").split():
        name = word.strip()[:3].title()
        if name not in WEEKDAY_NAMES:
            raise ValueError(f"'{word}' is not a day of the week (use Mon Tue Wed Thu Fri)")
        days.add(WEEKDAY_NAMES.index(name))
    if not days:
        raise ValueError("no working days given (use e.g. 'Mon Tue Wed')")
    return frozenset(days)


def format_working_days(days: frozenset[int] | set[int]) -> str:
    """{0, 1, 2} -> 'Mon Tue Wed'."""
    return " ".join(WEEKDAY_NAMES[d] for d in sorted(days))
