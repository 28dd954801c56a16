"""Migrations upgrade and downgrade on both backends, and produce exactly the declared schema."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect, text

from ringfence.adapters.sql import downgrade, make_engine, migrations, upgrade
from ringfence.adapters.sql.migrate import current_revision, head_revision
from ringfence.adapters.sql.schema import metadata
from tests.support.postgres import PostgresServer

#: The newest migration file's revision: the head every upgrade must reach.
LATEST = max(p.name[:4] for p in (Path(migrations.__file__).parent / "versions").glob("[0-9]*.py"))


@pytest.fixture(params=["sqlite", "postgres"])
def empty_engine(request: pytest.FixtureRequest, tmp_path: Path) -> Engine:
    if request.param == "sqlite":
        return make_engine(f"sqlite:///{tmp_path / 'm.db'}")
    server: PostgresServer = request.getfixturevalue("pg_server")
    return make_engine(server.url_for(server.create()))


def test_upgrade_matches_the_metadata_and_downgrade_removes_everything(empty_engine: Engine) -> None:
    upgrade(empty_engine)
    assert current_revision(empty_engine) == head_revision() == LATEST
    with empty_engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), metadata) == []
    assert set(metadata.tables) <= set(inspect(empty_engine).get_table_names())
    downgrade(empty_engine)
    assert current_revision(empty_engine) is None
    assert set(inspect(empty_engine).get_table_names()) <= {"alembic_version"}
    upgrade(empty_engine)  # and back up again: downgrade left nothing behind (triggers, functions)
    assert current_revision(empty_engine) == LATEST
    empty_engine.dispose()


def test_0002_fills_digests_of_rows_stored_before_it(empty_engine: Engine) -> None:
    from datetime import UTC, datetime

    from ringfence.domain.digests import digest

    upgrade(empty_engine, "0001")
    at = datetime(2026, 11, 2, tzinfo=UTC)
    with empty_engine.begin() as conn:
        conn.execute(text("INSERT INTO orgs (id, name, created_at) VALUES ('a', 'A', :t)"), {"t": at})
        conn.execute(
            text(
                "INSERT INTO list_entries (org_id, list_name, kind, value, label, sharing, reason, "
                "created_by, created_at) "
                "VALUES ('a', 'blacklist', 'number', '+8613800000001', '', 'shared', '', 'x', :t)"
            ),
            {"t": at},
        )
    upgrade(empty_engine, "0002")
    with empty_engine.connect() as conn:
        assert conn.execute(text("SELECT digest FROM list_entries")).scalar_one() == digest("+8613800000001")
    downgrade(empty_engine, "0001")
    columns = {c["name"] for c in inspect(empty_engine).get_columns("list_entries")}
    assert "digest" not in columns
    assert "value" in columns
    with empty_engine.connect() as conn:  # the data survived the round trip
        assert conn.execute(text("SELECT value FROM list_entries")).scalar_one() == "+8613800000001"
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


def test_0014_keeps_list_entries_and_never_reuses_their_ids(empty_engine: Engine) -> None:
    from datetime import UTC, datetime

    upgrade(empty_engine, "0011")
    at = datetime(2026, 11, 2, tzinfo=UTC)
    insert = text(
        "INSERT INTO list_entries (org_id, list_name, kind, value, label, sharing, reason, created_by, "
        "created_at) VALUES ('a', 'blacklist', 'number', :v, '', 'shared', '', 'x', :t)"
    )
    with empty_engine.begin() as conn:
        conn.execute(text("INSERT INTO orgs (id, name, created_at) VALUES ('a', 'A', :t)"), {"t": at})
        for v in ("+8613800000001", "+8613800000002"):
            conn.execute(insert, {"v": v, "t": at})
    upgrade(empty_engine, "0014")
    with empty_engine.begin() as conn:
        rows = conn.execute(text("SELECT id, value FROM list_entries ORDER BY id")).all()
        assert [tuple(r) for r in rows] == [(1, "+8613800000001"), (2, "+8613800000002")]
        conn.execute(text("DELETE FROM list_entries WHERE id = 2"))
        conn.execute(insert, {"v": "+8613800000003", "t": at})
        assert conn.execute(text("SELECT max(id) FROM list_entries")).scalar_one() == 3
    empty_engine.dispose()
