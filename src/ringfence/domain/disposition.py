"""The disposal lifecycle of one number in one organisation, as an explicit state machine.

A number is disposed of (labelled, restricted or suspended), its holder proves who they are (secondary
real-person verification), and service comes back — or the verification fails and the holder appeals.
Every step is one row of ``TRANSITIONS`` (data, not code paths), so what may happen from each state is
readable in one place, testable exhaustively, and named in the error when a request asks for something
else. Pure: time, actor and deadlines are arguments; the store keeps the result.

Decisions worth knowing:

* **Verification is requested when the holder comes forward**, not automatically on suspension: a
  suspended or restricted number stays in its state (and its verification clock runs from the disposal)
  until the holder asks for service back (``request_verification``). A verification outcome recorded
  for a suspended or restricted number implies that request (the service records both steps).
* **A passed verification is not yet a restore**: it moves the number to ``verified``, and ``restore``
  moves it on to ``restored``. Whether the service does both at once (the default) or waits for an
  analyst to press restore (a four-eyes check) is a setting. ``restore`` from anywhere else is refused:
  without a passed verification only an admin ``override`` (with a reason) gives service back.
* **Labelled numbers are not verified**: a label costs the holder no service, so there is nothing to
  give back; a label is escalated (restrict, suspend) or lifted by an admin override.
* **The verification clock runs from the disposal** and keeps running while the verification is
  pending; an appeal has a clock of its own. Every transition clears an earlier escalation.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from ringfence.domain.access import Permission
from ringfence.domain.sla import Grade, Sla, SlaStatus, sla_status
from ringfence.errors import ConfigError, ConflictError

__all__ = [
    "CLOCKED",
    "MEASURES",
    "PERMISSIONS",
    "TRANSITIONS",
    "Action",
    "ConcurrentChangeError",
    "Disposition",
    "Effect",
    "Evidence",
    "InvalidTransitionError",
    "State",
    "Transition",
    "allowed_actions",
    "apply",
    "deadline_window",
    "provisioning_command",
    "screening_effect",
    "sla_of",
]


class State(StrEnum):
    ACTIVE = "active"  # nothing in force (also: never disposed)
    LABELLED = "labelled"  # called parties see a fraud label
    RESTRICTED = "restricted"  # outgoing calls and SMS barred
    SUSPENDED = "suspended"  # service stopped
    VERIFICATION_PENDING = "verification_pending"  # the holder came forward; verification under way
    VERIFIED = "verified"  # verification passed; service returns on restore
    RESTORED = "restored"  # service back after a passed verification or an override
    VERIFICATION_FAILED = "verification_failed"
    APPEALED = "appealed"  # the holder contests a failed verification
    UPHELD = "upheld"  # the appeal was rejected: the disposal stands
    OVERTURNED = "overturned"  # the appeal succeeded: service back


class Action(StrEnum):
    SUSPEND = "suspend"
    RESTRICT = "restrict"
    LABEL = "label"
    REQUEST_VERIFICATION = "request_verification"
    PASS_VERIFICATION = "pass_verification"
    FAIL_VERIFICATION = "fail_verification"
    RESTORE = "restore"
    OVERRIDE = "override"  # an admin gives service back without a passed verification
    APPEAL = "appeal"
    UPHOLD = "uphold"
    OVERTURN = "overturn"


class Effect(StrEnum):
    """What a state means for screening a call or message *from* the number."""

    NONE = "none"
    LABEL = "label"
    BLOCK = "block"


S, A = State, Action
_DISPOSE = {A.SUSPEND: S.SUSPENDED, A.RESTRICT: S.RESTRICTED, A.LABEL: S.LABELLED}
_OVERRIDE = {A.OVERRIDE: S.RESTORED}

#: From each state, the actions allowed and the state each leads to. Nothing else is allowed.
TRANSITIONS: Mapping[State, Mapping[Action, State]] = {
    S.ACTIVE: _DISPOSE,
    S.LABELLED: {A.SUSPEND: S.SUSPENDED, A.RESTRICT: S.RESTRICTED, **_OVERRIDE},
    S.RESTRICTED: {A.SUSPEND: S.SUSPENDED, A.REQUEST_VERIFICATION: S.VERIFICATION_PENDING, **_OVERRIDE},
    S.SUSPENDED: {A.REQUEST_VERIFICATION: S.VERIFICATION_PENDING, **_OVERRIDE},
    S.VERIFICATION_PENDING: {
        A.PASS_VERIFICATION: S.VERIFIED,
        A.FAIL_VERIFICATION: S.VERIFICATION_FAILED,
        **_OVERRIDE,
    },
    S.VERIFIED: {A.RESTORE: S.RESTORED, **_OVERRIDE},
    S.VERIFICATION_FAILED: {A.APPEAL: S.APPEALED, **_OVERRIDE},
    S.APPEALED: {A.UPHOLD: S.UPHELD, A.OVERTURN: S.OVERTURNED, **_OVERRIDE},
    S.UPHELD: _OVERRIDE,
    S.RESTORED: _DISPOSE,  # re-disposal
    S.OVERTURNED: _DISPOSE,
}

#: What each state means for screening (the live-screening snapshot reads this).
_EFFECTS: Mapping[State, Effect] = {
    S.ACTIVE: Effect.NONE,
    S.LABELLED: Effect.LABEL,
    S.RESTRICTED: Effect.BLOCK,
    S.SUSPENDED: Effect.BLOCK,
    S.VERIFICATION_PENDING: Effect.BLOCK,
    S.VERIFIED: Effect.BLOCK,  # until restored
    S.RESTORED: Effect.NONE,
    S.VERIFICATION_FAILED: Effect.BLOCK,
    S.APPEALED: Effect.BLOCK,
    S.UPHELD: Effect.BLOCK,
    S.OVERTURNED: Effect.NONE,
}

#: Actions that start a disposal (a measure): they set the grade, the clock and the evidence afresh.
MEASURES: frozenset[Action] = frozenset(_DISPOSE)

#: States whose verification clock runs (the disposal's), and the state whose appeal clock runs.
CLOCKED: frozenset[State] = frozenset({S.RESTRICTED, S.SUSPENDED, S.VERIFICATION_PENDING, S.VERIFIED})
_APPEAL_CLOCKED = S.APPEALED

#: The permission each action needs (roles grant permissions, ``ringfence.domain.access``).
PERMISSIONS: Mapping[Action, Permission] = {
    A.SUSPEND: Permission.DISPOSE,
    A.RESTRICT: Permission.DISPOSE,
    A.LABEL: Permission.DISPOSE,
    A.REQUEST_VERIFICATION: Permission.DISPOSE,
    A.PASS_VERIFICATION: Permission.DISPOSE,
    A.FAIL_VERIFICATION: Permission.DISPOSE,
    A.RESTORE: Permission.DISPOSE,
    A.OVERRIDE: Permission.ADMIN,
    A.APPEAL: Permission.TRIAGE,
    A.UPHOLD: Permission.DISPOSE,
    A.OVERTURN: Permission.DISPOSE,
}

#: Actions refused without a reason.
REASON_REQUIRED: frozenset[Action] = frozenset({A.OVERRIDE})


def allowed_actions(state: State) -> tuple[Action, ...]:
    return tuple(TRANSITIONS[state])


def screening_effect(state: State) -> Effect:
    """``block`` for every state in which outgoing service is withheld, ``label`` for labelled numbers,
    ``none`` for active, restored and overturned ones."""
    return _EFFECTS[state]


def provisioning_command(action: Action, to_state: State) -> str | None:
    """What the provisioning systems (HLR/HSS, BOSS) must do after a transition, if anything:
    ``suspend``, ``restrict`` or ``label`` for a disposal, ``restore`` when service comes back."""
    if action in MEASURES:
        return action.value
    if to_state in (S.RESTORED, S.OVERTURNED):
        return "restore"
    return None


class InvalidTransitionError(ConflictError):
    """The action is not allowed from the number's current state (HTTP 409, allowed actions named)."""

    def __init__(self, number: str, state: State, action: Action) -> None:
        allowed = allowed_actions(state)
        message = f"cannot {action.value} {number}: it is {state.value}"
        if action is A.RESTORE and state is not S.VERIFIED:
            message += "; restore needs a passed verification (or an admin override with a reason)"
        message += f"; allowed now: {', '.join(a.value for a in allowed)}"
        super().__init__(
            message, {"state": state.value, "action": action.value, "allowed": [a.value for a in allowed]}
        )
        self.state, self.action, self.allowed = state, action, allowed


