"""The app icon for the installers, rendered from resources/icons/app.svg with the Qt the app already uses.

The .deb carries the SVG (hicolor/scalable) and a 256 px PNG for menus that do not draw SVG; the Windows
executable, Start-menu shortcut and Programs and Features entry take an .ico.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PNG_SIZE = 256
ICO_SIZE = 256


@dataclass(frozen=True)
class AppIcons:
    svg: Path
    png: Path
    ico: Path


def render_app_icons(svg: Path, folder: Path) -> AppIcons:
    """Render `svg` into `folder` as iro-diary.png and iro-diary.ico."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication([])
    folder.mkdir(parents=True, exist_ok=True)
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise ValueError(f"{svg} is not a valid SVG file")
    icons = AppIcons(svg=svg, png=folder / "iro-diary.png", ico=folder / "iro-diary.ico")
    for target, size in ((icons.png, PNG_SIZE), (icons.ico, ICO_SIZE)):
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        renderer.render(painter)
        painter.end()
        if not image.save(str(target)):  # the format follows the suffix
            raise OSError(f"Qt could not write {target}")
    return icons
