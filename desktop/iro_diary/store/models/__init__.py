"""Every table, importable from one place (Alembic's autogenerate and the repositories use this)."""

from iro_diary.store.base import Base
from iro_diary.store.models.admin import AuditEntry, CalendarDay, ChangeLog, Setting
from iro_diary.store.models.cases import (
    CareEpisode,
    Child,
    EarlyReviewRequest,
    ExploitationConcern,
    Family,
    FosterHousehold,
    IroAllocation,
    ProtectionPlan,
    StrategyDiscussion,
    TransferNotification,
    strategy_discussion_child,
    transfer_notification_child,
)
from iro_diary.store.models.compliance import AnsweredStep, ComplianceMark
from iro_diary.store.models.invites import InviteDelivery, OutboxMessage
from iro_diary.store.models.meetings import Attendee, Meeting, MeetingChild
from iro_diary.store.models.quality import (
    AuditAnswer,
    AuditItem,
    CauseForConcern,
    ConcernStage,
    GoodPractice,
    QualityTheme,
)
from iro_diary.store.models.staff import Absence, Iro, Room
from iro_diary.store.models.users import StaffUser

__all__ = [
    "Absence",
    "AnsweredStep",
    "Attendee",
    "AuditAnswer",
    "AuditEntry",
    "AuditItem",
    "Base",
    "CalendarDay",
    "CareEpisode",
    "CauseForConcern",
    "ChangeLog",
    "Child",
    "ComplianceMark",
    "ConcernStage",
    "EarlyReviewRequest",
    "ExploitationConcern",
    "Family",
    "FosterHousehold",
    "GoodPractice",
    "InviteDelivery",
    "Iro",
    "IroAllocation",
    "Meeting",
    "MeetingChild",
    "OutboxMessage",
    "ProtectionPlan",
    "QualityTheme",
    "Room",
    "Setting",
    "StaffUser",
    "StrategyDiscussion",
    "TransferNotification",
    "strategy_discussion_child",
    "transfer_notification_child",
]
