"""The app's icons and style sheet, loaded from the resources folder."""

from __future__ import annotations

import functools

from PySide6.QtGui import QIcon

from iro_diary.infra.resources import resource


@functools.cache
def icon(name: str) -> QIcon:
    """The SVG icon `resources/icons/<name>.svg` (an empty icon if it is missing)."""
    path = resource("icons", f"{name}.svg")
    return QIcon(str(path)) if path.is_file() else QIcon()


def style_sheet() -> str:
    path = resource("styles", "app.qss")
    return path.read_text(encoding="utf-8") if path.is_file() else ""
