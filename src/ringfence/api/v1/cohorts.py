"""Abnormal-card cohorts over the records an organisation posted (``ringfence.intel.cohorts``)."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, Field

from ringfence.api.deps import get_platform, now, principal
from ringfence.bootstrap import Platform
from ringfence.domain.access import Principal
from ringfence.services.cohorts import MAX_STORED_DAYS, stored_cohorts

router = APIRouter(prefix="/v1", tags=["holders"])


class CohortOut(BaseModel):
    finding: str = Field(description="multi_sim_handset, cell_cohort, mvno_dialer or iot_voice.")
    cohort: str = Field(description="What holds the cohort together: the handsets, a cell, a holder.")
    cards: int
    numbers: list[str] = Field(description="The members (the first 50; `cards` counts all).")
    first_seen: datetime
    last_seen: datetime
    evidence: str


@router.get("/cohorts", response_model=list[CohortOut], summary="Abnormal-card cohorts in recent calls")
def cohorts(
    days: int = Query(7, ge=1, le=MAX_STORED_DAYS, description="How many days of posted calls to read."),
    who: Principal = Depends(principal),
    platform: Platform = Depends(get_platform),
    at: datetime = Depends(now),
) -> list[CohortOut]:
    found = stored_cohorts(platform.store, who, days, at)
    return [
        CohortOut(
            finding=r["finding"],
            cohort=r["cohort"],
            cards=r["cards"],
            numbers=[n for n in r["numbers"].split(";") if n and not n.startswith("…")],
            first_seen=r["first_seen"],
            last_seen=r["last_seen"],
            evidence=r["evidence"],
        )
        for r in found.iter_rows(named=True)
    ]
