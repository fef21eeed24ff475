"""The command line: the same services as the GUI, for admins, scripts and tests.

Every command takes `--database URL`. Every error is one clear line on stderr and a non-zero exit code:
2 bad input, 3 not found, 4 conflict, 5 stale edit, 6 not permitted, 7 environment (database unreachable,
locked, read-only), 70 a bug (details in the log file). Never a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import sys
from collections.abc import Sequence
from typing import NoReturn

from iro_diary import APP_ID, __version__
from iro_diary.domain.errors import AppError
from iro_diary.infra.log import setup_logging
from iro_diary.infra.paths import app_paths

log = logging.getLogger(__name__)
BUG_EXIT = 70


class Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line on stderr (and exit 2), like every other error."""

    def error(self, message: str) -> NoReturn:
        sys.stderr.write(f"{self.prog}: {message} (see `{self.prog} --help`)\n")
        raise SystemExit(2)


def common_options(*, defaults: bool = True) -> argparse.ArgumentParser:
    """--database and --debug, accepted before the command and after it.

    The copy given to the commands has no defaults (SUPPRESS): otherwise a command's own "not given" would
    overwrite a --database given before it, and `iro-diary --database X demo --replace` would replace the
    per-user diary instead of X.
    """
    default: object = None if defaults else argparse.SUPPRESS
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--database",
        metavar="URL",
        default=default,
        help="postgresql://user@host/db or a SQLite file path (default: IRO_DIARY_DATABASE_URL, "
        "then the settings file, then the per-user diary)",
    )
    common.add_argument(
        "--debug", action="store_true", default=False if defaults else argparse.SUPPRESS, help="log in detail"
    )
    return common


def build_parser() -> Parser:
    from iro_diary.cli_commands import COMMAND_MODULES

    common = common_options(defaults=False)
    parser = Parser(
        prog=APP_ID,
        parents=[common_options()],
        description="IRO Diary: the Independent Reviewing Service's meeting scheduler and diary. "
        "Without a command it starts the desktop app.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    for module in COMMAND_MODULES:
        module.register(commands, common)
    return parser


def _desktop(args: argparse.Namespace) -> int:
    from iro_diary.app import run_gui

    return run_gui(args.database, debug=args.debug)


def desktop_start(argv: Sequence[str] | None) -> argparse.Namespace | None:
    """`iro-diary` alone (or with --database/--debug only): the desktop app, started without first loading every
    command's module (a tenth of a second of the start). None for anything else, which the full parser reads."""
    given = list(sys.argv[1:] if argv is None else argv)
    args, rest = Parser(prog=APP_ID, add_help=False, parents=[common_options()]).parse_known_args(given)
    return None if rest else argparse.Namespace(**vars(args), command=None, run=None)


def main(argv: Sequence[str] | None = None) -> int:
    args = desktop_start(argv)
    if args is None:
        args = build_parser().parse_args(argv)
    if not getattr(args, "run", None):
        args.run = _desktop
    log_file = setup_logging(app_paths().log_file, debug=args.debug)
    try:
        return int(args.run(args))
    except AppError as error:
        sys.stderr.write(f"{APP_ID}: {error.message}\n")
        return error.exit_code
    except KeyboardInterrupt:
        sys.stderr.write(f"{APP_ID}: interrupted\n")
        return 130
    except BrokenPipeError:
        # The reader stopped reading (`iro-diary invites status | head`): not an error. Point stdout at devnull
        # so Python's own flush at exit does not complain a second time (the recipe in the signal docs).
        with contextlib.suppress(OSError, ValueError):  # ValueError: io.UnsupportedOperation (no real stdout)
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as error:
        log.exception("unexpected error in `%s`", args.command)
        where = f"; details are in {log_file}" if log_file else ""
        sys.stderr.write(f"{APP_ID}: internal error ({type(error).__name__}){where}\n")
        return BUG_EXIT
