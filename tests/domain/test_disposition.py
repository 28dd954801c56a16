"""The disposal lifecycle as data: every state covered, every refusal names what is allowed."""

from __future__ import annotations

from collections import deque
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from ringfence.domain.access import Permission
from ringfence.domain.disposition import (
    CLOCKED,
    PERMISSIONS,
    TRANSITIONS,
    Action,
    Disposition,
    Effect,
    Evidence,
    InvalidTransitionError,
    State,
    allowed_actions,
    apply,
    provisioning_command,
    screening_effect,
    sla_of,
)
from ringfence.domain.sla import Grade, Sla, SlaStatus, grade_for_verdict
from ringfence.errors import ConfigError

T0 = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)
SLA = Sla()
N = "+8613800000001"


def _walk(d: Disposition, *actions: Action, grade: Grade | None = None) -> Disposition:
    for i, a in enumerate(actions):
        d, _ = apply(d, a, T0 + timedelta(minutes=i), "alice", SLA, "why", grade=grade)
    return d


def test_every_state_has_a_row_and_every_target_is_a_state() -> None:
    assert set(TRANSITIONS) == set(State)
    for moves in TRANSITIONS.values():
        assert set(moves.values()) <= set(State)
    assert set(PERMISSIONS) == set(Action)


def test_every_state_is_reachable_from_active_and_every_state_can_get_back_to_no_effect() -> None:
    seen, todo = {State.ACTIVE}, deque([State.ACTIVE])
    while todo:
        for nxt in TRANSITIONS[todo.popleft()].values():
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    assert seen == set(State)
    for state in State:  # no dead end: service can always come back (at worst by an admin override)
        if screening_effect(state) is not Effect.NONE:
            assert Action.OVERRIDE in TRANSITIONS[state]


def test_screening_effect_of_each_state() -> None:
    blocked = {
        State.RESTRICTED,
        State.SUSPENDED,
        State.VERIFICATION_PENDING,
        State.VERIFIED,
        State.VERIFICATION_FAILED,
        State.APPEALED,
        State.UPHELD,
    }
    for state in State:
        expected = Effect.BLOCK if state in blocked else Effect.NONE
        if state is State.LABELLED:
            expected = Effect.LABEL
        assert screening_effect(state) is expected, state


def test_restore_only_from_a_passed_verification() -> None:
    for state in State:
        assert (Action.RESTORE in TRANSITIONS[state]) == (state is State.VERIFIED)
    suspended = _walk(Disposition("op-a", N), Action.SUSPEND)
    with pytest.raises(InvalidTransitionError) as refused:
        apply(suspended, Action.RESTORE, T0, "bob", SLA)
    assert refused.value.details == {
        "state": "suspended",
        "action": "restore",
        "allowed": ["request_verification", "override"],
    }
    assert "needs a passed verification" in str(refused.value)
    restored = _walk(suspended, Action.REQUEST_VERIFICATION, Action.PASS_VERIFICATION, Action.RESTORE)
    assert restored.state is State.RESTORED
    assert restored.version == 4


def test_the_full_path_through_an_appeal_and_a_re_disposal() -> None:
    d = _walk(
        Disposition("op-a", N),
        Action.RESTRICT,
        Action.SUSPEND,
        Action.REQUEST_VERIFICATION,
        Action.FAIL_VERIFICATION,
        Action.APPEAL,
        Action.OVERTURN,
        Action.LABEL,
    )
    assert d.state is State.LABELLED
    assert d.measure is Action.LABEL
    assert d.version == 7


def test_override_is_admin_only_and_needs_a_reason() -> None:
    assert PERMISSIONS[Action.OVERRIDE] is Permission.ADMIN
    upheld = _walk(
        Disposition("op-a", N),
        Action.SUSPEND,
        Action.REQUEST_VERIFICATION,
        Action.FAIL_VERIFICATION,
        Action.APPEAL,
        Action.UPHOLD,
    )
    with pytest.raises(ConfigError, match="needs a reason"):
        apply(upheld, Action.OVERRIDE, T0, "admin", SLA, "  ")
    back, step = apply(upheld, Action.OVERRIDE, T0, "admin", SLA, "court order")
    assert (back.state, step.from_state, step.reason) == (State.RESTORED, State.UPHELD, "court order")


def test_a_refused_action_names_every_allowed_one() -> None:
    for state in State:
        d = Disposition("op-a", N, state=state, since=T0)
        for action in Action:
            if action in TRANSITIONS[state]:
                continue
            with pytest.raises(InvalidTransitionError) as refused:
                apply(d, action, T0, "x", SLA, "reason")
            assert refused.value.details["allowed"] == [a.value for a in allowed_actions(state)]
            for allowed in allowed_actions(state):
                assert allowed.value in str(refused.value)


