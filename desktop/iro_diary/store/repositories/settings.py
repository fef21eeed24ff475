"""Team-wide settings, stored as JSON text under their keys."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from iro_diary.infra.settings_schema import SETTINGS
from iro_diary.store.models import Setting


class SettingRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, key: str) -> Setting | None:
        return self.session.get(Setting, key)

    def all_values(self) -> dict[str, Any]:
        rows = self.session.execute(select(Setting.key, Setting.value))
        return {key: json.loads(value) for key, value in rows}

    def values(self, keys: Iterable[str]) -> dict[str, Any]:
        """These schema settings' values as their types: what is stored, else the default (one read)."""
        stored = self.all_values()
        return {key: SETTINGS[key].coerce(stored.get(key, SETTINGS[key].default)) for key in keys}

    def values_with_prefix(self, prefix: str) -> dict[str, Any]:
        rows = self.session.execute(
            select(Setting.key, Setting.value).where(Setting.key.startswith(prefix, autoescape=True))
        )
        return {key: json.loads(value) for key, value in rows}

    def put(self, key: str, value: Any, *, at: dt.datetime, by: str) -> Setting:
        row = self.get(key)
        text = json.dumps(value)
        if row is None:
            row = Setting(key=key, value=text, updated_at=at, updated_by=by)
            self.session.add(row)
        else:
            row.value, row.updated_at, row.updated_by = text, at, by
        return row

    def remove(self, key: str) -> bool:
        row = self.get(key)
        if row is None:
            return False
        self.session.delete(row)
        return True
