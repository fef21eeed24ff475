"""A throwaway PostgreSQL for the tests.

Uses IRO_DIARY_TEST_POSTGRES_URL when set. Otherwise starts a private cluster with Debian's initdb/pg_ctl
(`pg_config --bindir`) on a free localhost port in a temporary folder — as the `postgres` user when we are
root, because initdb refuses root — and stops it at the end of the session. With neither available the
PostgreSQL tests skip, except under CI=true, where they fail: CI must run them.

`postgres_server` is the cluster itself, for tests that stop and start it mid-session (issue #10: the app goes
offline and recovers); it can only do that for the cluster the suite started.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

URL_VARIABLE = "IRO_DIARY_TEST_POSTGRES_URL"


def _unavailable(reason: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"PostgreSQL is required under CI=true but {reason}")
    pytest.skip(f"no PostgreSQL: {reason}")


def _free_port() -> int:
    with contextlib.closing(socket.socket()) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _as_postgres(command: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return command
    runner = shutil.which("runuser")
    if runner:
        return [runner, "-u", "postgres", "--", *command]
    return ["su", "postgres", "-s", "/bin/sh", "-c", " ".join(command)]


def _bindir() -> Path | None:
    pg_config = shutil.which("pg_config")
    if pg_config is None:
        return None
    result = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True, check=False)
    path = Path(result.stdout.strip())
    return path if (path / "initdb").exists() else None


@dataclass
class PostgresServer:
    """A PostgreSQL server for the tests: its maintenance database's URL, and (for the suite's own cluster) a way
    to stop and start it."""

    url: str
    bindir: Path | None = None
    data: Path | None = None
    options: str = ""
    log: Path | None = None

    @property
    def can_restart(self) -> bool:
        return self.bindir is not None

    def _pg_ctl(self, *args: str) -> subprocess.CompletedProcess[str]:
        assert self.bindir is not None and self.data is not None, "only the suite's own cluster can be restarted"
        command = [str(self.bindir / "pg_ctl"), "-D", str(self.data), *args]
        return subprocess.run(_as_postgres(command), capture_output=True, text=True, check=False)

    def stop(self) -> None:
        """Stop the server at once (clients see their connections drop)."""
        result = self._pg_ctl("-m", "immediate", "-w", "stop")
        assert result.returncode == 0, result.stderr

    def start(self) -> None:
        assert self.log is not None
        result = self._pg_ctl("-o", self.options, "-l", str(self.log), "-w", "-t", "60", "start")
        assert result.returncode == 0, result.stderr


@contextlib.contextmanager
def _cluster(bindir: Path) -> Iterator[PostgresServer]:
    root = Path(tempfile.mkdtemp(prefix="iro-diary-pg-"))
    root.chmod(0o755)
    data, sockets, log = root / "data", root / "sockets", root / "server.log"
    data.mkdir(mode=0o700)
    sockets.mkdir(mode=0o700)
    log.touch()
    if os.geteuid() == 0:
        for path in (data, sockets, log):
            shutil.chown(path, "postgres", "postgres")
    port = _free_port()
    run = lambda *args: subprocess.run(_as_postgres(list(args)), capture_output=True, text=True, check=False)  # noqa: E731
    init = run(str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust", "--no-sync", "-E", "UTF8")
    if init.returncode != 0:
        shutil.rmtree(root, ignore_errors=True)
        _unavailable(f"initdb failed: {init.stderr.strip()[:300]}")
    options = f"-p {port} -k {sockets} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off"
    start = run(str(bindir / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(log), "-w", "-t", "60", "start")
    if start.returncode != 0:
        reason = log.read_text(errors="replace").strip()[-300:] or start.stderr.strip()[:300]
        shutil.rmtree(root, ignore_errors=True)
        _unavailable(f"pg_ctl start failed: {reason}")
    try:
        yield PostgresServer(f"postgresql://postgres@127.0.0.1:{port}/postgres", bindir, data, options, log)
    finally:
        run(str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """The PostgreSQL server the tests use (see the module's note)."""
    given = os.environ.get(URL_VARIABLE)
    if given:
        yield PostgresServer(given)
        return
    bindir = _bindir()
    if bindir is None:
        _unavailable("pg_config/initdb not found")
    assert bindir is not None
    with _cluster(bindir) as server:
        yield server


@pytest.fixture(scope="session")
def postgres_cluster(postgres_server: PostgresServer) -> str:
    """The URL of the maintenance database of a PostgreSQL server the tests may create databases on."""
    return postgres_server.url


def _admin(url: str, statement: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(statement)


@pytest.fixture(scope="session")
def postgres_template(postgres_cluster: str) -> str:
    """A migrated empty diary database on the server, copied (CREATE DATABASE … TEMPLATE) per test."""
    import datetime as dt

    from iro_diary.store.database import Database
    from iro_diary.store.migrate import prepare

    name = f"iro_template_{uuid.uuid4().hex[:8]}"
    _admin(postgres_cluster, f'CREATE DATABASE "{name}"')
    url = postgres_cluster.rsplit("/", 1)[0] + f"/{name}"
    db = Database(url)
    prepare(db, Path(tempfile.gettempdir()), dt.datetime.now(dt.UTC))
    db.close()
    return name


@pytest.fixture
def postgres_database(postgres_cluster: str, postgres_template: str) -> Iterator[str]:
    name = f"iro_test_{uuid.uuid4().hex[:10]}"
    _admin(postgres_cluster, f'CREATE DATABASE "{name}" TEMPLATE "{postgres_template}"')
    yield postgres_cluster.rsplit("/", 1)[0] + f"/{name}"
    with contextlib.suppress(Exception):
        _admin(postgres_cluster, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def postgres_url(postgres_database: str) -> str:
    """A fresh, migrated, empty diary database on PostgreSQL for this test."""
    return postgres_database
