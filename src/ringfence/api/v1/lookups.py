"""Look up a number or a URL: verdicts, list entries visible to the caller, reports."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, Field

from ringfence.api.deps import get_platform, metered_principal, now
from ringfence.api.v1.disposition_models import disposition_out, transition_out
from ringfence.api.v1.models import ListEntryOut, LookupOut, NumberPath
from ringfence.bootstrap import Platform
from ringfence.domain.access import Principal
from ringfence.services import disposal, records_view
from ringfence.services.hashed_lookup import hashed_lookup
from ringfence.services.lookup import Lookup, lookup

router = APIRouter(prefix="/v1", tags=["lookup"])


def _out(found: Lookup) -> LookupOut:
    return LookupOut(
        kind=found.kind,
        value=found.value,
        number_kind=found.number_kind,
        official=found.official,
        verdict=found.verdict,
        score=found.score,
        typology=found.typology,
        listed=found.listed,
        tags=found.tags,
        reports=found.reports,
        lists=[
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
            )
            for e in found.lists
        ],
    )


@router.get("/numbers/{number}", response_model=LookupOut, summary="Look up a number")
def lookup_number(
    number: NumberPath,
    who: Principal = Depends(metered_principal),
    platform: Platform = Depends(get_platform),
    at: datetime = Depends(now),
) -> LookupOut:
    """What the platform knows about a number, as far as the caller's organisation and role may see,
    with the organisation's disposition of it (and its history, for roles that may view)."""
    found = _out(lookup(platform.store, who, "number", number))
    d = disposal.current(platform.store, who.org, found.value)
    found.disposition = disposition_out(disposal.view(d, at, platform.disposal.sla))
    if disposal.can_see_history(who):
        found.history = [
            transition_out(t) for t in records_view.disposition_history(platform.store, who, found.value)
        ]
    return found


@router.get("/urls", response_model=LookupOut, summary="Look up a URL")
def lookup_url(
    url: str = Query(..., min_length=3, max_length=2048),
    who: Principal = Depends(metered_principal),
    platform: Platform = Depends(get_platform),
) -> LookupOut:
    return _out(lookup(platform.store, who, "url", url))


class HashedOut(BaseModel):
    digest: str = Field(description="Full SHA-256 hex of the canonical number or URL; match it locally.")
    lists: list[str]
    tags: list[str]
    verdict: str | None = None


@router.get("/hashed/{prefix}", response_model=list[HashedOut], summary="Look up by digest prefix (private)")
def lookup_hashed(
    prefix: str, who: Principal = Depends(metered_principal), platform: Platform = Depends(get_platform)
) -> list[HashedOut]:
    """k-anonymous lookup: send the first 5+ hex digits of SHA-256 of the canonical number
    (``+8613812345678``) or URL, get every listed digest in that bucket, match the full digest locally.
    The platform never learns which number was looked up."""
    return [
        HashedOut(digest=m.digest, lists=sorted(m.lists), tags=sorted(m.tags), verdict=m.verdict)
        for m in hashed_lookup(platform.store, who, prefix)
    ]
