"""The disposal use cases over a real store: permissions, implied steps, auto-restore, the outbox,
escalation, bulk actions and concurrent writers."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from ringfence.adapters.sql import SqlStore, make_engine, upgrade
from ringfence.domain.access import AccessDeniedError, NotFoundError, Principal, Role
from ringfence.domain.disposition import Action, Evidence, InvalidTransitionError, State
from ringfence.domain.outbox import Status, Topic
from ringfence.domain.sla import Grade, Sla
from ringfence.errors import ConfigError, ConflictError
from ringfence.services import disposal
from ringfence.services.disposal import DisposalPolicy
from ringfence.services.outbox import Routing
from tests.adapters.store_data import run as _run

T0 = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)
N1, N2, N3 = "+8613800000001", "+8617000000002", "+8613900000003"
ROUTES = {Topic.PROVISIONING: ("hook", "file"), Topic.NOTIFICATION: ("notify",)}
POLICY = DisposalPolicy(Sla(), True, Routing(ROUTES))


def _who(role: Role, org: str = "op-a", key: int = 1) -> Principal:
    return Principal(org, role, key, role.value)


ANALYST, ADMIN, OPERATOR = _who(Role.ANALYST), _who(Role.ADMIN, key=2), _who(Role.MEMBER_OPERATOR, key=3)


@pytest.fixture
def db(tmp_path: Path) -> Iterator[SqlStore]:
    engine = make_engine(f"sqlite:///{tmp_path / 'd.db'}")
    upgrade(engine)
    store = SqlStore(engine)
    for org in ("op-a", "op-b"):
        store.ensure_org(org, org, T0)
    _run(store, "op-a", [N1, N2])  # N1: block (high), N2: warn (medium)
    yield store
    store.close()


def test_suspend_grades_from_the_latest_verdict_and_emits_events(db: SqlStore) -> None:
    done = disposal.act(db, POLICY, ANALYST, "13800000001", "suspend", T0, "dialer", Evidence(rules=("R1",)))
    d = done.disposition
    assert (d.number, d.state, d.grade) == (N1, State.SUSPENDED, Grade.HIGH)
    assert d.deadline == T0 + timedelta(hours=24)
    assert [t.action for t in done.transitions] == [Action.SUSPEND]
    messages = {m.channel: m for m in db.outbox("op-a")}
    assert set(messages) == {"hook", "file", "notify"}
    event = messages["hook"].payload
    assert event["command"] == "suspend"
    assert event["event_id"] == f"op-a/{N1}/v1"
    assert (event["state"], event["previous_state"], event["grade"]) == ("suspended", "active", "high")
    assert messages["hook"].key == f"op-a/{N1}/v1@hook"
    assert messages["hook"].ordering_key == f"op-a/{N1}"
    notice = messages["notify"].payload
    assert (notice["type"], notice["deadline"]) == (
        "verification_notice",
        (T0 + timedelta(hours=24)).isoformat(),
    )
    assert disposal.act(db, POLICY, ANALYST, N2, "restrict", T0).disposition.grade is Grade.MEDIUM
    assert disposal.act(db, POLICY, ANALYST, N3, "label", T0, grade="low").disposition.grade is Grade.LOW


def test_restore_without_a_passed_verification_is_refused_and_changes_nothing(db: SqlStore) -> None:
    disposal.act(db, POLICY, ANALYST, N1, "suspend", T0)
    audit = len(db.audit_entries("op-a"))
    with pytest.raises(InvalidTransitionError) as refused:
        disposal.act(db, POLICY, ANALYST, N1, "restore", T0)
    assert refused.value.details["allowed"] == ["request_verification", "override"]
    assert len(db.audit_entries("op-a")) == audit
    assert disposal.current(db, "op-a", N1).state is State.SUSPENDED


def test_a_passed_verification_implies_the_request_and_restores(db: SqlStore) -> None:
    disposal.act(db, POLICY, ANALYST, N1, "suspend", T0)
    done = disposal.record_verification(db, POLICY, OPERATOR, N1, "passed", T0 + timedelta(hours=2), "ID ok")
    assert [t.action for t in done.transitions] == [
        Action.REQUEST_VERIFICATION,
        Action.PASS_VERIFICATION,
        Action.RESTORE,
    ]
    assert done.disposition.state is State.RESTORED
    assert done.disposition.deadline is None
    restores = [m for m in db.outbox("op-a", topic="provisioning") if m.payload["command"] == "restore"]
    assert [m.channel for m in restores] == ["file", "hook"]  # newest first
    assert restores[0].payload["version"] == 4
    log = [e.action for e in db.audit_entries("op-a") if e.target == N1]
    assert log[:3] == ["number.restore", "number.pass_verification", "number.request_verification"]


def test_without_auto_restore_a_passed_verification_waits_for_an_analyst(db: SqlStore) -> None:
    manual = DisposalPolicy(Sla(), auto_restore=False)
    disposal.act(db, manual, ANALYST, N1, "restrict", T0)
    disposal.request_verification(db, manual, ANALYST, N1, T0, "holder at the counter")
    done = disposal.record_verification(db, manual, ANALYST, N1, "passed", T0)
    assert done.disposition.state is State.VERIFIED
    assert done.disposition.effect.value == "block"
    assert disposal.act(db, manual, ANALYST, N1, "restore", T0).disposition.state is State.RESTORED


def test_failed_verification_appeal_and_decision(db: SqlStore) -> None:
    disposal.act(db, POLICY, ANALYST, N1, "suspend", T0)
    failed = disposal.record_verification(db, POLICY, ANALYST, N1, "failed", T0, "face mismatch")
    assert failed.disposition.state is State.VERIFICATION_FAILED
    with pytest.raises(InvalidTransitionError):
        disposal.record_verification(db, POLICY, ANALYST, N1, "passed", T0)  # no second try: appeal
    appealed = disposal.appeal(db, POLICY, OPERATOR, N1, T0 + timedelta(hours=1), "it was my mother")
    assert appealed.disposition.deadline == T0 + timedelta(hours=73)
    decided = disposal.decide_appeal(db, POLICY, ANALYST, N1, "overturned", T0 + timedelta(hours=2), "ok")
    assert decided.disposition.state is State.OVERTURNED
    assert db.outbox("op-a", topic="provisioning")[0].payload["command"] == "restore"
    again = disposal.act(db, POLICY, ANALYST, N1, "suspend", T0 + timedelta(days=1), "back at it")
    assert again.disposition.state is State.SUSPENDED  # re-disposal
    with pytest.raises(ConfigError, match="upheld or overturned"):
        disposal.decide_appeal(db, POLICY, ANALYST, N1, "maybe", T0)


def test_override_is_for_admins_and_needs_a_reason(db: SqlStore) -> None:
    disposal.act(db, POLICY, ANALYST, N1, "suspend", T0)
    with pytest.raises(AccessDeniedError):
        disposal.override(db, POLICY, ANALYST, N1, T0, "please")
    with pytest.raises(ConfigError, match="needs a reason"):
        disposal.override(db, POLICY, ADMIN, N1, T0, " ")
    done = disposal.override(db, POLICY, ADMIN, N1, T0, "wrong number keyed in")
    assert done.disposition.state is State.RESTORED
    (entry,) = [e for e in db.audit_entries("op-a") if e.action == "number.override"]
    assert (entry.actor, entry.detail["reason"]) == ("op-a/admin#2", "wrong number keyed in")


def test_roles_without_the_permission_are_refused_before_anything_else(db: SqlStore) -> None:
    for role in (Role.PARTNER, Role.SCREEN_ONLY):
        with pytest.raises(AccessDeniedError):
            disposal.act(db, POLICY, _who(role), N1, "suspend", T0)
        with pytest.raises(AccessDeniedError):
            disposal.record_verification(db, POLICY, _who(role), N1, "passed", T0)
        with pytest.raises(AccessDeniedError):
            disposal.appeal(db, POLICY, _who(role), N1, T0)
    assert db.disposition("op-a", N1) is None


def test_bad_input_is_a_clear_error(db: SqlStore) -> None:
    with pytest.raises(ConfigError, match="unknown action"):
        disposal.act(db, POLICY, ANALYST, N1, "delete", T0)
    with pytest.raises(ConfigError, match="unknown action"):
        disposal.act(db, POLICY, ANALYST, N1, "override", T0)  # not through /actions
    with pytest.raises(ConfigError, match="empty number"):
        disposal.act(db, POLICY, ANALYST, "  ", "suspend", T0)
    with pytest.raises(ConfigError, match="longer than"):
        disposal.act(db, POLICY, ANALYST, "9" * 80, "suspend", T0)
    with pytest.raises(ConfigError, match="unknown grade"):
        disposal.act(db, POLICY, ANALYST, N1, "suspend", T0, grade="extreme")
    with pytest.raises(ConfigError, match="passed or failed"):
        disposal.record_verification(db, POLICY, ANALYST, N1, "maybe", T0)
    b_alert = db.decisions("op-b") or []
    with pytest.raises(NotFoundError):
        disposal.act(db, POLICY, ANALYST, N1, "suspend", T0, evidence=Evidence(alerts=(999,)))
    assert b_alert == []
    assert db.disposition("op-a", N1) is None


def test_bulk_actions_report_each_number(db: SqlStore) -> None:
    disposal.act(db, POLICY, ANALYST, N2, "suspend", T0)
    alerts = {d.number: d.id for d in db.decisions("op-a")}
    items = disposal.bulk_act(
        db,
        POLICY,
        ANALYST,
        "suspend",
        T0,
        numbers=[N3, "13900000003"],
        alert_ids=[alerts[N1], alerts[N2]],
        reason="campaign",
        evidence=Evidence(rules=("R9",)),
    )
    assert [(i.number, i.ok, i.state) for i in items] == [
        (N3, True, "suspended"),
        (N1, True, "suspended"),
        (N2, False, "suspended"),
    ]
    assert items[2].allowed == ["request_verification", "override"]
    d1 = db.disposition("op-a", N1)
    assert d1 is not None
    assert d1.evidence == Evidence((alerts[N1],), ("R9",))
    with pytest.raises(NotFoundError):  # another tenant's (or no) alert: nothing happens
        disposal.bulk_act(db, POLICY, ANALYST, "label", T0, numbers=[N3], alert_ids=[12345])
    with pytest.raises(ConfigError):
        disposal.bulk_act(db, POLICY, ANALYST, "label", T0)
    with pytest.raises(AccessDeniedError):
        disposal.bulk_act(db, POLICY, _who(Role.PARTNER), "label", T0, numbers=[N3])


def test_sweep_escalates_each_overdue_clock_once_with_a_notification(db: SqlStore) -> None:
    disposal.act(db, POLICY, ANALYST, N1, "suspend", T0)  # high: 24 h
    disposal.act(db, POLICY, ANALYST, N2, "suspend", T0)  # medium: 72 h
    assert disposal.sweep(db, POLICY, T0 + timedelta(hours=23)) == []
    (late,) = disposal.sweep(db, POLICY, T0 + timedelta(hours=25))
    assert late.number == N1
    assert disposal.sweep(db, POLICY, T0 + timedelta(hours=26)) == []
    (notice,) = [
        m for m in db.outbox("op-a", topic="notification") if m.payload["type"] == "verification_overdue"
    ]
    assert notice.payload["number"] == N1
    views = disposal.list_dispositions(db, POLICY, "op-a", T0 + timedelta(hours=25), overdue=True)
    assert [(v.disposition.number, v.sla.value if v.sla else None) for v in views] == [(N1, "overdue")]
    with pytest.raises(ConfigError, match="unknown state"):
        disposal.list_dispositions(db, POLICY, "op-a", T0, states=["asleep"])


def test_dry_run_records_messages_that_are_never_due(db: SqlStore) -> None:
    shadow = DisposalPolicy(Sla(), True, Routing(ROUTES, dry_run=True))
    disposal.act(db, shadow, ANALYST, N1, "suspend", T0)
    assert {m.status for m in db.outbox("op-a")} == {Status.DRY_RUN}
    assert db.claim_due(T0 + timedelta(days=1), T0 + timedelta(days=2)) == []


def test_two_writers_at_once_one_suspension_and_one_refusal(db: SqlStore) -> None:
    outcomes: list[str] = []
    barrier = threading.Barrier(4)

    def suspend(i: int) -> None:
        barrier.wait()
        try:
            disposal.act(db, POLICY, _who(Role.ANALYST, key=10 + i), N1, "suspend", T0)
            outcomes.append("ok")
        except ConflictError:
            outcomes.append("409")

    threads = [threading.Thread(target=suspend, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["409", "409", "409", "ok"]
    assert len(db.disposition_history("op-a", N1)) == 1
    assert len([e for e in db.audit_entries("op-a") if e.action == "number.suspend"]) == 1
    assert [c.kind for c in db.risk_changes(0)] == [
        "verdict",
        "verdict",
        "disposition",
    ]  # the run's two, then one
