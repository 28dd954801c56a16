"""What only the SQL store shows of dispositions: the transaction that holds a transition together,
and the change-feed counter row."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import text

from ringfence.adapters.sql import SqlStore
from ringfence.domain.disposition import Action, Disposition, apply
from ringfence.domain.outbox import NewMessage, Topic
from ringfence.domain.sla import Sla

T0 = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)
N1 = "+8613800000001"


def test_a_failure_inside_the_transaction_leaves_no_trace(
    sql_store: SqlStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    sql_store.ensure_org("op-a", "A", T0)

    def broken(*_: object) -> int:
        raise RuntimeError("disk full")

    monkeypatch.setattr(SqlStore, "_record_change", staticmethod(broken))
    before = Disposition("op-a", N1)
    after, step = apply(before, Action.SUSPEND, T0, "x", Sla())
    message = NewMessage(Topic.PROVISIONING, "hook", "k1", {"n": 1})
    with pytest.raises(RuntimeError):
        sql_store.commit_transitions(before, after, [step], [message])
    assert sql_store.disposition("op-a", N1) is None
    assert sql_store.disposition_history("op-a", N1) == []
    assert [e for e in sql_store.audit_entries("op-a") if e.target == N1] == []
    assert sql_store.outbox("op-a") == []


def test_the_change_feed_counter_is_a_row_of_its_own(sql_store: SqlStore) -> None:
    sql_store.ensure_org("op-a", "A", T0)
    before = Disposition("op-a", N1)
    after, step = apply(before, Action.SUSPEND, T0, "x", Sla())
    sql_store.commit_transitions(before, after, [step], [])
    with sql_store.engine.connect() as conn:
        assert conn.execute(text("SELECT value FROM risk_seq WHERE id = 1")).scalar_one() == 1
