"""The CLI's commands, one module each: `register(subparsers, common)` adds it, `run(args)` does it."""

from iro_diary.cli_commands import (
    allocate,
    backup,
    calendar,
    caseload,
    data_import,
    db,
    demo,
    due,
    export,
    export_ics,
    feeds,
    gui,
    invites,
    report,
    selftest,
    settings,
)

COMMAND_MODULES = (
    gui,
    demo,
    selftest,
    db,
    settings,
    due,
    calendar,
    data_import,
    export,
    backup,
    export_ics,
    invites,
    feeds,
    caseload,
    allocate,
    report,
)
