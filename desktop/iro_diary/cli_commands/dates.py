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
