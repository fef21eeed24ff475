"""Users and roles (issue #10): who is signed in, what each role may do, enforced in the services."""

from __future__ import annotations

import dataclasses
import datetime as dt
import inspect
import typing

import pytest

from iro_diary.domain.access import Permission, Person, Role, parse_roles, refusal, roles_label
from iro_diary.domain.codes import MeetingKind
from iro_diary.domain.errors import PermissionRefused, ValidationError
from iro_diary.domain.quality.codes import ThemeKind
from iro_diary.domain.reports.period import ReportPeriod
from iro_diary.services.access import required
from iro_diary.services.changes import Changes
from iro_diary.services.diary_rows import BookingRequest
from iro_diary.services.registry import Services
from tests.factories import make_child, make_iro, make_room

DAY = dt.date(2026, 12, 1)


def sign_in(services: Services, login: str) -> Person:
    return services.users.sign_in(login).person


@pytest.fixture
def team(services: Services) -> dict[str, int]:
    """Two IROs, a room, a child; the first person (the administrator) adds colleagues with each role."""
    db = services.ctx.db
    ids = {"jo": make_iro(db, name="Jo Chair"), "sam": make_iro(db, name="Sam Other"), "room": make_room(db)}
    ids["child"] = make_child(db)
    first = services.users.sign_in("admin", "Ada Admin")
    assert first.first_user and first.person.roles == {Role.DIARY_MANAGER, Role.TEAM_LEAD, Role.ADMINISTRATOR}
    services.users.add_user("manny", "Manny Manager", [Role.DIARY_MANAGER])  # Ada becomes the administrator first
    assert services.users.me().known and not services.users.me().provisional
    services.users.add_user("jo", "Jo Chair", [Role.IRO], iro_id=ids["jo"])
    services.users.add_user("lee", "Lee Lead", [Role.TEAM_LEAD])
    return ids


def booking(ids: dict[str, int], chair: str = "jo", hour: int = 10) -> BookingRequest:
    return BookingRequest(
        MeetingKind.CLA_REVIEW, DAY, dt.time(hour), 60, ids[chair], (ids["child"],), room_id=ids["room"]
    )


def test_a_diary_without_an_administrator_lets_anyone_do_everything_until_the_first_says_who_they_are(
    services: Services,
) -> None:
    signed = services.users.sign_in("Ada", "ada")
    assert signed.first_user and signed.ask_who and signed.person.provisional
    assert signed.person.may(Permission.USERS) and signed.person.description == (
        "ada, every role until the diary has an administrator"
    )
    assert services.users.users() == [], "signing in only reads"
    person, changes = services.users.introduce("Ada Admin", None)
    assert not person.provisional and changes.users == {person.user_id}
    assert services.ctx.actor == "Ada Admin (ada)"
    again = services.users.sign_in("ADA")
    assert not again.first_user and not again.ask_who and again.person.may(Permission.USERS)
    [user] = services.users.users()
    assert (user.login, user.name, user.roles_text) == (
        "ada",
        "Ada Admin",
        "diary manager, team lead and administrator",
    )
    assert services.users.sign_in("bob").person.roles == frozenset(), "now a stranger only reads"


def test_someone_the_diary_does_not_know_may_read_and_registers_as_an_iro(
    services: Services, team: dict[str, int]
) -> None:
    stranger = services.users.sign_in("sam", "Sam Other")
    assert stranger.ask_who and not stranger.first_user and not stranger.person.known
    assert services.diary.resources().iros, "reading needs no role"
    with pytest.raises(PermissionRefused, match=r"sam is not yet a user of this diary\. Ask an administrator"):
        services.booking.book(booking(team, "sam"))
    person, changes = services.users.register_me("Sam Other", team["sam"])
    assert person.roles == {Role.IRO} and person.iro_id == team["sam"] and changes.users
    row, _ = services.booking.book(booking(team, "sam"))
    assert row.chair_name == "Sam Other"
    with pytest.raises(ValidationError, match="already a user"):
        services.users.register_me("Sam Again", None)


def test_an_iro_books_and_changes_only_their_own_diary(services: Services, team: dict[str, int]) -> None:
    sign_in(services, "jo")
    row, _ = services.booking.book(booking(team))
    moved, _ = services.booking.move(row.id, row.version, DAY, dt.time(14))
    assert moved.start.hour == 14
    with pytest.raises(PermissionRefused, match=r"as an IRO you can book and change meetings in your own diary"):
        services.booking.move(row.id, moved.version, DAY, dt.time(15), chair_id=team["sam"])
    with pytest.raises(PermissionRefused, match="needs the diary manager or team lead role"):
        services.booking.book(booking(team, "sam"))
    sign_in(services, "manny")
    other, _ = services.booking.book(booking(team, "sam", 11))
    sign_in(services, "jo")
    with pytest.raises(PermissionRefused, match=f"{other.ref} is not a meeting you chair"):
        services.booking.cancel(other.id, other.version, "Not mine to cancel")
    with pytest.raises(PermissionRefused, match=f"{other.ref} is not a meeting you chair"):
        services.held.mark_held(other.id, other.version)


