"""What only the SQL store has beyond the contract (tests/adapters/test_store_contract.py)."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from ringfence.adapters.sql import SqlStore
from tests.adapters.store_data import T0


def test_the_audit_log_is_append_only_in_the_database(sql_store: SqlStore) -> None:
    sql_store.ensure_org("op-a", "A", T0)
    sql_store.audit("op-a", "alice", "test", "x", {"k": 1}, T0)
    for statement in ("UPDATE audit_log SET actor = 'mallory'", "DELETE FROM audit_log"):
        with pytest.raises(DBAPIError, match="append-only"), sql_store.engine.begin() as conn:
            conn.execute(text(statement))
    assert sql_store.audit_entries("op-a")[0].actor == "alice"


def test_the_backend_is_named_by_its_dialect(sql_store: SqlStore, request: pytest.FixtureRequest) -> None:
    want = {"sqlite": "sqlite", "postgres": "postgresql"}[request.node.callspec.params["sql_store"]]
    assert sql_store.backend == want
