"""The risk change feed: what changed for screening, in commit order.

Every change that alters how a number is screened (a disposition's transition today; list entries and
verdicts as they join) appends one ``RiskChange`` with a store-wide sequence number. A screening
snapshot remembers the last sequence it applied and asks for what came after, so refreshing it costs
the changes since, not a rebuild. Sequence numbers are handed out in commit order (the store serialises
the writers of the feed), so reading ``after=n`` never skips a change that commits late.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

__all__ = ["ChangeKind", "RiskChange"]


class ChangeKind(StrEnum):
    DISPOSITION = "disposition"


@dataclass(frozen=True, slots=True)
class RiskChange:
    seq: int
    org: str
    number: str
    kind: str
    at: datetime
