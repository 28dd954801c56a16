"""Fixtures shared across the suite: a PostgreSQL server (see tests/support/postgres.py) and a store on
each backend."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from ringfence.adapters.sql import SqlStore, make_engine, upgrade
from tests.support.postgres import PostgresServer, postgres_server, require_or_skip
from tests.support.world import World, make_world


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


@pytest.fixture(params=["sqlite", "postgres"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[SqlStore]:
    """The same store behaviour, once on each backend."""
    if request.param == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path / 'rf.db'}")
        upgrade(engine)
    else:
        server = request.getfixturevalue("pg_server")
        template = request.getfixturevalue("pg_template")
        engine = make_engine(server.url_for(server.create(template=template)))
    store = SqlStore(engine)
    yield store
    store.close()


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    with make_world(tmp_path) as w:
        yield w
