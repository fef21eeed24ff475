"""What the diary holds before an import: its records in template form, and the facts the checks need."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy.orm import Session

from iro_diary.domain.codes import MeetingStatus
from iro_diary.domain.imports.checks import Booking, DiaryFacts, Span
from iro_diary.store.repositories.template_rows import Current, TemplateRowsRepository

NEEDS_CHILDREN = {"children", "care-episodes", "protection-plans", "meetings"}


@dataclass(frozen=True)
class DiaryState:
    current: dict[str, list[Current]]
    facts: DiaryFacts


def current_rows(repo: TemplateRowsRepository, kind: str) -> list[Current]:
    """Every record of one template kind, in template form."""
    readers = {
        "iros": repo.iros,
        "rooms": repo.rooms,
        "children": repo.children,
        "care-episodes": repo.care_episodes,
        "protection-plans": repo.protection_plans,
        "meetings": repo.meetings,
    }
    return readers[kind]()


def load_state(session: Session, kinds: Collection[str]) -> DiaryState:
    """The records of the kinds being imported, and what their checks refer to."""
    repo = TemplateRowsRepository(session)
    wanted = {"iros", "rooms", *kinds}
    if NEEDS_CHILDREN & set(kinds):
        wanted.add("children")
    current = {kind: current_rows(repo, kind) for kind in wanted}
    facts = DiaryFacts(
        iro_emails=frozenset(values["email"].casefold() for _id, values in current["iros"]),
        room_names=frozenset(values["name"].casefold() for _id, values in current["rooms"]),
        births={values["case_ref"]: values["date_of_birth"] for _id, values in current.get("children", [])},
        episodes=_spans(current.get("care-episodes", [])),
        plans=_spans(current.get("protection-plans", [])),
        bookings=_bookings(current.get("meetings", [])),
    )
    return DiaryState(current, facts)


def _spans(rows: list[Current]) -> dict[str, list[Span]]:
    spans: dict[str, list[Span]] = defaultdict(list)
    for _id, values in rows:
        spans[values["case_ref"]].append((values["start_date"], values["end_date"]))
    return spans


def _bookings(rows: list[Current]) -> list[Booking]:
    return [
        Booking(
            values["meeting_ref"],
            values["chair_email"],
            values["room"].casefold() if values["room"] else None,
            values["start"],
            values["end"],
        )
        for _id, values in rows
        if values["status"] != MeetingStatus.CANCELLED.value
    ]
