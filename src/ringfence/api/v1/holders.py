"""One-ID lookup (一证通查), card-opening checks and holders restricted for fraud (涉诈失信).

Synchronous routes (FastAPI runs them in its thread pool): a lookup reads the store, and a check may
rebuild the card index first after a write; neither ever blocks the event loop.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path
from pydantic import BaseModel, Field

from ringfence.api.deps import get_platform, metered_principal, now, principal
from ringfence.api.inputs import StorableInput
from ringfence.bootstrap import Platform
from ringfence.domain.access import NotFoundError, Principal
from ringfence.intel.activation import Request as CheckRequest
from ringfence.services import holders
from ringfence.services.activation import check_activation, holder_view

router = APIRouter(prefix="/v1", tags=["holders"])

#: A keyed hash as feeds carry it: never a plain identity number (18 or 15 digits), which is refused.
IdHash = Annotated[str, Path(min_length=8, max_length=128, pattern=r"^[A-Za-z0-9_:+/=.-]+$")]
_PLAIN = r"^(\d{17}[\dXx]|\d{15})$"


def _refuse_plain(id_hash: str) -> str:
    import re

    from ringfence.errors import DataContractError

    if re.match(_PLAIN, id_hash):
        raise DataContractError("id_hash holds a plain identity number, not a keyed hash")
    return id_hash


class CardOut(BaseModel):
    org: str
    number: str
    operator: str | None
    card_type: str | None
    channel: str | None
    province: str | None
    activated_at: datetime | None


class RestrictionOut(BaseModel):
    org: str
    reason: str
    listed_at: datetime


class HolderOut(BaseModel):
    id_hash: str
    cards: list[CardOut]
    operators: str = Field(description="Cards per operator, ``op:n;op:n``.")
    flags: list[str] = Field(description="over_limit, bulk_activation, dormant_active, many_provinces.")
    evidence: str
    restricted: list[RestrictionOut]


@router.get("/holders/{id_hash}", response_model=HolderOut, summary="One-ID lookup")
def lookup_holder(
    id_hash: IdHash,
    who: Principal = Depends(metered_principal),
    platform: Platform = Depends(get_platform),
    at: datetime = Depends(now),
) -> HolderOut:
    """Every card registered under the identity hash at every member operator, the flags of the
    one-ID lookup with their evidence, and restrictions in force. Numbers are masked for roles that
    need not see them (an operator sees its own subscribers' numbers). Every lookup is audited."""
    view = holder_view(platform.cards, platform.store, who, _refuse_plain(id_hash), at)
    if view is None:
        raise NotFoundError("no card and no restriction known for this holder")
    return HolderOut(
        id_hash=view.id_hash,
        cards=[CardOut(**c) for c in view.cards],
        operators=view.operators,
        flags=view.flags,
        evidence=view.evidence,
        restricted=[RestrictionOut(**r) for r in view.restricted],
    )


class CheckIn(StorableInput):
    id_hash: str = Field(min_length=8, max_length=128, pattern=r"^[A-Za-z0-9_:+/=.-]+$")
    operator: str = Field(min_length=1, max_length=64)
    channel: str | None = Field(None, max_length=128)
    at: datetime | None = Field(None, description="When the card would be opened (default: now).")


class ReasonOut(BaseModel):
    code: str
    detail: str


class CheckOut(BaseModel):
    decision: Literal["allow", "review", "refuse"]
    reasons: list[ReasonOut]


@router.post("/activation/check", response_model=CheckOut, summary="Card-opening check")
def activation_check(
    body: CheckIn,
    who: Principal = Depends(principal),
    platform: Platform = Depends(get_platform),
    at: datetime = Depends(now),
) -> CheckOut:
    """What the counter asks before selling a card: ``allow``, ``review`` or ``refuse`` with reasons
    (``restricted_holder``, ``over_limit``, ``bulk_activation``, ``bulk_channel``, ``fraud_cards``).
    Answered from an in-memory index of every member operator's cards; nothing is stored."""
    when = body.at or at
    if when.tzinfo is None:
        from ringfence.errors import DataContractError

        raise DataContractError("at must carry a UTC offset")
    request = CheckRequest(_refuse_plain(body.id_hash), body.operator, when, body.channel)
    answer = check_activation(platform.cards, platform.store, who, request, at)
    return CheckOut(
        decision=answer.decision.value,
        reasons=[ReasonOut(code=r.code, detail=r.detail) for r in answer.reasons],
    )


class RestrictIn(StorableInput):
    reason: str = Field(min_length=1, max_length=2000)


@router.post("/holders/{id_hash}/restriction", response_model=dict[str, Any], summary="Restrict a holder")
def restrict_holder(
    id_hash: IdHash,
    body: RestrictIn,
    who: Principal = Depends(principal),
    platform: Platform = Depends(get_platform),
    at: datetime = Depends(now),
) -> dict[str, Any]:
    """List the holder as restricted for fraud (涉诈失信) by the caller's organisation: every member
    operator's card-opening check refuses new cards for them from now on. Audited."""
    entry = holders.restrict(platform.store, platform.cards, who, _refuse_plain(id_hash), body.reason, at)
    return {"id": entry, "id_hash": id_hash}


@router.delete("/holders/{id_hash}/restriction", response_model=dict[str, Any], summary="Lift a restriction")
def lift_holder(
    id_hash: IdHash,
    who: Principal = Depends(principal),
    platform: Platform = Depends(get_platform),
    at: datetime = Depends(now),
) -> dict[str, Any]:
    holders.lift(platform.store, platform.cards, who, _refuse_plain(id_hash), at)
    return {"lifted": True, "id_hash": id_hash}
