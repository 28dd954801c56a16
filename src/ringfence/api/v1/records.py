"""Submit call and SMS records over HTTP (CSV or JSON lines), validated like files.

An upload is parsed, validated and stored in a worker thread, never on the event loop: the same
server answers call screening in microseconds and must keep doing so while an upload of 50k rows
takes a second. At most ``RINGFENCE_INGEST_WORKERS`` uploads are processed at once (their own
limiter, so they never take the threads that synchronous routes and dependencies use); the rest wait
with their bodies spooled. The body is streamed in with the size limit enforced before it is read.
"""

from __future__ import annotations

from datetime import datetime
from typing import BinaryIO

import anyio
import anyio.to_thread
from fastapi import APIRouter, Depends, Request

from ringfence.api.body import spool_body
from ringfence.api.deps import get_platform, now, principal
from ringfence.api.v1.models import IngestOut
from ringfence.bootstrap import Platform
from ringfence.domain.access import Permission, Principal, require
from ringfence.ingest import RecordKind
from ringfence.services.ingest_records import IngestResult, ingest_records

router = APIRouter(prefix="/v1/records", tags=["records"])

_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "text/csv": {"schema": {"type": "string"}},
            "application/x-ndjson": {"schema": {"type": "string"}},
        },
    },
    "responses": {"413": {"description": "Body over RINGFENCE_MAX_UPLOAD_MB; nothing was stored."}},
}


def _limiter(request: Request) -> anyio.CapacityLimiter:
    """The app's limit on uploads processed at once (made by ``create_app``)."""
    limiter: anyio.CapacityLimiter = request.app.state.ingest_limiter
    return limiter


def _ingest_blocking(
    platform: Platform, who: Principal, kind: RecordKind, body: BinaryIO, content_type: str, at: datetime
) -> IngestResult:
    """Runs in a worker thread: parse, validate, dedupe and store one upload."""
    return ingest_records(
        platform.store,
        who,
        kind,
        body,
        content_type,
        at,
        platform.settings.max_upload_mb * 1024 * 1024,
    )


async def _ingest(
    kind: RecordKind, request: Request, who: Principal, platform: Platform, at: datetime
) -> IngestOut:
    require(who, Permission.SUBMIT_RECORDS)  # before reading a byte of the body
    body = await spool_body(request, platform.settings.max_upload_mb * 1024 * 1024)
    content_type = request.headers.get("content-type", "text/csv")
    with body:  # the worker thread is always waited for, so the file outlives its use
        result = await anyio.to_thread.run_sync(
            _ingest_blocking, platform, who, kind, body, content_type, at, limiter=_limiter(request)
        )
    if kind is RecordKind.SUBSCRIBERS:
        platform.cards.mark_stale()  # the next card-opening check sees this feed
    out = vars(result) | {"reissued": len(result.reissued)}
    return IngestOut(**out)


@router.post("/calls", response_model=IngestOut, openapi_extra=_BODY, summary="Submit call records")
async def submit_calls(
    request: Request,
    who: Principal = Depends(principal),
    platform: Platform = Depends(get_platform),
    at: datetime = Depends(now),
) -> IngestOut:
    """CSV with a header (``text/csv``) or one JSON object per line (``application/x-ndjson``), columns as
    in the data contract. Bad rows are quarantined with line and reason; repeated ids are stored once.
    Bodies over ``RINGFENCE_MAX_UPLOAD_MB`` are refused with 413 before they are read."""
    return await _ingest(RecordKind.CALLS, request, who, platform, at)


@router.post("/messages", response_model=IngestOut, openapi_extra=_BODY, summary="Submit SMS records")
async def submit_messages(
    request: Request,
    who: Principal = Depends(principal),
    platform: Platform = Depends(get_platform),
    at: datetime = Depends(now),
) -> IngestOut:
    return await _ingest(RecordKind.MESSAGES, request, who, platform, at)


@router.post(
    "/subscribers", response_model=IngestOut, openapi_extra=_BODY, summary="Submit a subscriber feed"
)
async def submit_subscribers(
    request: Request,
    who: Principal = Depends(principal),
    platform: Platform = Depends(get_platform),
    at: datetime = Depends(now),
) -> IngestOut:
    """The organisation's cards (``number, id_hash, operator, channel, activated_at, province, …``):
    each number's row replaces the one stored (``stored``: new or changed, ``already_stored``:
    unchanged, ``reissued``: numbers now registered to another holder). ``id_hash`` must be a keyed
    hash; a plain identity number is quarantined, never stored. Feeds are what the one-ID lookup and
    the card-opening check read."""
    return await _ingest(RecordKind.SUBSCRIBERS, request, who, platform, at)
