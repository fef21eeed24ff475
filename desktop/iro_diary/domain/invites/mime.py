"""The email that carries one invite (iMIP, RFC 6047), shaped the way Outlook and Gmail both handle.

CalConnect's iMIP best practice: multipart/mixed holding a multipart/alternative (text/plain and
`text/calendar; method=REQUEST` — Outlook keys on the method parameter) and the same object attached as an
`application/ics` file named invite.ics. One iTIP object per email, one email per recipient. The subject never
carries names, whatever the privacy choice (Mobius guidance: no names in subject lines).
"""

from __future__ import annotations

import datetime as dt
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime

from iro_diary.domain.invites.ical import FAMILY_MEMBER, clean_param
from iro_diary.domain.invites.model import Invitee, InviteKind, Organiser

ATTACHMENT_NAME = "invite.ics"

_PREFIX = {
    InviteKind.REQUEST: "Invitation",
    InviteKind.CANCEL: "Cancelled",
    InviteKind.WITHDRAW: "Invitation withdrawn",
}


def subject(kind: InviteKind, sequence: int, title: str) -> str:
    """'Invitation: …', 'Updated invitation: …', 'Cancelled: …' or 'Invitation withdrawn: …'."""
    prefix = "Updated invitation" if kind is InviteKind.REQUEST and sequence > 0 else _PREFIX[kind]
    return clean_param(f"{prefix}: {title}")


def body_text(kind: InviteKind, details: str, organiser: Organiser) -> str:
    """The plain-text part: the calendar entry's description and how to answer."""
    if kind is InviteKind.REQUEST:
        answer = f"Please accept or decline with your calendar's buttons; your reply goes to {organiser.mailbox}."
    else:
        answer = "Your calendar removes the entry when you open this message."
    return f"{details}\n\n{answer}\n"


def invite_email(
    *,
    ics: bytes,
    kind: InviteKind,
    title: str,
    text: str,
    organiser: Organiser,
    recipient: Invitee,
    message_id: str,
    date: dt.datetime,
) -> EmailMessage:
    """One message to one recipient with the invite inline (text/calendar) and attached (invite.ics)."""
    message = EmailMessage(policy=SMTP)
    message["From"] = Address(display_name=clean_param(organiser.name), addr_spec=organiser.mailbox)
    shown = "" if recipient.is_family else clean_param(recipient.name)
    message["To"] = Address(display_name=shown if shown != FAMILY_MEMBER else "", addr_spec=recipient.email)
    message["Subject"] = title
    message["Date"] = format_datetime(date.astimezone(dt.UTC))
    message["Message-ID"] = message_id
    message.set_content(text)
    # As bytes (base64), so the CRLF line ends RFC 5545 requires arrive intact.
    message.add_alternative(
        ics, maintype="text", subtype="calendar", params={"charset": "utf-8", "method": kind.method}
    )
    message.add_attachment(ics, maintype="application", subtype="ics", filename=ATTACHMENT_NAME)
    return message
