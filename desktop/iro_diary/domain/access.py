"""Who may do what: the four roles of the service and what each lets a person do (issue #10).

A person holds one or more roles. Reading the diary needs none: anyone the app knows (or does not yet know) may read
it. Every change needs a permission, and a permission comes with one of the roles that grant it. The table below is
the only place that says which role grants what; the services ask it, and a refusal says which roles would do.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    """The values are what `iro-diary users` and the database use."""

    IRO = "iro"
    DIARY_MANAGER = "diary-manager"
    TEAM_LEAD = "team-lead"
    ADMINISTRATOR = "administrator"

    @property
    def label(self) -> str:
        return _ROLE_LABELS[self]


_ROLE_LABELS = {
    Role.IRO: "IRO",
    Role.DIARY_MANAGER: "diary manager",
    Role.TEAM_LEAD: "team lead",
    Role.ADMINISTRATOR: "administrator",
}


class Permission(StrEnum):
    """What a service method needs. The value is the phrase a refusal uses ("… needs the … role")."""

    BOOK = "Booking and changing meetings in anyone's diary"
    OWN_DIARY = "Booking and changing meetings in your own diary"
    WORKLOAD = "Allocating children and rebalancing caseloads"
    REPORTS = "Workload figures and reports"
    SETTINGS = "Changing settings, rules and the calendar"
    USERS = "Managing users and their roles"
    DATA = "Importing, exporting, backing up and restoring the whole diary"
    AUDIT = "Exporting the audit trail"
    QUALITY = "Raising causes for concern, recording good practice and answering the live audit"


# Issue #10: diary manager (book and change anything), IRO (own diary and notes, read others), team lead
# (everything plus workload and reports), administrator (settings, users, rules). Issue #12's quality assurance is an
# IRO's "notes" (the chair raises the concern, records good practice, answers the live audit); a diary manager may
# record them for the chair (they change anything in the diary); the theme lists and checklist are settings.
GRANTS: dict[Role, frozenset[Permission]] = {
    Role.IRO: frozenset({Permission.OWN_DIARY, Permission.QUALITY}),
    Role.DIARY_MANAGER: frozenset({Permission.BOOK, Permission.OWN_DIARY, Permission.QUALITY}),
    Role.TEAM_LEAD: frozenset(
        {
            Permission.BOOK,
            Permission.OWN_DIARY,
            Permission.QUALITY,
            Permission.WORKLOAD,
            Permission.REPORTS,
            Permission.AUDIT,
        }
    ),
    Role.ADMINISTRATOR: frozenset({Permission.SETTINGS, Permission.USERS, Permission.DATA, Permission.AUDIT}),
}

EVERY_ROLE = frozenset(Role)


def parse_roles(text: str) -> frozenset[Role]:
    """Roles from their codes separated by spaces or commas ("diary-manager team-lead"); unknown codes refused."""
    codes = [code for code in text.replace(",", " ").split() if code]
    unknown = [code for code in codes if code not in Role._value2member_map_]
    if unknown:
        known = ", ".join(role.value for role in Role)
        raise ValueError(f"unknown role {unknown[0]!r}: the roles are {known}")
    return frozenset(Role(code) for code in codes)


def roles_text(roles: Iterable[Role]) -> str:
    """Roles as stored: their codes in a fixed order, separated by spaces."""
    held = set(roles)
    return " ".join(role.value for role in Role if role in held)


def roles_label(roles: Iterable[Role]) -> str:
    """Roles for people: "diary manager and team lead"; "no role (read only)" for none."""
    held = set(roles)
    labels = [role.label for role in Role if role in held]
    if not labels:
        return "no role (read only)"
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1]


def roles_granting(permission: Permission) -> tuple[Role, ...]:
    return tuple(role for role in Role if permission in GRANTS[role])


@dataclass(frozen=True, slots=True)
class Person:
    """The person using the app: their login, their name, their roles, and the IRO they are (if they are one).

    `user_id` is None for someone the diary does not know yet (they may read, nothing more). `provisional`: the diary
    has no administrator yet, so whoever uses it may do everything until someone becomes one."""

    login: str
    name: str
    roles: frozenset[Role]
    iro_id: int | None = None
    user_id: int | None = None
    provisional: bool = False

    @property
    def known(self) -> bool:
        return self.user_id is not None or self.provisional

    def may(self, permission: Permission) -> bool:
        return any(permission in GRANTS[role] for role in self.roles)

    @property
    def description(self) -> str:
        """ "Jo Bloggs (jbloggs), diary manager" — for the status bar and refusals."""
        who = self.name if self.name == self.login else f"{self.name} ({self.login})"
        if self.provisional:
            return f"{who}, every role until the diary has an administrator"
        return f"{who}, {roles_label(self.roles)}" if self.known else f"{who}, not yet a user of this diary"


def refusal(person: Person, permissions: Iterable[Permission]) -> str:
    """Why `person` may not do something that needs any of `permissions`, naming the roles that would let them."""
    wanted = list(permissions)
    roles = [role for role in Role if any(p in GRANTS[role] for p in wanted)]
    names = [role.label for role in roles]
    needed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]
    what = wanted[0].value
    if not person.known:
        return (
            f"{what} needs the {needed} role, and {person.login} is not yet a user of this diary. "
            "Ask an administrator to add you (Settings → Users)."
        )
    return f"{what} needs the {needed} role. You are signed in as {person.description}."
