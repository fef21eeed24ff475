"""Passwords — the mail server's, and the shared database's (issue #10) — kept in the operating system's keyring
(Windows Credential Manager, macOS Keychain, Secret Service on Linux) and never in a file or the database.

A machine without a usable keyring (a headless Linux box, CI) gets one clear message, as an EnvironmentProblem:
nothing crashes and queued invites simply wait.
"""

from __future__ import annotations

import logging
from types import ModuleType

from iro_diary.domain.errors import EnvironmentProblem

log = logging.getLogger(__name__)

KEYRING_SERVICE = "iro-diary-smtp"
DATABASE_SERVICE = "iro-diary-database"
NO_KEYRING = (
    "This computer has no password store (keyring) IRO Diary can use, so the mail server password cannot be kept. "
    "On Windows the Credential Manager is used; on Linux install and unlock GNOME Keyring or KWallet. "
    "Invites stay queued until a password can be used."
)


def _username(host: str, account: str) -> str:
    return f"{account}@{host}"


def _keyring() -> ModuleType:
    import keyring
    from keyring.backends import fail

    if isinstance(keyring.get_keyring(), fail.Keyring):
        raise EnvironmentProblem(NO_KEYRING)
    return keyring


def keyring_problem() -> str | None:
    """None when a keyring is usable here; otherwise the message to show."""
    try:
        _keyring()
    except EnvironmentProblem as problem:
        return problem.message
    except Exception as error:  # a broken backend must not take the app down
        log.info("keyring unusable: %s", type(error).__name__)
        return NO_KEYRING
    return None


def read_password(host: str, account: str, service: str = KEYRING_SERVICE) -> str | None:
    """The stored password for `account` on `host`, or None if none is stored."""
    try:
        password = _keyring().get_password(service, _username(host, account))
    except EnvironmentProblem:
        raise
    except Exception as error:
        log.info("keyring read failed: %s", type(error).__name__)
        raise EnvironmentProblem(NO_KEYRING) from None
    return str(password) if password is not None else None


def save_password(host: str, account: str, password: str, service: str = KEYRING_SERVICE) -> None:
    """Keep `password` for `account` on `host`; an empty password removes the stored one."""
    try:
        store = _keyring()
        if password:
            store.set_password(service, _username(host, account), password)
        elif store.get_password(service, _username(host, account)) is not None:
            store.delete_password(service, _username(host, account))
    except EnvironmentProblem:
        raise
    except Exception as error:
        log.info("keyring write failed: %s", type(error).__name__)
        raise EnvironmentProblem(NO_KEYRING) from None
