"""Reading dates typed on the command line: ISO `YYYY-MM-DD`, with a message that says what was wrong."""

from __future__ import annotations

import argparse
import datetime as dt


def iso_date(text: str) -> dt.date:
    """An argparse type: a real calendar date written YYYY-MM-DD."""
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date (use YYYY-MM-DD, e.g. 2025-12-18)") from None


def local_time(text: str) -> tuple[dt.date, dt.time]:
    """An argparse type: a UK local date and time written YYYY-MM-DDTHH:MM."""
    day, _, clock = text.strip().partition("T")
    try:
        if len(clock) != 5:
            raise ValueError(clock)
        return dt.date.fromisoformat(day), dt.time.fromisoformat(clock)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"'{text}' is not a date and time (use YYYY-MM-DDTHH:MM in UK time, e.g. 2026-12-01T10:00)"
        ) from None
