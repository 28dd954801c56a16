"""0005 folds the old ``actions`` table into the disposition history, and its downgrade gives it back."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, inspect, text

from ringfence.adapters.sql import SqlStore, downgrade, make_engine, upgrade
from ringfence.domain.disposition import State
from tests.adapters.sql.test_migrate import LATEST
from tests.support.postgres import PostgresServer

T0 = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)
BEFORE = "0004"  # the revision 0005 follows


@pytest.fixture(params=["sqlite", "postgres"])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Engine:
    if request.param == "sqlite":
        return make_engine(f"sqlite:///{tmp_path / 'm.db'}")
    server: PostgresServer = request.getfixturevalue("pg_server")
    return make_engine(server.url_for(server.create()))


def test_legacy_actions_become_history_and_come_back_on_downgrade(engine: Engine) -> None:
    from ringfence.adapters.sql.migrate import head_revision

    upgrade(engine, BEFORE)
    rows = [
        ("+8613800000001", "restrict", "burst", 0),
        ("+8613800000002", "label", "spam", 1),
        ("+8613800000001", "suspend", "confirmed", 2),
    ]
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO orgs (id, name, created_at) VALUES ('a', 'A', :t)"), {"t": T0})
        for number, action, note, minutes in rows:
            conn.execute(
                text(
                    "INSERT INTO actions (org_id, number, action, note, actor, at) "
                    "VALUES ('a', :n, :a, :note, 'a/alice#1', :t)"
                ),
                {"n": number, "a": action, "note": note, "t": T0 + timedelta(minutes=minutes)},
            )
    upgrade(engine)
    assert "actions" not in inspect(engine).get_table_names()
    store = SqlStore(engine)
    d1 = store.disposition("a", "+8613800000001")
    assert d1 is not None
    assert (d1.state, d1.version, d1.reason, d1.deadline) == (State.SUSPENDED, 2, "confirmed", None)
    assert d1.since == T0 + timedelta(minutes=2)
    history = store.disposition_history("a", "+8613800000001")
    assert [(h.from_state, h.to_state, h.reason) for h in history] == [
        (State.ACTIVE, State.RESTRICTED, "burst"),
        (State.RESTRICTED, State.SUSPENDED, "confirmed"),
    ]
    assert history[0].evidence.note.startswith("imported from actions #")
    assert [a.note for a in store.actions("a")] == ["confirmed", "spam", "burst"]
    assert store.overdue(T0 + timedelta(days=365)) == []  # imported disposals start no clock
    assert head_revision() == LATEST  # 0005 is not the newest any more

    downgrade(engine, BEFORE)
    with engine.connect() as conn:
        back = conn.execute(text("SELECT number, action, note, actor FROM actions ORDER BY id")).all()
    assert [tuple(r) for r in back] == [
        ("+8613800000001", "restrict", "burst", "a/alice#1"),
        ("+8613800000002", "label", "spam", "a/alice#1"),
        ("+8613800000001", "suspend", "confirmed", "a/alice#1"),
    ]
    assert "dispositions" not in inspect(engine).get_table_names()
    engine.dispose()
