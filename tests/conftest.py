"""Fixtures shared across the suite: a PostgreSQL server (see tests/support/postgres.py) and a store on
each backend."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from ringfence.adapters.memory import MEMORY_URL, MemoryStore
from ringfence.adapters.sql import SqlStore, make_engine, upgrade
from ringfence.ports.store import Store
from tests.support.postgres import PostgresServer, postgres_server, require_or_skip
from tests.support.world import World, make_world

BACKENDS = ["memory", "sqlite", "postgres"]  # every Store; the contract tests run on each
SQL_BACKENDS = ["sqlite", "postgres"]


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PostgresServer]:
    with postgres_server() as server:
        if isinstance(server, str):
            require_or_skip("PostgreSQL", "RINGFENCE_REQUIRE_POSTGRES", server)
        assert isinstance(server, PostgresServer)
        yield server


@pytest.fixture(scope="session")
def pg_template(pg_server: PostgresServer) -> str:
    """A database at the latest schema, cloned (CREATE DATABASE … TEMPLATE) for each test."""
    name = pg_server.create()
    engine = make_engine(pg_server.url_for(name))
    upgrade(engine)
    engine.dispose()
    return name


def _sql_store(request: pytest.FixtureRequest, backend: str, tmp_path: Path) -> SqlStore:
    if backend == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path / 'rf.db'}")
        upgrade(engine)
    else:
        server = request.getfixturevalue("pg_server")
        template = request.getfixturevalue("pg_template")
        engine = make_engine(server.url_for(server.create(template=template)))
    return SqlStore(engine)


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """The same store behaviour on every backend: in memory, SQLite and PostgreSQL."""
    made: MemoryStore | SqlStore = (
        MemoryStore() if request.param == "memory" else _sql_store(request, request.param, tmp_path)
    )
    yield made
    made.close()


@pytest.fixture(params=SQL_BACKENDS)
def sql_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[SqlStore]:
    """A ``SqlStore`` on each database, for what only a database has (triggers, migrations)."""
    made = _sql_store(request, request.param, tmp_path)
    yield made
    made.close()


@pytest.fixture(params=BACKENDS)
def world(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[World]:
    """The app over two organisations, on each backend (``RINGFENCE_DATABASE_URL`` as a user sets it)."""
    url = {"memory": MEMORY_URL, "sqlite": ""}.get(request.param)
    if url is None:
        server = request.getfixturevalue("pg_server")
        url = server.url_for(server.create(template=request.getfixturevalue("pg_template")))
    with make_world(tmp_path, url) as w:
        yield w
