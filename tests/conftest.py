"""Fixtures shared across the suite: a PostgreSQL server (see tests/support/postgres.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

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
    from ringfence.adapters.sql import make_engine, upgrade

    name = pg_server.create()
    engine = make_engine(pg_server.url_for(name))
    upgrade(engine)
    engine.dispose()
    return name


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    with make_world(tmp_path) as w:
        yield w