@pytest.mark.parametrize(
    ("login", "action", "needed"),
    [
        ("manny", lambda s: s.settings.set("booking.minutes.cla-review", 75), "administrator"),
        ("manny", lambda s: s.reports.annual(2025), "team lead"),
        ("manny", lambda s: s.workload.workload(), "team lead"),
        ("jo", lambda s: s.live_audit.figures(ReportPeriod(2025)), "team lead"),
        ("lee", lambda s: s.users.add_user("new", "New Person", [Role.IRO]), "administrator"),
        ("lee", lambda s: s.calendar.add_closure(DAY, "Closed"), "administrator"),
        ("jo", lambda s: s.demo.generate(0.1, 1), "administrator"),
        ("jo", lambda s: s.quality_lists.add_theme(ThemeKind.CONCERN, "Drift in planning"), "administrator"),
        ("ava", lambda s: s.live_audit.answer(1, []), "IRO, diary manager or team lead"),
        ("ava", lambda s: s.good_practice.record(None), "IRO, diary manager or team lead"),
        ("ava", lambda s: s.scheduling.accept([]), "IRO, diary manager or team lead"),
        ("admin", lambda s: s.booking.book(BookingRequest(MeetingKind.CLA_REVIEW, DAY, dt.time(9), 60, 1)), None),
    ],
)
def test_each_refusal_names_the_role_it_needs(
    services: Services, team: dict[str, int], login: str, action: typing.Any, needed: str | None
) -> None:
    if login == "ava":  # an administrator only: settings and users, not the diary's own work
        services.users.add_user("ava", "Ava Admin", [Role.ADMINISTRATOR])
    person = sign_in(services, login)
    if needed is None:  # the administrator has every role: refused for the booking's own reasons, if at all
        with pytest.raises(Exception) as raised:
            action(services)
        assert not isinstance(raised.value, PermissionRefused)
        return
    with pytest.raises(PermissionRefused) as refused:
        action(services)
    assert f"needs the {needed} role" in refused.value.message
    assert f"You are signed in as {person.description}." in refused.value.message
    assert refused.value.exit_code == 6


def test_roles_are_managed_by_administrators_who_cannot_remove_the_last_one(
    services: Services, team: dict[str, int]
) -> None:
    users = {u.login: u for u in services.users.users()}
    changed, changes = services.users.change_user(
        users["manny"].id,
        users["manny"].version,
        name="Manny Manager",
        roles=[Role.TEAM_LEAD],
        iro_id=None,
        active=True,
    )
    assert changed.roles == {Role.TEAM_LEAD} and changes.users == {changed.id}
    admin = users["admin"]
    with pytest.raises(ValidationError, match="Someone must stay an administrator"):
        services.users.change_user(admin.id, admin.version, name="Ada", roles=[Role.IRO], iro_id=None, active=True)
    with pytest.raises(ValidationError, match="already Jo Chair"):
        services.users.add_user("jo2", "Jo Two", [Role.IRO], iro_id=team["jo"])
    services.users.change_user(
        changed.id, changed.version, name="Manny Manager", roles=[Role.TEAM_LEAD], iro_id=None, active=False
    )
    assert sign_in(services, "manny").roles == frozenset(), "a switched-off user may only read"


def test_the_audit_trail_names_who_did_it(services: Services, team: dict[str, int]) -> None:
    sign_in(services, "manny")
    row, _ = services.booking.book(booking(team))
    [booked] = [h for h in services.history.meeting(row.id) if h.action == "book"]
    assert booked.actor == "Manny Manager (manny)"
    assert services.diary.meeting(row.id).updated_by == "Manny Manager (manny)"


def test_roles_and_refusals_read_well() -> None:
    assert parse_roles("team-lead, iro") == {Role.TEAM_LEAD, Role.IRO}
    with pytest.raises(ValueError, match="unknown role 'boss'"):
        parse_roles("boss")
    assert roles_label([]) == "no role (read only)"
    person = Person("pat", "Pat Reader", frozenset(), user_id=4)
    assert refusal(person, [Permission.AUDIT]) == (
        "Exporting the audit trail needs the team lead or administrator role. "
        "You are signed in as Pat Reader (pat), no role (read only)."
    )


def _returns_changes(method: object) -> bool:
    try:
        hints = typing.get_type_hints(method)
    except Exception:
        return "Changes" in str(inspect.signature(method).return_annotation)  # type: ignore[arg-type]
    return "Changes" in str(hints.get("return", ""))


def test_every_service_method_that_changes_something_says_who_may() -> None:
    """The house rule that keeps roles enforced as services grow: a public method returning `Changes` is marked
    `@requires(...)` or `@open_to_everyone` (services/access.py)."""
    unmarked = []
    for field in dataclasses.fields(Services):
        service = typing.get_type_hints(Services)[field.name]
        if service is Changes or not inspect.isclass(service) or field.name == "ctx":
            continue
        for name, method in inspect.getmembers(service, inspect.isfunction):
            if not name.startswith("_") and _returns_changes(method) and required(method) is None:
                unmarked.append(f"{service.__name__}.{name}")
    assert unmarked == []
