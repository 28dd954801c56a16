"""Holders and their cards: what a subscriber feed write changed, and holders restricted for fraud.

``id_hash`` is always a keyed hash of an identity document number (the ingest contract refuses plain
ones), so these values can be shared between member organisations.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

__all__ = ["Reissue", "RestrictedHolder", "SubscriberWrite"]


@dataclass(frozen=True, slots=True)
class Reissue:
    """A number that a feed now gives another holder: the old holder's tags on it must go (recycling)."""

    org: str
    number: str
    old_id_hash: str | None
    new_id_hash: str | None


@dataclass
class SubscriberWrite:
    """What one subscriber feed did to the store: new cards, changed ones, unchanged ones, and the
    changed ones whose holder changed (a number re-issued)."""

    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    reissued: list[Reissue] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class RestrictedHolder:
    """A holder an organisation restricted for fraud (涉诈失信); in force until lifted."""

    id: int
    org: str
    id_hash: str
    reason: str
    listed_by: str
    listed_at: datetime
    lifted_at: datetime | None = None
