"""HTTP screening: ``POST /v1/screen/call`` for one call setup, ``POST /v1/screen/calls`` for a batch.

What a switch, SBC or Kamailio asks at every INVITE. The handlers are ``async`` on purpose: a decision
takes microseconds, far less than a hop to a worker thread, so they run on the event loop. Auth is
left to a dependency added by the API layer; the caller's organisation picks the snapshot (with live
screening from the store, each organisation screens with its own dispositions and lists and the
other members' shared ones).
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any, Literal

from fastapi import APIRouter, Depends, Request, Response
from pydantic import BaseModel, Field, field_validator

from ringfence.api.deps import principal
from ringfence.domain.access import Principal
from ringfence.screening import CallSetup, Origin, Verdict, screen
from ringfence.services.screen_call import ScreeningService

__all__ = ["CallIn", "answer_one", "router"]

router = APIRouter(prefix="/v1/screen", tags=["screening"])

MAX_BATCH = 10_000


class CallIn(BaseModel):
    """A call setup. Numbers are taken as presented: anything unparsable is an ``irregular`` verdict."""

    call_id: str | None = Field(None, description="Echoed back; the switch's call reference.")
    caller: str = Field(..., description="Presented calling number, any form (+8613..., 008613..., 95588).")
    callee: str = Field(..., description="Called number, any form.")
    origin: Literal["intra", "inter", "international"] = Field(
        "intra", description="Where the call entered the network (international = international gateway)."
    )
    time: datetime | None = Field(None, description="Event time of the setup; default: the server's clock.")
    trunk: str | None = Field(None, description="Ingress trunk id (checked for trusted enterprise numbers).")
    attestation: str | None = Field(None, description="Caller-ID attestation A/B/C from a verifier, if any.")

    @field_validator("time")
    @classmethod
    def _epoch_time(cls, value: datetime | None) -> datetime | None:
        """Screening works on epoch seconds: a time that has none (year 1, 9999) is refused (422)."""
        if value is not None:
            try:
                value.timestamp()
            except (OverflowError, OSError, ValueError):
                raise ValueError("time is out of range") from None
        return value


class HitOut(BaseModel):
    rule: str
    action: Literal["allow", "label", "block"]
    label: str | None
    detail: str


class VerdictOut(BaseModel):
    call_id: str | None
    verdict: Literal["allow", "label", "block"]
    reasons: list[str] = Field(description="Stable ids of the rules that fired, in rule order.")
    label: str | None = Field(description="What the callee's handset should show (疑似诈骗, 境外来电, ...).")
    hits: list[HitOut] = Field(description="Each rule's action, label and evidence.")
    display_name: str | None = Field(
        None, description="A trusted enterprise caller on one of its trunks: the registered name to show."
    )
    snapshot: str | None = Field(description="Version of the risk snapshot used (null: unavailable).")
    snapshot_version: str | None = Field(description="The same as `snapshot` (the name verdicts use).")
    policy: str


class CallsIn(BaseModel):
    calls: list[CallIn] = Field(..., max_length=MAX_BATCH)


class CallsOut(BaseModel):
    results: list[VerdictOut]


def _service(request: Request) -> ScreeningService:
    """The platform's screening service (``bootstrap``): read from the app, never built here."""
    service: ScreeningService = request.app.state.platform.screening
    return service


def _setup(call: CallIn, now: float) -> CallSetup:
    at = call.time.timestamp() if call.time is not None else now
    return CallSetup(
        call.caller, call.callee, Origin(call.origin), at, call.trunk, call.attestation, call.call_id
    )


def _out(call_id: str | None, v: Verdict, snapshot: str | None, policy: str) -> dict[str, Any]:
    """The ``VerdictOut`` shape as plain data (serialised directly: see ``_json``)."""
    return {
        "call_id": call_id,
        "verdict": v.action.value,
        "reasons": list(v.reasons),
        "label": v.label,
        "display_name": v.display_name,
        "hits": [
            {"rule": h.rule, "action": h.action.value, "label": h.label, "detail": h.detail} for h in v.hits
        ],
        "snapshot": snapshot,
        "snapshot_version": snapshot,
        "policy": policy,
    }


def _json(data: dict[str, Any]) -> Response:
    """Bypass FastAPI's re-validation of the response model (kept for the OpenAPI schema).

    The shape is built right here, and on the call-setup path that validation costs more than the
    decision itself.
    """
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return Response(body, media_type="application/json")


def answer_one(call: CallIn, service: ScreeningService, org: str | None) -> bytes:
    """The JSON answer to one call setup: shared by the route and the fast path (``api.fast_screen``),
    so both answer byte for byte the same."""
    now = service.clock()
    snap = service.snapshot(now, org)
    setup = _setup(call, now)
    rules = service.rules_for(org)
    verdict = screen(setup, snap, rules, service.burst_count(setup))
    data = _out(call.call_id, verdict, snap.version if snap else None, rules.policy.version)
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()


@router.post("/call", response_model=VerdictOut, summary="Screen one call at setup")
async def screen_one(call: CallIn, request: Request, who: Principal = Depends(principal)) -> Response:
    return Response(answer_one(call, _service(request), who.org), media_type="application/json")


@router.post("/calls", response_model=CallsOut, summary="Screen a batch of call setups")
async def screen_batch(body: CallsIn, request: Request, who: Principal = Depends(principal)) -> Response:
    service = _service(request)
    now = service.clock()
    snap = service.snapshot(now, who.org)
    verdicts = service.screen_many([_setup(c, now) for c in body.calls], now, who.org)
    version, policy = (snap.version if snap else None), service.rules_for(who.org).policy.version
    results = [_out(c.call_id, v, version, policy) for c, v in zip(body.calls, verdicts, strict=True)]
    return _json({"results": results})
