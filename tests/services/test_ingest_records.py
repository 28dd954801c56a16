"""Whatever a body holds, the ingest counts add up and each valid id is stored exactly once."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ringfence.adapters.memory import MemoryStore
from ringfence.adapters.sql import SqlStore, make_engine, upgrade
from ringfence.domain.access import AccessDeniedError, Principal, Role
from ringfence.ingest import RecordKind
from ringfence.ports.store import Store
from ringfence.services.ingest_records import ingest_records
from tests.support.runs import calls_csv

NOW = datetime(2026, 11, 2, tzinfo=UTC)
_orgs = itertools.count()

rows = st.lists(
    st.tuples(
        st.sampled_from([f"c{i}" for i in range(8)]),  # few ids: duplicates are common
        st.sampled_from(["13800000001", "+8613900000002", "95588", ""]),
        st.sampled_from(["2026-11-02T08:00:00+08:00", "2026-11-02 09:00:00", "not-a-time"]),
        st.sampled_from([0, 30, -1]),
    ),
    max_size=20,
)


@pytest.fixture(scope="module", params=["memory", "sqlite"])
def store(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Store:
    """One store per backend for the whole module (each example makes its own organisation)."""
    if request.param == "memory":
        return MemoryStore()
    path: Path = tmp_path_factory.mktemp("ingest") / "rf.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    return SqlStore(engine)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(first=rows, second=rows)
def test_counts_add_up_and_ids_are_stored_once(store: Store, first: list, second: list) -> None:
    org = f"org{next(_orgs)}"
    store.ensure_org(org, org, NOW)
    who = Principal(org, Role.MEMBER_OPERATOR, 1, "bot")
    stored_ids: set[str] = set()
    for batch in (first, second):
        body = (
            calls_csv([(cid, caller, "13700000000", t, d) for cid, caller, t, d in batch])
            if batch
            else b"x\n"
        )
        if not batch:
            continue
        result = ingest_records(store, who, RecordKind.CALLS, body, "text/csv", NOW, 1 << 20)
        assert result.received == len(batch) == result.stored + result.already_stored + result.quarantined
        assert sum(result.reasons.values()) == result.quarantined
        valid = {cid for cid, caller, t, d in batch if caller and t != "not-a-time" and d >= 0}
        # an id is new if valid somewhere in this body and not stored before (first valid row wins)
        assert result.stored == len(valid - stored_ids)
        stored_ids |= valid
    assert store.record_counts(org)["calls"] == len(stored_ids)


def test_partners_cannot_submit(store: Store) -> None:
    with pytest.raises(AccessDeniedError):
        ingest_records(
            store, Principal("x", Role.PARTNER, 1, "p"), RecordKind.CALLS, b"a\n", "text/csv", NOW, 100
        )
