"""The service's own lists: the themes of concerns and of good practice, and the live-audit checklist.

A theme or an item in use is never deleted (the records and answers keep meaning what they meant): it is retired,
which takes it out of the dialogs and keeps it in the figures. Renaming a theme renames it everywhere.
"""

from __future__ import annotations

import re

from sqlalchemy.orm import Session

from iro_diary.domain.access import Permission
from iro_diary.domain.errors import NotFound, StaleEdit, ValidationError
from iro_diary.domain.quality.codes import AuditScope, ThemeKind
from iro_diary.services import audit
from iro_diary.services.access import requires
from iro_diary.services.changes import Changes
from iro_diary.services.context import ServiceContext
from iro_diary.services.quality.rows import ChecklistItemRow, ThemeRow
from iro_diary.store.models import AuditItem, QualityTheme
from iro_diary.store.repositories.quality import QualityListRepository

CODE = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")
THEME_FIELDS = ("kind", "name", "active")
ITEM_FIELDS = ("code", "label", "applies_to", "active")
LISTS_CHANGED = Changes(quality_lists=True)


def _theme_row(theme: QualityTheme, used: dict[int, int]) -> ThemeRow:
    return ThemeRow(
        theme.id, theme.kind, theme.name, theme.position, theme.active, used.get(theme.id, 0), theme.version
    )


def _item_row(item: AuditItem, used: dict[int, int]) -> ChecklistItemRow:
    return ChecklistItemRow(
        item.id, item.code, item.label, item.applies_to, item.position, item.active, used.get(item.id, 0), item.version
    )


def _text(value: str, what: str, limit: int) -> str:
    text = " ".join(value.split())
    if not text:
        raise ValidationError(f"give the {what}")
    if len(text) > limit:
        raise ValidationError(f"the {what} is too long ({len(text)} characters; at most {limit})")
    return text


def _checked_version(record: QualityTheme | AuditItem, version: int, what: str) -> None:
    if record.version != version:
        raise StaleEdit(f"{what} was changed by someone else since you opened it; nothing was changed")


