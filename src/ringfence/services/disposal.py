"""Disposing of numbers, verifying their holders, restoring, appeals, escalation: the use cases over
the lifecycle in ``ringfence.domain.disposition``.

Each verb checks the caller's permission, computes the transition(s) with the pure domain, and hands
them to the store with their provisioning events and notices, to be stored in one transaction. A
transition computed from a state that changed meanwhile is recomputed from the new state (a few
times) — so two analysts suspending the same number at once get one suspension and one 409, never two.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from ringfence.domain.access import NotFoundError, Permission, Principal, allowed, require
from ringfence.domain.disposition import (
    MEASURES,
    PERMISSIONS,
    Action,
    ConcurrentChangeError,
    Disposition,
    Effect,
    Evidence,
    State,
    Transition,
    allowed_actions,
    apply,
    sla_of,
)
from ringfence.domain.numbers import normalize
from ringfence.domain.outbox import NewMessage, Topic
from ringfence.domain.sla import Grade, Sla, SlaStatus, grade_for_verdict
from ringfence.errors import ConfigError, ConflictError
from ringfence.ports.store import DecisionStore, DispositionStore
from ringfence.services.outbox import Routing

__all__ = [
    "BulkItem",
    "DisposalPolicy",
    "DispositionView",
    "Result",
    "act",
    "act_as",
    "appeal",
    "bulk_act",
    "current",
    "decide_appeal",
    "history",
    "list_dispositions",
    "override",
    "record_verification",
    "request_verification",
    "sweep",
    "view",
]

MAX_NUMBER = 64
MAX_BULK = 1000
_RETRIES = 5


class _Store(DispositionStore, DecisionStore, Protocol):
    pass


@dataclass(frozen=True)
class DisposalPolicy:
    """How this deployment runs the lifecycle (from settings, built by ``bootstrap``)."""

    sla: Sla = field(default_factory=Sla)
    auto_restore: bool = True
    routing: Routing = field(default_factory=Routing)


@dataclass(frozen=True)
class Result:
    """The disposition after a request and the transitions the request stored (with their ids)."""

    disposition: Disposition
    transitions: list[Transition]


@dataclass(frozen=True)
class DispositionView:
    """A disposition as shown: with its clock's status at ``now``, its effect and what may follow."""

    disposition: Disposition
    sla: SlaStatus | None
    effect: Effect
    allowed: tuple[Action, ...]


@dataclass(frozen=True)
class BulkItem:
    number: str
    ok: bool
    state: str | None = None
    error: str | None = None
    allowed: list[str] | None = None


def canonical_number(raw: str) -> str:
    number = normalize(raw.strip())
    if not number:
        raise ConfigError("empty number")
    if len(number) > MAX_NUMBER:
        raise ConfigError(f"not a number: longer than {MAX_NUMBER} characters")
    return number


def current(store: DispositionStore, org: str, number: str) -> Disposition:
    """The stored disposition, or ``active`` at version 0 for a number never disposed of."""
    return store.disposition(org, number) or Disposition(org=org, number=number)


def view(d: Disposition, now: datetime, sla: Sla) -> DispositionView:
    return DispositionView(d, sla_of(d, now, sla), d.effect, allowed_actions(d.state))


# -- the verbs ------------------------------------------------------------------------------------------
#: A plan turns the current state into the actions to apply (most verbs: one fixed action).
_Plan = Callable[[State], list[Action]]


def _require(principal: Principal, action: Action) -> None:
    require(principal, PERMISSIONS[action])


def _parse_action(value: str, choices: Sequence[Action]) -> Action:
    try:
        action = Action(value)
    except ValueError:
        action = None
    if action is None or action not in choices:
        raise ConfigError(f"unknown action {value!r}; one of {', '.join(a.value for a in choices)}")
    return action


