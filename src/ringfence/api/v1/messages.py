"""``POST /v1/screen/message`` and ``POST /v1/lookup/url``: screen one SMS or URL with reasons.

No auth logic here: authentication and tenancy are added as router dependencies by the API layer.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field

from ringfence.api.deps import get_platform
from ringfence.bootstrap import Platform
from ringfence.urls.model import UrlVerdict

__all__ = ["router"]

router = APIRouter(prefix="/v1", tags=["messages"])


class MessageIn(BaseModel):
    text: str = Field(..., max_length=10000, description="Message body.")
    sender: str | None = Field(None, description="Sender number or short code as presented.")
    receiver: str | None = Field(None, description="Receiving number (not used for scoring yet).")
    origin: str | None = Field(
        None, description="intra, inter, international or unknown (no SMS-centre record)."
    )


class UrlOut(BaseModel):
    url: str
    score: float
    is_malicious: bool
    reasons: list[str]


class MessageOut(BaseModel):
    verdict: str = Field(..., description="fraud or normal (or the trained model's label)")
    score: float
    category: str
    is_fraud: bool | None
    reasons: list[str]
    urls: list[UrlOut]
    fake_base_station_candidate: bool


class UrlIn(BaseModel):
    url: str = Field(..., max_length=4096)


def _url_out(v: UrlVerdict) -> UrlOut:
    return UrlOut(url=v.url, score=round(v.score, 6), is_malicious=v.is_malicious, reasons=list(v.reasons))


@router.post("/screen/message", response_model=MessageOut)
def screen_message(body: MessageIn, platform: Platform = Depends(get_platform)) -> MessageOut:
    """Screen one SMS: fraud verdict, score, scam category, reasons and verdicts on its links."""
    v = platform.messages().screen([body.text], [body.sender], [body.origin])[0]
    return MessageOut(
        verdict=v.prediction,
        score=round(v.score, 6),
        category=v.category,
        is_fraud=v.is_fraud,
        reasons=list(v.reasons),
        urls=[_url_out(u) for u in v.urls],
        fake_base_station_candidate=(body.origin or "").lower() == "unknown",
    )


@router.post("/lookup/url", response_model=UrlOut)
def lookup_url(body: UrlIn, platform: Platform = Depends(get_platform)) -> UrlOut:
    """Classify one URL with reasons."""
    return _url_out(platform.messages().urls.classify([body.url])[0])
