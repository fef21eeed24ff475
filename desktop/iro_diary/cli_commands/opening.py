"""Opening the diary a command names (`--database`, else the configured or per-user one).

The app's modules load only when a command runs, so `iro-diary --help` and the desktop start stay quick.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


def services_of(args: argparse.Namespace) -> Any:
    """The services of the diary named by `--database`; the caller closes them."""
    from iro_diary.app import open_diary

    return open_diary(args.database).services


@contextmanager
def opened(args: argparse.Namespace) -> Iterator[Any]:
    """The services of the diary named by `--database`, closed when the command is done."""
    services = services_of(args)
    try:
        yield services
    finally:
        services.close()
