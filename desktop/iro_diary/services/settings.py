"""Team-wide settings: read with their defaults, changed with an audit row."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from iro_diary.domain.access import Permission
from iro_diary.domain.errors import ValidationError
from iro_diary.domain.timescales import RuleBook
from iro_diary.infra.settings_schema import COMPARATOR_PREFIX, SETTINGS, comparator_spec, spec_for
from iro_diary.services import audit
from iro_diary.services.access import requires
from iro_diary.services.changes import Changes
from iro_diary.services.context import RULE_SETTING_PREFIX, ServiceContext, build_rule_book, rules_document
from iro_diary.store.repositories.settings import SettingRepository


@dataclass(frozen=True, slots=True)
class SettingRow:
    key: str
    value: Any
    default: Any
    description: str
    source: str

    @property
    def is_default(self) -> bool:
        return bool(self.value == self.default)


class SettingsService:
    def __init__(self, ctx: ServiceContext) -> None:
        self._ctx = ctx

    def list_settings(self) -> list[SettingRow]:
        """Every setting (schema settings, then the rule parameters) with its current value."""
        with self._ctx.db.read() as session:
            stored = SettingRepository(session).all_values()
            book = self._ctx.rule_book(session)
        rows = [
            SettingRow(k, stored.get(k, s.default), s.default, s.description, s.source) for k, s in SETTINGS.items()
        ]
        rows += [
            SettingRow(RULE_SETTING_PREFIX + p.name, p.value, p.default, p.label, p.source)
            for p in book.parameters.values()
        ]
        rows += [_entered(key, value) for key, value in sorted(stored.items()) if key.startswith(COMPARATOR_PREFIX)]
        return rows

    def get(self, key: str) -> Any:
        """A setting's value; a comparator that has not been entered is None."""
        for row in self.list_settings():
            if row.key == key:
                return row.value
        if key.startswith(RULE_SETTING_PREFIX):
            raise ValidationError(f"unknown setting '{key}' (see `iro-diary settings list`)")
        return spec_for(key).default

    @requires(Permission.SETTINGS)
    def set(self, key: str, value: Any) -> Changes:
        """Change one setting (checked against its type); a rule parameter recomputes every due date."""
        return self.set_many({key: value})

    @requires(Permission.SETTINGS)
    def set_many(self, values: Mapping[str, Any]) -> Changes:
        """Change several settings at once (a settings dialog's OK): all are checked, then all saved, or none. An
        optional setting (a comparator) given nothing is cleared."""
        changed: set[str] = set()
        with self._ctx.db.write() as session:
            repo = SettingRepository(session)
            for key, value in values.items():
                old = repo.get(key)
                coerced = self._check(session, key, value)
                if (json.loads(old.value) if old is not None else None) == coerced:
                    continue
                if coerced is None:
                    repo.remove(key)
                else:
                    repo.put(key, coerced, at=self._ctx.clock.now(), by=self._ctx.actor)
                changed.add(key)
                audit.record(
                    session,
                    self._ctx,
                    action="update",
                    entity="setting",
                    entity_id=key,
                    summary=f"Setting {key} changed",
                    before={"value": json.loads(old.value) if old else None},
                    after={"value": coerced},
                )
        if any(key.startswith(RULE_SETTING_PREFIX) for key in changed):
            self._ctx.forget_rules()
        return Changes(settings=frozenset(changed))

    def values(self, keys: Iterable[str]) -> dict[str, Any]:
        """The current values of these settings (one read)."""
        wanted = set(keys)
        return {row.key: row.value for row in self.list_settings() if row.key in wanted}

    def _check(self, session: Any, key: str, value: Any) -> Any:
        if not key.startswith(RULE_SETTING_PREFIX):
            return spec_for(key).coerce(value)
        name = key.removeprefix(RULE_SETTING_PREFIX)
        current = build_rule_book(session)
        if name not in current.parameters:
            raise ValidationError(f"unknown setting '{key}' (see `iro-diary settings list`)")
        overrides = {p.name: p.value for p in current.parameters.values() if p.is_overridden}
        overrides[name] = value
        book = RuleBook.from_document(rules_document(), current.calendar, overrides)
        return book.parameters[name].value


def _entered(key: str, value: Any) -> SettingRow:
    """A comparator that has been entered, as a settings row."""
    spec = comparator_spec(key)
    description = spec.description if spec is not None else key
    return SettingRow(key, value, None, description, "published figures")
