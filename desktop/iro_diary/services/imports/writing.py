"""Writing a checked import: template rows become table rows (references resolved to ids), in bulk.

Runs inside the import's one write transaction, kind by kind in dependency order, so the ids of IROs, rooms and
children written earlier in the same import are there for the files that refer to them. Every record added or
updated gets its own audit row (the changed columns before and after, as the templates write them).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy.orm import Session

from iro_diary.domain.imports.diff import KindPlan, Update
from iro_diary.domain.imports.parsing import ParsedRow
from iro_diary.domain.imports.templates import Template
from iro_diary.services import audit
from iro_diary.services.context import ServiceContext
from iro_diary.store.models import CareEpisode, Child, Family, Iro, Meeting, ProtectionPlan, Room
from iro_diary.store.repositories.import_writes import ImportWriteRepository
from iro_diary.store.repositories.template_rows import TemplateRowsRepository

TABLES = {
    "iros": "iro",
    "rooms": "room",
    "children": "child",
    "care-episodes": "care_episode",
    "protection-plans": "protection_plan",
    "meetings": "meeting",
}
# A meeting whose time, place, chair or status changes is a new version of its invitation (RFC 5545 SEQUENCE).
INVITE_COLUMNS = {"start", "end", "room", "venue", "chair_email", "status"}
MEETING_COLUMNS = {"meeting_ref": "ref", "start": "start_at", "end": "end_at"}
NOT_MEETING_COLUMNS = {"case_refs", "participation", "chair_email", "room"}


class ImportWriter:
    """Applies each kind's plan; collects the ids it touched (for `Changes`) and the audit rows."""

    def __init__(self, session: Session, ctx: ServiceContext, advance: Callable[[int], None]) -> None:
        self.ctx = ctx
        self.writes = ImportWriteRepository(session)
        self.reads = TemplateRowsRepository(session)
        self.advance = advance
        self.now = ctx.clock.now()
        self.today = ctx.clock.today()
        self.touched: dict[str, set[int]] = {"iros": set(), "rooms": set(), "children": set(), "meetings": set()}
        self.audit_rows: list[dict[str, Any]] = []

    def apply(self, plan: KindPlan, sequences: dict[int, int]) -> None:
        kind = plan.parsed.template.kind
        if kind in ("iros", "rooms"):
            self._plain(plan)
        elif kind == "children":
            self._children(plan)
        elif kind in ("care-episodes", "protection-plans"):
            self._periods(plan)
        else:
            self._meetings(plan, sequences)

    def _write(
        self,
        plan: KindPlan,
        to_row: Callable[[dict[str, Any]], dict[str, Any]],
        key: Callable[[dict[str, Any]], Any],
        id_map: Callable[[], dict[Any, int]],
    ) -> list[int]:
        """Insert the added rows and update the changed ones; the new ids (found by `key` in `id_map`), in order."""
        template = plan.parsed.template
        table = TABLES[template.kind]
        ids = self._insert(table, [to_row(r.values) for r in plan.added], key, id_map)
        updates = [{**_without_keys(to_row(u.row.values), template), "id": u.record_id} for u in plan.updated]
        self.writes.update(table, updates, self.advance)
        self._audit(template, plan.added, ids, plan.updated)
        return ids

    def _insert(
        self,
        table: str,
        rows: list[dict[str, Any]],
        key: Callable[[dict[str, Any]], Any],
        id_map: Callable[[], dict[Any, int]],
    ) -> list[int]:
        self.writes.insert(table, rows, self.advance)
        if not rows:
            return []
        found = id_map()
        return [found[key(row)] for row in rows]

    def _plain(self, plan: KindPlan) -> None:
        columns = plan.parsed.columns
        column = Iro.email if plan.parsed.template.kind == "iros" else Room.name
        ids = self._write(
            plan,
            lambda values: {c: values[c] for c in columns},
            lambda row: row[column.key].casefold(),
            lambda: {name.casefold(): i for name, i in self.reads.ids_by(column).items()},
        )
        self.touched[plan.parsed.template.kind].update(ids, (u.record_id for u in plan.updated))

    def _children(self, plan: KindPlan) -> None:
        columns = plan.parsed.columns
        iro_ids = {email.casefold(): i for email, i in self.reads.ids_by(Iro.email).items()}
        family_ids = self._families(plan) if "family_ref" in columns else {}

        def to_row(values: dict[str, Any]) -> dict[str, Any]:
            row = {c: values[c] for c in columns if c not in ("family_ref", "allocated_iro_email")}
            if "family_ref" in columns:
                row["family_id"] = family_ids.get(values["family_ref"]) if values["family_ref"] else None
            if "allocated_iro_email" in columns:
                email = values["allocated_iro_email"]
                row["allocated_iro_id"] = iro_ids[email] if email else None
            return row

        ids = self._write(plan, to_row, lambda row: row["case_ref"], lambda: self.reads.ids_by(Child.case_ref))
        self.touched["children"].update(ids, (u.record_id for u in plan.updated))
        if "allocated_iro_email" in columns:
            moved = [(i, r.values) for i, r in zip(ids, plan.added, strict=True)]
            moved += [(u.record_id, u.row.values) for u in plan.updated if "allocated_iro_email" in u.changed]
            self._allocate([(child_id, to_row(values)["allocated_iro_id"]) for child_id, values in moved])

    def _families(self, plan: KindPlan) -> dict[str, int]:
        """Family (sibling group) ids by reference, adding the groups the file names for the first time."""
        family_ids = self.reads.ids_by(Family.family_ref)
        new: dict[str, str] = {}
        for row in [*plan.added, *(u.row for u in plan.updated)]:
            ref = row.values["family_ref"]
            if ref and ref not in family_ids and ref not in new:
                new[ref] = f"{row.values['family_name']} family"[:120]
        self.writes.insert("family", [{"family_ref": ref, "name": name} for ref, name in new.items()])
        return self.reads.ids_by(Family.family_ref) if new else family_ids

    def _allocate(self, moves: Sequence[tuple[int, int | None]]) -> None:
        """Keep the allocation history: close each child's open allocation, open one from today with the new IRO.

        An allocation opened today and changed again today is replaced rather than closed after a day.
        """
        if not moves:
            return
        yesterday = self.today - dt.timedelta(days=1)
        open_rows = self.reads.open_allocations([child_id for child_id, _iro in moves])
        self.writes.delete("iro_allocation", [a for a, _c, start in open_rows if start >= self.today])
        closing = [{"id": a, "end_date": yesterday} for a, _c, start in open_rows if start < self.today]
        self.writes.update("iro_allocation", closing)
        starting = [{"child_id": c, "iro_id": i, "start_date": self.today} for c, i in moves if i is not None]
        self.writes.insert("iro_allocation", starting)

    def _periods(self, plan: KindPlan) -> None:
        columns = plan.parsed.columns
        child_ids = self.reads.ids_by(Child.case_ref)

        def to_row(values: dict[str, Any]) -> dict[str, Any]:
            row = {c: values[c] for c in columns if c != "case_ref"}
            row["child_id"] = child_ids[values["case_ref"]]
            return row

        model = CareEpisode if plan.parsed.template.kind == "care-episodes" else ProtectionPlan
        self._write(
            plan, to_row, lambda row: (row["child_id"], row["start_date"]), lambda: self.reads.period_ids(model)
        )
        changed = [*plan.added, *(u.row for u in plan.updated)]
        self.touched["children"].update(child_ids[r.values["case_ref"]] for r in changed)

    def _meetings(self, plan: KindPlan, sequences: dict[int, int]) -> None:
        columns = plan.parsed.columns
        iro_ids = {email.casefold(): i for email, i in self.reads.ids_by(Iro.email).items()}
        room_ids = {name.casefold(): i for name, i in self.reads.ids_by(Room.name).items()}
        child_ids = self.reads.ids_by(Child.case_ref)

        def to_row(values: dict[str, Any]) -> dict[str, Any]:
            row = {MEETING_COLUMNS.get(c, c): values[c] for c in columns if c not in NOT_MEETING_COLUMNS}
            row["chair_id"] = iro_ids[values["chair_email"]] if values["chair_email"] else None
            if "room" in columns:
                row["room_id"] = room_ids[values["room"].casefold()] if values["room"] else None
            row["updated_at"], row["updated_by"] = self.now, self.ctx.actor
            return row

        def new_meeting(values: dict[str, Any]) -> dict[str, Any]:
            row = to_row(values)
            row.update(ical_uid=f"{uuid.uuid4()}@iro-diary", ical_sequence=0)
            row.update(created_at=self.now, created_by=self.ctx.actor)
            return row

        table = "meeting"
        rows = [new_meeting(r.values) for r in plan.added]
        ids = self._insert(table, rows, lambda row: row["ref"], lambda: self.reads.ids_by(Meeting.ref))
        updates = [self._meeting_update(u, to_row, sequences) for u in plan.updated]
        self.writes.update(table, updates, self.advance)
        self._audit(plan.parsed.template, plan.added, ids, plan.updated)
        self._link_children(plan, ids, child_ids)
        self.touched["meetings"].update(ids, (u.record_id for u in plan.updated))

    def _meeting_update(
        self, update: Update, to_row: Callable[[dict[str, Any]], dict[str, Any]], sequences: dict[int, int]
    ) -> dict[str, Any]:
        row = to_row(update.row.values)
        row.pop("ref")
        bump = 1 if INVITE_COLUMNS & set(update.changed) else 0
        return {**row, "id": update.record_id, "ical_sequence": sequences[update.record_id] + bump}

    def _link_children(self, plan: KindPlan, new_ids: list[int], child_ids: dict[str, int]) -> None:
        """Each meeting's children (and their participation codes) as the file lists them."""
        has_codes = "participation" in plan.parsed.columns
        relinked = [u for u in plan.updated if {"case_refs", "participation"} & set(u.changed)]
        existing = self.reads.meeting_child_links([u.record_id for u in relinked])
        inserts, updates, deletes = [], [], []
        wanted_rows = list(zip(new_ids, plan.added, strict=True)) + [(u.record_id, u.row) for u in relinked]
        for meeting_id, row in wanted_rows:
            links = existing.get(meeting_id, {})
            codes = row.values.get("participation") or {}
            wanted = {child_ids[ref]: codes.get(ref) for ref in row.values["case_refs"]}
            deletes += [link_id for child_id, (link_id, _code) in links.items() if child_id not in wanted]
            for child_id, code in wanted.items():
                if child_id not in links:
                    inserts.append({"meeting_id": meeting_id, "child_id": child_id, "participation": code})
                elif has_codes and links[child_id][1] != code:
                    updates.append({"id": links[child_id][0], "participation": code})
        self.writes.delete("meeting_child", deletes)
        self.writes.insert("meeting_child", inserts)
        self.writes.update("meeting_child", updates)

    def _audit(self, template: Template, added: list[ParsedRow], ids: list[int], updated: list[Update]) -> None:
        entity = TABLES[template.kind]
        noun = entity.replace("_", " ")
        text = _Texts(template)
        columns = [c for c in template.column_names if c in (added[0].values if added else {})]
        for record_id, row in zip(ids, added, strict=True):
            after = {c: text(c, row.values[c]) for c in columns}
            summary = f"Imported {noun} {text.key(row.values)}"
            self.audit_rows.append(_row(self.ctx, "import-add", entity, record_id, summary, None, after))
        for update in updated:
            before = {c: text(c, update.before[c]) for c in update.changed}
            after = {c: text(c, update.row.values[c]) for c in update.changed}
            summary = f"Import changed {noun} {text.key(update.row.values)}: {', '.join(update.changed)}"
            self.audit_rows.append(_row(self.ctx, "import-update", entity, update.record_id, summary, before, after))


class _Texts:
    """Values as the template writes them (what the audit trail records)."""

    def __init__(self, template: Template) -> None:
        self._formats = {column.name: column.field.format for column in template.columns}
        self._key = template.key

    def __call__(self, column: str, value: Any) -> str:
        return "" if value is None else str(self._formats[column](value))

    def key(self, values: dict[str, Any]) -> str:
        return " ".join(self(c, values[c]) for c in self._key)


def _row(
    ctx: ServiceContext,
    action: str,
    entity: str,
    record_id: int,
    summary: str,
    before: dict[str, str] | None,
    after: dict[str, str],
) -> dict[str, Any]:
    return audit.row(
        ctx, action=action, entity=entity, entity_id=record_id, summary=summary, before=before, after=after
    )


def _without_keys(row: dict[str, Any], template: Template) -> dict[str, Any]:
    return {c: v for c, v in row.items() if c not in template.key}