def _check_evidence(store: DecisionStore, org: str, evidence: Evidence) -> None:
    """Alerts named as evidence must be the organisation's own (others' look absent: 404)."""
    for alert_id in evidence.alerts:
        if store.decision(org, alert_id) is None:
            raise NotFoundError(f"no alert {alert_id}")


def _grade(store: DecisionStore, org: str, number: str, grade: str | None) -> Grade:
    if grade:
        try:
            return Grade(grade)
        except ValueError as exc:
            raise ConfigError(f"unknown grade {grade!r}; one of high, medium, low") from exc
    strongest = store.decisions(org, number=number, limit=1)  # highest score first
    return grade_for_verdict(strongest[0].verdict if strongest else None)


#: Actions analysts ask for through ``POST /v1/numbers/{number}/actions``.
DISPOSAL_ACTIONS = (Action.SUSPEND, Action.RESTRICT, Action.LABEL, Action.RESTORE)


def act(
    store: _Store,
    policy: DisposalPolicy,
    principal: Principal,
    number: str,
    action: str,
    now: datetime,
    reason: str = "",
    evidence: Evidence | None = None,
    grade: str | None = None,
    choices: Sequence[Action] = DISPOSAL_ACTIONS,
) -> Result:
    """Apply one action (suspend, restrict, label, restore by default) to a number."""
    parsed = _parse_action(action, choices)
    _require(principal, parsed)
    number = canonical_number(number)
    evidence = evidence or Evidence()
    _check_evidence(store, principal.org, evidence)
    graded = _grade(store, principal.org, number, grade) if parsed in MEASURES else None
    return _commit(
        store,
        policy,
        principal.org,
        number,
        lambda _: [parsed],
        principal.actor,
        now,
        reason,
        evidence,
        graded,
    )


def act_as(
    store: _Store,
    policy: DisposalPolicy,
    org: str,
    actor: str,
    number: str,
    action: Action,
    now: datetime,
    reason: str,
    evidence: Evidence | None = None,
) -> Result:
    """Apply ``action`` on behalf of the platform itself (``actor`` names the rule, e.g. the
    complaint fast path), audited as any transition; the caller decided it may."""
    number = canonical_number(number)
    evidence = evidence or Evidence()
    graded = _grade(store, org, number, None) if action in MEASURES else None
    return _commit(store, policy, org, number, lambda _: [action], actor, now, reason, evidence, graded)


def request_verification(
    store: _Store, policy: DisposalPolicy, principal: Principal, number: str, now: datetime, note: str = ""
) -> Result:
    """The holder of a suspended or restricted number came forward to verify."""
    return act(
        store,
        policy,
        principal,
        number,
        Action.REQUEST_VERIFICATION.value,
        now,
        note,
        choices=(Action.REQUEST_VERIFICATION,),
    )


def record_verification(
    store: _Store,
    policy: DisposalPolicy,
    principal: Principal,
    number: str,
    outcome: str,
    now: datetime,
    note: str = "",
) -> Result:
    """Record a verification outcome (``passed`` or ``failed``).

    For a suspended or restricted number the request is implied (stored as its own transition first);
    a pass is followed by the restore unless the policy wants an analyst to press it.
    """
    if outcome not in ("passed", "failed"):
        raise ConfigError(f"unknown verification outcome {outcome!r}; passed or failed")
    verdict = Action.PASS_VERIFICATION if outcome == "passed" else Action.FAIL_VERIFICATION
    for needed in (Action.REQUEST_VERIFICATION, verdict, Action.RESTORE):
        _require(principal, needed)
    number = canonical_number(number)

    def plan(state: State) -> list[Action]:
        steps = [Action.REQUEST_VERIFICATION] if state in (State.SUSPENDED, State.RESTRICTED) else []
        steps.append(verdict)
        if verdict is Action.PASS_VERIFICATION and policy.auto_restore:
            steps.append(Action.RESTORE)
        return steps

    return _commit(store, policy, principal.org, number, plan, principal.actor, now, note.strip())


