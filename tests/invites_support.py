"""Test helpers for invites: an in-memory keyring, a real local SMTP server (aiosmtpd), a real CalDAV server
(Radicale), and ways to read what the app wrote."""

from __future__ import annotations

import base64
import email
import http.client
import re
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.policy import default
from pathlib import Path
from typing import Any

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for_port(port: int, seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), 0.2).close()
            return
        except OSError:
            time.sleep(0.02)
    raise TimeoutError(f"nothing listens on port {port}")


def unfold(data: bytes) -> str:
    """iCalendar text with folded lines joined (a name split by folding must still be found)."""
    return data.decode("utf-8").replace("\r\n ", "").replace("\r\n\t", "")


# The keyring.


class MemoryKeyring(KeyringBackend):
    """A keyring that keeps passwords in a dict: the tests never touch a real one."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.passwords: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.passwords.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.passwords[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.passwords.pop((service, username), None)


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def no_keyring() -> Iterator[None]:
    """A machine without a password store (CI, headless Linux)."""
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(previous)


# A mail server.


@dataclass
class Received:
    sender: str
    recipients: list[str]
    content: bytes

    @property
    def message(self) -> EmailMessage:
        parsed = email.message_from_bytes(self.content, policy=default)
        assert isinstance(parsed, EmailMessage)
        return parsed


@dataclass
class MailHandler:
    received: list[Received] = field(default_factory=list)
    refuse: set[str] = field(default_factory=set)
    logins: list[tuple[bytes, bytes]] = field(default_factory=list)

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, options: Any) -> str:
        if address in self.refuse:
            return "550 5.1.1 no such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), bytes(envelope.content)))
        return "250 Message accepted"


class MailServer:
    """aiosmtpd on 127.0.0.1; `password` set means it asks for a login (without TLS: tests only)."""

    def __init__(self, port: int | None = None, password: str | None = None) -> None:
        self.port = port or free_port()
        self.handler = MailHandler()
        self.password = password
        self._controller: Any = None

    def _authenticate(self, server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> Any:
        from aiosmtpd.smtp import AuthResult

        self.handler.logins.append((data.login, data.password))
        return AuthResult(success=self.password is not None and data.password == self.password.encode())

    def start(self) -> MailServer:
        from aiosmtpd.controller import Controller

        options: dict[str, Any] = {}
        if self.password is not None:
            options = {"authenticator": self._authenticate, "auth_require_tls": False}
        self._controller = Controller(self.handler, hostname="127.0.0.1", port=self.port, **options)
        self._controller.start()
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    @property
    def received(self) -> list[Received]:
        return self.handler.received


@pytest.fixture
def mail_server() -> Iterator[MailServer]:
    server = MailServer().start()
    yield server
    server.stop()


def use_mail_server(services: Any, port: int, *, account: str = "") -> None:
    services.settings.set_many(
        {"smtp.host": "127.0.0.1", "smtp.port": port, "smtp.starttls": False, "smtp.account": account}
    )


# A CalDAV server.


class CalDavServer:
    """Radicale, started in a thread on a free port over a temporary storage folder."""

    def __init__(self, folder: Path) -> None:
        from radicale import config

        self.port = free_port()
        self.configuration = config.load()
        self.configuration.update(
            {
                "server": {"hosts": f"127.0.0.1:{self.port}"},
                "auth": {"type": "none"},
                # No fsync per item: the test throws the folder away, and it makes each PUT ~10x faster.
                "storage": {"filesystem_folder": str(folder), "_filesystem_fsync": "False"},
                "logging": {"level": "error"},
            },
            "tests",
            privileged=True,
        )
        self._stop, self._stop_other_end = socket.socketpair()
        self._thread: threading.Thread | None = None
        self._auth = "Basic " + base64.b64encode(b"diary:unused").decode()

    def start(self) -> CalDavServer:
        from radicale import server

        self._thread = threading.Thread(target=server.serve, args=(self.configuration, self._stop_other_end))
        self._thread.start()
        wait_for_port(self.port)
        return self

    def stop(self) -> None:
        self._stop.close()
        if self._thread is not None:
            self._thread.join(10)
        self._stop_other_end.close()

    def request(self, method: str, path: str, body: bytes | None = None) -> tuple[int, bytes]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            headers = {"Authorization": self._auth, "Content-Type": "text/calendar; charset=utf-8"}
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            return response.status, response.read()
        finally:
            connection.close()


def as_calendar_object(ics: bytes) -> bytes:
    """The same calendar without METHOD: CalDAV stores calendar objects, not iTIP messages (RFC 4791 §4.1)."""
    return re.sub(rb"(?m)^METHOD:[A-Z]+\r\n", b"", ics)
