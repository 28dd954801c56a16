"""The things analysts and operators work with once detection has spoken, as stored and shown.

Plain values: the store returns them, services filter and mask them, the API and the console present
them. Organisation ids travel with every item because tenancy is decided item by item.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

__all__ = [
    "Action",
    "ApiKey",
    "AuditEntry",
    "Case",
    "EntryKind",
    "ListEntry",
    "ListName",
    "StoredDecision",
    "StoredHit",
]


class ListName(StrEnum):
    BLACKLIST = "blacklist"
    WHITELIST = "whitelist"
    TAG = "tag"
    # Registries that feed screening (no verdict of their own): an enterprise number and the trunks it
    # may legitimately arrive on (label: trunks, ``;``-separated), a number that must never originate
    # (a hotline that only receives), a known marketing caller (for the do-not-call register).
    TRUSTED = "trusted"
    INBOUND_ONLY = "inbound_only"
    MARKETING = "marketing"
    # callees registered against marketing calls (the do-not-call register): the one registry of
    # called numbers, not callers
    DO_NOT_CALL = "do_not_call"


REGISTRIES = frozenset({ListName.TRUSTED, ListName.INBOUND_ONLY, ListName.MARKETING, ListName.DO_NOT_CALL})


def trunks_of(label: str) -> frozenset[str]:
    """The trunks a trusted-number entry names (``;`` or ``,`` between them)."""
    return frozenset(t.strip() for t in label.replace(",", ";").split(";") if t.strip())


class EntryKind(StrEnum):
    NUMBER = "number"
    URL = "url"


@dataclass(frozen=True, slots=True)
class ApiKey:
    id: int
    org: str
    name: str
    role: str
    key_hash: str
    created_at: datetime
    revoked_at: datetime | None


@dataclass(frozen=True, slots=True)
class AuditEntry:
    id: int
    at: datetime
    org: str
    actor: str
    action: str
    target: str
    detail: dict[str, Any]


@dataclass(frozen=True, slots=True)
class StoredDecision:
    id: int
    org: str
    run_id: int
    number: str
    number_kind: str
    score: float
    verdict: str
    rules: tuple[str, ...]
    typology: str
    first_seen: datetime
    detected_at: datetime
    outcome: str
    outcome_by: str | None = None
    outcome_at: datetime | None = None
    assignee: str | None = None  # who works the alert (console queue); None: nobody yet


@dataclass(frozen=True, slots=True)
class StoredHit:
    number: str
    rule: str
    event_time: datetime
    weight: float
    evidence: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ListEntry:
    id: int
    org: str
    list_name: str
    kind: str
    value: str
    label: str
    sharing: str
    reason: str
    created_by: str
    created_at: datetime
    display_name: str = ""  # trusted numbers: the name screening shows the callee


@dataclass(frozen=True, slots=True)
class Case:
    id: int
    org: str
    number: str
    title: str
    status: str
    note: str
    opened_by: str
    opened_at: datetime
    assignee: str = ""
    due_at: datetime | None = None  # the case's SLA (``case_sla_hours`` after opening)
    updated_at: datetime | None = None
    closed_at: datetime | None = None
    outcome: str = ""  # confirmed_fraud / not_fraud / unknown once dispatches decided it


@dataclass(frozen=True, slots=True)
class Action:
    id: int
    org: str
    number: str
    action: str
    note: str
    actor: str
    at: datetime
