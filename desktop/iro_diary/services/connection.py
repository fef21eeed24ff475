"""Which database this PC opens (issue #10): connecting to a team's shared PostgreSQL diary, testing the
connection first, and the password kept in the operating system's keyring — never in the settings file.

The settings file (`infra.local_settings`) keeps the address without its password; opening the diary puts the
keyring's password back in (`address_with_password`).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.engine import URL

from iro_diary.domain.errors import AppError, EnvironmentProblem, ValidationError
from iro_diary.infra import secrets
from iro_diary.infra.local_settings import read_local_settings, write_local_settings
from iro_diary.infra.paths import AppPaths
from iro_diary.store.database import Database
from iro_diary.store.migrate import check_compatible, head_revision
from iro_diary.store.urls import normalise_database_url

SETTING = "database_url"
DEFAULT_PORT = 5432


@dataclass(frozen=True, slots=True)
class SharedDatabase:
    """A PostgreSQL diary as the connection dialog asks for it."""

    host: str
    port: int
    name: str
    user: str

    def url(self, password: str | None = None) -> URL:
        host, name, user = self.host.strip(), self.name.strip(), self.user.strip()
        if not host or not name or not user:
            raise ValidationError("Give the server, the database name and the user name")
        if not 0 < self.port < 65536:
            raise ValidationError("The port is a number from 1 to 65535 (PostgreSQL's is usually 5432)")
        return URL.create(
            "postgresql+psycopg", username=user, password=password or None, host=host, port=self.port, database=name
        )

    @property
    def address(self) -> str:
        """The address kept in the settings file: no password."""
        return self.url().render_as_string(hide_password=False)

    @classmethod
    def of(cls, address: str) -> SharedDatabase | None:
        """The shared database an address names; None for an embedded (SQLite) one."""
        try:
            url = normalise_database_url(address)
        except ValidationError:
            return None
        if url.get_backend_name() != "postgresql":
            return None
        return cls(url.host or "localhost", url.port or DEFAULT_PORT, url.database or "", url.username or "")


def _keyring_place(database: SharedDatabase) -> tuple[str, str]:
    return f"{database.host}:{database.port}/{database.name}", database.user


def stored_password(database: SharedDatabase) -> str | None:
    """The password kept for this database in the keyring (None when none is, or there is no keyring)."""
    try:
        return secrets.read_password(*_keyring_place(database), service=secrets.DATABASE_SERVICE)
    except AppError:
        return None


def address_with_password(address: str) -> str:
    """A PostgreSQL address without a password gets the one kept in the keyring; anything else is left as it is."""
    database = SharedDatabase.of(address)
    if database is None or normalise_database_url(address).password is not None:
        return address
    password = stored_password(database)
    if password is None:
        return address
    return database.url(password).render_as_string(hide_password=False)


def try_connection(database: SharedDatabase, password: str) -> str:
    """Connect and say what was found, in words for the dialog; an AppError says what is wrong."""
    db = Database(database.url(password))
    try:
        revision = check_compatible(db)
    finally:
        db.close()
    where = f"{database.name} on {database.host}"
    if revision is None:
        return f"Connected to {where}. It is empty: IRO Diary will set it up as a shared diary when it next starts."
    if revision != head_revision():
        return (
            f"Connected to {where}. It is an IRO Diary database from an older version: this PC will upgrade it "
            "when IRO Diary next starts (the other PCs then need this version too)."
        )
    return f"Connected to {where}: a shared IRO Diary database, up to date."


def connect_to_shared(paths: AppPaths, database: SharedDatabase, password: str) -> None:
    """From the next start, open this shared database; its password goes to the keyring."""
    address = database.address
    if password:
        try:
            secrets.save_password(*_keyring_place(database), password, service=secrets.DATABASE_SERVICE)
        except EnvironmentProblem:
            raise EnvironmentProblem(keyring_problem() or secrets.NO_KEYRING) from None
    values = read_local_settings(paths.local_settings)
    values[SETTING] = address
    write_local_settings(paths.local_settings, values)


def use_this_pcs_diary(paths: AppPaths) -> None:
    """From the next start, open this PC's own (embedded) diary again."""
    values = read_local_settings(paths.local_settings)
    values.pop(SETTING, None)
    write_local_settings(paths.local_settings, values)


def keyring_problem() -> str | None:
    """Why a password cannot be kept on this PC (None when it can)."""
    problem = secrets.keyring_problem()
    if problem is None:
        return None
    return (
        "This computer has no password store (keyring) IRO Diary can use, so the database password cannot be kept: "
        "ask IT to set up a login that needs none (PostgreSQL's peer or certificate login), or install and unlock "
        "GNOME Keyring or KWallet."
    )
