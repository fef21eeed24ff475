"""`iro-diary users list|whoami|add|change`: who may use the diary and with which roles (issue #10).

The command line acts as the person signed in to this PC (their login), with their roles, like the app.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from iro_diary.cli_commands.opening import services_of
from iro_diary.cli_commands.output import print_json, print_table
from iro_diary.domain.access import Role, parse_roles
from iro_diary.domain.errors import NotFound, ValidationError

ROLE_CODES = ", ".join(role.value for role in Role)


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    parser = commands.add_parser("users", parents=[common], help="who may use the diary, with which roles")
    actions = parser.add_subparsers(dest="users_action", metavar="ACTION", required=True)
    listing = actions.add_parser("list", parents=[common], help="every user with their roles")
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.set_defaults(run=run_list)
    whoami = actions.add_parser("whoami", parents=[common], help="who this PC's login is to the diary")
    whoami.set_defaults(run=run_whoami)
    add = actions.add_parser("add", parents=[common], help="give a colleague access (administrators)")
    add.add_argument("login", help="their login on the council's PCs")
    add.add_argument("--name", required=True)
    _role_options(add)
    add.set_defaults(run=run_add)
    change = actions.add_parser("change", parents=[common], help="change a user's name, roles or IRO record")
    change.add_argument("login")
    change.add_argument("--name")
    _role_options(change)
    change.add_argument("--off", action="store_true", help="switch the user off (they may only read)")
    change.add_argument("--on", action="store_true", help="switch the user back on")
    change.set_defaults(run=run_change)


def _role_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--roles", help=f"roles separated by commas ({ROLE_CODES}); 'none' for none")
    parser.add_argument("--iro", metavar="EMAIL", help="the IRO they are, by email ('none' for none)")


def _roles(text: str | None) -> frozenset[Role] | None:
    if text is None:
        return None
    if text.strip().lower() == "none":
        return frozenset()
    try:
        return parse_roles(text)
    except ValueError as error:
        raise ValidationError(str(error)) from None


def _iro(services: Any, email: str | None) -> int | None:
    return None if email is None or email.lower() == "none" else int(services.workload.find_iro(email))


def run_list(args: argparse.Namespace) -> int:
    services = services_of(args)
    try:
        users = services.users.users()
    finally:
        services.close()
    if args.json:
        print_json(
            [
                {
                    "login": u.login,
                    "name": u.name,
                    "roles": sorted(r.value for r in u.roles),
                    "iro": u.iro_name,
                    "active": u.active,
                }
                for u in users
            ]
        )
    else:
        rows = [(u.login, u.name, u.roles_text, u.iro_name or "", "" if u.active else "switched off") for u in users]
        print_table(["LOGIN", "NAME", "ROLES", "IRO", ""], rows)
    return 0


def run_whoami(args: argparse.Namespace) -> int:
    services = services_of(args)
    try:
        sys.stdout.write(services.users.me().description + "\n")
    finally:
        services.close()
    return 0


def run_add(args: argparse.Namespace) -> int:
    services = services_of(args)
    try:
        roles = _roles(args.roles) or frozenset()
        row, _ = services.users.add_user(args.login, args.name, roles, _iro(services, args.iro))
    finally:
        services.close()
    sys.stdout.write(f"{row.login}: {row.name}, {row.roles_text}\n")
    return 0


def run_change(args: argparse.Namespace) -> int:
    services = services_of(args)
    try:
        found = {u.login: u for u in services.users.users()}.get(args.login.strip().lower())
        if found is None:
            raise NotFound(f"{args.login} is not a user of this diary (see `iro-diary users list`)")
        roles = _roles(args.roles)
        row, _ = services.users.change_user(
            found.id,
            found.version,
            name=args.name or found.name,
            roles=found.roles if roles is None else roles,
            iro_id=found.iro_id if args.iro is None else _iro(services, args.iro),
            active=False if args.off else True if args.on else found.active,
        )
    finally:
        services.close()
    sys.stdout.write(f"{row.login}: {row.name}, {row.roles_text}{'' if row.active else ', switched off'}\n")
    return 0
