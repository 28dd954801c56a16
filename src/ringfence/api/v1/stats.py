"""Daily and monthly statistics (the report tables) as JSON."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Depends

from ringfence.api.deps import get_platform, principal
from ringfence.bootstrap import Platform
from ringfence.domain.access import Principal
from ringfence.services.dashboard import report

router = APIRouter(prefix="/v1/stats", tags=["reports"])


@router.get("/{granularity}", summary="Daily or monthly statistics")
def stats(
    granularity: Literal["day", "month"],
    period: str | None = None,
    who: Principal = Depends(principal),
    platform: Platform = Depends(get_platform),
) -> dict[str, Any]:
    """Alerts per period, and for one period (the latest by default) the breakdown by number category
    and typology with share and change on the previous period."""
    r = report(platform.store, who, platform.settings.timezone, granularity, period)
    return {
        "granularity": r.granularity,
        "periods": [{**vars_of(p), "precision": p.precision} for p in r.periods],
        "period": r.period,
        "by_category": [vars_of(b) for b in r.by_category],
        "by_typology": [vars_of(b) for b in r.by_typology],
    }


def vars_of(obj: object) -> dict[str, Any]:
    return {name: getattr(obj, name) for name in obj.__slots__}  # type: ignore[attr-defined]
