"""The people who use the app (issue #10): who is signed in, registering yourself, and managing users and roles.

Signing in is by operating-system login (the PC already knows who you are; there is no second password), and it
only reads: opening a diary never writes to it.

While a diary has no administrator (a brand-new one, one upgraded from before users existed, or the demo, whose
invented colleagues hold the other roles), whoever uses it may do everything — an embedded single-user diary just
works — and the first person to say who they are, or to add a user, becomes its administrator with every role.
Once it has one, a login the diary does not know may read everything and is asked once who they are
(`register_me`): they become a user with the IRO role if they say which IRO they are, or with no role; an
administrator gives other roles.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy.orm import Session

from iro_diary.domain.access import EVERY_ROLE, Permission, Person, Role, parse_roles, roles_label, roles_text
from iro_diary.domain.errors import NotFound, StaleEdit, ValidationError
from iro_diary.services import audit
from iro_diary.services.access import check, open_to_everyone, requires
from iro_diary.services.changes import Changes
from iro_diary.services.context import ServiceContext
from iro_diary.store.models import StaffUser
from iro_diary.store.repositories.users import UserRepository

FIRST_USER_ROLES = frozenset({Role.DIARY_MANAGER, Role.TEAM_LEAD, Role.ADMINISTRATOR})
FIELDS = ("login", "name", "roles", "iro_id", "active")


@dataclass(frozen=True, slots=True)
class UserRow:
    id: int
    login: str
    name: str
    roles: frozenset[Role]
    iro_id: int | None
    iro_name: str | None
    active: bool
    version: int

    @property
    def roles_text(self) -> str:
        return roles_label(self.roles)


@dataclass(frozen=True, slots=True)
class SignIn:
    """Who signed in, and whether the diary asks them who they are (new to it, or its brand-new administrator)."""

    person: Person
    ask_who: bool
    first_user: bool


def actor_of(person: Person) -> str:
    """How a person is named in the audit trail and in "changed by …"."""
    return person.login if person.name == person.login else f"{person.name} ({person.login})"


def _row(user: StaffUser, iro_name: str | None) -> UserRow:
    return UserRow(
        user.id, user.login, user.name, parse_roles(user.roles), user.iro_id, iro_name, user.active, user.version
    )


def _person(user: StaffUser) -> Person:
    roles = parse_roles(user.roles) if user.active else frozenset()
    return Person(user.login, user.name, roles, user.iro_id if user.active else None, user.id)


class UsersService:
    def __init__(self, ctx: ServiceContext) -> None:
        self._ctx = ctx

    # -- signing in -------------------------------------------------------------------------------------------

    @open_to_everyone
    def sign_in(self, login: str, name: str = "") -> SignIn:
        """Sign the person using this PC in by their login (see the module's note on a diary without users)."""
        login, name = _clean_login(login), name.strip() or login
        with self._ctx.db.read() as session:
            repo = UserRepository(session)
            found = repo.by_login(login)
            administered = bool(repo.active_holding(Role.ADMINISTRATOR.value))
        if not administered:
            person = Person(
                login, found.name if found else name, FIRST_USER_ROLES, found.iro_id if found else None,
                found.id if found else None, provisional=True,
            )  # fmt: skip
        else:
            person = _person(found) if found is not None else Person(login, name, frozenset())
        self._use(person)
        return SignIn(person, ask_who=not administered or found is None, first_user=not administered)

    def _become_first_administrator(self, session: Session, name: str, iro_id: int | None) -> StaffUser:
        """The person using a diary without an administrator becomes its administrator (in `session`)."""
        me = self._ctx.person
        assert me is not None and me.provisional
        repo = UserRepository(session)
        if repo.active_holding(Role.ADMINISTRATOR.value):
            raise ValidationError("Someone else has just become this diary's administrator: start IRO Diary again.")
        roles = FIRST_USER_ROLES | ({Role.IRO} if iro_id is not None else set())
        self._check_iro_free(repo, iro_id, me.user_id)
        user = repo.by_login(me.login)
        before = audit.snapshot(user, FIELDS) if user is not None else None
        if user is None:
            user = repo.add(self._new_user(me.login, name, frozenset(roles), iro_id))
        else:
            user.name, user.roles, user.iro_id, user.active = name, roles_text(roles), iro_id, True
            session.flush()
        audit.record(
            session, self._ctx, action="first-administrator", entity="user", entity_id=me.login,
            summary=f"{name} became the diary's administrator", before=before, after=audit.snapshot(user, FIELDS),
        )  # fmt: skip
        return user

    def _use(self, person: Person) -> None:
        self._ctx.person = person
        self._ctx.actor = actor_of(person)

    def me(self) -> Person:
        """Who is signed in (someone the diary does not know yet, when services were built without a sign-in)."""
        return self._ctx.person or Person(self._ctx.actor, self._ctx.actor, EVERY_ROLE)

    @open_to_everyone
    def register_me(self, name: str, iro_id: int | None) -> tuple[Person, Changes]:
        """The person signed in, not yet a user, says who they are: a user with the IRO role if they are one."""
        me = self._ctx.person
        if me is None or me.known:
            raise ValidationError("You are already a user of this diary.")
        name = _clean_name(name)
        with self._ctx.db.write() as session:
            repo = UserRepository(session)
            if repo.by_login(me.login) is not None:
                raise ValidationError("You are already a user of this diary: start IRO Diary again to use it.")
            self._check_iro_free(repo, iro_id, None)
            roles = frozenset({Role.IRO}) if iro_id is not None else frozenset()
            user = repo.add(self._new_user(me.login, name, roles, iro_id))
            audit.record(
                session, self._ctx, action="register", entity="user", entity_id=me.login,
                summary=f"{name} started using the diary ({roles_label(roles)})", after=audit.snapshot(user, FIELDS),
            )  # fmt: skip
            person = _person(user)
        self._use(person)
        return person, Changes(users=frozenset({person.user_id or 0}))

    @open_to_everyone
    def introduce(self, name: str, iro_id: int | None) -> tuple[Person, Changes]:
        """The first-start question answered: someone new registers (`register_me`); someone known (the diary's
        first user) gives their name, and — if they may manage users — which IRO they are."""
        me = self._ctx.person
        if me is not None and me.provisional:
            with self._ctx.db.write() as session:
                person = _person(self._become_first_administrator(session, _clean_name(name), iro_id))
            self._use(person)
            return person, Changes(users=frozenset({person.user_id or 0}))
        if me is None or not me.known:
            return self.register_me(name, iro_id)
        name = _clean_name(name)
        with self._ctx.db.write() as session:
            repo = UserRepository(session)
            user = repo.get(me.user_id or 0)
            if user is None:
                raise NotFound("Your user record no longer exists: start IRO Diary again.")
            if iro_id != user.iro_id:
                check(self._ctx, Permission.USERS)
                self._check_iro_free(repo, iro_id, user.id)
            before = audit.snapshot(user, FIELDS)
            user.name, user.iro_id = name, iro_id
            if iro_id is not None and Role.IRO.value not in user.roles.split():
                user.roles = roles_text(parse_roles(user.roles) | {Role.IRO})
            session.flush()
            audit.record(
                session, self._ctx, action="change-user", entity="user", entity_id=user.login,
                summary=f"{name} said who they are", before=before, after=audit.snapshot(user, FIELDS),
            )  # fmt: skip
            person = _person(user)
        self._use(person)
        return person, Changes(users=frozenset({person.user_id or 0}))

    # -- managing users ---------------------------------------------------------------------------------------

    def users(self) -> list[UserRow]:
        with self._ctx.db.read() as session:
            return [_row(user, iro) for user, iro in UserRepository(session).all_with_iro_names()]

    @requires(Permission.USERS)
    def add_user(
        self, login: str, name: str, roles: Iterable[Role], iro_id: int | None = None
    ) -> tuple[UserRow, Changes]:
        """Give a colleague access: their login on the council's PCs, their name, their roles."""
        login, name, held = _clean_login(login), _clean_name(name), frozenset(roles)
        with self._ctx.db.write() as session:
            promoted = self._administrator_first(session)
            repo = UserRepository(session)
            if repo.by_login(login) is not None:
                raise ValidationError(f"{login} is already a user of this diary")
            self._check_iro_free(repo, iro_id, None)
            user = repo.add(self._new_user(login, name, held, iro_id))
            audit.record(
                session, self._ctx, action="add-user", entity="user", entity_id=login,
                summary=f"Added {name} ({roles_label(held)})", after=audit.snapshot(user, FIELDS),
            )  # fmt: skip
            user_id = user.id
        if promoted is not None:
            self._use(promoted)
        return self._user_row(user_id), Changes(users=frozenset({user_id}))

    @requires(Permission.USERS)
    def change_user(
        self, user_id: int, version: int, *, name: str, roles: Iterable[Role], iro_id: int | None, active: bool
    ) -> tuple[UserRow, Changes]:
        """Change a user's name, roles, IRO record or whether they may use the diary at all."""
        name, held = _clean_name(name), frozenset(roles)
        with self._ctx.db.write() as session:
            promoted = self._administrator_first(session)
            repo = UserRepository(session)
            user = repo.get(user_id)
            if user is None:
                raise NotFound("That user no longer exists.")
            if user.version != version:
                raise StaleEdit(
                    f"{user.name}'s record was changed by someone else since you opened it. Nothing was saved."
                )
            self._check_iro_free(repo, iro_id, user_id)
            before = audit.snapshot(user, FIELDS)
            user.name, user.roles, user.iro_id, user.active = name, roles_text(held), iro_id, active
            session.flush()
            _keep_an_administrator(repo)
            audit.record(
                session, self._ctx, action="change-user", entity="user", entity_id=user.login,
                summary=f"Changed {name}: {roles_label(held)}{'' if active else ', switched off'}",
                before=before, after=audit.snapshot(user, FIELDS),
            )  # fmt: skip
        if promoted is not None:
            self._use(promoted)
        return self._user_row(user_id), Changes(users=frozenset({user_id}))

    def _administrator_first(self, session: Session) -> Person | None:
        """Someone managing users of a diary without an administrator becomes it first, so nobody is locked out;
        who they then are (to use once the transaction has committed)."""
        me = self._ctx.person
        if me is None or not me.provisional:
            return None
        return _person(self._become_first_administrator(session, me.name, me.iro_id))

    def _user_row(self, user_id: int) -> UserRow:
        with self._ctx.db.read() as session:
            repo = UserRepository(session)
            user = repo.get(user_id)
            if user is None:
                raise NotFound("That user no longer exists.")
            return _row(user, repo.iro_name(user.iro_id) if user.iro_id is not None else None)

    def _new_user(self, login: str, name: str, roles: frozenset[Role], iro_id: int | None) -> StaffUser:
        return StaffUser(
            login=login,
            name=name,
            roles=roles_text(roles),
            iro_id=iro_id,
            active=True,
            created_at=self._ctx.clock.now(),
            created_by=self._ctx.actor,
        )

    @staticmethod
    def _check_iro_free(repo: UserRepository, iro_id: int | None, user_id: int | None) -> None:
        if iro_id is None:
            return
        if repo.iro_name(iro_id) is None:
            raise NotFound("That IRO no longer exists.")
        holder = repo.by_iro(iro_id)
        if holder is not None and holder.id != user_id:
            raise ValidationError(f"That IRO is already {holder.name} ({holder.login}): one user per IRO")


def _keep_an_administrator(repo: UserRepository) -> None:
    if not repo.active_holding(Role.ADMINISTRATOR.value):
        raise ValidationError(
            "Someone must stay an administrator, or nobody could manage users: give the role to someone else first"
        )


def _clean_login(login: str) -> str:
    cleaned = login.strip().lower()
    if not cleaned or len(cleaned) > 120 or any(c.isspace() for c in cleaned):
        raise ValidationError("A login is the name you sign in to your PC with: no spaces, at most 120 characters")
    return cleaned


def _clean_name(name: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned:
        raise ValidationError("Give the person's name")
    return cleaned[:120]