@dataclass(frozen=True, slots=True)
class Evidence:
    """Why a number was disposed: alert ids, rule ids and free text."""

    alerts: tuple[int, ...] = ()
    rules: tuple[str, ...] = ()
    note: str = ""

    def __bool__(self) -> bool:
        return bool(self.alerts or self.rules or self.note)

    def as_dict(self) -> dict[str, Any]:
        return {"alerts": list(self.alerts), "rules": list(self.rules), "note": self.note}

    def to_json(self) -> str:
        return json.dumps(self.as_dict(), ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str | None) -> Evidence:
        data = json.loads(text) if text else {}
        return cls(
            tuple(int(a) for a in data.get("alerts", ())),
            tuple(str(r) for r in data.get("rules", ())),
            str(data.get("note", "")),
        )


@dataclass(frozen=True, slots=True)
class Disposition:
    """Where a number stands in one organisation. ``version`` counts its transitions (0: never
    disposed); stores use it to refuse a transition computed from a state that has since changed."""

    org: str
    number: str
    state: State = S.ACTIVE
    since: datetime | None = None
    deadline: datetime | None = None
    reason: str = ""
    evidence: Evidence = field(default_factory=Evidence)
    grade: Grade = Grade.MEDIUM
    measure: Action | None = None  # the disposal in force or last in force
    actor: str = ""
    version: int = 0
    escalated_at: datetime | None = None

    @property
    def effect(self) -> Effect:
        return screening_effect(self.state)


