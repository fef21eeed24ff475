"""The CLI's commands, one module each: `register(subparsers, common)` adds it, `run(args)` does it."""

from iro_diary.cli_commands import allocate, caseload, db, demo, gui, selftest, settings

COMMAND_MODULES = (gui, demo, selftest, db, settings, caseload, allocate)
