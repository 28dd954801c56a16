"""Screen a call or a message as it is set up: allow, label or block, with reasons."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from ringfence.api.deps import get_platform, principal
from ringfence.api.v1.models import ScreenCallIn, ScreenMessageIn, ScreenOut
from ringfence.bootstrap import Platform
from ringfence.domain.access import Principal
from ringfence.services.lookup import screen_call, screen_message

router = APIRouter(prefix="/v1/screen", tags=["screen"])


@router.post("/call", response_model=ScreenOut, summary="Screen a call")
def screen_a_call(
    body: ScreenCallIn, who: Principal = Depends(principal), platform: Platform = Depends(get_platform)
) -> ScreenOut:
    result = screen_call(platform.store, who, body.caller, body.callee)
    return ScreenOut(action=result.action, reasons=result.reasons)


@router.post("/message", response_model=ScreenOut, summary="Screen a message")
def screen_a_message(
    body: ScreenMessageIn, who: Principal = Depends(principal), platform: Platform = Depends(get_platform)
) -> ScreenOut:
    result = screen_message(platform.store, who, body.sender, body.text)
    return ScreenOut(action=result.action, reasons=result.reasons)
