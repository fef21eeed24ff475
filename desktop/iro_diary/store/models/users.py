"""The people who use the app (issue #10): an operating-system login mapped to a name, roles and, for an IRO,
their IRO record."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from iro_diary.store.base import Base, UtcDateTime, Versioned


class StaffUser(Versioned, Base):
    """A person who uses the diary. `roles` holds role codes separated by spaces (`domain.access.Role`)."""

    __tablename__ = "app_user"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The operating-system login name, lower-case (Windows logins are not case-sensitive).
    login: Mapped[str] = mapped_column(String(120), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    roles: Mapped[str] = mapped_column(String(120), default="")
    iro_id: Mapped[int | None] = mapped_column(ForeignKey("iro.id", ondelete="SET NULL"), unique=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    created_by: Mapped[str] = mapped_column(String(120))
