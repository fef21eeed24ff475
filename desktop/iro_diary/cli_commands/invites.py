"""`iro-diary invites send|status|retry|password`: the invite outbox from the command line."""

from __future__ import annotations

import argparse
import dataclasses
import getpass
import sys
from typing import Any

from iro_diary.cli_commands.opening import services_of
from iro_diary.cli_commands.output import print_json, print_table


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    parser = commands.add_parser("invites", parents=[common], help="send, inspect or retry invite emails")
    actions = parser.add_subparsers(dest="invites_action", metavar="ACTION", required=True)
    send = actions.add_parser(
        "send", parents=[common], help="send queued invite emails now (with --meeting: queue its invites first)"
    )
    send.add_argument("--meeting", metavar="REF", help="queue this meeting's invites (to those who lack them) first")
    send.add_argument("--again", action="store_true", help="with --meeting: send the current invite to everyone again")
    send.set_defaults(run=run_send)
    status = actions.add_parser("status", parents=[common], help="the outbox, or one meeting's invites")
    status.add_argument("--meeting", metavar="REF", help="who has which version of this meeting's invite")
    status.add_argument("--all", action="store_true", help="include sent messages")
    status.add_argument("--json", action="store_true", help="print JSON")
    status.set_defaults(run=run_status)
    retry = actions.add_parser("retry", parents=[common], help="queue failed invite emails again and send them")
    retry.set_defaults(run=run_retry)
    password = actions.add_parser(
        "password", parents=[common], help="keep the mail server password in this computer's keyring"
    )
    password.set_defaults(run=run_password)


def run_send(args: argparse.Namespace) -> int:
    from iro_diary.domain.errors import ValidationError

    if args.again and not args.meeting:
        raise ValidationError("--again goes with --meeting")
    services = services_of(args)
    try:
        meeting_id = None
        if args.meeting:
            meeting_id = services.invites.meeting_id(args.meeting)
            queued = services.invites.send_invites(meeting_id, everyone=args.again)
            sys.stdout.write(f"{args.meeting}: {queued.queued} invite email(s) queued (sequence {queued.sequence}).\n")
        report = services.invites.send_outbox(force=True)
    finally:
        services.close()
    sys.stdout.write(report.text + "\n")
    return 0 if not report.failed and not (report.problems and report.waiting) else 1


def run_status(args: argparse.Namespace) -> int:
    services = services_of(args)
    try:
        if args.meeting:
            status = services.invites.status(services.invites.meeting_id(args.meeting))
            rows = [(r.email, r.role, r.sent_text, r.state_text) for r in status.recipients]
            summary = status.summary_text
        else:
            outbox = services.invites.outbox(include_sent=args.all)
            summary = services.invites.outbox_summary().text
    finally:
        services.close()
    if args.meeting:
        if args.json:
            print_json({"meeting": args.meeting, "summary": summary, "recipients": [list(r) for r in rows]})
        else:
            sys.stdout.write(summary + "\n")
            print_table(["RECIPIENT", "ROLE", "LAST SENT", "NOW"], rows)
        return 0
    if args.json:
        print_json([dataclasses.asdict(r) for r in outbox])
        return 0
    sys.stdout.write(summary + "\n")
    print_table(
        ["ID", "MEETING", "RECIPIENT", "METHOD", "SEQ", "STATUS", "TRIES", "PROBLEM"],
        [(r.id, r.meeting_ref, r.recipient, r.method, r.sequence, r.status, r.attempts, r.last_error) for r in outbox],
    )
    return 0


def run_retry(args: argparse.Namespace) -> int:
    services = services_of(args)
    try:
        services.invites.retry_failed()
        report = services.invites.send_outbox(force=True)
    finally:
        services.close()
    sys.stdout.write(report.text + "\n")
    return 0 if not report.failed else 1


def run_password(args: argparse.Namespace) -> int:
    services = services_of(args)
    try:
        problem = services.invites.keyring_problem()
        if problem:
            from iro_diary.domain.errors import EnvironmentProblem

            raise EnvironmentProblem(problem)
        if sys.stdin.isatty():
            password = getpass.getpass("Mail server password (empty: forget the stored one): ")
        else:
            password = sys.stdin.readline().rstrip("\r\n")
        services.invites.save_smtp_password(password)
    finally:
        services.close()
    sys.stdout.write("Password kept in this computer's keyring.\n" if password else "Stored password removed.\n")
    return 0
