"""The people who use the app (issue #10): found by their login, listed for the Users settings."""

from __future__ import annotations

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from iro_diary.store.models import Iro, StaffUser


class UserRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def any(self) -> bool:
        return self.session.scalar(select(StaffUser.id).limit(1)) is not None

    def get(self, user_id: int) -> StaffUser | None:
        return self.session.get(StaffUser, user_id)

    def by_login(self, login: str) -> StaffUser | None:
        return self.session.scalars(select(StaffUser).where(func.lower(StaffUser.login) == login.lower())).first()

    def by_iro(self, iro_id: int) -> StaffUser | None:
        return self.session.scalars(select(StaffUser).where(StaffUser.iro_id == iro_id)).first()

    def all_with_iro_names(self) -> list[tuple[StaffUser, str | None]]:
        rows = self.session.execute(
            select(StaffUser, Iro.name).outerjoin(Iro, Iro.id == StaffUser.iro_id).order_by(func.lower(StaffUser.name))
        )
        return [(user, iro_name) for user, iro_name in rows]

    def active_holding(self, role_code: str) -> list[StaffUser]:
        """Active users whose roles include `role_code` (roles are codes separated by spaces)."""
        padded = " " + StaffUser.roles + " "
        return list(self.session.scalars(select(StaffUser).where(StaffUser.active, padded.contains(f" {role_code} "))))

    def iro_name(self, iro_id: int) -> str | None:
        return self.session.scalar(select(Iro.name).where(Iro.id == iro_id))

    def remove_logins_starting(self, prefix: str) -> None:
        """Remove the users whose login starts with `prefix` (the demo's invented colleagues, before new ones)."""
        self.session.execute(delete(StaffUser).where(StaffUser.login.startswith(prefix, autoescape=True)))

    def add(self, user: StaffUser) -> StaffUser:
        self.session.add(user)
        self.session.flush()
        return user
