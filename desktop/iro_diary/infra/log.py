"""Logging to a rotating file in the per-user log folder.

House rule: log records carry ids (child id, meeting reference), never names or case details — this is
special-category data about children, and log files get attached to support tickets.
"""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from iro_diary.infra.paths import ensure_private_dir

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def setup_logging(log_file: Path, *, debug: bool = False) -> Path | None:
    """Send the app's log records to `log_file`; return the file, or None when it cannot be written.

    A log folder we cannot write to must not stop the diary opening, so that case logs to nowhere.
    """
    root = logging.getLogger("iro_diary")
    root.setLevel(logging.DEBUG if debug else logging.INFO)
    for handler in list(root.handlers):
        if isinstance(handler, logging.handlers.RotatingFileHandler):
            root.removeHandler(handler)
            handler.close()
    try:
        ensure_private_dir(log_file.parent)
        handler = logging.handlers.RotatingFileHandler(log_file, maxBytes=2_000_000, backupCount=5, encoding="utf-8")
    except OSError:
        return None
    handler.setFormatter(logging.Formatter(FORMAT))
    root.addHandler(handler)
    return log_file
