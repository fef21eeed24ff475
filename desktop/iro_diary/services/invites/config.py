"""The settings invites, email and feeds read, gathered in one frozen value per transaction."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from iro_diary.domain.errors import ValidationError
from iro_diary.domain.invites.ical import CalendarSetup
from iro_diary.domain.invites.model import Organiser, Privacy, usable_email
from iro_diary.infra.clock import LONDON
from iro_diary.infra.settings_schema import SETTINGS
from iro_diary.store.repositories.settings import SettingRepository


@dataclass(frozen=True, slots=True)
class SmtpSettings:
    host: str
    port: int
    starttls: bool
    account: str
    timeout: float = 20.0

    @property
    def configured(self) -> bool:
        return bool(self.host)


@dataclass(frozen=True, slots=True)
class InviteConfig:
    setup: CalendarSetup
    send_automatically: bool
    smtp: SmtpSettings
    feeds_folder: str
    feeds_months: int

    @property
    def mailbox(self) -> str:
        return self.setup.organiser.mailbox


def setting_values(session: Session) -> dict[str, Any]:
    """Every schema setting's value, stored or default."""
    stored = SettingRepository(session).all_values()
    return {key: stored.get(key, spec.default) for key, spec in SETTINGS.items()}


def internal_domains(text: str, mailbox: str) -> frozenset[str]:
    """'a.gov.uk, b.nhs.uk' -> {'a.gov.uk', 'b.nhs.uk'}; empty means the mailbox's own domain."""
    domains = {part.strip().lstrip("@").lower() for part in text.replace(";", ",").split(",") if part.strip()}
    if not domains and "@" in mailbox:
        domains = {mailbox.rsplit("@", 1)[1]}
    return frozenset(domains)


def invite_config(session: Session) -> InviteConfig:
    """The settings in force; ValidationError when the organisation mailbox is not an email address."""
    values = setting_values(session)
    mailbox = usable_email(str(values["organisation.mailbox"]))
    if mailbox is None:
        raise ValidationError(
            f"The organisation mailbox '{values['organisation.mailbox']}' is not an email address: set it in "
            "Settings → Invites, email and feeds (it is the organiser of every invite)."
        )
    privacy = Privacy(
        initials=bool(values["invites.child-initials"]),
        names_for_internal=bool(values["invites.names-for-internal"]),
        internal_domains=internal_domains(str(values["invites.internal-domains"]), mailbox),
    )
    organiser = Organiser(name=str(values["organisation.name"]), mailbox=mailbox)
    smtp = SmtpSettings(
        host=str(values["smtp.host"]).strip(),
        port=int(values["smtp.port"]),
        starttls=bool(values["smtp.starttls"]),
        account=str(values["smtp.account"]).strip(),
    )
    return InviteConfig(
        setup=CalendarSetup(organiser, privacy, LONDON, LONDON.key),
        send_automatically=bool(values["invites.send-automatically"]),
        smtp=smtp,
        feeds_folder=str(values["feeds.folder"]).strip(),
        feeds_months=int(values["feeds.months"]),
    )
