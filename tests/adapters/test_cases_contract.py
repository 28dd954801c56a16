"""Contract tests of complaints, cases, comments, evidence, dispatches and case labels: in memory, on
SQLite and on PostgreSQL alike."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from ringfence.domain.complaints import Category, Channel, NewComplaint
from ringfence.ports.store import Store

T0 = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)
N1, N2 = "+8613800000001", "+8613800000002"


@pytest.fixture
def orgs(store: Store) -> Store:
    for org in ("op-a", "op-b"):
        store.ensure_org(org, org.upper(), T0)
    return store


def _complaint(
    org: str = "op-a", reporter: str = "r1", number: str = N1, category: Category = Category.LOAN
) -> NewComplaint:
    return NewComplaint(org, number, Channel.SMS, category, T0, reporter, "+86139****0000", "", "贷款", "")


def test_complaints_are_stored_once_per_reporter_number_and_category(orgs: Store) -> None:
    case_id = orgs.open_case("op-a", N1, "t", "", "op-a/x#1", T0, T0 + timedelta(hours=72))
    first, created = orgs.add_complaint(_complaint(), case_id, 0.5, "op-a/x#1", T0)
    assert created
    assert orgs.add_complaint(_complaint(), case_id, 0.9, "op-a/x#1", T0) == (first, False)
    other, created = orgs.add_complaint(
        _complaint(category=Category.INVESTMENT), case_id, 0.5, "op-a/x#1", T0
    )
    assert created
    assert other != first
    orgs.add_complaint(_complaint(reporter="r2"), None, 0.6, "op-a/x#1", T0)
    orgs.add_complaint(_complaint(org="op-b", reporter="r2"), None, 0.6, "op-b/x#1", T0)
    got = orgs.complaint("op-a", first)
    assert got is not None
    assert (got.number, got.category, got.case_id, got.score, got.sms_text) == (
        N1,
        "loan",
        case_id,
        0.5,
        "贷款",
    )
    assert got.received_at == T0
    assert got.reported_at.tzinfo is not None
    assert orgs.complaint("op-b", first) is None  # tenancy
    assert orgs.complaint_by_key("op-a", _complaint().key) == got
    assert orgs.complaint_signals(N1) == (2, 2)  # r1, r2; op-a, op-b
    assert orgs.complaint_signals(N2) == (0, 0)
    assert [c.id for c in orgs.complaints("op-a", case_id=case_id)] == [other, first]
    assert len(orgs.complaints("op-a", number=N1)) == 3
    receipts = [e for e in orgs.audit_entries("op-a") if e.action == "complaint.receive"]
    assert len(receipts) == 3  # the duplicate wrote nothing
    assert orgs.mark_fast_pathed("op-a", N1, "fast-path", T0) == 3
    assert orgs.mark_fast_pathed("op-a", N1, "fast-path", T0) == 0
    marked = orgs.complaint("op-a", first)
    assert marked is not None
    assert marked.fast_pathed_at == T0


def test_cases_filter_update_and_audit(orgs: Store) -> None:
    a = orgs.open_case("op-a", N1, "one", "", "op-a/x#1", T0, T0 + timedelta(hours=72))
    b = orgs.open_case("op-a", N2, "two", "", "op-a/x#1", T0)
    orgs.open_case("op-b", N1, "theirs", "", "op-b/x#1", T0)
    got = orgs.case("op-a", a)
    assert got is not None
    assert (got.status, got.assignee, got.due_at, got.outcome, got.closed_at) == (
        "open",
        "",
        T0 + timedelta(hours=72),
        "",
        None,
    )
    assert orgs.case("op-b", a) is None
    assert [c.id for c in orgs.cases("op-a")] == [b, a]
    assert [c.id for c in orgs.cases("op-a", number=N1)] == [a]
    later = T0 + timedelta(hours=1)
    done = orgs.update_case("op-a", a, "op-a/x#1", later, status="investigating", assignee="alice")
    assert done is not None
    assert (done.status, done.assignee, done.updated_at) == (
        "investigating",
        "alice",
        later,
    )
    assert [c.id for c in orgs.cases("op-a", statuses=["investigating"])] == [a]
    assert [c.id for c in orgs.cases("op-a", assignee="alice")] == [a]
    assert [c.id for c in orgs.cases("op-a", limit=1, offset=1)] == [a]
    closed = orgs.update_case(
        "op-a", a, "sys", later, status="closed", outcome="confirmed_fraud", label="fraud"
    )
    assert closed is not None
    assert (closed.status, closed.closed_at, closed.outcome) == (
        "closed",
        later,
        "confirmed_fraud",
    )
    reopened = orgs.update_case("op-a", a, "sys", later, status="open")
    assert reopened is not None
    assert reopened.closed_at is None
    assert orgs.update_case("op-b", a, "x", later, status="closed") is None
    (label,) = orgs.case_labels("op-a")
    assert (label.number, label.label, label.case_id, label.at) == (N1, "fraud", a, later)
    assert orgs.case_labels("op-b") == []
    actions = sorted(e.action for e in orgs.audit_entries("op-a") if e.target in (f"case#{a}", N1))
    assert actions == sorted(
        [
            "case.open",
            "case.status",
            "case.assign",
            "case.status",
            "case.outcome",
            "case.label",
            "case.status",
        ]
    )


def test_comments_and_evidence(orgs: Store) -> None:
    a = orgs.open_case("op-a", N1, "one", "", "op-a/x#1", T0)
    c1 = orgs.add_comment("op-a", a, "op-a/x#1", "first", T0)
    c2 = orgs.add_comment("op-a", a, "op-a/y#2", "二", T0 + timedelta(minutes=1))
    assert [(c.id, c.author, c.body) for c in orgs.comments("op-a", a)] == [
        (c1, "op-a/x#1", "first"),
        (c2, "op-a/y#2", "二"),
    ]
    assert orgs.comments("op-b", a) == []
    e1 = orgs.add_case_evidence("op-a", a, "alert", "7", "op-a/x#1", T0)
    assert orgs.add_case_evidence("op-a", a, "alert", "7", "op-a/x#1", T0) == e1  # idempotent
    orgs.add_case_evidence("op-a", a, "number", N2, "op-a/x#1", T0)
    assert [(e.kind, e.ref) for e in orgs.case_evidence("op-a", a)] == [("alert", "7"), ("number", N2)]
    assert len([e for e in orgs.audit_entries("op-a") if e.action == "case.evidence"]) == 2


def test_dispatches_are_answered_once_and_audited_on_both_sides(orgs: Store) -> None:
    a = orgs.open_case("op-a", N1, "one", "", "op-a/x#1", T0)
    deadline = T0 + timedelta(hours=72)
    d = orgs.add_dispatch("op-a", a, "op-b", N1, "fraud?", deadline, "op-a/x#1", T0)
    got = orgs.dispatch(d)
    assert got is not None
    assert (got.case_id, got.from_org, got.to_org, got.deadline, got.answer) == (
        a,
        "op-a",
        "op-b",
        deadline,
        None,
    )
    assert [x.id for x in orgs.dispatches(to_org="op-b", pending=True)] == [d]
    assert orgs.dispatches(to_org="op-a") == []
    assert [x.id for x in orgs.dispatches(from_org="op-a", case_id=a)] == [d]
    assert orgs.answer_dispatch("op-a", d, "not_fraud", "", "op-a/x#1", T0) is None  # not asked of op-a
    at = T0 + timedelta(hours=2)
    answered = orgs.answer_dispatch("op-b", d, "confirmed_fraud", "victim", "op-b/p#3", at)
    assert answered is not None
    assert (answered.answer, answered.note, answered.answered_by, answered.answered_at) == (
        "confirmed_fraud",
        "victim",
        "op-b/p#3",
        at,
    )
    again = orgs.answer_dispatch("op-b", d, "not_fraud", "", "op-b/q#4", at)
    assert again == answered  # the first answer stands
    assert orgs.dispatches(to_org="op-b", pending=True) == []
    assert [e.action for e in orgs.audit_entries("op-b") if e.target == f"dispatch#{d}"] == [
        "dispatch.answer",
        "dispatch.receive",
    ]
    assert [e.action for e in orgs.audit_entries("op-a") if e.target == f"case#{a}"] == [
        "case.answer",
        "case.dispatch",
        "case.open",
    ]


def test_record_exists(orgs: Store) -> None:
    import polars as pl

    frame = pl.DataFrame(
        {
            "call_id": ["c-1"],
            "caller": [N1],
            "callee": [N2],
            "start_time": [T0],
            "duration_s": [30],
        }
    )
    orgs.add_calls("op-a", frame)
    assert orgs.record_exists("op-a", "c-1")
    assert not orgs.record_exists("op-b", "c-1")
    assert not orgs.record_exists("op-a", "c-2")


def test_overdue_dispatches_are_escalated_once_with_their_notification(orgs: Store) -> None:
    from ringfence.domain.outbox import NewMessage, Topic

    a = orgs.open_case("op-a", N1, "one", "", "op-a/x#1", T0)
    late = orgs.add_dispatch("op-a", a, "op-b", N1, "?", T0 + timedelta(hours=1), "op-a/x#1", T0)
    answered = orgs.add_dispatch("op-a", a, "op-b", N1, "?", T0 + timedelta(hours=1), "op-a/x#1", T0)
    orgs.add_dispatch("op-a", a, "op-b", N1, "?", T0 + timedelta(hours=5), "op-a/x#1", T0)
    orgs.answer_dispatch("op-b", answered, "unknown", "", "op-b/y#2", T0)
    now = T0 + timedelta(hours=2)
    assert [d.id for d in orgs.overdue_dispatches(now)] == [late]
    message = NewMessage(Topic.NOTIFICATION, "hook", f"overdue-{late}", {"dispatch": late})
    assert orgs.mark_dispatch_escalated(late, "system/sweep", now, [message])
    assert not orgs.mark_dispatch_escalated(late, "system/sweep", now, [message])
    assert not orgs.mark_dispatch_escalated(answered, "system/sweep", now, [])
    assert orgs.overdue_dispatches(now) == []
    got = orgs.dispatch(late)
    assert got is not None
    assert got.escalated_at == now
    assert [m.key for m in orgs.outbox("op-a")] == [f"overdue-{late}"]
    assert next(e.action for e in orgs.audit_entries("op-a")) == "case.dispatch_overdue"
    assert next(e.action for e in orgs.audit_entries("op-b")) == "dispatch.overdue"
