"""Warnings to the people fraud reached: the list (filters, numbers masked by role), statistics by
channel, category and delivery outcome, and the delivery-report callback Kannel calls.

The callback carries no API key (Kannel cannot send one): it names the warning by its key and a keyed
signature of it, which only this platform can have made (``adapters.channels.kannel``).
"""

from __future__ import annotations

import hmac
from datetime import datetime
from typing import Any

from fastapi import APIRouter, Depends, Query
from fastapi.responses import PlainTextResponse

from ringfence.adapters.channels.kannel import dlr_signature
from ringfence.api.deps import get_platform, now, requires
from ringfence.bootstrap import Platform
from ringfence.domain.access import AccessDeniedError, Permission, Principal
from ringfence.errors import ConfigError
from ringfence.services import warnings as service

router = APIRouter(prefix="/v1", tags=["warnings"])


@router.get("/warnings", summary="Warnings sent to people fraud reached, newest first")
def list_warnings(
    number: str | None = Query(None, max_length=64, description="The person at risk."),
    fraud_number: str | None = Query(None, max_length=64, description="The fraud number behind it."),
    notify: str | None = Query(None, max_length=64, description="Who received it (person or guardian)."),
    channel: str | None = Query(
        None, max_length=32, description="sms, flash_sms, guardian, callback, police"
    ),
    status: str | None = Query(None, max_length=16, description="queued, sent, delivered or failed"),
    since: datetime | None = Query(None, description="Only warnings queued from this time (ISO-8601)."),
    limit: int = Query(100, ge=1, le=1000),
    offset: int = Query(0, ge=0, le=2**31 - 1),
    who: Principal = Depends(requires(Permission.VIEW)),
    platform: Platform = Depends(get_platform),
) -> list[dict[str, Any]]:
    return service.find_warnings(
        platform.store, who, number, fraud_number, notify, channel, status, since, limit, offset
    )


@router.get("/stats/warnings", summary="Warnings by channel, category and delivery outcome")
def stats(
    since: datetime | None = Query(None, description="Only warnings queued from this time (ISO-8601)."),
    who: Principal = Depends(requires(Permission.VIEW)),
    platform: Platform = Depends(get_platform),
) -> dict[str, Any]:
    if since is not None and since.tzinfo is None:
        raise ConfigError("since needs a UTC offset")
    return service.warning_stats(platform.store, who, since)


@router.get(
    "/warnings/dlr",
    response_class=PlainTextResponse,
    summary="Delivery report callback (Kannel dlr-url)",
    responses={403: {"description": "The signature does not match the warning."}},
)
def delivery_report(
    org: str = Query(..., max_length=64),
    key: str = Query(..., max_length=300),
    sig: str = Query(..., max_length=64),
    type: int = Query(..., ge=0, le=255, description="Kannel's report type (%d)."),
    platform: Platform = Depends(get_platform),
    at: datetime = Depends(now),
) -> str:
    if not hmac.compare_digest(sig, dlr_signature(platform.secret, org, key)):
        raise AccessDeniedError("delivery report signature does not match")
    moved = service.record_report(platform.store, org, key, type, at)
    return "recorded" if moved else "ignored"
