"""The CLI's commands, one module each: `register(subparsers, common)` adds it, `run(args)` does it."""

from iro_diary.cli_commands import calendar, db, demo, due, gui, report, selftest, settings

COMMAND_MODULES = (gui, demo, selftest, db, settings, due, calendar, report)
