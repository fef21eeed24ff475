"""Importing the case recording system's CSV exports (see `service.py` for the order of work)."""

from iro_diary.services.imports.reading import ImportSource, guess_kind
from iro_diary.services.imports.service import ImportCount, ImportOutcome, ImportService

__all__ = ["ImportCount", "ImportOutcome", "ImportService", "ImportSource", "guess_kind"]
