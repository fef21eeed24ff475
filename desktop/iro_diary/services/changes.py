"""What a service call changed, so views refresh themselves (Anki's OpChanges, in our words)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Changes:
    """Ids of what changed, by kind. `everything` means: reload all (after a restore or the demo load)."""

    meetings: frozenset[int] = field(default_factory=frozenset)
    children: frozenset[int] = field(default_factory=frozenset)
    iros: frozenset[int] = field(default_factory=frozenset)
    rooms: frozenset[int] = field(default_factory=frozenset)
    settings: frozenset[str] = field(default_factory=frozenset)
    # Meetings whose invite emails changed state (queued, sent, failed): only invite views care.
    invites: frozenset[int] = field(default_factory=frozenset)
    # Quality assurance: causes for concern and good-practice records by id, the meetings whose live-audit
    # answers changed, and the service's theme lists or checklist.
    concerns: frozenset[int] = field(default_factory=frozenset)
    good_practice: frozenset[int] = field(default_factory=frozenset)
    audits: frozenset[int] = field(default_factory=frozenset)
    quality_lists: bool = False
    # The people who use the app (issue #10): their roles or names changed.
    users: frozenset[int] = field(default_factory=frozenset)
    calendar: bool = False
    everything: bool = False
    # Many records at once (an import): views that refresh row by row reload instead.
    bulk: bool = False

    @classmethod
    def all(cls) -> Changes:
        return cls(everything=True)

    def __or__(self, other: Changes) -> Changes:
        return Changes(
            meetings=self.meetings | other.meetings,
            children=self.children | other.children,
            iros=self.iros | other.iros,
            rooms=self.rooms | other.rooms,
            settings=self.settings | other.settings,
            invites=self.invites | other.invites,
            concerns=self.concerns | other.concerns,
            good_practice=self.good_practice | other.good_practice,
            audits=self.audits | other.audits,
            quality_lists=self.quality_lists or other.quality_lists,
            users=self.users | other.users,
            calendar=self.calendar or other.calendar,
            everything=self.everything or other.everything,
            bulk=self.bulk or other.bulk,
        )

    def __bool__(self) -> bool:
        return bool(
            self.everything
            or self.calendar
            or self.meetings
            or self.children
            or self.iros
            or self.rooms
            or self.settings
            or self.invites
            or self.quality
            or self.users
        )

    @property
    def quality(self) -> bool:
        """Whether anything of quality assurance changed (concerns, good practice, audit answers, the lists)."""
        return bool(self.concerns or self.good_practice or self.audits or self.quality_lists)

    def touches_due_dates(self) -> bool:
        """Whether derived due dates may have moved (meetings, children, calendar or rule settings)."""
        return bool(
            self.everything
            or self.calendar
            or self.meetings
            or self.children
            or any(key.startswith("rules.") for key in self.settings)
        )

    def due_dates_of_children(self) -> frozenset[int] | None:
        """The children whose due dates may have moved, when only theirs may have; None when anyone's may have
        (the calendar or rules changed, a bulk change, or a meeting without children: a foster carer review)."""
        if self.everything or self.calendar or self.bulk or any(key.startswith("rules.") for key in self.settings):
            return None
        if self.meetings and not self.children:
            return None
        return self.children


NO_CHANGES = Changes()
