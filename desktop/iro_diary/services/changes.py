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
    # The people who use the app (issue #10): their roles or names changed.
    users: frozenset[int] = field(default_factory=frozenset)
    calendar: bool = False
    everything: bool = False

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
            users=self.users | other.users,
            calendar=self.calendar or other.calendar,
            everything=self.everything or other.everything,
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
            or self.users
        )

    def touches_due_dates(self) -> bool:
        """Whether derived due dates may have moved (meetings, children, calendar or rule settings)."""
        return bool(
            self.everything
            or self.calendar
            or self.meetings
            or self.children
            or any(key.startswith("rules.") for key in self.settings)
        )


NO_CHANGES = Changes()
