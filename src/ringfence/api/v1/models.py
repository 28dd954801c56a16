"""Pydantic models of the public API (what OpenAPI publishes)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import Path
from pydantic import BaseModel, Field

from ringfence.api.inputs import StorableInput
from ringfence.api.v1.disposition_models import DispositionOut, TransitionOut

__all__ = [
    "AlertOut",
    "CaseIn",
    "Created",
    "FraudReportIn",
    "IngestOut",
    "ListEntryIn",
    "ListEntryOut",
    "LookupOut",
    "NumberPath",
    "OutcomeIn",
    "RowId",
]

#: Ids and offsets are 32-bit in the store (PostgreSQL ``integer``); larger values are refused up front
#: (422) instead of failing inside the database driver.
MAX_ROW_ID = 2**31 - 1
RowId = Annotated[int, Path(ge=1, le=MAX_ROW_ID, description="A stored row's id.")]
#: A number as presented, in any form (``13800000001``, ``+86…``, ``0086…``). E.164 numbers have at most
#: 15 digits; anything much longer is not a number and is refused (422) before it reaches the store.
MAX_NUMBER = 48
NumberPath = Annotated[
    str, Path(min_length=1, max_length=MAX_NUMBER, description="A phone number, any form.")
]


class Created(BaseModel):
    id: int


class ListEntryOut(BaseModel):
    id: int
    org: str
    list_name: str
    kind: str
    value: str
    label: str
    sharing: str
    reason: str
    created_at: datetime
    display_name: str = ""


class ListEntryIn(StorableInput):
    list_name: Literal["blacklist", "whitelist", "tag", "trusted", "inbound_only", "marketing", "do_not_call"]
    kind: Literal["number", "url"] = "number"
    value: str = Field(min_length=1, max_length=2048)
    label: str = Field("", max_length=64, description="Required for tags.")
    sharing: Literal["private", "shared"] = "private"
    reason: str = Field("", max_length=2000)
    display_name: str = Field(
        "", max_length=200, description="Trusted numbers: the name screening shows the callee."
    )


class LookupOut(BaseModel):
    kind: str
    value: str
    number_kind: str | None = None
    official: bool = False
    verdict: str | None = Field(None, description="This organisation's latest detection verdict.")
    score: float | None = None
    typology: str | None = None
    listed: str | None = Field(None, description="blacklist or whitelist when a visible entry lists it.")
    tags: list[str] = []
    reports: int = Field(0, description="Fraud reports from all organisations.")
    lists: list[ListEntryOut] = []
    disposition: DispositionOut | None = Field(
        None, description="This organisation's disposition of the number (state `active` if never disposed)."
    )
    history: list[TransitionOut] = Field(
        [], description="Every transition of the disposition, oldest first (roles that may view)."
    )


class IngestOut(BaseModel):
    kind: str
    received: int
    stored: int
    already_stored: int = Field(description="Ids this organisation had already stored (not stored twice).")
    quarantined: int
    reasons: dict[str, int]
    quarantine_sample: list[dict[str, Any]] = Field(
        description="The first rejected rows with line and reason."
    )
    reissued: int = Field(0, description="Subscriber feeds: numbers now registered to another holder.")
    recycled_tags: int = Field(0, description="Tags removed from re-issued numbers (the old holder's).")


class FraudReportIn(StorableInput):
    kind: Literal["number", "url"] = "number"
    value: str = Field(min_length=1, max_length=2048)
    category: str = Field("unspecified", max_length=64)
    note: str = Field("", max_length=2000)


class AlertOut(BaseModel):
    id: int
    number: str
    number_kind: str
    score: float
    verdict: str
    rules: list[str]
    typology: str
    first_seen: datetime
    detected_at: datetime
    outcome: str


class OutcomeIn(StorableInput):
    outcome: Literal["open", "confirmed", "dismissed"]


class CaseIn(StorableInput):
    title: str = Field("", max_length=300)
    note: str = Field("", max_length=4000)
