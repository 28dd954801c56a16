"""Registries that feed screening, as registries: trusted enterprise numbers with their trunks and the
name to show, inbound-only numbers, marketing callers and the do-not-call register of callees.

They are list entries underneath (``ringfence.domain.casework.REGISTRIES``): every change is audited by
the store and reaches live screening through the risk change feed, exactly as a blacklist entry does.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from fastapi import APIRouter, Depends
from pydantic import Field

from ringfence.api.deps import get_platform, now, principal
from ringfence.api.inputs import StorableInput
from ringfence.api.v1.models import Created, ListEntryOut, RowId
from ringfence.bootstrap import Platform
from ringfence.domain.access import NotFoundError, Principal
from ringfence.domain.casework import REGISTRIES, ListEntry
from ringfence.services import casework

router = APIRouter(prefix="/v1/registries", tags=["registries"])

Registry = Literal["trusted", "inbound_only", "marketing", "do_not_call"]


class RegistryEntryIn(StorableInput):
    number: str = Field(min_length=1, max_length=64)
    trunks: list[str] = Field(
        [], max_length=16, description="Trusted numbers: the trunks it may arrive on (required)."
    )
    display_name: str = Field("", max_length=200, description="Trusted numbers: the name to show the callee.")
    sharing: Literal["private", "shared"] = "private"
    reason: str = Field("", max_length=2000)


def _out(e: ListEntry) -> ListEntryOut:
    return ListEntryOut(
        id=e.id,
        org=e.org,
        list_name=e.list_name,
        kind=e.kind,
        value=e.value,
        label=e.label,
        sharing=e.sharing,
        reason=e.reason,
        created_at=e.created_at,
        display_name=e.display_name,
    )


@router.get("", summary="Every registry entry the caller's organisation sees, by registry")
def all_registries(
    who: Principal = Depends(principal), platform: Platform = Depends(get_platform)
) -> dict[str, list[ListEntryOut]]:
    return {
        r.value: [_out(e) for e in casework.visible_entries(platform.store, who, r.value, "number")]
        for r in sorted(REGISTRIES)
    }


@router.get("/{registry}", summary="One registry's entries the caller's organisation sees")
def one_registry(
    registry: Registry, who: Principal = Depends(principal), platform: Platform = Depends(get_platform)
) -> list[ListEntryOut]:
    return [_out(e) for e in casework.visible_entries(platform.store, who, registry, "number")]


@router.post("/{registry}", response_model=Created, status_code=201, summary="Register a number")
def register(
    registry: Registry,
    body: RegistryEntryIn,
    who: Principal = Depends(principal),
    platform: Platform = Depends(get_platform),
    at: datetime = Depends(now),
) -> Created:
    label = ";".join(t.strip() for t in body.trunks if t.strip())
    entry_id = casework.add_to_list(
        platform.store,
        who,
        registry,
        "number",
        body.number,
        at,
        label,
        body.sharing,
        body.reason,
        body.display_name,
    )
    return Created(id=entry_id)


@router.delete("/{registry}/{entry_id}", status_code=204, summary="Remove one of the organisation's entries")
def unregister(
    registry: Registry,
    entry_id: RowId,
    who: Principal = Depends(principal),
    platform: Platform = Depends(get_platform),
    at: datetime = Depends(now),
) -> None:
    mine = casework.visible_entries(platform.store, who, registry, "number")
    if not any(e.id == entry_id and e.org == who.org for e in mine):
        raise NotFoundError(f"no {registry} entry {entry_id} in {who.org}")
    casework.remove_from_list(platform.store, who, entry_id, at)
