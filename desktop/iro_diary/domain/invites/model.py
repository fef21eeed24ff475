"""The plain data an invite is built from: the meeting as invites see it, who is invited, who organises, and
how much of the children's identity may appear."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from enum import StrEnum

from iro_diary.domain.codes import AttendeeRole, MeetingKind, MeetingStatus

# A deliberately plain address: no spaces, quotes, angle brackets, colons or control characters, so an address
# can never smuggle a property or a header into an invite or an email.
_EMAIL = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9-]+)+$")


def usable_email(text: str | None) -> str | None:
    """`text` as a lower-case address an invite can be sent to, or None when it is empty or not plainly one."""
    if not text:
        return None
    address = text.strip()
    if len(address) > 254 or not _EMAIL.match(address):
        return None
    return address.lower()


class InviteKind(StrEnum):
    """What one invite message does (RFC 5546 §3.2)."""

    REQUEST = "request"  # invite or update: METHOD:REQUEST
    CANCEL = "cancel"  # the meeting is cancelled: METHOD:CANCEL with STATUS:CANCELLED, to everyone
    WITHDRAW = "withdraw"  # one person is no longer invited: METHOD:CANCEL without STATUS, to them only

    @property
    def method(self) -> str:
        return "REQUEST" if self is InviteKind.REQUEST else "CANCEL"


class OutboxStatus(StrEnum):
    """Where one queued invite email is: waiting (or retrying), sent, given up on, or replaced by a newer one."""

    QUEUED = "queued"
    SENT = "sent"
    FAILED = "failed"
    SUPERSEDED = "superseded"


@dataclass(frozen=True, slots=True)
class Invitee:
    """One ATTENDEE: a person (or a room's mailbox) with an address invites can go to."""

    email: str
    name: str
    role: AttendeeRole
    is_room: bool = False
    # Someone from the family rather than a professional: their name often is the child's family name, so it
    # is left out of the invite unless names are allowed for the recipient.
    is_family: bool = False


@dataclass(frozen=True, slots=True)
class ChildName:
    given_name: str
    family_name: str

    @property
    def initials(self) -> str:
        """'Alex Smith' -> 'A.S.' (first letter of each part, letters only)."""
        letters = [part[0].upper() for part in (self.given_name, self.family_name) if part[:1].isalpha()]
        return "".join(f"{letter}." for letter in letters)

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}".strip()


@dataclass(frozen=True, slots=True)
class InviteMeeting:
    """A meeting as its invites describe it. Times are aware instants (any zone)."""

    uid: str
    ref: str
    kind: MeetingKind
    status: MeetingStatus
    sequence: int
    start: dt.datetime
    end: dt.datetime
    place: str
    chair_name: str | None
    invitees: tuple[Invitee, ...]
    children: tuple[ChildName, ...] = ()
    last_modified: dt.datetime | None = None

    def invitee(self, email: str) -> Invitee | None:
        return next((i for i in self.invitees if i.email == email), None)


@dataclass(frozen=True, slots=True)
class Organiser:
    """The service's mailbox: the ORGANIZER of every invite and the contact for queries."""

    name: str
    mailbox: str


@dataclass(frozen=True, slots=True)
class Privacy:
    """How much of the children's identity an invite may carry.

    By default: the meeting's kind and reference and, if `initials`, the children's initials — never a name, a
    date of birth, a category, an address or a case note. `names_for_internal` allows full names in invites to
    recipients at the organisation's own domains (labelled as such in the invite).
    """

    initials: bool = True
    names_for_internal: bool = False
    internal_domains: frozenset[str] = field(default_factory=frozenset)

    def names_for(self, recipient: str | None) -> bool:
        if not self.names_for_internal or not recipient or "@" not in recipient:
            return False
        return recipient.rsplit("@", 1)[1].lower() in self.internal_domains
