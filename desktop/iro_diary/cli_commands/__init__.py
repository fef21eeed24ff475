"""The CLI's commands, one module each: `register(subparsers, common)` adds it, `run(args)` does it."""

from iro_diary.cli_commands import backup, data_import, db, demo, export, gui, selftest, settings

COMMAND_MODULES = (gui, demo, selftest, db, settings, data_import, export, backup)
