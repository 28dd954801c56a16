"""What a read did: rows found, accepted, quarantined by reason. The counts always add up."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from ringfence.ingest.reasons import DUPLICATE_ID, code_of

__all__ = ["ReadSummary"]


@dataclass(slots=True)
class ReadSummary:
    kind: str
    files: list[str] = field(default_factory=list)
    rows: int = 0  # records found (header and blank lines excluded)
    accepted: int = 0
    blank_lines: int = 0
    reasons: Counter[str] = field(default_factory=Counter)  # reason code -> rows quarantined
    first_time: datetime | None = None
    last_time: datetime | None = None

    @property
    def quarantined(self) -> int:
        return sum(self.reasons.values())

    @property
    def duplicates(self) -> int:
        return self.reasons.get(DUPLICATE_ID, 0)

    @property
    def balanced(self) -> bool:
        """Every record found is either accepted or quarantined."""
        return self.rows == self.accepted + self.quarantined

    def reject(self, reason: str, n: int = 1) -> None:
        self.reasons[code_of(reason)] += n
        self.rows += n

    def accept(self, n: int, first: datetime | None = None, last: datetime | None = None) -> None:
        self.accepted += n
        self.rows += n
        if first is not None and (self.first_time is None or first < self.first_time):
            self.first_time = first
        if last is not None and (self.last_time is None or last > self.last_time):
            self.last_time = last

    def as_dict(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "files": self.files,
            "rows": self.rows,
            "accepted": self.accepted,
            "quarantined": self.quarantined,
            "duplicates": self.duplicates,
            "blank_lines": self.blank_lines,
            "reasons": dict(sorted(self.reasons.items())),
            "first_time": self.first_time.isoformat() if self.first_time else None,
            "last_time": self.last_time.isoformat() if self.last_time else None,
        }