class QualityListService:
    def __init__(self, ctx: ServiceContext) -> None:
        self._ctx = ctx

    # -- themes -----------------------------------------------------------------------------------------------

    def themes(self, kind: ThemeKind | None = None, *, include_retired: bool = True) -> list[ThemeRow]:
        """The themes (of one kind, or both), in the service's order, with how often each is used."""
        with self._ctx.db.read() as session:
            repo = QualityListRepository(session)
            used = repo.theme_usage()
            return [_theme_row(t, used) for t in repo.themes(kind) if include_retired or t.active]

    @requires(Permission.SETTINGS)
    def add_theme(self, kind: ThemeKind, name: str) -> tuple[ThemeRow, Changes]:
        with self._ctx.db.write() as session:
            repo = QualityListRepository(session)
            text = self._free_name(repo, kind, name)
            theme = QualityTheme(kind=kind, name=text, position=repo.next_position(QualityTheme), active=True)
            repo.add(theme)
            self._audit(session, "create", theme, None)
            return _theme_row(theme, {}), LISTS_CHANGED

    @requires(Permission.SETTINGS)
    def rename_theme(self, theme_id: int, version: int, name: str) -> tuple[ThemeRow, Changes]:
        with self._ctx.db.write() as session:
            repo = QualityListRepository(session)
            theme = self._theme(repo, theme_id, version)
            before = audit.snapshot(theme, THEME_FIELDS)
            theme.name = self._free_name(repo, theme.kind, name, theme.id)
            session.flush()
            self._audit(session, "update", theme, before)
            return _theme_row(theme, repo.theme_usage()), LISTS_CHANGED

    @requires(Permission.SETTINGS)
    def set_theme_active(self, theme_id: int, version: int, active: bool) -> tuple[ThemeRow, Changes]:
        """Retire a theme (out of the dialogs, kept in the records and figures) or bring it back."""
        with self._ctx.db.write() as session:
            repo = QualityListRepository(session)
            theme = self._theme(repo, theme_id, version)
            before = audit.snapshot(theme, THEME_FIELDS)
            theme.active = active
            session.flush()
            self._audit(session, "update", theme, before)
            return _theme_row(theme, repo.theme_usage()), LISTS_CHANGED

    def _theme(self, repo: QualityListRepository, theme_id: int, version: int) -> QualityTheme:
        theme = repo.theme(theme_id)
        if theme is None:
            raise NotFound(f"theme {theme_id} no longer exists")
        _checked_version(theme, version, f"The theme '{theme.name}'")
        return theme

    def _free_name(self, repo: QualityListRepository, kind: ThemeKind, name: str, own_id: int | None = None) -> str:
        text = _text(name, "theme's name", 120)
        clash = repo.theme_named(kind, text)
        if clash is not None and clash.id != own_id:
            raise ValidationError(f"there is already a {kind.label.lower()} theme '{clash.name}'")
        return text

    # -- the live-audit checklist ---------------------------------------------------------------------------

    def checklist_items(self, *, include_retired: bool = True) -> list[ChecklistItemRow]:
        with self._ctx.db.read() as session:
            repo = QualityListRepository(session)
            used = repo.item_usage()
            return [_item_row(i, used) for i in repo.items() if include_retired or i.active]

    @requires(Permission.SETTINGS)
    def add_item(self, code: str, label: str, applies_to: AuditScope) -> tuple[ChecklistItemRow, Changes]:
        """Add a question to the checklist; `code` names it for scripts and the JSON (e.g. 'pep')."""
        wanted = code.strip().lower()
        if not CODE.match(wanted):
            raise ValidationError(
                f"'{code}' is not a checklist code: use lower-case letters, digits and hyphens (e.g. 'pep')"
            )
        with self._ctx.db.write() as session:
            repo = QualityListRepository(session)
            if repo.item_by_code(wanted) is not None:
                raise ValidationError(f"there is already a checklist item '{wanted}'")
            item = AuditItem(
                code=wanted,
                label=_text(label, "question", 200),
                applies_to=applies_to,
                position=repo.next_position(AuditItem),
                active=True,
            )
            repo.add(item)
            self._audit(session, "create", item, None)
            return _item_row(item, {}), LISTS_CHANGED

    @requires(Permission.SETTINGS)
    def change_item(
        self, item_id: int, version: int, *, label: str | None = None, applies_to: AuditScope | None = None,
        active: bool | None = None,
    ) -> tuple[ChecklistItemRow, Changes]:  # fmt: skip
        """Reword an item, change where it is asked, or retire it (answers given stay in the figures)."""
        with self._ctx.db.write() as session:
            repo = QualityListRepository(session)
            item = repo.item(item_id)
            if item is None:
                raise NotFound(f"checklist item {item_id} no longer exists")
            _checked_version(item, version, f"The checklist item '{item.code}'")
            before = audit.snapshot(item, ITEM_FIELDS)
            if label is not None:
                item.label = _text(label, "question", 200)
            if applies_to is not None:
                item.applies_to = applies_to
            if active is not None:
                item.active = active
            session.flush()
            self._audit(session, "update", item, before)
            return _item_row(item, repo.item_usage()), LISTS_CHANGED

    def item_id(self, code: str) -> int:
        """The checklist item with this code (for scripts)."""
        with self._ctx.db.read() as session:
            item = QualityListRepository(session).item_by_code(code)
            if item is None:
                raise NotFound(f"no checklist item '{code}' (see `iro-diary live-audit items`)")
            return item.id

    def theme_id(self, kind: ThemeKind, name: str) -> int:
        """The theme of this kind with this name (for scripts; case does not matter)."""
        with self._ctx.db.read() as session:
            theme = QualityListRepository(session).theme_named(kind, name)
            if theme is None:
                raise NotFound(f"no {kind.label.lower()} theme '{name}' (see `iro-diary themes list`)")
            return theme.id

    def _audit(
        self, session: Session, action: str, record: QualityTheme | AuditItem, before: dict[str, object] | None
    ) -> None:
        is_theme = isinstance(record, QualityTheme)
        entity = "quality-theme" if is_theme else "audit-item"
        after = audit.snapshot(record, THEME_FIELDS if is_theme else ITEM_FIELDS)
        audit.record(
            session, self._ctx, action=action, entity=entity, entity_id=record.id,
            summary=f"{'Theme' if is_theme else 'Checklist item'} {record.id} {action}d", before=before, after=after,
        )  # fmt: skip