def test_deadlines_follow_the_grade_and_the_clock_runs_from_the_disposal() -> None:
    for grade, hours in ((Grade.HIGH, 24), (Grade.MEDIUM, 72), (Grade.LOW, 168)):
        d, step = apply(Disposition("op-a", N), Action.SUSPEND, T0, "a", SLA, grade=grade)
        assert d.deadline == step.deadline == T0 + timedelta(hours=hours)
        pending, _ = apply(d, Action.REQUEST_VERIFICATION, T0 + timedelta(hours=5), "a", SLA)
        assert pending.deadline == d.deadline  # asking for service back does not restart the clock
        assert pending.grade is grade
    labelled, _ = apply(Disposition("op-a", N), Action.LABEL, T0, "a", SLA, grade=Grade.HIGH)
    assert labelled.deadline is None  # no service withheld, no verification clock
    failed = _walk(
        Disposition("op-a", N), Action.SUSPEND, Action.REQUEST_VERIFICATION, Action.FAIL_VERIFICATION
    )
    assert failed.deadline is None
    appealed, _ = apply(failed, Action.APPEAL, T0 + timedelta(days=3), "a", SLA)
    assert appealed.deadline == T0 + timedelta(days=3, hours=72)


def test_sla_status_from_a_passed_in_now() -> None:
    d, _ = apply(Disposition("op-a", N), Action.SUSPEND, T0, "a", SLA, grade=Grade.HIGH)
    assert sla_of(d, T0, SLA) is SlaStatus.ON_TIME
    assert sla_of(d, T0 + timedelta(hours=17, minutes=59), SLA) is SlaStatus.ON_TIME
    assert sla_of(d, T0 + timedelta(hours=18), SLA) is SlaStatus.DUE_SOON  # 6 h = 25 % of 24 h left
    assert sla_of(d, T0 + timedelta(hours=24), SLA) is SlaStatus.DUE_SOON
    assert sla_of(d, T0 + timedelta(hours=24, seconds=1), SLA) is SlaStatus.OVERDUE
    restored = _walk(d, Action.REQUEST_VERIFICATION, Action.PASS_VERIFICATION, Action.RESTORE)
    assert sla_of(restored, T0 + timedelta(days=30), SLA) is None
    assert {State.RESTRICTED, State.SUSPENDED, State.VERIFICATION_PENDING, State.VERIFIED} == CLOCKED


def test_evidence_is_kept_until_the_next_disposal_and_escalation_is_cleared_by_any_step() -> None:
    ev = Evidence(alerts=(7,), rules=("R01",), note="burst")
    d, step = apply(Disposition("op-a", N), Action.SUSPEND, T0, "a", SLA, "dialer", ev)
    assert step.evidence == ev
    d = replace(d, escalated_at=T0)
    pending, step = apply(d, Action.REQUEST_VERIFICATION, T0, "b", SLA, "holder came in")
    assert pending.evidence == ev
    assert step.evidence == Evidence()
    assert pending.escalated_at is None
    assert pending.reason == "holder came in"
    assert Evidence.from_json(ev.to_json()) == ev


def test_provisioning_commands() -> None:
    assert provisioning_command(Action.SUSPEND, State.SUSPENDED) == "suspend"
    assert provisioning_command(Action.RESTRICT, State.RESTRICTED) == "restrict"
    assert provisioning_command(Action.LABEL, State.LABELLED) == "label"
    assert provisioning_command(Action.RESTORE, State.RESTORED) == "restore"
    assert provisioning_command(Action.OVERRIDE, State.RESTORED) == "restore"
    assert provisioning_command(Action.OVERTURN, State.OVERTURNED) == "restore"
    for action in (Action.REQUEST_VERIFICATION, Action.PASS_VERIFICATION, Action.APPEAL, Action.UPHOLD):
        assert provisioning_command(action, TRANSITIONS[State.ACTIVE].get(action, State.UPHELD)) is None


def test_grades_from_verdicts_and_sla_validation() -> None:
    assert grade_for_verdict("block") is Grade.HIGH
    assert grade_for_verdict("warn") is Grade.MEDIUM
    assert grade_for_verdict("watch") is Grade.LOW
    assert grade_for_verdict(None) is Grade.MEDIUM
    with pytest.raises(ConfigError):
        Sla(high_hours=0)
    with pytest.raises(ConfigError):
        Sla(due_soon_share=1.0)