@dataclass(frozen=True, slots=True)
class Transition:
    """One step of a number's history, as audited: ``version`` is the disposition's after it."""

    org: str
    number: str
    version: int
    from_state: State
    to_state: State
    action: Action
    actor: str
    at: datetime
    reason: str = ""
    evidence: Evidence = field(default_factory=Evidence)
    grade: Grade = Grade.MEDIUM
    deadline: datetime | None = None
    id: int = 0  # the store's row id, once stored

    @property
    def provisioning(self) -> str | None:
        return provisioning_command(self.action, self.to_state)


def deadline_window(state: State, grade: Grade, sla: Sla) -> timedelta | None:
    """The length of the clock running in ``state`` (``None``: no clock)."""
    if state in CLOCKED:
        return sla.verification_window(grade)
    if state is _APPEAL_CLOCKED:
        return sla.appeal_window
    return None


def sla_of(d: Disposition, now: datetime, sla: Sla) -> SlaStatus | None:
    window = deadline_window(d.state, d.grade, sla)
    if window is None:
        return None
    return sla_status(d.deadline, window, now, sla.due_soon_share)


def apply(
    current: Disposition,
    action: Action,
    at: datetime,
    actor: str,
    sla: Sla,
    reason: str = "",
    evidence: Evidence | None = None,
    grade: Grade | None = None,
) -> tuple[Disposition, Transition]:
    """The disposition after ``action`` and the history row that records it; ``InvalidTransitionError`` if
    the table does not allow it, ``ConfigError`` if a required reason is missing."""
    to_state = TRANSITIONS[current.state].get(action)
    if to_state is None:
        raise InvalidTransitionError(current.number, current.state, action)
    reason = reason.strip()
    if action in REASON_REQUIRED and not reason:
        raise ConfigError(f"{action.value} needs a reason")
    evidence = evidence or Evidence()
    measure: Action | None
    if action in MEASURES:
        new_grade = grade or Grade.MEDIUM
        deadline = at + sla.verification_window(new_grade) if to_state in CLOCKED else None
        kept_evidence, measure = evidence, action
    else:
        new_grade = current.grade
        kept_evidence, measure = evidence or current.evidence, current.measure
        if to_state in CLOCKED:
            deadline = current.deadline  # the disposal's clock keeps running
        elif to_state is _APPEAL_CLOCKED:
            deadline = at + sla.appeal_window
        else:
            deadline = None
    after = replace(
        current,
        state=to_state,
        since=at,
        deadline=deadline,
        reason=reason,
        evidence=kept_evidence,
        grade=new_grade,
        measure=measure,
        actor=actor,
        version=current.version + 1,
        escalated_at=None,
    )
    step = Transition(
        org=current.org,
        number=current.number,
        version=after.version,
        from_state=current.state,
        to_state=to_state,
        action=action,
        actor=actor,
        at=at,
        reason=reason,
        evidence=evidence,
        grade=new_grade,
        deadline=deadline,
    )
    return after, step


class ConcurrentChangeError(ConflictError):
    """The disposition changed between reading it and storing a transition computed from it."""

    def __init__(self, number: str) -> None:
        super().__init__(f"the disposition of {number} changed meanwhile; read it again and retry")
