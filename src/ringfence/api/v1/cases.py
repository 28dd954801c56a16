"""Complaints (intake and triage queue), cases (list, detail, update, bulk, comments, evidence) and
verification questions dispatched to member organisations, with their answers.

Thin: each route authenticates, calls one service (``services.complaints`` / ``services.cases``),
and presents the result; permissions are checked by the services (403), unknown ids are 404.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from fastapi import APIRouter, Depends, Query

from ringfence.api.deps import get_platform, now, principal
from ringfence.api.v1.case_models import (
    AnswerIn,
    AnswerOut,
    CaseBulkIn,
    CaseBulkItemOut,
    CaseDetailOut,
    CaseOut,
    CasePatchIn,
    CommentIn,
    ComplaintIn,
    ComplaintOut,
    DispatchIn,
    DispatchOut,
    case_out,
    comment_out,
    complaint_out,
    dispatch_out,
    evidence_out,
)
from ringfence.api.v1.models import MAX_ROW_ID, CaseIn, Created, NumberPath, RowId
from ringfence.api.v1.stats import vars_of
from ringfence.bootstrap import Platform
from ringfence.domain.access import Principal
from ringfence.services import cases, complaints
from ringfence.services.disposal_stats import casework_report

router = APIRouter(prefix="/v1", tags=["cases"])


# complaints ------------------------------------------------------------------------------------------
@router.post("/complaints", response_model=ComplaintOut, status_code=201, summary="Take a complaint")
def add_complaint(
    body: ComplaintIn,
    who: Principal = Depends(principal),
    platform: Platform = Depends(get_platform),
    at: datetime = Depends(now),
) -> ComplaintOut:
    """Deduplicated per reporter, number and category (a duplicate answers with the stored complaint,
    ``duplicate: true``); attached to the number's open case; may fire the fast path."""
    done = complaints.intake(
        platform.store,
        platform.disposal,
        platform.casework,
        platform.secret,
        who,
        body.number,
        body.category.value,
        body.reporter,
        at,
        body.channel.value,
        body.reported_at,
        body.url,
        body.sms_text,
        body.note,
    )
    item = complaints.QueueItem(done.complaint, done.triage)
    return complaint_out(item, not done.created, done.fast_path)


@router.get("/complaints", response_model=list[ComplaintOut], summary="The complaint queue, by triage score")
def complaint_queue(
    limit: int = Query(200, ge=1, le=2000),
    who: Principal = Depends(principal),
    platform: Platform = Depends(get_platform),
) -> list[ComplaintOut]:
    return [complaint_out(i) for i in complaints.queue(platform.store, who, limit)]


@router.get("/complaints/{complaint_id}", response_model=ComplaintOut)
def one_complaint(
    complaint_id: RowId, who: Principal = Depends(principal), platform: Platform = Depends(get_platform)
) -> ComplaintOut:
    return complaint_out(complaints.complaint(platform.store, who, complaint_id))


# cases -----------------------------------------------------------------------------------------------
@router.post("/numbers/{number}/cases", response_model=Created, status_code=201, summary="Open a case")
def open_case(
    number: NumberPath,
    body: CaseIn,
    who: Principal = Depends(principal),
    platform: Platform = Depends(get_platform),
    at: datetime = Depends(now),
) -> Created:
    """Open a case on a number; it is due ``case_sla_hours`` later."""
    return Created(
        id=cases.open_case(platform.store, platform.casework, who, number, at, body.title, body.note)
    )


@router.get("/cases", response_model=list[CaseOut], summary="Cases of the caller's organisation")
def list_cases(
    status: list[str] = Query([], description="open, investigating, waiting, closed (repeat)"),
    assignee: str | None = Query(None, max_length=300),
    number: str | None = Query(None, max_length=48),
    org: str | None = Query(None, max_length=64, description="Only cases dispatched to this organisation."),
    limit: int = Query(100, ge=1, le=1000),
    offset: int = Query(0, ge=0, le=MAX_ROW_ID),
    who: Principal = Depends(principal),
    platform: Platform = Depends(get_platform),
    at: datetime = Depends(now),
) -> list[CaseOut]:
    views = cases.list_cases(
        platform.store, platform.casework, who, at, status, assignee, number, org, limit, offset
    )
    return [case_out(v) for v in views]


def _detail(platform: Platform, who: Principal, case_id: int, at: datetime) -> CaseDetailOut:
    d = cases.case_detail(platform.store, platform.casework, who, case_id, at)
    return CaseDetailOut(
        **case_out(d.view).model_dump(),
        comments=[comment_out(c) for c in d.comments],
        evidence=[evidence_out(e) for e in d.evidence],
        dispatches=[dispatch_out(x) for x in d.dispatches],
        complaints=[c.id for c in d.complaints],
    )


