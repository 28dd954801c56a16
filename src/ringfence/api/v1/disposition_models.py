"""Pydantic models of the disposal API: actions, verification, appeals, overrides, the outbox."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field

from ringfence.api.inputs import StorableInput
from ringfence.domain.disposition import Evidence, Transition
from ringfence.domain.outbox import OutboxMessage
from ringfence.services.disposal import BulkItem, DispositionView

__all__ = [
    "AppealDecisionIn",
    "AppealIn",
    "BulkIn",
    "BulkOut",
    "DisposeIn",
    "DispositionOut",
    "EvidenceIn",
    "OutboxOut",
    "OverrideIn",
    "ResultOut",
    "TransitionOut",
    "VerificationIn",
    "VerificationRequestIn",
    "disposition_out",
    "transition_out",
]

AlertId = Annotated[int, Field(ge=1, le=2**31 - 1)]
RuleId = Annotated[str, Field(min_length=1, max_length=128)]
Reason = Field("", max_length=2000, description="Why (kept in the history and the audit log).")


class EvidenceIn(StorableInput):
    alerts: list[AlertId] = Field(
        default_factory=list, max_length=200, description="Alert ids (this organisation's)."
    )
    rules: list[RuleId] = Field(
        default_factory=list, max_length=50, description="Rule ids, e.g. R01_call_burst_1h."
    )
    note: str = Field("", max_length=2000)

    def value(self) -> Evidence:
        return Evidence(
            tuple(dict.fromkeys(self.alerts)),
            tuple(dict.fromkeys(r.strip() for r in self.rules if r.strip())),
            self.note.strip(),
        )


class EvidenceOut(BaseModel):
    alerts: list[int]
    rules: list[str]
    note: str


class DisposeIn(StorableInput):
    action: Literal["suspend", "restrict", "label", "restore"]
    reason: str = Reason
    note: str = Field("", max_length=2000, description="Older name of `reason`; used when `reason` is empty.")
    evidence: EvidenceIn = Field(default_factory=EvidenceIn)
    grade: Literal["high", "medium", "low"] | None = Field(
        None, description="Risk grade (verification deadline); default: the highest-scoring alert's verdict."
    )

    @property
    def why(self) -> str:
        return self.reason.strip() or self.note.strip()


class BulkIn(StorableInput):
    action: Literal["suspend", "restrict", "label", "restore"]
    numbers: list[str] = Field(default_factory=list, max_length=1000)
    alerts: list[AlertId] = Field(
        default_factory=list, max_length=1000, description="Dispose of these alerts' numbers."
    )
    reason: str = Reason
    evidence: EvidenceIn = Field(default_factory=EvidenceIn)
    grade: Literal["high", "medium", "low"] | None = None


class VerificationIn(StorableInput):
    outcome: Literal["passed", "failed"]
    note: str = Field("", max_length=2000)


class VerificationRequestIn(StorableInput):
    note: str = Field("", max_length=2000)


class AppealIn(StorableInput):
    reason: str = Reason


class AppealDecisionIn(StorableInput):
    decision: Literal["upheld", "overturned"]
    reason: str = Reason


class OverrideIn(StorableInput):
    reason: str = Field(
        min_length=1, max_length=2000, description="Mandatory: why service comes back unverified."
    )


class DispositionOut(BaseModel):
    number: str
    state: str
    since: datetime | None
    deadline: datetime | None = Field(description="When the running clock (verification or appeal) ends.")
    reason: str
    sla: Literal["on_time", "due_soon", "overdue"] | None = Field(description="None when no clock runs.")
    effect: Literal["none", "label", "block"] = Field(
        description="What screening does with the number's calls."
    )
    grade: str
    measure: str | None = Field(description="The disposal in force or last in force.")
    evidence: EvidenceOut
    allowed: list[str] = Field(description="Actions allowed from this state.")
    escalated_at: datetime | None
    version: int


class TransitionOut(BaseModel):
    id: int
    version: int
    from_state: str
    to_state: str
    action: str
    actor: str
    at: datetime
    reason: str
    evidence: EvidenceOut
    grade: str
    deadline: datetime | None


class ResultOut(BaseModel):
    id: int = Field(description="Id of the last transition stored.")
    disposition: DispositionOut
    transitions: list[TransitionOut]


class BulkItemOut(BaseModel):
    number: str
    ok: bool
    state: str | None = None
    error: str | None = None
    allowed: list[str] | None = None


class BulkOut(BaseModel):
    done: int
    refused: int
    results: list[BulkItemOut]


class OutboxOut(BaseModel):
    id: int
    topic: str
    channel: str
    key: str
    status: str
    attempts: int
    next_attempt_at: datetime
    last_error: str | None
    created_at: datetime
    updated_at: datetime
    delivered_at: datetime | None
    payload: dict[str, Any]


def _evidence(e: Evidence) -> EvidenceOut:
    return EvidenceOut(alerts=list(e.alerts), rules=list(e.rules), note=e.note)


def disposition_out(v: DispositionView) -> DispositionOut:
    d = v.disposition
    return DispositionOut(
        number=d.number,
        state=d.state.value,
        since=d.since,
        deadline=d.deadline,
        reason=d.reason,
        sla=v.sla.value if v.sla else None,
        effect=v.effect.value,
        grade=d.grade.value,
        measure=d.measure.value if d.measure else None,
        evidence=_evidence(d.evidence),
        allowed=[a.value for a in v.allowed],
        escalated_at=d.escalated_at,
        version=d.version,
    )


def transition_out(t: Transition) -> TransitionOut:
    return TransitionOut(
        id=t.id,
        version=t.version,
        from_state=t.from_state.value,
        to_state=t.to_state.value,
        action=t.action.value,
        actor=t.actor,
        at=t.at,
        reason=t.reason,
        evidence=_evidence(t.evidence),
        grade=t.grade.value,
        deadline=t.deadline,
    )


def bulk_item_out(item: BulkItem) -> BulkItemOut:
    return BulkItemOut(
        number=item.number, ok=item.ok, state=item.state, error=item.error, allowed=item.allowed
    )


def outbox_out(m: OutboxMessage) -> OutboxOut:
    return OutboxOut(
        id=m.id,
        topic=m.topic,
        channel=m.channel,
        key=m.key,
        status=m.status.value,
        attempts=m.attempts,
        next_attempt_at=m.next_attempt_at,
        last_error=m.last_error,
        created_at=m.created_at,
        updated_at=m.updated_at,
        delivered_at=m.delivered_at,
        payload=m.payload,
    )
