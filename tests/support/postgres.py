"""A PostgreSQL server for tests: the one named by a setting, or a throwaway Debian one we start.

Order: ``RINGFENCE_TEST_POSTGRES_URL`` when set (a fresh database is created on it per session); else a
private cluster from Debian's ``initdb``/``pg_ctl`` on a free 127.0.0.1 port in a temp dir (run as the
``postgres`` OS user when we are root, since initdb refuses root); else a local server on
127.0.0.1:5432. With ``RINGFENCE_REQUIRE_POSTGRES=1`` (CI) a missing server fails instead of skipping.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import psycopg
import pytest

__all__ = ["PostgresServer", "postgres_server", "require_or_skip"]


def require_or_skip(what: str, setting: str, reason: str) -> None:
    if os.environ.get(setting) == "1":
        pytest.fail(f"{what} required ({setting}=1) but unavailable: {reason}")
    pytest.skip(f"{what} unavailable: {reason}")


class PostgresServer:
    """A server URL plus a migrated template database, cloned per test for isolation."""

    def __init__(self, admin_url: str) -> None:
        self.admin_url = admin_url  # a URL to a maintenance database (postgres)
        self._created: list[str] = []

    def url_for(self, db: str) -> str:
        base, _, _ = self.admin_url.rpartition("/")
        return f"{base}/{db}"

    def create(self, template: str | None = None) -> str:
        name = f"rf_test_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
        self._created.append(name)
        return name

    def drop_all(self) -> None:
        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            for name in self._created:
                with suppress(psycopg.Error):
                    conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self._created.clear()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _reachable(url: str) -> bool:
    try:
        with psycopg.connect(url, connect_timeout=3):
            return True
    except psycopg.Error:
        return False


@contextmanager
def _own_cluster() -> Iterator[str | None]:
    """Start a private cluster; yields its admin URL, or None when Debian's binaries are absent."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not found:
        yield None
        return
    bindir = Path(found[-1]).parent
    root = Path(tempfile.mkdtemp(prefix="ringfence-pg-"))
    as_postgres: list[str] = []
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
        as_postgres = ["runuser", "-u", "postgres", "--"]
    data = root / "data"
    port = _free_port()
    started = False
    try:
        subprocess.run(
            [
                *as_postgres,
                str(bindir / "initdb"),
                "-D",
                str(data),
                "-U",
                "postgres",
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--locale=C",
                "--no-sync",
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
        options = (
            f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off"
        )
        subprocess.run(
            [
                *as_postgres,
                str(bindir / "pg_ctl"),
                "-D",
                str(data),
                "-o",
                options,
                "-l",
                str(root / "log"),
                "-w",
                "-t",
                "60",
                "start",
            ],
            check=True,
            capture_output=True,
            timeout=90,
        )
        started = True
        yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
    finally:
        if started:
            subprocess.run(
                [*as_postgres, str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
                capture_output=True,
                timeout=60,
                check=False,
            )
        shutil.rmtree(root, ignore_errors=True)


@contextmanager
def postgres_server() -> Iterator[PostgresServer | str]:
    """Yields a server, or a string saying why there is none."""
    given = os.environ.get("RINGFENCE_TEST_POSTGRES_URL")
    if given:
        if not _reachable(given):
            yield f"RINGFENCE_TEST_POSTGRES_URL={given} is not reachable"
            return
        server = PostgresServer(given)
        try:
            yield server
        finally:
            server.drop_all()
        return
    try:
        with _own_cluster() as url:
            if url is not None:
                server = PostgresServer(url)
                yield server  # the cluster goes away with its databases
                return
    except (subprocess.SubprocessError, OSError) as exc:
        own_error = f"could not start a private cluster ({exc})"
    else:
        own_error = "Debian's postgresql (initdb) is not installed"
    local = "postgresql://postgres@127.0.0.1:5432/postgres"
    if _reachable(local):
        server = PostgresServer(local)
        try:
            yield server
        finally:
            server.drop_all()
        return
    yield f"{own_error}, and no server answers on 127.0.0.1:5432"
