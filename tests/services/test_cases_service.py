"""Case management through the services, on the memory store: every change audited exactly once,
whatever sequence of updates, comments, dispatches and answers arrives (Hypothesis)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from ringfence.adapters.memory import MemoryStore
from ringfence.domain.access import Principal, Role
from ringfence.domain.cases import CaseStatus
from ringfence.errors import RingfenceError
from ringfence.services import cases
from ringfence.services.cases import CaseworkPolicy

T0 = datetime(2026, 11, 2, tzinfo=UTC)
A = Principal("op-a", Role.ANALYST, 1, "alice")
B = Principal("op-b", Role.ANALYST, 2, "bob")
C = Principal("op-c", Role.ANALYST, 3, "carol")
POLICY = CaseworkPolicy(authoritative=frozenset({"op-c"}))

ops = st.lists(
    st.one_of(
        st.tuples(st.just("status"), st.sampled_from([s.value for s in CaseStatus])),
        st.tuples(st.just("assign"), st.sampled_from(["", "alice", "bob"])),
        st.tuples(st.just("comment"), st.just("note")),
        st.tuples(st.just("dispatch"), st.sampled_from(["op-b", "op-c"])),
        st.tuples(st.just("answer"), st.sampled_from(["confirmed_fraud", "not_fraud", "unknown"])),
    ),
    max_size=25,
)


@given(ops)
def test_every_change_is_audited_once_and_a_decided_case_closes_once(sequence: list[tuple[str, str]]) -> None:
    store = MemoryStore()
    for org in ("op-a", "op-b", "op-c"):
        store.ensure_org(org, org, T0)
    case_id = cases.open_case(store, POLICY, A, "13800000001", T0)
    expected = {"case.status": 0, "case.assign": 0, "case.comment": 0, "case.dispatch": 0, "case.answer": 0}
    for i, (op, arg) in enumerate(sequence):
        at = T0 + timedelta(minutes=i + 1)
        before = store.case("op-a", case_id)
        assert before is not None
        try:
            if op == "status":
                cases.update_case(store, A, case_id, at, status=arg)
                expected["case.status"] += arg != before.status
            elif op == "assign":
                cases.update_case(store, A, case_id, at, assignee=arg)
                expected["case.assign"] += arg != before.assignee
            elif op == "comment":
                cases.comment(store, A, case_id, arg, at)
                expected["case.comment"] += 1
            elif op == "dispatch":
                cases.dispatch(store, POLICY, A, case_id, arg, "?", at)
                expected["case.dispatch"] += 1
                expected["case.status"] += before.status != CaseStatus.WAITING
            else:
                pending = store.dispatches(from_org="op-a", case_id=case_id, pending=True)
                if not pending:
                    continue
                who = B if pending[-1].to_org == "op-b" else C
                done = cases.answer_dispatch(store, POLICY, who, pending[-1].id, arg, "", at)
                expected["case.answer"] += 1
                expected["case.status"] += done.outcome is not None
        except RingfenceError:
            assert op == "dispatch"  # only dispatching a closed case is refused
            assert before.status == CaseStatus.CLOSED
            assert store.case("op-a", case_id) == before
    log = [e.action for e in store.audit_entries("op-a", 10_000) if e.target == f"case#{case_id}"]
    for action, n in expected.items():
        assert log.count(action) == n, action
    closed_by_answers = [
        e
        for e in store.audit_entries("op-a", 10_000)
        if e.actor == cases.AGGREGATOR and e.action == "case.status"
    ]
    assert len(store.case_labels("op-a")) <= len(closed_by_answers)


def test_the_sweep_escalates_an_unanswered_dispatch_once_and_an_answer_still_counts() -> None:
    from ringfence.domain.outbox import Topic
    from ringfence.services.outbox import Routing

    store = MemoryStore()
    for org in ("op-a", "op-b"):
        store.ensure_org(org, org, T0)
    routing = Routing({Topic.NOTIFICATION: ("hook",)})
    case_id = cases.open_case(store, POLICY, A, "13800000001", T0)
    dispatch_id = cases.dispatch(store, POLICY, A, case_id, "op-b", "?", T0, hours=24)
    assert cases.sweep_dispatches(store, routing, T0 + timedelta(hours=23)) == []
    (late,) = cases.sweep_dispatches(store, routing, T0 + timedelta(hours=25))
    assert late.id == dispatch_id
    assert cases.sweep_dispatches(store, routing, T0 + timedelta(hours=26)) == []
    (message,) = store.outbox("op-a")
    assert message.payload["type"] == "dispatch_overdue"
    assert message.payload["to_org"] == "op-b"
    done = cases.answer_dispatch(store, POLICY, B, dispatch_id, "not_fraud", "", T0 + timedelta(hours=30))
    assert done.outcome is not None
    assert done.outcome.value == "not_fraud"
