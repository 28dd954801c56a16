"""Call and SMS records kept as canonical Polars frames per organisation, plus quarantined rows.

Dedupe is by the record's id within the organisation, as the SQL primary key ``(org_id, call_id)``
does: the first delivery of an id is kept, later ones are counted as duplicates and dropped.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import polars as pl

from ringfence.adapters.memory.base import MemoryBase, Rows, locked, utc
from ringfence.domain.pivots import Sighting
from ringfence.ingest import CALLS, MESSAGES
from ringfence.ingest.contract import Contract
from ringfence.ingest.validate import canonical_schema

__all__ = ["MemoryRecords"]


class _Kept:
    """One kind of record of one organisation: the ids stored and the rows, appended part by part."""

    def __init__(self, schema: dict[str, pl.DataType]) -> None:
        self.ids: set[str] = set()
        self._schema = schema
        self._parts: list[pl.DataFrame] = []

    def append(self, frame: pl.DataFrame, ids: list[str]) -> None:
        self._parts.append(frame)
        self.ids.update(ids)

    def frame(self) -> pl.DataFrame:
        if len(self._parts) > 1:  # merged on first read, so reads do not pay for every upload again
            self._parts = [pl.concat(self._parts, rechunk=True)]
        return self._parts[0] if self._parts else pl.DataFrame(schema=self._schema)


class _Records:
    """Every organisation's records of one contract (calls or messages)."""

    def __init__(self, contract: Contract, sides: tuple[str, str]) -> None:
        assert contract.time_column is not None
        self.contract = contract
        self.schema = canonical_schema(contract)
        self.id, self.time, self.sides = contract.id_column, contract.time_column, sides
        self._orgs: dict[str, _Kept] = {}

    def canonical(self, frame: pl.DataFrame) -> pl.DataFrame:
        """The contract's columns in its order and types, first of each id; absent optional columns null."""
        missing = [c for c in self.contract.required if c not in frame.columns or frame[c].null_count() > 0]
        if missing:
            raise ValueError(f"records without {', '.join(missing)} cannot be stored")
        columns = [pl.col(c) if c in frame.columns else pl.lit(None).alias(c) for c in self.contract.names]
        return (
            frame.select(columns)
            .cast(self.schema)  # type: ignore[arg-type]
            .unique(subset=self.id, keep="first", maintain_order=True)
        )

    def stored_ids(self, org: str) -> set[str]:
        kept = self._orgs.get(org)
        return set() if kept is None else kept.ids

    def append(self, org: str, frame: pl.DataFrame, ids: list[str]) -> None:
        self._orgs.setdefault(org, _Kept(self.schema)).append(frame, ids)

    def frame(self, org: str) -> pl.DataFrame:
        kept = self._orgs.get(org)
        return pl.DataFrame(schema=self.schema) if kept is None else kept.frame()

    def between(self, org: str, start: datetime, end: datetime) -> pl.DataFrame:
        t = pl.col(self.time)
        return self.frame(org).filter((t >= utc(start)) & (t < utc(end))).sort([self.time, self.id])

    def of(self, org: str, number: str, limit: int) -> list[dict[str, Any]]:
        """Records with ``number`` on either side, newest first (ties: the greater id first)."""
        a, b = self.sides
        rows = (
            self.frame(org)
            .filter((pl.col(a) == number) | (pl.col(b) == number))
            .sort([self.time, self.id], descending=True)
            .head(max(limit, 0))
            .to_dicts()
        )
        for row in rows:  # Polars' zone object becomes the datetime.UTC every other read returns
            row[self.time] = row[self.time].astimezone(UTC)
        return [{"org_id": org, **row} for row in rows]

    def count(self, org: str) -> int:
        return len(self.stored_ids(org))


@dataclass(frozen=True, slots=True)
class _Quarantined:
    org: str
    kind: str
    source: str
    line: int
    reason: str
    raw: str
    received_at: datetime