def appeal(
    store: _Store, policy: DisposalPolicy, principal: Principal, number: str, now: datetime, reason: str = ""
) -> Result:
    return act(store, policy, principal, number, Action.APPEAL.value, now, reason, choices=(Action.APPEAL,))


def decide_appeal(
    store: _Store,
    policy: DisposalPolicy,
    principal: Principal,
    number: str,
    decision: str,
    now: datetime,
    reason: str = "",
) -> Result:
    actions = {"upheld": Action.UPHOLD, "overturned": Action.OVERTURN}
    if decision not in actions:
        raise ConfigError(f"unknown appeal decision {decision!r}; upheld or overturned")
    chosen = actions[decision]
    return act(store, policy, principal, number, chosen.value, now, reason, choices=(chosen,))


def override(
    store: _Store, policy: DisposalPolicy, principal: Principal, number: str, now: datetime, reason: str
) -> Result:
    """An admin gives service back without a passed verification; the reason is mandatory."""
    return act(
        store, policy, principal, number, Action.OVERRIDE.value, now, reason, choices=(Action.OVERRIDE,)
    )


def _commit(
    store: DispositionStore,
    policy: DisposalPolicy,
    org: str,
    number: str,
    plan: _Plan,
    actor: str,
    now: datetime,
    reason: str = "",
    evidence: Evidence | None = None,
    grade: Grade | None = None,
) -> Result:
    for _ in range(_RETRIES):
        before = current(store, org, number)
        after, steps = before, []
        for action in plan(before.state):
            after, step = apply(after, action, now, actor, policy.sla, reason, evidence, grade)
            steps.append(step)
        try:
            stored = store.commit_transitions(before, after, steps, _messages(policy, after, steps))
        except ConcurrentChangeError:
            continue  # recompute from the state that won; it may now refuse the action (409)
        return Result(after, stored)
    raise ConcurrentChangeError(number)


# -- what leaves the platform ------------------------------------------------------------------------
def _event_id(org: str, number: str, version: int) -> str:
    return f"{org}/{number}/v{version}"


def provisioning_event(step: Transition, command: str, measure: Action | None) -> dict[str, Any]:
    """The provisioning contract (docs/platform.md, "Disposal"): what an HLR/HSS or BOSS receives."""
    return {
        "event_id": _event_id(step.org, step.number, step.version),
        "type": "disposition",
        "org": step.org,
        "number": step.number,
        "command": command,
        "measure": measure.value if measure else None,
        "action": step.action.value,
        "state": step.to_state.value,
        "previous_state": step.from_state.value,
        "version": step.version,
        "grade": step.grade.value,
        "reason": step.reason,
        "at": step.at.isoformat(),
    }


def _messages(policy: DisposalPolicy, after: Disposition, steps: Sequence[Transition]) -> list[NewMessage]:
    out: list[NewMessage] = []
    routing = policy.routing
    ordering = f"{after.org}/{after.number}"
    for step in steps:
        command = step.provisioning
        if command is not None:
            payload = provisioning_event(step, command, after.measure)
            out += routing.messages(Topic.PROVISIONING, payload["event_id"], payload, ordering)
        if step.action in (Action.SUSPEND, Action.RESTRICT):
            event_id = _event_id(step.org, step.number, step.version) + "/notice"
            notice = {
                "event_id": event_id,
                "type": "verification_notice",
                "org": step.org,
                "number": step.number,
                "measure": step.action.value,
                "grade": step.grade.value,
                "deadline": step.deadline.isoformat() if step.deadline else None,
                "at": step.at.isoformat(),
            }
            out += routing.messages(Topic.NOTIFICATION, event_id, notice, ordering)
    return out


