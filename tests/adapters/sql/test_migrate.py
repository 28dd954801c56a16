"""Migrations upgrade and downgrade on both backends, and produce exactly the declared schema."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect

from ringfence.adapters.sql import downgrade, make_engine, upgrade
from ringfence.adapters.sql.migrate import current_revision, head_revision
from ringfence.adapters.sql.schema import metadata
from tests.support.postgres import PostgresServer


@pytest.fixture(params=["sqlite", "postgres"])
def empty_engine(request: pytest.FixtureRequest, tmp_path: Path) -> Engine:
    if request.param == "sqlite":
        return make_engine(f"sqlite:///{tmp_path / 'm.db'}")
    server: PostgresServer = request.getfixturevalue("pg_server")
    return make_engine(server.url_for(server.create()))


def test_upgrade_matches_the_metadata_and_downgrade_removes_everything(empty_engine: Engine) -> None:
    upgrade(empty_engine)
    assert current_revision(empty_engine) == head_revision() == "0001"
    with empty_engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), metadata) == []
    assert set(metadata.tables) <= set(inspect(empty_engine).get_table_names())
    downgrade(empty_engine)
    assert current_revision(empty_engine) is None
    assert set(inspect(empty_engine).get_table_names()) <= {"alembic_version"}
    upgrade(empty_engine)  # and back up again: downgrade left nothing behind (triggers, functions)
    assert current_revision(empty_engine) == "0001"
    empty_engine.dispose()


def test_migrations_ship_inside_the_package() -> None:
    import ringfence.adapters.sql.migrate as m

    versions = Path(m.__file__).with_name("migrations") / "versions"
    assert (versions / "0001_initial_schema.py").exists()
    assert (versions.parent / "env.py").exists()


def test_plain_postgresql_urls_use_psycopg_3() -> None:
    from ringfence.adapters.sql import normalise_url

    assert normalise_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalise_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalise_url("sqlite:///x.db") == "sqlite:///x.db"
