"""Alerts, cases, lists, fraud reports and the audit log (disposal: ``dispositions``)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import APIRouter, Depends, Query

from ringfence.api.deps import get_platform, now, principal, requires
from ringfence.api.v1.models import (
    MAX_ROW_ID,
    AlertOut,
    Created,
    FraudReportIn,
    ListEntryIn,
    ListEntryOut,
    OutcomeIn,
    RowId,
)
from ringfence.bootstrap import Platform
from ringfence.domain.access import Permission, Principal
from ringfence.domain.casework import StoredDecision
from ringfence.services import casework, records_view

router = APIRouter(prefix="/v1", tags=["casework"])


def _alert(d: StoredDecision) -> AlertOut:
    return AlertOut(
        id=d.id,
        number=d.number,
        number_kind=d.number_kind,
        score=d.score,
        verdict=d.verdict,
        rules=list(d.rules),
        typology=d.typology,
        first_seen=d.first_seen,
        detected_at=d.detected_at,
        outcome=d.outcome,
    )


@router.get("/alerts", response_model=list[AlertOut], summary="Alerts of the caller's organisation")
def alerts(
    outcome: str | None = Query(None, description="open, confirmed or dismissed"),
    typology: str | None = None,
    limit: int = Query(100, ge=1, le=1000),
    offset: int = Query(0, ge=0, le=MAX_ROW_ID),
    who: Principal = Depends(requires(Permission.VIEW)),
    platform: Platform = Depends(get_platform),
) -> list[AlertOut]:
    return [_alert(d) for d in records_view.alerts(platform.store, who, outcome, typology, limit, offset)]


@router.get("/alerts/{alert_id}", response_model=AlertOut)
def alert(
    alert_id: RowId,
    who: Principal = Depends(requires(Permission.VIEW)),
    platform: Platform = Depends(get_platform),
) -> AlertOut:
    return _alert(records_view.alert(platform.store, who, alert_id))


@router.post("/alerts/{alert_id}/outcome", status_code=204, summary="Confirm or dismiss an alert")
def outcome(
    alert_id: RowId,
    body: OutcomeIn,
    who: Principal = Depends(principal),
    platform: Platform = Depends(get_platform),
    at: datetime = Depends(now),
) -> None:
    casework.set_outcome(platform.store, who, alert_id, body.outcome, at)


@router.get("/lists", response_model=list[ListEntryOut], summary="List entries visible to the caller")
def lists(
    list_name: str | None = None,
    kind: str | None = None,
    who: Principal = Depends(principal),
    platform: Platform = Depends(get_platform),
) -> list[ListEntryOut]:
    return [
        ListEntryOut(
            id=e.id,
            org=e.org,
            list_name=e.list_name,
            kind=e.kind,
            value=e.value,
            label=e.label,
            sharing=e.sharing,
            reason=e.reason,
            created_at=e.created_at,
            display_name=e.display_name,
        )
        for e in casework.visible_entries(platform.store, who, list_name, kind)
    ]


@router.post("/lists", response_model=Created, status_code=201, summary="Add a list entry")
def add_entry(
    body: ListEntryIn,
    who: Principal = Depends(principal),
    platform: Platform = Depends(get_platform),
    at: datetime = Depends(now),
) -> Created:
    entry_id = casework.add_to_list(
        platform.store,
        who,
        body.list_name,
        body.kind,
        body.value,
        at,
        body.label,
        body.sharing,
        body.reason,
        body.display_name,
    )
    return Created(id=entry_id)


@router.delete("/lists/{entry_id}", status_code=204, summary="Remove one of the caller's list entries")
def remove_entry(
    entry_id: RowId,
    who: Principal = Depends(principal),
    platform: Platform = Depends(get_platform),
    at: datetime = Depends(now),
) -> None:
    casework.remove_from_list(platform.store, who, entry_id, at)


@router.post("/reports", response_model=Created, status_code=201, summary="Report a fraud number or URL")
def report(
    body: FraudReportIn,
    who: Principal = Depends(principal),
    platform: Platform = Depends(get_platform),
    at: datetime = Depends(now),
) -> Created:
    return Created(
        id=casework.report_fraud(platform.store, who, body.kind, body.value, body.category, body.note, at)
    )


@router.get("/audit", summary="The organisation's audit log, newest first (admin)")
def audit(
    limit: int = Query(200, ge=1, le=5000),
    who: Principal = Depends(requires(Permission.ADMIN)),
    platform: Platform = Depends(get_platform),
) -> list[dict[str, Any]]:
    return [
        {"id": e.id, "at": e.at, "actor": e.actor, "action": e.action, "target": e.target, "detail": e.detail}
        for e in records_view.audit_log(platform.store, who, limit)
    ]
