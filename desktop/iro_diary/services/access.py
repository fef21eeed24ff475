"""Roles enforced in the services (issue #10), not only by hiding buttons.

One mechanism: a public service method that changes something says what it needs,

    @requires(Permission.SETTINGS)
    def set_many(self, values): ...

and is refused with a `PermissionRefused` naming the roles that would allow it, before it touches the database.
A method anyone may call although it writes or returns `Changes` (signing in, hearing other PCs' changes, the app's
own background work) says `@open_to_everyone`.
`tests/unit/test_access.py` fails for a public method returning `Changes` that says neither, so a new service
cannot forget. Reading needs no permission.

Services built without a signed-in person (`ctx.person is None`: tests, the demo builder, scripts that build
`Services` themselves) are not checked; the app and the command line always sign the person in first
(`UsersService.sign_in`).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from typing import Concatenate, ParamSpec, Protocol, TypeVar

from iro_diary.domain.access import Permission, refusal, roles_granting
from iro_diary.domain.errors import PermissionRefused
from iro_diary.services.context import ServiceContext

P = ParamSpec("P")
R = TypeVar("R")
REQUIRES = "__requires__"


class HasContext(Protocol):
    _ctx: ServiceContext


S = TypeVar("S", bound=HasContext)
Method = Callable[Concatenate[S, P], R]


def requires(*permissions: Permission) -> Callable[[Method[S, P, R]], Method[S, P, R]]:
    """Refuse the call unless the person signed in holds a role granting one of `permissions`."""

    def decorate(method: Method[S, P, R]) -> Method[S, P, R]:
        @functools.wraps(method)
        def checked(self: S, /, *args: P.args, **kwargs: P.kwargs) -> R:
            check(self._ctx, *permissions)
            return method(self, *args, **kwargs)

        setattr(checked, REQUIRES, permissions)
        return checked

    return decorate


def open_to_everyone(method: Method[S, P, R]) -> Method[S, P, R]:
    """Mark a method that needs no role although it writes or returns `Changes` (signing in, registering yourself,
    hearing other PCs' changes, the app's own upkeep)."""
    setattr(method, REQUIRES, ())
    return method


def check(ctx: ServiceContext, *permissions: Permission) -> None:
    """PermissionRefused unless the person signed in may do one of `permissions`."""
    person = ctx.person
    if person is None or not permissions or any(person.may(p) for p in permissions):
        return
    raise PermissionRefused(refusal(person, permissions))


def check_chairs(ctx: ServiceContext, chair_ids: Iterable[int | None], ref: str = "") -> None:
    """Someone who may book only in their own diary (an IRO) may change a meeting only if they chair it, before
    and after the change."""
    person = ctx.person
    if person is None or person.may(Permission.BOOK):
        return
    if person.iro_id is not None and all(chair == person.iro_id for chair in chair_ids):
        return
    managers = " or ".join(role.label for role in roles_granting(Permission.BOOK))
    what = f"{ref} is not a meeting you chair" if ref else "That meeting would not be chaired by you"
    raise PermissionRefused(
        f"{what}: as an IRO you can book and change meetings in your own diary only. Changing another IRO's diary "
        f"needs the {managers} role. You are signed in as {person.description}."
    )


def required(method: object) -> tuple[Permission, ...] | None:
    """What a service method was marked as needing: None when it is not marked at all."""
    found = getattr(method, REQUIRES, None)
    return tuple(found) if found is not None else None
