"""Children, families and the events that start statutory clocks.

Due dates are never stored here: they are derived from these events (episodes, plans, strategy discussions,
referrals, approvals) and from held meetings by the domain rules (the answered ones are kept, checked against
`facts_version`, in models/compliance.py).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Date,
    Float,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from iro_diary.domain.codes import MeetingKind, PlanCategory, Sex
from iro_diary.store.base import Base, Versioned, code_enum
from iro_diary.store.models.staff import Iro


class Family(Versioned, Base):
    """A sibling group: conferences are usually held for a family."""

    __tablename__ = "family"

    id: Mapped[int] = mapped_column(primary_key=True)
    family_ref: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(120))

    children: Mapped[list[Child]] = relationship(back_populates="family", lazy="raise")


class Child(Versioned, Base):
    """A child the service reviews (or an unborn baby, with an expected date of delivery)."""

    __tablename__ = "child"
    __table_args__ = (
        CheckConstraint("date_of_birth IS NOT NULL OR expected_delivery IS NOT NULL", name="born_or_expected"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_ref: Mapped[str] = mapped_column(String(40), unique=True)
    given_name: Mapped[str] = mapped_column(String(80))
    family_name: Mapped[str] = mapped_column(String(80))
    date_of_birth: Mapped[dt.date | None] = mapped_column(Date)
    expected_delivery: Mapped[dt.date | None] = mapped_column(Date)
    sex: Mapped[Sex] = mapped_column(code_enum(Sex, "sex"), default=Sex.UNKNOWN)
    ethnicity: Mapped[str] = mapped_column(String(4), default="NOBT")
    family_id: Mapped[int | None] = mapped_column(ForeignKey("family.id", ondelete="SET NULL"), index=True)
    allocated_iro_id: Mapped[int | None] = mapped_column(ForeignKey("iro.id", ondelete="SET NULL"), index=True)
    social_worker: Mapped[str | None] = mapped_column(String(120))
    social_worker_email: Mapped[str | None] = mapped_column(String(254))
    # Raised by database triggers whenever anything the child's statutory chains read changes (models/compliance).
    facts_version: Mapped[int] = mapped_column(Integer, nullable=False, default=0, server_default="0")

    family: Mapped[Family | None] = relationship(back_populates="children", lazy="raise")
    allocated_iro: Mapped[Iro | None] = relationship(lazy="raise")
    care_episodes: Mapped[list[CareEpisode]] = relationship(back_populates="child", lazy="raise")
    protection_plans: Mapped[list[ProtectionPlan]] = relationship(back_populates="child", lazy="raise")


class IroAllocation(Base):
    """Who was the child's IRO, and when: kept so caseload history can be reported month by month."""

    __tablename__ = "iro_allocation"
    __table_args__ = (CheckConstraint("end_date IS NULL OR end_date >= start_date", name="ends_after_start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("child.id", ondelete="CASCADE"), index=True)
    iro_id: Mapped[int] = mapped_column(ForeignKey("iro.id", ondelete="CASCADE"), index=True)
    start_date: Mapped[dt.date] = mapped_column(Date)
    end_date: Mapped[dt.date | None] = mapped_column(Date)


class CareEpisode(Versioned, Base):
    """A period of being looked after: its start starts the looked-after review chain, its end stops it."""

    __tablename__ = "care_episode"
    __table_args__ = (
        CheckConstraint("end_date IS NULL OR end_date >= start_date", name="ends_after_start"),
        CheckConstraint(
            "placement_distance_miles IS NULL OR placement_distance_miles >= 0", name="distance_not_negative"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("child.id", ondelete="CASCADE"), index=True)
    start_date: Mapped[dt.date] = mapped_column(Date)
    end_date: Mapped[dt.date | None] = mapped_column(Date)
    legal_status: Mapped[str] = mapped_column(String(2))
    placement_distance_miles: Mapped[float | None] = mapped_column(Float)

    child: Mapped[Child] = relationship(back_populates="care_episodes", lazy="raise")


class ProtectionPlan(Versioned, Base):
    """A child protection plan: made at an initial conference, reviewed until it ends."""

    __tablename__ = "protection_plan"
    __table_args__ = (CheckConstraint("end_date IS NULL OR end_date >= start_date", name="ends_after_start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("child.id", ondelete="CASCADE"), index=True)
    start_date: Mapped[dt.date] = mapped_column(Date)
    end_date: Mapped[dt.date | None] = mapped_column(Date)
    category: Mapped[PlanCategory] = mapped_column(code_enum(PlanCategory, "plan_category"))

    child: Mapped[Child] = relationship(back_populates="protection_plans", lazy="raise")


strategy_discussion_child = Table(
    "strategy_discussion_child",
    Base.metadata,
    Column("strategy_discussion_id", ForeignKey("strategy_discussion.id", ondelete="CASCADE"), primary_key=True),
    Column("child_id", ForeignKey("child.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class StrategyDiscussion(Versioned, Base):
    """A strategy discussion (Working Together): the one that initiates s47 enquiries starts the ICPC clock."""

    __tablename__ = "strategy_discussion"

    id: Mapped[int] = mapped_column(primary_key=True)
    held_on: Mapped[dt.date] = mapped_column(Date, index=True)
    s47_initiated: Mapped[bool] = mapped_column(Boolean, default=True)
    # CIN census ICPCnotRequired (N00111): the enquiry concluded without the need for a conference.
    conference_not_required: Mapped[bool] = mapped_column(Boolean, default=False)
    family_id: Mapped[int | None] = mapped_column(ForeignKey("family.id", ondelete="SET NULL"))
    note: Mapped[str | None] = mapped_column(Text)

    children: Mapped[list[Child]] = relationship(secondary=strategy_discussion_child, lazy="raise")


transfer_notification_child = Table(
    "transfer_notification_child",
    Base.metadata,
    Column(
        "transfer_notification_id",
        ForeignKey("transfer_notification.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("child_id", ForeignKey("child.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class TransferNotification(Versioned, Base):
    """Written notice that a child on another authority's plan has moved here: starts the transfer-in clock."""

    __tablename__ = "transfer_notification"

    id: Mapped[int] = mapped_column(primary_key=True)
    received_on: Mapped[dt.date] = mapped_column(Date)
    from_authority: Mapped[str] = mapped_column(String(120))
    family_id: Mapped[int | None] = mapped_column(ForeignKey("family.id", ondelete="SET NULL"))

    children: Mapped[list[Child]] = relationship(secondary=transfer_notification_child, lazy="raise")


class ExploitationConcern(Versioned, Base):
    """A referral for (sexual or criminal) exploitation: starts the CSE strategy meeting clock."""

    __tablename__ = "exploitation_concern"
    __table_args__ = (CheckConstraint("closed_on IS NULL OR closed_on >= referred_on", name="closes_after_referral"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("child.id", ondelete="CASCADE"), index=True)
    referred_on: Mapped[dt.date] = mapped_column(Date)
    urgent: Mapped[bool] = mapped_column(Boolean, default=False)
    closed_on: Mapped[dt.date | None] = mapped_column(Date)


class EarlyReviewRequest(Versioned, Base):
    """A review brought forward (CPPCR 2010 reg 33(3); a conference brought forward by its chair).

    The date set when requested overrides the regular due date until a meeting answers it.
    """

    __tablename__ = "early_review_request"

    id: Mapped[int] = mapped_column(primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("child.id", ondelete="CASCADE"), index=True)
    meeting_kind: Mapped[MeetingKind] = mapped_column(code_enum(MeetingKind, "early_review_kind"))
    requested_on: Mapped[dt.date] = mapped_column(Date)
    due_on: Mapped[dt.date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(String(40))
    note: Mapped[str | None] = mapped_column(Text)
    withdrawn: Mapped[bool] = mapped_column(Boolean, default=False)


class FosterHousehold(Versioned, Base):
    """An approved foster household: its approval starts the annual foster carer review chain."""

    __tablename__ = "foster_household"
    __table_args__ = (
        CheckConstraint(
            "deregistered_on IS NULL OR deregistered_on >= approved_on", name="deregistered_after_approval"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    household_ref: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    approved_on: Mapped[dt.date] = mapped_column(Date)
    deregistered_on: Mapped[dt.date | None] = mapped_column(Date)
    allocated_iro_id: Mapped[int | None] = mapped_column(ForeignKey("iro.id", ondelete="SET NULL"), index=True)
    facts_version: Mapped[int] = mapped_column(Integer, nullable=False, default=0, server_default="0")
