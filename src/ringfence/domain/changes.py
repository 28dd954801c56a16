"""The risk change feed: what changed for screening, in commit order.

Every change that alters how a number is screened (a disposition's transition, a number added to or
removed from a list, a fraud report, a detection run's decision on it or an analyst's outcome on that
decision) appends one ``RiskChange`` with a store-wide sequence number. A screening
snapshot remembers the last sequence it applied and asks for what came after, so refreshing it costs
the changes since, not a rebuild. Sequence numbers are handed out in commit order (the store serialises
the writers of the feed), so reading ``after=n`` never skips a change that commits late.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

__all__ = ["MAX_NUMBER", "ChangeKind", "RiskChange", "feeds"]

#: The longest number a change row holds (the column's width). A longer "number" (a list entry or a
#: report of junk) can never be a presented caller, so it has nothing to change for screening.
MAX_NUMBER = 64


def feeds(kind: str, value: str) -> bool:
    """Whether a list entry or report of ``kind`` naming ``value`` belongs in the change feed."""
    return kind == "number" and len(value) <= MAX_NUMBER


class ChangeKind(StrEnum):
    """What changed about the number; the live snapshot re-reads every fact of the number either way."""

    DISPOSITION = "disposition"
    LIST = "list"  # a list entry (blacklist, whitelist, tag) added or removed
    REPORT = "report"  # a fraud report
    VERDICT = "verdict"  # a detection run decided on the number, or an analyst set its outcome
    HOLDER = "holder"  # its holder was restricted or lifted, or a feed gave the number another holder
    TAG = "tag"  # a tag of the global view changed (evidence, delisting, recycling, appeal, override)


@dataclass(frozen=True, slots=True)
class RiskChange:
    seq: int
    org: str
    number: str
    kind: str
    at: datetime