class MemoryRecords(MemoryBase):
    def __init__(self) -> None:
        super().__init__()
        self._calls = _Records(CALLS, ("caller", "callee"))
        self._messages = _Records(MESSAGES, ("sender", "receiver"))
        self._quarantine: Rows[_Quarantined] = Rows()

    def _add(self, org: str, frame: pl.DataFrame, records: _Records) -> tuple[int, int]:
        """Keep the ids not stored yet; returns ``(inserted, duplicates_of_stored)``."""
        frame = records.canonical(frame)
        stored = records.stored_ids(org)
        ids = frame[records.id].to_list()
        seen = pl.Series([i in stored for i in ids], dtype=pl.Boolean)
        duplicates = int(seen.sum())
        if duplicates:
            frame = frame.filter(~seen)
            ids = [i for i in ids if i not in stored]
        if frame.height:
            self._require_org(org)
            records.append(org, frame, ids)
        return frame.height, duplicates

    @locked
    def add_calls(self, org: str, frame: pl.DataFrame) -> tuple[int, int]:
        return self._add(org, frame, self._calls)

    @locked
    def add_messages(self, org: str, frame: pl.DataFrame) -> tuple[int, int]:
        return self._add(org, frame, self._messages)

    @locked
    def add_quarantine(
        self, org: str, kind: str, source: str, rows: Iterable[tuple[int, str, str]], at: datetime
    ) -> int:
        values = [_Quarantined(org, kind, source, line, reason, raw, utc(at)) for line, reason, raw in rows]
        if values:
            self._require_org(org)
        for value in values:
            self._quarantine.add(self._quarantine.next_id(), value)
        return len(values)

    @locked
    def calls_between(self, org: str, start: datetime, end: datetime) -> pl.DataFrame:
        """Calls with ``start <= start_time < end``, in the canonical frame detection reads."""
        return self._calls.between(org, start, end)

    @locked
    def messages_between(self, org: str, start: datetime, end: datetime) -> pl.DataFrame:
        return self._messages.between(org, start, end)

    @locked
    def calls_of(self, org: str, number: str, limit: int = 200) -> list[dict[str, Any]]:
        return self._calls.of(org, number, limit)

    @locked
    def messages_of(self, org: str, number: str, limit: int = 200) -> list[dict[str, Any]]:
        return self._messages.of(org, number, limit)

    @locked
    def numbers_seen_on(
        self, org: str, kind: str, value: str, limit: int = 100
    ) -> list[tuple[str, int, datetime]]:
        return [(s.number, s.records, s.last) for s in self._sightings(org, kind, value, limit)]

    @locked
    def sightings(self, org: str, kind: str, value: str, limit: int = 100) -> list[Sighting]:
        return self._sightings(org, kind, value, limit)

    def _sightings(self, org: str, kind: str, value: str, limit: int) -> list[Sighting]:
        parts = [(self._calls, "caller", f"caller_{kind}")]
        if kind == "cell":
            parts.append((self._messages, "sender", "sender_cell"))
        elif kind != "imei":
            raise ValueError(f"unknown kind {kind!r}; imei or cell")
        seen: dict[str, Sighting] = {}
        for records, who, column in parts:
            found = (
                records.frame(org)
                .filter(pl.col(column) == value)
                .group_by(who)
                .agg(
                    pl.len().alias("n"),
                    pl.col(records.time).min().alias("first"),
                    pl.col(records.time).max().alias("last"),
                )
            )
            for number, count, first, last in found.iter_rows():
                first, last = first.astimezone(UTC), last.astimezone(UTC)
                before = seen.get(number)
                if before is not None:
                    count += before.records
                    first, last = min(first, before.first), max(last, before.last)
                seen[number] = Sighting(number, int(count), first, last)
        return sorted(seen.values(), key=lambda s: (-s.records, s.number))[:limit]

    @locked
    def first_records(self, org: str, numbers: Sequence[str]) -> dict[str, datetime]:
        wanted = list(dict.fromkeys(numbers))
        out: dict[str, datetime] = {}
        for records, who in ((self._calls, "caller"), (self._messages, "sender")):
            found = (
                records.frame(org)
                .filter(pl.col(who).is_in(wanted))
                .group_by(who)
                .agg(pl.col(records.time).min().alias("first"))
            )
            for number, first in found.iter_rows():
                first = first.astimezone(UTC)
                out[number] = min(first, out.get(number, first))
        return out

    @locked
    def messages_containing(self, org: str, needle: str, limit: int = 200) -> list[dict[str, Any]]:
        m = self._messages
        rows = (
            m.frame(org)
            .filter(pl.col("text").str.to_lowercase().str.contains(needle.lower(), literal=True))
            .sort([m.time, m.id], descending=True)
            .head(max(limit, 0))
            .to_dicts()
        )
        for row in rows:
            row[m.time] = row[m.time].astimezone(UTC)
        return [{"org_id": org, **row} for row in rows]

    @locked
    def record_counts(self, org: str) -> dict[str, int]:
        return {
            "calls": self._calls.count(org),
            "messages": self._messages.count(org),
            "quarantined": sum(1 for q in self._quarantine if q.org == org),
        }

    @locked
    def record_exists(self, org: str, record_id: str) -> bool:
        """Whether the organisation stored a call or an SMS record with this id."""
        return record_id in self._calls.stored_ids(org) or record_id in self._messages.stored_ids(org)
