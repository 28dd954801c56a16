"""Disposal: actions on numbers (one or in bulk), verification, appeals, admin overrides, the list of
dispositions with their clocks, the outbox's delivery status, and the disposal statistics.

Thin: each route authenticates, calls one service and presents the result. Permissions are checked
by the services per action (403 before 409); invalid transitions answer 409 with the allowed actions.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from fastapi import APIRouter, Depends, Query

from ringfence.api.deps import get_platform, now, principal, requires
from ringfence.api.v1.disposition_models import (
    AppealDecisionIn,
    AppealIn,
    BulkIn,
    BulkOut,
    DisposeIn,
    DispositionOut,
    OutboxOut,
    OverrideIn,
    ResultOut,
    VerificationIn,
    VerificationRequestIn,
    bulk_item_out,
    disposition_out,
    outbox_out,
    transition_out,
)
from ringfence.api.v1.models import NumberPath
from ringfence.bootstrap import Platform
from ringfence.domain.access import Permission, Principal
from ringfence.services import disposal, records_view
from ringfence.services.disposal_stats import disposal_report

router = APIRouter(prefix="/v1", tags=["disposal"])


def _out(platform: Platform, result: disposal.Result, at: datetime) -> ResultOut:
    return ResultOut(
        id=result.transitions[-1].id,
        disposition=disposition_out(disposal.view(result.disposition, at, platform.disposal.sla)),
        transitions=[transition_out(t) for t in result.transitions],
    )


@router.post(
    "/numbers/{number}/actions",
    response_model=ResultOut,
    status_code=201,
    summary="Suspend, restrict, label or restore a number",
    responses={409: {"description": "Not allowed from the number's state; the allowed actions are named."}},
)
def act(
    number: NumberPath,
    body: DisposeIn,
    who: Principal = Depends(principal),
    platform: Platform = Depends(get_platform),
    at: datetime = Depends(now),
) -> ResultOut:
    """``restore`` needs a passed verification (409 otherwise; an admin may ``/override``)."""
    result = disposal.act(
        platform.store,
        platform.disposal,
        who,
        number,
        body.action,
        at,
        body.why,
        body.evidence.value(),
        body.grade,
    )
    if body.action in ("suspend", "restrict"):
        _warn_contacts(platform, who, [result.disposition.number], at)
    return _out(platform, result, at)


def _warn_contacts(platform: Platform, who: Principal, numbers: list[str], at: datetime) -> None:
    """A suspended or restricted number's contacts are warned now, not at the next batch
    (``services.warnings``; a failure to warn is logged and never undoes the disposal)."""
    from datetime import timedelta

    from ringfence.services.warnings import warn_numbers_safely

    lookback = timedelta(days=platform.settings.warn_lookback_days)
    warn_numbers_safely(platform.store, who.org, numbers, at, lookback, platform.settings.warn_subscribers)


@router.post("/dispositions/bulk", response_model=BulkOut, summary="One action on many numbers or alerts")
def bulk(
    body: BulkIn,
    who: Principal = Depends(principal),
    platform: Platform = Depends(get_platform),
    at: datetime = Depends(now),
) -> BulkOut:
    """Numbers whose state does not allow the action are reported in ``results``; the rest go ahead."""
    items = disposal.bulk_act(
        platform.store,
        platform.disposal,
        who,
        body.action,
        at,
        body.numbers,
        body.alerts,
        body.reason,
        body.evidence.value(),
        body.grade,
    )
    done = sum(1 for i in items if i.ok)
    if body.action in ("suspend", "restrict") and done:
        _warn_contacts(platform, who, [i.number for i in items if i.ok], at)
    return BulkOut(done=done, refused=len(items) - done, results=[bulk_item_out(i) for i in items])


@router.post(
    "/numbers/{number}/verification", response_model=ResultOut, summary="Record a verification outcome"
)
def verification(
    number: NumberPath,
    body: VerificationIn,
    who: Principal = Depends(principal),
    platform: Platform = Depends(get_platform),
    at: datetime = Depends(now),
) -> ResultOut:
    """Secondary real-person verification of the holder: ``passed`` restores service (unless restores
    wait for an analyst), ``failed`` keeps it barred and opens the way to an appeal."""
    result = disposal.record_verification(
        platform.store, platform.disposal, who, number, body.outcome, at, body.note
    )
    return _out(platform, result, at)


@router.post(
    "/numbers/{number}/verification/request",
    response_model=ResultOut,
    summary="The holder asks for service back",
)
def verification_request(
    number: NumberPath,
    body: VerificationRequestIn,
    who: Principal = Depends(principal),
    platform: Platform = Depends(get_platform),
    at: datetime = Depends(now),
) -> ResultOut:
    return _out(
        platform,
        disposal.request_verification(platform.store, platform.disposal, who, number, at, body.note),
        at,
    )


@router.post("/numbers/{number}/appeal", response_model=ResultOut, status_code=201, summary="File an appeal")
def file_appeal(
    number: NumberPath,
    body: AppealIn,
    who: Principal = Depends(principal),
    platform: Platform = Depends(get_platform),
    at: datetime = Depends(now),
) -> ResultOut:
    """After a failed verification the holder may appeal; the appeal has its own deadline."""
    return _out(
        platform, disposal.appeal(platform.store, platform.disposal, who, number, at, body.reason), at
    )


@router.post("/numbers/{number}/appeal/decision", response_model=ResultOut, summary="Decide an appeal")
def appeal_decision(
    number: NumberPath,
    body: AppealDecisionIn,
    who: Principal = Depends(principal),
    platform: Platform = Depends(get_platform),
    at: datetime = Depends(now),
) -> ResultOut:
    result = disposal.decide_appeal(
        platform.store, platform.disposal, who, number, body.decision, at, body.reason
    )
    return _out(platform, result, at)


@router.post(
    "/numbers/{number}/override", response_model=ResultOut, summary="Restore without verification (admin)"
)
def override(
    number: NumberPath,
    body: OverrideIn,
    who: Principal = Depends(principal),
    platform: Platform = Depends(get_platform),
    at: datetime = Depends(now),
) -> ResultOut:
    """A separate, audited action (``number.override``) with a mandatory reason."""
    return _out(
        platform, disposal.override(platform.store, platform.disposal, who, number, at, body.reason), at
    )


@router.get("/dispositions", response_model=list[DispositionOut], summary="Dispositions, newest change first")
def dispositions(
    state: list[str] = Query([], description="Only these states (repeat the parameter for several)."),
    overdue: bool = Query(False, description="Only those whose clock ran out."),
    limit: int = Query(100, ge=1, le=1000),
    offset: int = Query(0, ge=0, le=2**31 - 1),
    who: Principal = Depends(requires(Permission.VIEW)),
    platform: Platform = Depends(get_platform),
    at: datetime = Depends(now),
) -> list[DispositionOut]:
    views = disposal.list_dispositions(
        platform.store, platform.disposal, who.org, at, state, overdue, limit, offset
    )
    return [disposition_out(v) for v in views]


@router.get("/outbox", response_model=list[OutboxOut], summary="Outbox messages and their delivery status")
def outbox(
    topic: str | None = Query(None, description="provisioning or notification"),
    status: str | None = Query(None, description="queued, sent, delivered, failed or dry_run"),
    limit: int = Query(100, ge=1, le=1000),
    offset: int = Query(0, ge=0, le=2**31 - 1),
    who: Principal = Depends(requires(Permission.VIEW)),
    platform: Platform = Depends(get_platform),
) -> list[OutboxOut]:
    return [
        outbox_out(m) for m in records_view.outbox_messages(platform.store, who, topic, status, limit, offset)
    ]


@router.get("/stats/dispositions", summary="Disposal statistics per day or month")
def stats(
    granularity: Literal["day", "month"] = "day",
    period: str | None = Query(None, max_length=10, description="One day (YYYY-MM-DD) or month (YYYY-MM)."),
    who: Principal = Depends(principal),
    platform: Platform = Depends(get_platform),
) -> dict[str, Any]:
    """Suspensions, restrictions, labels, restores (after verification), admin overrides, verification
    outcomes, appeals and their decisions, and the time from first detection to first disposal
    (median and 90th percentile, hours)."""
    report = disposal_report(platform.store, who, platform.settings.timezone, granularity, period)
    return {
        "granularity": report.granularity,
        "period": report.period,
        "periods": [{name: getattr(row, name) for name in row.__slots__} for row in report.periods],
    }
