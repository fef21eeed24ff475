"""Handing queued emails to the mail server (SMTP), with every failure turned into a sentence and a verdict:
worth retrying (server down, busy, refused login) or not (the server refused the address for good)."""

from __future__ import annotations

import datetime as dt
import email
import smtplib
import ssl
from email.policy import SMTP
from email.utils import format_datetime
from types import TracebackType
from typing import Protocol

from iro_diary.services.invites.config import SmtpSettings

IMPLICIT_TLS_PORT = 465


class DeliveryError(Exception):
    """A message (or the connection) failed. `permanent`: retrying the same message cannot succeed."""

    def __init__(self, message: str, *, permanent: bool = False) -> None:
        super().__init__(message)
        self.message = message[:300]
        self.permanent = permanent


class Transport(Protocol):
    """Something that delivers emails; a context manager around one connection."""

    def __enter__(self) -> Transport: ...

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None: ...

    def send(self, raw: str, *, sender: str, recipient: str, date: dt.datetime) -> None: ...


class SmtpTransport:
    """One SMTP connection: STARTTLS when set (or TLS from the start on port 465), login when an account is set."""

    def __init__(self, settings: SmtpSettings, password: str | None) -> None:
        self.settings = settings
        self.password = password
        self._smtp: smtplib.SMTP | None = None

    def __enter__(self) -> SmtpTransport:
        where = f"{self.settings.host}:{self.settings.port}"
        try:
            self._smtp = self._connect()
        except smtplib.SMTPAuthenticationError:
            raise DeliveryError(f"The mail server {where} refused the account name or password") from None
        except smtplib.SMTPNotSupportedError:
            raise DeliveryError(f"The mail server {where} does not offer STARTTLS (turn it off in Settings?)") from None
        except (smtplib.SMTPException, OSError) as error:
            raise DeliveryError(f"Cannot reach the mail server {where}: {_reason(error)}") from None
        return self

    def _connect(self) -> smtplib.SMTP:
        settings, context = self.settings, ssl.create_default_context()
        if settings.port == IMPLICIT_TLS_PORT:
            smtp: smtplib.SMTP = smtplib.SMTP_SSL(
                settings.host, settings.port, timeout=settings.timeout, context=context
            )
        else:
            smtp = smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout)
        try:
            smtp.ehlo()
            if settings.starttls and settings.port != IMPLICIT_TLS_PORT:
                smtp.starttls(context=context)
                smtp.ehlo()
            if settings.account:
                smtp.login(settings.account, self.password or "")
        except BaseException:
            smtp.close()
            raise
        return smtp

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if self._smtp is not None:
            try:
                self._smtp.quit()
            except (smtplib.SMTPException, OSError):
                self._smtp.close()
            self._smtp = None

    def send(self, raw: str, *, sender: str, recipient: str, date: dt.datetime) -> None:
        assert self._smtp is not None, "send() outside `with transport:`"
        message = email.message_from_string(raw, policy=SMTP)
        message.replace_header("Date", format_datetime(date.astimezone(dt.UTC)))
        try:
            self._smtp.send_message(message, from_addr=sender, to_addrs=[recipient])
        except smtplib.SMTPRecipientsRefused as error:
            code, text = next(iter(error.recipients.values()), (0, b""))
            raise DeliveryError(_refused("address", code, text), permanent=500 <= code < 600) from None
        except (smtplib.SMTPSenderRefused, smtplib.SMTPDataError) as error:
            raise DeliveryError(_refused("message", error.smtp_code, error.smtp_error), permanent=False) from None
        except (smtplib.SMTPException, OSError) as error:
            raise DeliveryError(f"The mail server connection failed: {_reason(error)}") from None


def _refused(what: str, code: int, text: bytes | str) -> str:
    reason = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
    return f"The mail server refused the {what} ({code} {reason.strip()})"


def _reason(error: BaseException) -> str:
    if isinstance(error, TimeoutError):
        return "no answer in time"
    if isinstance(error, ConnectionRefusedError):
        return "connection refused (is the server running and the port right?)"
    text = getattr(error, "strerror", None) or str(error) or type(error).__name__
    return str(text)
