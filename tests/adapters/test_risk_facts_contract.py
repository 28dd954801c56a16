"""Contract tests of what live screening reads: every write that changes how a number is screened adds
a risk change, and ``risk_facts`` reads the same facts, in memory, on SQLite and on PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from ringfence.adapters.snapshot_store import StoreSnapshotSource
from ringfence.domain.access import Principal, Role
from ringfence.domain.decisions import Decision, RunInfo, Verdict
from ringfence.ports.store import Store
from ringfence.services.disposal import DisposalPolicy, act, override

T0 = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
N1, N2, N3 = "+8613800000001", "+8613800000002", "+8617000000003"


@pytest.fixture
def orgs(store: Store) -> Store:
    for org in ("op-a", "op-b"):
        store.ensure_org(org, org.upper(), T0)
    return store


def _feed(store: Store, after: int) -> list[tuple[str, str, str]]:
    return [(c.org, c.number, c.kind) for c in store.risk_changes(after)]


def test_every_screening_write_adds_a_risk_change(orgs: Store) -> None:
    s = orgs
    v0 = s.risk_version()
    entry = s.add_entry("op-a", "blacklist", "number", N1, "", "shared", "ring", "t", T0)
    s.add_entry("op-a", "blacklist", "number", N1, "", "shared", "ring", "t", T0)  # idempotent: no row
    s.add_entry(
        "op-a", "blacklist", "url", "https://x.example/", "", "shared", "ring", "t", T0
    )  # not a number
    s.add_entry("op-a", "blacklist", "number", "9" * 200, "", "shared", "junk", "t", T0)  # never a caller
    s.remove_entry("op-a", entry, "t", T0)
    s.add_fraud_report("op-b", "number", N2, "fraud", "", "t", T0)
    run = [Decision(n, 0.9, Verdict.BLOCK, ("r",), T0, T0, "dialer") for n in (N1, N3)]
    s.add_run("op-b", RunInfo("p", "1", T0, T0), run, [], {}, "t", "t", T0)
    decision = s.decisions("op-b", number=N3)[0]
    s.set_outcome("op-b", decision.id, "dismissed", "t", T0)
    act(s, DisposalPolicy(), Principal("op-a", Role.ADMIN, 1, "admin"), N2, "suspend", T0)
    assert _feed(s, v0) == [
        ("op-a", N1, "list"),
        ("op-a", N1, "list"),
        ("op-b", N2, "report"),
        ("op-b", N1, "verdict"),
        ("op-b", N3, "verdict"),
        ("op-b", N3, "verdict"),
        ("op-a", N2, "disposition"),
    ]
    assert s.risk_version() == v0 + 7
    assert [c.seq for c in s.risk_changes(v0)] == list(range(v0 + 1, v0 + 8))


def test_risk_facts_all_or_some_numbers(orgs: Store) -> None:
    s = orgs
    s.add_entry("op-a", "tag", "number", N1, "诈骗电话", "shared", "", "t", T0)
    s.add_entry("op-b", "whitelist", "number", N2, "", "private", "", "t", T0)
    s.add_fraud_report("op-b", "number", N1, "fraud", "", "t", T0)
    s.add_fraud_report("op-a", "number", N1, "fraud", "", "t", T0)
    old = [Decision(N1, 0.9, Verdict.BLOCK, ("r",), T0, T0, "dialer")]
    new = [Decision(N1, 0.4, Verdict.WATCH, ("q",), T0, T0, "dialer")]
    s.add_run("op-a", RunInfo("p", "1", T0, T0), old, [], {}, "t", "t", T0)
    s.add_run("op-a", RunInfo("p", "2", T0, T0), new, [], {}, "t", "t", T0)
    admin = Principal("op-b", Role.ADMIN, 1, "admin")
    act(s, DisposalPolicy(), admin, N3, "restrict", T0)
    act(s, DisposalPolicy(), admin, N2, "label", T0)
    override(s, DisposalPolicy(), admin, N2, T0, "mistake")  # restored: a fact (it clears verdicts)

    facts = s.risk_facts()
    assert set(facts.orgs) >= {"op-a", "op-b"}
    assert sorted((d.org, d.number, d.state, d.since) for d in facts.dispositions) == [
        ("op-b", N2, "restored", T0),
        ("op-b", N3, "restricted", T0),
    ]
    assert sorted((e.org, e.list_name, e.value, e.label) for e in facts.entries) == [
        ("op-a", "tag", N1, "诈骗电话"),
        ("op-b", "whitelist", N2, ""),
    ]
    assert [(v.org, v.number, v.verdict, v.score, v.rules, v.loaded_at) for v in facts.verdicts] == [
        ("op-a", N1, "watch", 0.4, ("q",), T0)
    ]
    assert facts.reports == {N1: 2}
    some = s.risk_facts([N2, "+8613999999999"])
    assert ([d.state for d in some.dispositions], some.verdicts, some.reports) == (["restored"], (), {})
    assert [e.value for e in some.entries] == [N2]


def test_incremental_snapshot_equals_full_rebuild(orgs: Store) -> None:
    s = orgs
    live = StoreSnapshotSource(s, report_threshold=1)
    live.load()
    admin = Principal("op-a", Role.ADMIN, 1, "admin")
    s.add_entry("op-a", "blacklist", "number", N1, "", "shared", "ring", "t", T0)
    act(s, DisposalPolicy(), admin, N2, "suspend", T0)
    assert live.poll() == 2
    s.add_fraud_report("op-b", "number", N3, "fraud", "", "t", T0)
    s.add_run(
        "op-b",
        RunInfo("p", "1", T0, T0),
        [Decision(N2, 0.7, Verdict.WARN, ("r",), T0, T0, "x")],
        [],
        {},
        "t",
        "t",
        T0,
    )
    live.poll()
    full = StoreSnapshotSource(s, report_threshold=1)
    full.load()
    for org in ("op-a", "op-b", None):
        assert dict(live.snapshot(org).callers) == dict(full.snapshot(org).callers)
    b = live.snapshot("op-b").callers
    assert (b[N1].shared_blacklist, b[N3].tag, b[N2].score) == ("ring (shared by op-a)", "诈骗举报", 0.7)
    assert live.snapshot("op-a").callers[N2].disposition == "suspended"
    assert N2 not in live.snapshot(None).callers
