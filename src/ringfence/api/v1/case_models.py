"""Pydantic models of complaints, cases and dispatches (``/v1/complaints``, ``/v1/cases``,
``/v1/dispatches``)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import AwareDatetime, BaseModel, Field

from ringfence.api.inputs import StorableInput
from ringfence.domain.cases import Comment, Dispatch, EvidenceItem
from ringfence.domain.casework import Case
from ringfence.domain.complaints import Category, Channel, Triage
from ringfence.services.cases import CaseView
from ringfence.services.complaints import QueueItem

__all__ = [
    "AnswerIn",
    "CaseBulkIn",
    "CaseDetailOut",
    "CaseOut",
    "CasePatchIn",
    "CommentIn",
    "ComplaintIn",
    "ComplaintOut",
    "DispatchIn",
    "DispatchOut",
    "case_out",
    "complaint_out",
    "dispatch_out",
]

Status = Literal["open", "investigating", "waiting", "closed"]


class ComplaintIn(StorableInput):
    number: str = Field(min_length=1, max_length=48, description="The reported number, any form.")
    category: Category
    reporter: str = Field(
        min_length=1,
        max_length=64,
        description="The complainant's phone number or id: stored only as a keyed hash and a masked form.",
    )
    channel: Channel = Channel.CALL
    reported_at: AwareDatetime | None = Field(None, description="When the call or SMS came (default: now).")
    url: str = Field("", max_length=2048)
    sms_text: str = Field("", max_length=2000)
    note: str = Field("", max_length=2000)


class ScorePartOut(BaseModel):
    name: str
    points: float
    why: str


class ComplaintOut(BaseModel):
    id: int
    number: str
    channel: str
    category: str
    reported_at: datetime
    received_at: datetime
    reporter: str = Field(description="Masked; the complainant is never returned in the clear.")
    reporter_hash: str | None = Field(None, description="Keyed hash, for roles that link complaints.")
    url: str
    sms_text: str
    note: str
    case_id: int | None
    score_at_intake: float
    triage_score: float = Field(description="The number's triage score now (every complaint so far).")
    triage_parts: list[ScorePartOut]
    fast_pathed_at: datetime | None
    duplicate: bool = False
    fast_path: str | None = Field(None, description="The state the fast path put the number in.")


def complaint_out(item: QueueItem, duplicate: bool = False, fast_path: str | None = None) -> ComplaintOut:
    c, t = item.complaint, item.triage
    return ComplaintOut(
        id=c.id,
        number=c.number,
        channel=c.channel,
        category=c.category,
        reported_at=c.reported_at,
        received_at=c.received_at,
        reporter=c.reporter_masked,
        reporter_hash=c.reporter_hash or None,
        url=c.url,
        sms_text=c.sms_text,
        note=c.note,
        case_id=c.case_id,
        score_at_intake=c.score,
        triage_score=t.score,
        triage_parts=_parts(t),
        fast_pathed_at=c.fast_pathed_at,
        duplicate=duplicate,
        fast_path=fast_path,
    )


def _parts(t: Triage) -> list[ScorePartOut]:
    return [ScorePartOut(name=p.name, points=p.points, why=p.why) for p in t.parts]


class CaseOut(BaseModel):
    id: int
    number: str
    title: str
    status: str
    note: str
    assignee: str
    opened_by: str
    opened_at: datetime
    due_at: datetime | None
    sla: str | None = Field(description="on_time, due_soon or overdue; none once closed.")
    updated_at: datetime | None
    closed_at: datetime | None
    outcome: str


def case_out(v: CaseView) -> CaseOut:
    c: Case = v.case
    return CaseOut(
        id=c.id,
        number=c.number,
        title=c.title,
        status=c.status,
        note=c.note,
        assignee=c.assignee,
        opened_by=c.opened_by,
        opened_at=c.opened_at,
        due_at=c.due_at,
        sla=v.sla.value if v.sla else None,
        updated_at=c.updated_at,
        closed_at=c.closed_at,
        outcome=c.outcome,
    )


class CommentOut(BaseModel):
    id: int
    author: str
    body: str
    at: datetime


class EvidenceOut(BaseModel):
    id: int
    kind: str
    ref: str
    added_by: str
    at: datetime


class DispatchOut(BaseModel):
    id: int
    case_id: int
    from_org: str
    to_org: str
    number: str
    question: str
    deadline: datetime
    sent_by: str
    sent_at: datetime
    answer: str | None
    note: str
    answered_by: str | None
    answered_at: datetime | None


def dispatch_out(d: Dispatch) -> DispatchOut:
    return DispatchOut(
        id=d.id,
        case_id=d.case_id,
        from_org=d.from_org,
        to_org=d.to_org,
        number=d.number,
        question=d.question,
        deadline=d.deadline,
        sent_by=d.sent_by,
        sent_at=d.sent_at,
        answer=d.answer,
        note=d.note,
        answered_by=d.answered_by,
        answered_at=d.answered_at,
    )


def comment_out(c: Comment) -> CommentOut:
    return CommentOut(id=c.id, author=c.author, body=c.body, at=c.at)


def evidence_out(e: EvidenceItem) -> EvidenceOut:
    return EvidenceOut(id=e.id, kind=e.kind, ref=e.ref, added_by=e.added_by, at=e.at)


class CaseDetailOut(CaseOut):
    comments: list[CommentOut]
    evidence: list[EvidenceOut]
    dispatches: list[DispatchOut]
    complaints: list[int] = Field(description="Ids of the complaints attached to the case.")


class EvidenceIn(StorableInput):
    kind: Literal["alert", "record", "number", "complaint"]
    ref: str = Field(min_length=1, max_length=128)


class CasePatchIn(StorableInput):
    status: Status | None = None
    assignee: str | None = Field(None, max_length=300, description="Empty string: unassign.")
    evidence: list[EvidenceIn] = Field([], max_length=100, description="Evidence to attach.")


class CaseBulkIn(StorableInput):
    ids: list[int] = Field(min_length=1, max_length=500)
    status: Status | None = None
    assignee: str | None = Field(None, max_length=300)


class CaseBulkItemOut(BaseModel):
    id: int
    ok: bool
    status: str | None = None
    error: str | None = None


class CommentIn(StorableInput):
    body: str = Field(min_length=1, max_length=4000)


class DispatchIn(StorableInput):
    to_org: str = Field(min_length=1, max_length=64, description="The member organisation asked.")
    question: str = Field("", max_length=4000)
    deadline_hours: float | None = Field(None, gt=0, le=2160)


class AnswerIn(StorableInput):
    answer: Literal["confirmed_fraud", "not_fraud", "unknown"]
    note: str = Field("", max_length=4000)


class AnswerOut(BaseModel):
    dispatch: DispatchOut
    case_outcome: str | None = Field(None, description="The case's outcome when this answer decided it.")
