"""Tags with a lifecycle (``ringfence.intel.tags``): evidence, the organisation's view and the global
view with confidences at the platform's "now", delisting, appeals with outcomes, and per-organisation
overrides. Every change is audited by the store and reaches every member's live screening through the
risk change feed; each member's screening policy says from what confidence a tag counts
(``tag_min_confidence``) and whether it labels or blocks (``tagged``).

Numbers in tags of another organisation are masked for roles that need not see them; the holder's
identity hash only shows to roles allowed one-ID lookups.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, Field

from ringfence.api.deps import get_platform, now, principal
from ringfence.api.inputs import StorableInput
from ringfence.api.v1.models import MAX_NUMBER, MAX_ROW_ID, RowId
from ringfence.bootstrap import Platform
from ringfence.domain.access import Permission, Principal, allowed, present_number
from ringfence.intel.tags import AppealOutcome, Override, SourceKind, Stance, TagState
from ringfence.services import tags as service
from ringfence.services.tags import TagView

router = APIRouter(prefix="/v1/tags", tags=["tags"])

Category = Annotated[str, Field(min_length=1, max_length=service.MAX_CATEGORY, description="e.g. 诈骗电话")]
NumberQuery = Annotated[str | None, Query(min_length=1, max_length=MAX_NUMBER)]
Limit = Annotated[int, Query(ge=1, le=1000)]
Offset = Annotated[int, Query(ge=0, le=MAX_ROW_ID)]


class EvidenceIn(StorableInput):
    number: str = Field(min_length=1, max_length=MAX_NUMBER)
    category: Category
    kind: SourceKind = Field(
        description="Who the evidence comes from; weighs it by that source's reliability."
    )
    stance: Stance = Stance.CONFIRMS
    source: str = Field("", max_length=300, description="Who exactly (default: the caller's organisation).")
    note: str = Field("", max_length=2000)


class DelistIn(StorableInput):
    reason: str = Field("", max_length=2000)


class AppealIn(StorableInput):
    by: str = Field(
        "", max_length=300, description="Who appeals (e.g. the holder's ticket); default: the caller."
    )
    grounds: str = Field(min_length=1, max_length=4000)


class DecisionIn(StorableInput):
    outcome: Literal["upheld", "overturned"]
    note: str = Field("", max_length=2000)


class OverrideIn(StorableInput):
    number: str = Field(min_length=1, max_length=MAX_NUMBER)
    category: Category
    hide: bool = Field(False, description="Suppress the tag in this organisation's view.")
    pinned: float | None = Field(
        None, gt=0.0, le=1.0, description="Force the tag at this confidence in this organisation's view."
    )
    reason: str = Field("", max_length=2000)


class EvidenceOut(BaseModel):
    source: str
    kind: str
    stance: str
    at: datetime
    note: str


class AppealOut(BaseModel):
    filed_at: datetime
    by: str
    grounds: str
    outcome: str
    decided_at: datetime | None
    decided_by: str | None


class OverrideOut(BaseModel):
    org: str
    number: str
    category: str
    hide: bool
    pinned: float | None
    reason: str


class TagOut(BaseModel):
    id: int
    number: str
    category: str
    owner: str
    state: str
    created_at: datetime
    changed_at: datetime | None
    confidence: float = Field(description="In the global view, now (0 unless active).")
    seen: float | None = Field(description="In the caller's organisation's view, now (null: hidden there).")
    override: OverrideOut | None
    holder: str | None = Field(description="Identity hash of the holder tagged (roles with one-ID lookup).")
    evidence: list[EvidenceOut]
    appeals: list[AppealOut]
    version: int
    started: bool = Field(False, description="Answer to adding evidence: this started the tag.")


def _override(o: Override, who: Principal) -> OverrideOut:
    return OverrideOut(
        org=o.org,
        number=present_number(o.number, who, o.org),
        category=o.category,
        hide=o.hide,
        pinned=o.pinned,
        reason=o.reason,
    )


def _out(v: TagView, who: Principal, started: bool = False) -> TagOut:
    t = v.tag
    return TagOut(
        id=t.id,
        number=present_number(t.number, who, t.owner),
        category=t.category,
        owner=t.owner,
        state=t.state.value,
        created_at=t.created_at,
        changed_at=t.changed_at,
        confidence=round(v.confidence, 6),
        seen=None if v.seen is None else round(v.seen, 6),
        override=None if v.override is None else _override(v.override, who),
        holder=t.holder if allowed(who.role, Permission.HOLDERS) else None,
        evidence=[
            EvidenceOut(source=e.source, kind=e.kind, stance=e.stance, at=e.at, note=e.note)
            for e in t.evidence
        ],
        appeals=[
            AppealOut(
                filed_at=a.filed_at,
                by=a.by,
                grounds=a.grounds,
                outcome=a.outcome.value,
                decided_at=a.decided_at,
                decided_by=a.decided_by,
            )
            for a in t.appeals
        ],
        version=t.version,
        started=started,
    )


@router.get("", summary="Active tags as the caller's organisation sees them now (its overrides applied)")
def org_view(
    number: NumberQuery = None,
    min_confidence: Annotated[float, Query(ge=0.0, le=1.0)] = 0.0,
    limit: Limit = 100,
    offset: Offset = 0,
    who: Principal = Depends(principal),
    platform: Platform = Depends(get_platform),
    at: datetime = Depends(now),
) -> list[TagOut]:
    views = service.org_view(platform.store, who, at, number, min_confidence, limit, offset)
    return [_out(v, who) for v in views]


@router.get("/global", summary="Every organisation's tags with the global view's confidence, newest first")
def global_view(
    number: NumberQuery = None,
    state: Annotated[list[TagState] | None, Query()] = None,
    limit: Limit = 100,
    offset: Offset = 0,
    who: Principal = Depends(principal),
    platform: Platform = Depends(get_platform),
    at: datetime = Depends(now),
) -> list[TagOut]:
    views = service.global_view(platform.store, who, at, number, state, limit, offset)
    return [_out(v, who) for v in views]


@router.get("/overrides", summary="The caller's organisation's overrides")
def overrides(
    who: Principal = Depends(principal), platform: Platform = Depends(get_platform)
) -> list[OverrideOut]:
    return [_override(o, who) for o in service.overrides(platform.store, who)]


@router.put("/overrides", summary="Hide a tag in, or force it into, the organisation's own view")
def set_override(
    body: OverrideIn,
    who: Principal = Depends(principal),
    platform: Platform = Depends(get_platform),
    at: datetime = Depends(now),
) -> OverrideOut:
    o = service.set_override(
        platform.store, who, body.number, body.category, at, body.hide, body.pinned, body.reason
    )
    return _override(o, who)


@router.delete("/overrides", status_code=204, summary="Remove one of the organisation's overrides")
def clear_override(
    number: Annotated[str, Query(min_length=1, max_length=MAX_NUMBER)],
    category: Annotated[str, Query(min_length=1, max_length=service.MAX_CATEGORY)],
    who: Principal = Depends(principal),
    platform: Platform = Depends(get_platform),
    at: datetime = Depends(now),
) -> None:
    service.clear_override(platform.store, who, number, category, at)


@router.post("", response_model=TagOut, status_code=201, summary="Add evidence (starts the tag if needed)")
def add_evidence(
    body: EvidenceIn,
    who: Principal = Depends(principal),
    platform: Platform = Depends(get_platform),
    at: datetime = Depends(now),
) -> TagOut:
    tag, started = service.add_evidence(
        platform.store, who, body.number, body.category, body.kind, body.stance, at, body.source, body.note
    )
    return _out(service.one_tag(platform.store, who, tag.id, at), who, started)


@router.get("/{tag_id}", summary="One tag with its evidence, appeals and confidences now")
def one_tag(
    tag_id: RowId,
    who: Principal = Depends(principal),
    platform: Platform = Depends(get_platform),
    at: datetime = Depends(now),
) -> TagOut:
    return _out(service.one_tag(platform.store, who, tag_id, at), who)


@router.post("/{tag_id}/delist", summary="Take the organisation's own tag off the global view")
def delist(
    tag_id: RowId,
    body: DelistIn,
    who: Principal = Depends(principal),
    platform: Platform = Depends(get_platform),
    at: datetime = Depends(now),
) -> TagOut:
    service.delist(platform.store, who, tag_id, body.reason, at)
    return _out(service.one_tag(platform.store, who, tag_id, at), who)


@router.post("/{tag_id}/appeals", status_code=201, summary="File an appeal against a tag")
def file_appeal(
    tag_id: RowId,
    body: AppealIn,
    who: Principal = Depends(principal),
    platform: Platform = Depends(get_platform),
    at: datetime = Depends(now),
) -> TagOut:
    service.file_appeal(platform.store, who, tag_id, body.by, body.grounds, at)
    return _out(service.one_tag(platform.store, who, tag_id, at), who)


@router.post("/{tag_id}/appeals/decision", summary="Decide the pending appeal (the tag's owner)")
def decide(
    tag_id: RowId,
    body: DecisionIn,
    who: Principal = Depends(principal),
    platform: Platform = Depends(get_platform),
    at: datetime = Depends(now),
) -> TagOut:
    service.decide(platform.store, who, tag_id, AppealOutcome(body.outcome), body.note, at)
    return _out(service.one_tag(platform.store, who, tag_id, at), who)
