"""What the quality-assurance commands share: opening the diary for one command, and naming what a script names
(a child by case reference, an IRO by email, a meeting by reference, a theme by name)."""

from __future__ import annotations

from typing import Any

from iro_diary.domain.errors import ValidationError


def child_and_iro(services: Any, case_ref: str, iro_email: str | None) -> tuple[int, int | None]:
    found = services.diary.lookup(case_refs=[case_ref], chair_email=iro_email)
    return found.child_ids[0], found.chair_id


def meeting_id(services: Any, ref: str | None) -> int | None:
    return None if ref is None else int(services.diary.meeting_by_ref(ref).id)


def chosen(value: str, choices: dict[str, Any], what: str) -> Any:
    """The code a script typed, from the choices (an argparse type would print Python's names in errors)."""
    found = choices.get(value.strip().lower())
    if found is None:
        raise ValidationError(f"'{value}' is not a known {what}: use one of {', '.join(choices)}")
    return found
