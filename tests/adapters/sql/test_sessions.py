"""Console sessions on the SQL backends: expired rows are deleted, not only refused."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from ringfence.adapters.sql import SqlStore

T0 = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)


def test_expired_sessions_are_dropped_when_new_ones_open(sql_store: SqlStore) -> None:
    sql_store.ensure_org("op-a", "op-a", T0)
    key_id = sql_store.add_key("op-a", "analyst", "analyst", "ABCDEFGH", "0" * 64, T0)
    sql_store.open_session("old", "op-a", key_id, T0, T0 + timedelta(hours=1))
    sql_store.open_session("new", "op-a", key_id, T0 + timedelta(days=1), T0 + timedelta(days=2))
    with sql_store.engine.connect() as conn:
        from sqlalchemy import select

        from ringfence.adapters.sql import schema as t

        ids = set(conn.execute(select(t.console_sessions.c.id)).scalars())
    assert ids == {"new"}
