"""The CLI's commands, one module each: `register(subparsers, common)` adds it, `run(args)` does it."""

from iro_diary.cli_commands import backup, calendar, data_import, db, demo, due, export, gui, selftest, settings

COMMAND_MODULES = (gui, demo, selftest, db, settings, due, calendar, data_import, export, backup)
