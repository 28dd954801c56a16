"""Submit call and SMS records over HTTP (CSV or JSON lines), validated like files."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Depends, Request

from ringfence.api.deps import get_platform, now, principal
from ringfence.api.v1.models import IngestOut
from ringfence.bootstrap import Platform
from ringfence.domain.access import Principal
from ringfence.ingest import RecordKind
from ringfence.services.ingest_records import ingest_records

router = APIRouter(prefix="/v1/records", tags=["records"])

_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "text/csv": {"schema": {"type": "string"}},
            "application/x-ndjson": {"schema": {"type": "string"}},
        },
    }
}


async def _ingest(
    kind: RecordKind, request: Request, who: Principal, platform: Platform, at: datetime
) -> IngestOut:
    body = await request.body()
    result = ingest_records(
        platform.store,
        who,
        kind,
        body,
        request.headers.get("content-type", "text/csv"),
        at,
        platform.settings.max_upload_mb * 1024 * 1024,
    )
    return IngestOut(**vars(result))


@router.post("/calls", response_model=IngestOut, openapi_extra=_BODY, summary="Submit call records")
async def submit_calls(
    request: Request,
    who: Principal = Depends(principal),
    platform: Platform = Depends(get_platform),
    at: datetime = Depends(now),
) -> IngestOut:
    """CSV with a header (``text/csv``) or one JSON object per line (``application/x-ndjson``), columns as
    in the data contract. Bad rows are quarantined with line and reason; repeated ids are stored once."""
    return await _ingest(RecordKind.CALLS, request, who, platform, at)


@router.post("/messages", response_model=IngestOut, openapi_extra=_BODY, summary="Submit SMS records")
async def submit_messages(
    request: Request,
    who: Principal = Depends(principal),
    platform: Platform = Depends(get_platform),
    at: datetime = Depends(now),
) -> IngestOut:
    return await _ingest(RecordKind.MESSAGES, request, who, platform, at)