@router.get("/cases/{case_id}", response_model=CaseDetailOut, summary="A case with its thread")
def get_case(
    case_id: RowId,
    who: Principal = Depends(principal),
    platform: Platform = Depends(get_platform),
    at: datetime = Depends(now),
) -> CaseDetailOut:
    return _detail(platform, who, case_id, at)


@router.patch("/cases/{case_id}", response_model=CaseDetailOut, summary="Status, assignee, evidence")
def patch_case(
    case_id: RowId,
    body: CasePatchIn,
    who: Principal = Depends(principal),
    platform: Platform = Depends(get_platform),
    at: datetime = Depends(now),
) -> CaseDetailOut:
    """Evidence is checked first (every item must exist, else 404 and nothing changes)."""
    cases.case_detail(platform.store, platform.casework, who, case_id, at)  # 404 before anything
    for e in body.evidence:
        cases.check_evidence(platform.store, who, e.kind, e.ref)
    for e in body.evidence:
        cases.attach_evidence(platform.store, who, case_id, e.kind, e.ref, at)
    if body.status is not None or body.assignee is not None:
        cases.update_case(platform.store, who, case_id, at, body.status, body.assignee)
    return _detail(platform, who, case_id, at)


@router.patch("/cases", response_model=list[CaseBulkItemOut], summary="The same change on many cases")
def bulk_cases(
    body: CaseBulkIn,
    who: Principal = Depends(principal),
    platform: Platform = Depends(get_platform),
    at: datetime = Depends(now),
) -> list[CaseBulkItemOut]:
    done = cases.bulk_update(platform.store, who, body.ids, at, body.status, body.assignee)
    return [CaseBulkItemOut(id=i.id, ok=i.ok, status=i.status, error=i.error) for i in done]


@router.post("/cases/{case_id}/comments", response_model=Created, status_code=201)
def add_comment(
    case_id: RowId,
    body: CommentIn,
    who: Principal = Depends(principal),
    platform: Platform = Depends(get_platform),
    at: datetime = Depends(now),
) -> Created:
    return Created(id=cases.comment(platform.store, who, case_id, body.body, at))


@router.post(
    "/cases/{case_id}/dispatch",
    response_model=Created,
    status_code=201,
    summary="Ask another organisation to verify the case's number",
)
def dispatch(
    case_id: RowId,
    body: DispatchIn,
    who: Principal = Depends(principal),
    platform: Platform = Depends(get_platform),
    at: datetime = Depends(now),
) -> Created:
    dispatch_id = cases.dispatch(
        platform.store, platform.casework, who, case_id, body.to_org, body.question, at, body.deadline_hours
    )
    return Created(id=dispatch_id)


@router.get("/dispatches", response_model=list[DispatchOut], summary="Questions dispatched to the caller")
def incoming(
    pending: bool = Query(False, description="Only those not answered yet."),
    who: Principal = Depends(principal),
    platform: Platform = Depends(get_platform),
) -> list[DispatchOut]:
    return [dispatch_out(d) for d in cases.incoming(platform.store, who, pending)]


@router.post("/dispatches/{dispatch_id}/answer", response_model=AnswerOut, summary="Answer a dispatch")
def answer(
    dispatch_id: RowId,
    body: AnswerIn,
    who: Principal = Depends(principal),
    platform: Platform = Depends(get_platform),
    at: datetime = Depends(now),
) -> AnswerOut:
    """Once per dispatch (a second answer: 409). Answers aggregate; a decided case closes."""
    done = cases.answer_dispatch(
        platform.store, platform.casework, who, dispatch_id, body.answer, body.note, at
    )
    return AnswerOut(
        dispatch=dispatch_out(done.dispatch), case_outcome=done.outcome.value if done.outcome else None
    )


@router.get("/stats/casework/{granularity}", summary="Complaint, case and dispatch figures")
def casework_stats(
    granularity: Literal["day", "month"],
    period: str | None = Query(None, max_length=10, description="One day or month (default: all)."),
    who: Principal = Depends(principal),
    platform: Platform = Depends(get_platform),
) -> dict[str, Any]:
    """Complaints received and fast-pathed, cases opened and closed, dispatches and their answers,
    case labels, and the confirmed-fraud precision of detection (flagged numbers a verification case
    labelled fraud, over those it labelled fraud or not fraud)."""
    r = casework_report(platform.store, who, platform.settings.timezone, granularity, period)
    return {
        "granularity": r.granularity,
        "period": r.period,
        "periods": [{**vars_of(p), "precision": p.precision} for p in r.periods],
        "precision": {
            "confirmed": r.precision.confirmed,
            "refuted": r.precision.dismissed,
            "value": r.precision.value,
        },
    }
