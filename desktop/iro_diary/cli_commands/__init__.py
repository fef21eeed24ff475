"""The CLI's commands, one module each: `register(subparsers, common)` adds it, `run(args)` does it."""

from iro_diary.cli_commands import db, demo, export_ics, feeds, gui, invites, selftest, settings

COMMAND_MODULES = (gui, demo, selftest, db, settings, export_ics, invites, feeds)