# -- bulk ----------------------------------------------------------------------------------------------
def bulk_act(
    store: _Store,
    policy: DisposalPolicy,
    principal: Principal,
    action: str,
    now: datetime,
    numbers: Sequence[str] = (),
    alert_ids: Sequence[int] = (),
    reason: str = "",
    evidence: Evidence | None = None,
    grade: str | None = None,
) -> list[BulkItem]:
    """The same action on many numbers (given, or those of the organisation's alerts), one result
    each: a number whose state does not allow the action is reported, the others go ahead.

    Unknown alert ids refuse the whole request (404) before anything changes.
    """
    parsed = _parse_action(action, DISPOSAL_ACTIONS)
    _require(principal, parsed)
    if len(numbers) + len(alert_ids) > MAX_BULK:
        raise ConfigError(f"at most {MAX_BULK} numbers and alerts per request")
    if not numbers and not alert_ids:
        raise ConfigError("no numbers and no alerts given")
    evidence = evidence or Evidence()
    targets: dict[str, list[int]] = {}
    for raw in numbers:
        targets.setdefault(canonical_number(raw), [])
    for alert_id in alert_ids:
        found = store.decision(principal.org, alert_id)
        if found is None:
            raise NotFoundError(f"no alert {alert_id}")
        targets.setdefault(found.number, []).append(alert_id)
    items = []
    for number, alerts in targets.items():
        merged = Evidence(
            tuple(dict.fromkeys(evidence.alerts + tuple(alerts))), evidence.rules, evidence.note
        )
        try:
            done = act(store, policy, principal, number, parsed.value, now, reason, merged, grade)
        except ConflictError as exc:
            allowed_now = exc.details.get("allowed")
            items.append(
                BulkItem(
                    number,
                    False,
                    str(exc.details.get("state")) if exc.details else None,
                    str(exc),
                    list(allowed_now) if isinstance(allowed_now, list) else None,
                )
            )
            continue
        items.append(BulkItem(number, True, done.disposition.state.value))
    return items


# -- reading -------------------------------------------------------------------------------------------
def history(store: DispositionStore, principal: Principal, number: str) -> list[Transition]:
    require(principal, Permission.VIEW)
    return store.disposition_history(principal.org, canonical_number(number))


def list_dispositions(
    store: DispositionStore,
    policy: DisposalPolicy,
    org: str,
    now: datetime,
    states: Sequence[str] = (),
    overdue: bool = False,
    limit: int = 100,
    offset: int = 0,
) -> list[DispositionView]:
    try:
        parsed = [State(s) for s in states]
    except ValueError as exc:
        raise ConfigError(f"unknown state; one of {', '.join(s.value for s in State)}") from exc
    found = store.dispositions(org, parsed or None, now if overdue else None, limit, offset)
    return [view(d, now, policy.sla) for d in found]


def can_see_history(principal: Principal) -> bool:
    return allowed(principal.role, Permission.VIEW)


# -- escalation ----------------------------------------------------------------------------------------
def sweep(
    store: DispositionStore,
    policy: DisposalPolicy,
    now: datetime,
    org: str | None = None,
    actor: str = "system/sweep",
) -> list[Disposition]:
    """Escalate every clock that ran out by ``now`` and was not escalated yet: an audit entry
    (``number.escalate``) and a notification each. Running it again escalates nothing twice."""
    escalated = []
    for d in store.overdue(now, org):
        event_id = _event_id(d.org, d.number, d.version) + "/escalation"
        payload = {
            "event_id": event_id,
            "type": "appeal_overdue" if d.state is State.APPEALED else "verification_overdue",
            "org": d.org,
            "number": d.number,
            "state": d.state.value,
            "grade": d.grade.value,
            "since": d.since.isoformat() if d.since else None,
            "deadline": d.deadline.isoformat() if d.deadline else None,
            "at": now.isoformat(),
        }
        messages = policy.routing.messages(Topic.NOTIFICATION, event_id, payload)
        if store.mark_escalated(d, actor, now, messages):
            escalated.append(d)
    return escalated
