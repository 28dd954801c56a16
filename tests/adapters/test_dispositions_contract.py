"""Contract tests of the disposition store, the change feed and the outbox: in memory, on SQLite and on
PostgreSQL alike (what only a database has is in tests/adapters/sql/test_dispositions_sql.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from ringfence.domain.disposition import (
    Action,
    ConcurrentChangeError,
    Disposition,
    Evidence,
    State,
    Transition,
    apply,
)
from ringfence.domain.outbox import NewMessage, Status, Topic
from ringfence.domain.sla import Grade, Sla
from ringfence.ports.store import Store
from tests.adapters.store_data import run

T0 = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)
N1, N2 = "+8613800000001", "+8613800000002"
SLA = Sla()


@pytest.fixture
def orgs(store: Store) -> Store:
    for org in ("op-a", "op-b"):
        store.ensure_org(org, org.upper(), T0)
    return store


def _step(
    store: Store,
    org: str,
    number: str,
    action: Action,
    at: datetime,
    messages: list[NewMessage] | None = None,
) -> tuple[Disposition, Transition]:
    before = store.disposition(org, number) or Disposition(org, number)
    after, step = apply(
        before, action, at, f"{org}/alice#1", SLA, f"{action.value} it", Evidence((1,), ("R01",))
    )
    (stored,) = store.commit_transitions(before, after, [step], messages or [])
    return after, stored


def _message(key: str, ordering: str | None = None, dry_run: bool = False) -> NewMessage:
    return NewMessage(Topic.PROVISIONING, "hook", key, {"key": key, "n": "一"}, ordering, dry_run)


def test_a_transition_is_stored_with_its_history_audit_and_change(orgs: Store) -> None:
    assert orgs.disposition("op-a", N1) is None
    assert orgs.risk_version() == 0
    after, stored = _step(orgs, "op-a", N1, Action.SUSPEND, T0)
    got = orgs.disposition("op-a", N1)
    assert got == after
    assert got is not None
    assert got.deadline == T0 + timedelta(hours=72)
    assert got.deadline.tzinfo is not None
    assert got.evidence == Evidence((1,), ("R01",))
    assert stored.id > 0
    assert orgs.disposition_history("op-a", N1) == [stored]
    (entry,) = [e for e in orgs.audit_entries("op-a") if e.target == N1]
    assert (entry.action, entry.actor) == ("number.suspend", "op-a/alice#1")
    assert entry.detail["history_id"] == stored.id
    assert (entry.detail["from"], entry.detail["to"], entry.detail["version"]) == ("active", "suspended", 1)
    assert orgs.risk_version() == 1
    (change,) = orgs.risk_changes(0)
    assert (change.seq, change.org, change.number, change.kind) == (1, "op-a", N1, "disposition")


def test_tenants_are_isolated(orgs: Store) -> None:
    _step(orgs, "op-a", N1, Action.SUSPEND, T0)
    assert orgs.disposition("op-b", N1) is None
    assert orgs.disposition_history("op-b", N1) == []
    assert orgs.dispositions("op-b") == []
    assert orgs.actions("op-b") == []
    _step(orgs, "op-b", N1, Action.LABEL, T0)  # the same number, disposed of by each on its own
    a, b = orgs.disposition("op-a", N1), orgs.disposition("op-b", N1)
    assert a is not None
    assert b is not None
    assert (a.state, b.state) == (State.SUSPENDED, State.LABELLED)


def test_a_stale_transition_is_refused_and_changes_nothing(orgs: Store) -> None:
    _step(orgs, "op-a", N1, Action.SUSPEND, T0)
    stale = orgs.disposition("op-a", N1)
    assert stale is not None
    _step(orgs, "op-a", N1, Action.REQUEST_VERIFICATION, T0 + timedelta(minutes=1))
    audit_before, version_before = len(orgs.audit_entries("op-a")), orgs.risk_version()
    after, step = apply(stale, Action.OVERRIDE, T0, "x", SLA, "late")
    with pytest.raises(ConcurrentChangeError):
        orgs.commit_transitions(stale, after, [step], [_message("k-stale")])
    fresh = Disposition("op-a", N1)  # a second "first" disposal of a number already disposed of
    after, step = apply(fresh, Action.LABEL, T0, "x", SLA)
    with pytest.raises(ConcurrentChangeError):
        orgs.commit_transitions(fresh, after, [step], [])
    got = orgs.disposition("op-a", N1)
    assert got is not None
    assert (got.state, got.version) == (State.VERIFICATION_PENDING, 2)
    assert len(orgs.audit_entries("op-a")) == audit_before
    assert orgs.risk_version() == version_before
    assert orgs.outbox("op-a") == []
    assert len(orgs.disposition_history("op-a", N1)) == 2


def test_several_steps_in_one_commit(orgs: Store) -> None:
    suspended, _ = _step(orgs, "op-a", N1, Action.SUSPEND, T0)
    at = T0 + timedelta(hours=1)
    d, steps = suspended, []
    for action in (Action.REQUEST_VERIFICATION, Action.PASS_VERIFICATION, Action.RESTORE):
        d, step = apply(d, action, at, "op-a/bob#2", SLA, "verified in store")
        steps.append(step)
    stored = orgs.commit_transitions(suspended, d, steps, [])
    assert [s.version for s in stored] == [2, 3, 4]
    assert [t.to_state for t in orgs.disposition_history("op-a", N1)] == [
        State.SUSPENDED,
        State.VERIFICATION_PENDING,
        State.VERIFIED,
        State.RESTORED,
    ]
    assert [c.seq for c in orgs.risk_changes(0)] == [1, 2, 3, 4]
    assert [c.seq for c in orgs.risk_changes(2, limit=1)] == [3]
    assert [a.action for a in orgs.actions("op-a", N1)] == [
        "restore",
        "pass_verification",
        "request_verification",
        "suspend",
    ]


def test_listing_by_state_and_overdue_and_the_sweep_queries(orgs: Store) -> None:
    _step(orgs, "op-a", N1, Action.SUSPEND, T0)  # medium: due T0 + 72 h
    _step(orgs, "op-a", N2, Action.LABEL, T0 + timedelta(minutes=1))  # no clock
    assert [d.number for d in orgs.dispositions("op-a")] == [N2, N1]  # newest change first
    assert [d.number for d in orgs.dispositions("op-a", [State.SUSPENDED])] == [N1]
    late = T0 + timedelta(hours=73)
    assert [d.number for d in orgs.dispositions("op-a", overdue_at=late)] == [N1]
    assert orgs.dispositions("op-a", overdue_at=T0 + timedelta(hours=71)) == []
    (due,) = orgs.overdue(late)
    assert orgs.overdue(late, org="op-b") == []
    notice = NewMessage(Topic.NOTIFICATION, "hook", "esc-1", {"n": N1})
    assert orgs.mark_escalated(due, "system/sweep", late, [notice])
    assert not orgs.mark_escalated(due, "system/sweep", late, [notice])  # once
    assert orgs.overdue(late) == []
    got = orgs.disposition("op-a", N1)
    assert got is not None
    assert got.escalated_at == late
    (entry,) = [e for e in orgs.audit_entries("op-a") if e.action == "number.escalate"]
    assert entry.detail["state"] == "suspended"
    assert [m.key for m in orgs.outbox("op-a", topic="notification")] == ["esc-1"]
    _step(orgs, "op-a", N1, Action.REQUEST_VERIFICATION, late)  # a transition clears the escalation
    again = orgs.disposition("op-a", N1)
    assert again is not None
    assert again.escalated_at is None
    assert not orgs.mark_escalated(due, "system/sweep", late, [])  # stale version


def test_transitions_between_and_first_detections(orgs: Store) -> None:
    _step(orgs, "op-a", N1, Action.SUSPEND, T0)
    _step(orgs, "op-a", N2, Action.LABEL, T0 + timedelta(days=1))
    assert [t.number for t in orgs.transitions_between("op-a", T0, T0 + timedelta(days=1))] == [N1]
    assert orgs.transitions_between("op-b", T0, T0 + timedelta(days=9)) == []
    run(orgs, "op-a", [N1])
    first = orgs.first_detections("op-a", [N1, N2, N1])
    assert first == {N1: datetime(2026, 11, 2, 0, 0, tzinfo=UTC)}
    assert first[N1].tzinfo is not None
    assert orgs.first_detections("op-b", [N1]) == {}


def test_enqueue_is_idempotent_per_org_and_key(orgs: Store) -> None:
    first = orgs.enqueue("op-a", _message("k1"), T0)
    assert orgs.enqueue("op-a", _message("k1"), T0 + timedelta(hours=1)) == first
    other = orgs.enqueue("op-b", _message("k1"), T0)
    assert other != first
    (m,) = orgs.outbox("op-a")
    assert (m.key, m.status, m.attempts, m.payload) == ("k1", Status.QUEUED, 0, {"key": "k1", "n": "一"})
    assert m.created_at == T0
    dry = orgs.enqueue("op-a", _message("k2", dry_run=True), T0)
    assert [x.id for x in orgs.outbox("op-a", status="dry_run")] == [dry]
    claimed = orgs.claim_due(T0 + timedelta(days=1), T0 + timedelta(days=2))
    assert [(m.org, m.key) for m in claimed] == [("op-a", "k1"), ("op-b", "k1")]  # never the dry run


def test_claims_lease_messages_and_keep_each_ordering_key_in_order(orgs: Store) -> None:
    a1 = orgs.enqueue("op-a", _message("a1", ordering="op-a/n1"), T0)
    a2 = orgs.enqueue("op-a", _message("a2", ordering="op-a/n1"), T0)
    b1 = orgs.enqueue("op-b", _message("b1", ordering="op-b/n1"), T0)
    free = orgs.enqueue("op-a", _message("free"), T0)
    lease = T0 + timedelta(minutes=5)
    claimed = orgs.claim_due(T0, lease)
    assert [m.id for m in claimed] == [a1, b1, free]  # a2 waits behind a1
    assert orgs.claim_due(T0, lease) == []  # leased
    orgs.record_attempt(a1, Status.QUEUED, 1, T0 + timedelta(seconds=10), "HTTP 503", T0)
    assert [m.id for m in orgs.claim_due(T0 + timedelta(seconds=5), lease)] == []  # a1 backs off, a2 waits
    # the lease of b1 and free ran out without an attempt recorded (a dispatcher died): claimed again
    assert [m.id for m in orgs.claim_due(lease, lease + timedelta(minutes=5))] == [a1, b1, free]
    orgs.record_attempt(a1, Status.DELIVERED, 2, T0, None, T0 + timedelta(minutes=6))
    (m,) = [x for x in orgs.outbox("op-a") if x.id == a1]
    assert (m.status, m.attempts, m.last_error, m.delivered_at) == (
        Status.DELIVERED,
        2,
        None,
        T0 + timedelta(minutes=6),
    )
    assert a2 in [x.id for x in orgs.claim_due(T0 + timedelta(minutes=20), T0 + timedelta(minutes=25))]


def test_grades_round_trip(orgs: Store) -> None:
    before = Disposition("op-a", N1)
    after, step = apply(before, Action.RESTRICT, T0, "x", SLA, grade=Grade.HIGH)
    orgs.commit_transitions(before, after, [step], [])
    got = orgs.disposition("op-a", N1)
    assert got is not None
    assert (got.grade, got.measure, got.deadline) == (Grade.HIGH, Action.RESTRICT, T0 + timedelta(hours=24))


def test_concurrent_writers_get_a_gap_free_feed_and_one_winner_per_version(orgs: Store) -> None:
    import threading

    errors: list[str] = []
    barrier = threading.Barrier(6)

    def write(i: int) -> None:
        number = f"+86138000001{i % 3:02d}"  # two writers per number
        before = Disposition("op-a", number)
        after, step = apply(before, Action.SUSPEND, T0, f"w{i}", SLA)
        barrier.wait()
        try:
            orgs.commit_transitions(before, after, [step], [_message(f"{number}/v1")])
        except ConcurrentChangeError:
            errors.append(number)

    threads = [threading.Thread(target=write, args=(i,)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(errors) == 3
    assert len(set(errors)) == 3  # exactly one loser per number
    changes = orgs.risk_changes(0)
    assert [c.seq for c in changes] == [1, 2, 3]
    assert orgs.risk_version() == 3
    assert len(orgs.outbox("op-a")) == 3
    assert len([e for e in orgs.audit_entries("op-a") if e.action == "number.suspend"]) == 3
