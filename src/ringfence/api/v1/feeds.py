"""Signed, versioned feeds between organisations (``ringfence.intel.feeds``) over the API: export the
caller's organisation's feed, import another's (verified against the key trusted for its issuer,
replays and rollbacks refused, merged into the store with provenance), read the merged entries, and
partner lookups by keyed hash prefix, which never answer a value.

``def`` routes: each reads or writes the store, in FastAPI's thread pool, never on the event loop.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query
from fastapi.responses import Response
from pydantic import BaseModel, Field

from ringfence.api.deps import get_platform, metered_principal, now, principal
from ringfence.bootstrap import Platform
from ringfence.domain.access import Permission, Principal, present_number, require
from ringfence.intel.feeds import EntryKind
from ringfence.services import feeds

router = APIRouter(prefix="/v1/feeds", tags=["feeds"])


@router.get(
    "/export",
    summary="The organisation's signed feed",
    response_class=Response,
    responses={200: {"content": {"application/json": {}}}},
)
def export(
    who: Principal = Depends(principal),
    platform: Platform = Depends(get_platform),
    at: datetime = Depends(now),
) -> Response:
    """The caller's organisation's shared blacklist and tag entries and the holders it restricted, signed
    with its Ed25519 key (``RINGFENCE_FEED_KEY_DIR/<org>.pem``); the version is the export time in
    milliseconds. Audited (``feed.export``)."""
    require(who, Permission.SHARE_LISTS)
    key = feeds.signing_key(platform.settings.feed_key_dir, who.org)
    data, _ = feeds.export_org_feed(platform.store, who.org, key, feeds.export_version(at), who.actor, at)
    return Response(content=data, media_type="application/json")


class SignedFeedIn(BaseModel):
    feed: dict[str, Any] = Field(description="The feed as the issuer signed it (issuer, version, entries).")
    signature: str = Field(description="Ed25519 signature of the canonical feed, base64.")
    public_key: str | None = Field(
        None, description="The issuer's public key (ignored: the trusted one is used)."
    )


class ImportOut(BaseModel):
    issuer: str
    version: int
    entries: int = Field(description="Entries in the feed.")
    total: int = Field(description="Imported entries the organisation holds after merging it.")


@router.post("/import", response_model=ImportOut, summary="Import a signed feed")
def import_(
    body: SignedFeedIn,
    who: Principal = Depends(principal),
    platform: Platform = Depends(get_platform),
    at: datetime = Depends(now),
) -> ImportOut:
    """Verify the feed against the key trusted for its issuer (``RINGFENCE_FEED_TRUST``; 422 when it does
    not verify or the issuer is not trusted), refuse a version not newer than the last one imported
    from that issuer (409: a replay or a rollback), and merge it into the organisation's imported
    entries, provenance kept per entry. Audited (``feed.import``)."""
    require(who, Permission.EDIT_LISTS)
    trusted = feeds.parse_trust(platform.settings.feed_trust.split(","))
    data = json.dumps(body.model_dump(), ensure_ascii=False).encode("utf-8")
    done = feeds.import_data(platform.store, who.org, data, trusted, who.actor, at)
    return ImportOut(issuer=done.issuer, version=done.version, entries=done.entries, total=done.total)


class ProvenanceOut(BaseModel):
    org: str
    source: str
    at: datetime


class EntryOut(BaseModel):
    kind: str
    value: str = Field(description="Numbers masked for roles that need not see them.")
    category: str
    confidence: float
    listed: bool
    version: int
    updated_at: datetime
    issuer: str
    provenance: list[ProvenanceOut]


class EntriesOut(BaseModel):
    versions: dict[str, int] = Field(description="Issuer -> the newest version imported from it.")
    entries: list[EntryOut]


@router.get("/entries", response_model=EntriesOut, summary="Merged imported entries")
def entries(
    kind: EntryKind | None = Query(None),
    who: Principal = Depends(principal),
    platform: Platform = Depends(get_platform),
) -> EntriesOut:
    """Every entry the organisation imported from feeds, merged per (kind, value, category), with who
    said it and when."""
    require(who, Permission.VIEW)
    found = platform.store.feed_entries(who.org, None if kind is None else kind.value)
    return EntriesOut(
        versions=platform.store.feed_versions(who.org),
        entries=[
            EntryOut(
                kind=e.kind.value,
                value=present_number(e.value, who, e.issuer) if e.kind is EntryKind.NUMBER else e.value,
                category=e.category,
                confidence=e.confidence,
                listed=e.listed,
                version=e.version,
                updated_at=e.updated_at,
                issuer=e.issuer,
                provenance=[ProvenanceOut(org=p.org, source=p.source, at=p.at) for p in sorted(e.provenance)],
            )
            for e in found
        ],
    )


class HashedOut(BaseModel):
    digest: str = Field(description="HMAC-SHA256 hex of the value under the key shared with partners.")
    kind: str
    category: str
    confidence: float


#: 5 to 10 hex digits: a bucket, not a value (a full digest would name the value asked for), and too
#: short to carry a telephone number sent by mistake (11 digits and more), which is refused unread.
Prefix = Annotated[str, Path(min_length=5, max_length=10, pattern=r"^[0-9a-fA-F]+$")]


@router.get("/hashed/{prefix}", response_model=list[HashedOut], summary="Partner lookup by keyed hash prefix")
def hashed(
    prefix: Prefix,
    who: Principal = Depends(metered_principal),
    platform: Platform = Depends(get_platform),
    at: datetime = Depends(now),
) -> list[HashedOut]:
    """Send the first 5 to 10 hex digits of HMAC-SHA256 (key shared with partners,
    ``RINGFENCE_FEED_HASH_KEY``) of the canonical value (``+8613812345678``), get every listed entry
    in that bucket — the organisation's own shared entries and what it imported — as digests, and
    match the full digest locally. No value is ever answered; each request counts against the key's
    lookup limit."""
    found = feeds.hashed_lookup(platform.store, who, prefix, platform.settings.feed_hash_key, at)
    return [
        HashedOut(digest=h.digest, kind=h.kind, category=h.category, confidence=h.confidence) for h in found
    ]
