"""Progress on a terminal: a percentage on stderr, rewritten in place, only when stderr is a terminal."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

Progress = Callable[[int, int, str], None]


@contextmanager
def terminal_progress() -> Iterator[Progress]:
    """A progress callback for services; says nothing when stderr is a file or a pipe (scripts, tests)."""
    last: list[tuple[str, int]] = [("", -1)]

    def progress(done: int, total: int, text: str) -> None:
        percent = int(100 * done / total) if total else 0
        if sys.stderr.isatty() and (text, percent // 10) != last[0]:
            sys.stderr.write(f"\r{text}: {percent}%   ")
            last[0] = (text, percent // 10)

    try:
        yield progress
    finally:
        if sys.stderr.isatty() and last[0][1] >= 0:
            sys.stderr.write("\n")
