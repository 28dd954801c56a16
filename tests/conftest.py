"""Fixtures shared across the suite: a PostgreSQL server (see tests/support/postgres.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.postgres import PostgresServer, postgres_server, require_or_skip


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
    from ringfence.adapters.sql import make_engine, upgrade

    name = pg_server.create()
    engine = make_engine(pg_server.url_for(name))
    upgrade(engine)
    engine.dispose()
    return name
