"""Invented colleagues for the demo service (issue #10): someone with each role — a diary manager, a team lead, and
every demo IRO as an IRO — so the Users settings and what each role may do can be tried out.

Their logins start with "demo." (nobody signs in to a PC with those), so loading the demo again replaces them; the
person who loads the demo keeps their own record and roles.
"""

from __future__ import annotations

import datetime as dt

from iro_diary.domain.access import Role
from iro_diary.services.demo.records import Row

DEMO_LOGIN_PREFIX = "demo."


def _user(login: str, name: str, role: Role, now: dt.datetime, by: str, iro_id: int | None = None) -> Row:
    return {
        "login": f"{DEMO_LOGIN_PREFIX}{login}",
        "name": name,
        "roles": role.value,
        "iro_id": iro_id,
        "active": True,
        "created_at": now,
        "created_by": by,
        "version": 1,
    }


def demo_colleagues(iros: list[Row], now: dt.datetime, by: str) -> list[Row]:
    """App users for the demo's people: two office roles, and one IRO user per demo IRO."""
    rows = [
        _user("manager", "Dee Manager (demo)", Role.DIARY_MANAGER, now, by),
        _user("lead", "Lee Lead (demo)", Role.TEAM_LEAD, now, by),
    ]
    rows += [
        _user(str(iro["email"]).split("@", 1)[0], str(iro["name"]), Role.IRO, now, by, int(iro["id"])) for iro in iros
    ]
    return rows
