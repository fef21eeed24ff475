"""The code lists of quality assurance: escalation stages, how a stage ended, outcomes, themes and answers.

Stored values are the codes (stable for the CLI, the JSON and the database); labels are what people read.
"""

from __future__ import annotations

from enum import StrEnum

from iro_diary.domain.codes import MeetingKind


class Stage(StrEnum):
    """The escalation stages of a cause for concern, in order (the service's escalation protocol)."""

    INFORMAL = "informal-resolution"
    TEAM_MANAGER = "team-manager"
    SERVICE_MANAGER = "service-manager"
    HEAD_OF_SERVICE = "head-of-service"
    DIRECTOR = "director"

    @property
    def label(self) -> str:
        return _STAGE_LABELS[self]

    @property
    def number(self) -> int:
        """1 for informal resolution … 5 for the director."""
        return list(Stage).index(self) + 1

    @property
    def next(self) -> Stage | None:
        """The stage a concern escalates to from this one (None from the director: there is no higher)."""
        stages = list(Stage)
        position = stages.index(self)
        return stages[position + 1] if position + 1 < len(stages) else None


_STAGE_LABELS = {
    Stage.INFORMAL: "Informal resolution",
    Stage.TEAM_MANAGER: "Team manager",
    Stage.SERVICE_MANAGER: "Service manager",
    Stage.HEAD_OF_SERVICE: "Head of service",
    Stage.DIRECTOR: "Director",
}


class StageEnd(StrEnum):
    """How a stage ended: escalated (and why), or the concern was closed at it."""

    NO_RESPONSE = "escalated-no-response"
    NOT_RESOLVED = "escalated-not-resolved"
    EARLY = "escalated-early"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return {
            StageEnd.NO_RESPONSE: "Escalated: no response by the deadline",
            StageEnd.NOT_RESOLVED: "Escalated: the response did not resolve the concern",
            StageEnd.EARLY: "Escalated before the deadline",
            StageEnd.CLOSED: "Concern closed",
        }[self]


class Outcome(StrEnum):
    """How a cause for concern ended."""

    RESOLVED = "resolved"
    PARTLY_RESOLVED = "partly-resolved"
    NOT_RESOLVED = "not-resolved"
    WITHDRAWN = "withdrawn"

    @property
    def label(self) -> str:
        return {
            Outcome.RESOLVED: "Resolved",
            Outcome.PARTLY_RESOLVED: "Partly resolved",
            Outcome.NOT_RESOLVED: "Closed without resolution",
            Outcome.WITHDRAWN: "Withdrawn",
        }[self]


class WorkArea(StrEnum):
    """Which of the service's work a concern is about (the report gives its themes for each)."""

    CHILD_PROTECTION = "child-protection"
    CHILDREN_IN_CARE = "children-in-care"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {
            WorkArea.CHILD_PROTECTION: "Child protection",
            WorkArea.CHILDREN_IN_CARE: "Children in care",
            WorkArea.OTHER: "Other (exploitation, fostering)",
        }[self]


def area_of_meeting(kind: MeetingKind) -> WorkArea:
    """The area a meeting belongs to: conferences are child protection, looked-after reviews children in care."""
    if kind.is_conference:
        return WorkArea.CHILD_PROTECTION
    if kind is MeetingKind.CLA_REVIEW:
        return WorkArea.CHILDREN_IN_CARE
    return WorkArea.OTHER


class ThemeKind(StrEnum):
    """Themes are kept in two lists the service edits: one for concerns, one for good practice."""

    CONCERN = "concern"
    GOOD_PRACTICE = "good-practice"

    @property
    def label(self) -> str:
        return "Cause for concern" if self is ThemeKind.CONCERN else "Good practice"


class AuditScope(StrEnum):
    """Which held meetings a live-audit checklist item is asked at."""

    LOOKED_AFTER = "looked-after"
    CONFERENCES = "conferences"
    BOTH = "both"

    @property
    def label(self) -> str:
        return {
            AuditScope.LOOKED_AFTER: "Looked-after reviews",
            AuditScope.CONFERENCES: "Child protection conferences",
            AuditScope.BOTH: "Reviews and conferences",
        }[self]

    def covers(self, kind: MeetingKind) -> bool:
        if kind is MeetingKind.CLA_REVIEW:
            return self in (AuditScope.LOOKED_AFTER, AuditScope.BOTH)
        if kind.is_conference:
            return self in (AuditScope.CONFERENCES, AuditScope.BOTH)
        return False


def audited(kind: MeetingKind) -> bool:
    """Whether the live audit is answered when a meeting of this kind is held (reviews and conferences)."""
    return kind is MeetingKind.CLA_REVIEW or kind.is_conference


class Answer(StrEnum):
    """An answer to a checklist item. Not applicable answers are left out of the percentages."""

    YES = "yes"
    NO = "no"
    NOT_APPLICABLE = "n/a"

    @property
    def label(self) -> str:
        return {Answer.YES: "Yes", Answer.NO: "No", Answer.NOT_APPLICABLE: "Not applicable"}[self]


# The themes the service starts with (IRO annual report 2016/17, "Causes for concern" and "Complements"); the
# service edits the lists in the Quality assurance pane.
STARTING_CONCERN_THEMES = (
    "Work not completed in a timely way",
    "Reports not available before the meeting",
    "Contact arrangements not progressed",
    "Care plan not submitted before the meeting",
)
STARTING_GOOD_PRACTICE_THEMES = (
    "Timely progress of a complex plan",
    "Persistence in achieving permanence",
    "High-quality reports",
)
# The live-audit checklist the service starts with: code, question, where it is asked. The report's live audit
# tool looks at "key issues that impact on the life chances and outcomes for children in care" (PEPs, health
# assessments); the IRO Handbook asks the IRO to speak to the child before each review and to have reports 3 days
# before it (resources/rules/timescales.toml, reminders).
STARTING_CHECKLIST = (
    ("pep", "Personal education plan (PEP) in date", AuditScope.LOOKED_AFTER),
    ("health", "Health assessment in date", AuditScope.LOOKED_AFTER),
    ("child-spoken-to", "Child spoken to by the IRO before the review", AuditScope.LOOKED_AFTER),
    ("reports-shared", "Reports shared 3 days before the meeting", AuditScope.BOTH),
    ("contact", "Contact arrangements progressed", AuditScope.LOOKED_AFTER),
    ("timely-work", "Work progressed in a timely way since the last meeting", AuditScope.BOTH),
    ("core-group", "Core group meetings held as the plan requires", AuditScope.CONFERENCES),
)
