"""Subscriber feeds and restricted holders in memory, as ``SqlHolders`` keeps them."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

import polars as pl

from ringfence.adapters.memory.base import MemoryBase, Rows, locked, utc
from ringfence.adapters.subscriber_rows import FIELDS, SCHEMA, feed_rows, same_card
from ringfence.domain.changes import ChangeKind, feeds
from ringfence.domain.holders import Reissue, RestrictedHolder, SubscriberWrite

__all__ = ["MemoryHolders"]


class MemoryHolders(MemoryBase):
    def __init__(self) -> None:
        super().__init__()
        self._cards: dict[tuple[str, str], dict[str, Any]] = {}  # (org, number) -> stored row
        self._cards_written: datetime | None = None
        self._restricted: Rows[RestrictedHolder] = Rows()

    @locked
    def add_subscribers(self, org: str, frame: pl.DataFrame, actor: str, at: datetime) -> SubscriberWrite:
        self._require_org(org)
        rows = feed_rows(frame)
        out = SubscriberWrite()
        writes: dict[tuple[str, str], dict[str, Any]] = {}
        restricted = {e.id_hash for e in self._restricted if e.lifted_at is None}
        touched: set[str] = set()  # cards given to or taken from a restricted holder
        for row in rows:
            old = self._cards.get((org, row["number"]))
            holders = {row["id_hash"], None if old is None else old["id_hash"]}
            if holders & restricted and (old is None or old["id_hash"] != row["id_hash"]):
                touched.add(row["number"])
            if old is not None and same_card(old, row):
                out.unchanged += 1
                continue
            if old is None:
                out.inserted += 1
            else:
                out.updated += 1
                if old["id_hash"] != row["id_hash"]:
                    out.reissued.append(Reissue(org, row["number"], old["id_hash"], row["id_hash"]))
            writes[(org, row["number"])] = dict(row)
        self._cards.update(writes)
        if writes:
            self._cards_written = utc(at)
        detail = {
            "inserted": out.inserted,
            "updated": out.updated,
            "unchanged": out.unchanged,
            "reissued": len(out.reissued),
        }
        self._audit(org, actor, "subscribers.feed", f"{len(rows)} cards", detail, at)
        for number in sorted(touched):
            if feeds("number", number):
                self._record_change(org, number, ChangeKind.HOLDER.value, at)
        return out

    def _holder_changed(self, org: str, id_hash: str, at: datetime) -> None:
        """Every card registered to the holder is screened anew (restricted everywhere)."""
        numbers = {n for (_o, n), row in self._cards.items() if row["id_hash"] == id_hash}
        for number in sorted(numbers):
            if feeds("number", number):
                self._record_change(org, number, ChangeKind.HOLDER.value, at)

    def _frame(self, id_hash: str | None) -> pl.DataFrame:
        rows = [
            (org, *(row[c] for c in FIELDS))
            for (org, _number), row in sorted(self._cards.items())
            if id_hash is None or row["id_hash"] == id_hash
        ]
        return pl.DataFrame(rows, schema=SCHEMA, orient="row")

    @locked
    def holder_of(self, org: str, number: str) -> str | None:
        row = self._cards.get((org, number))
        return str(row["id_hash"]) if row is not None and row["id_hash"] else None

    @locked
    def holder_cards(self, id_hash: str) -> pl.DataFrame:
        return self._frame(id_hash)

    @locked
    def subscriber_frame(self) -> pl.DataFrame:
        return self._frame(None)

    @locked
    def subscriber_version(self) -> tuple[int, datetime | None]:
        return len(self._cards), self._cards_written

    def _in_force(self, org: str, id_hash: str) -> RestrictedHolder | None:
        for entry in self._restricted:
            if entry.org == org and entry.id_hash == id_hash and entry.lifted_at is None:
                return entry
        return None

    @locked
    def restrict_holder(self, org: str, id_hash: str, reason: str, actor: str, at: datetime) -> int:
        self._require_org(org)
        found = self._in_force(org, id_hash)
        if found is not None:
            return found.id
        entry_id = self._restricted.next_id()
        self._audit(org, actor, "holder.restrict", id_hash, {"id": entry_id, "reason": reason}, at)
        added = self._restricted.add(
            entry_id, RestrictedHolder(entry_id, org, id_hash, reason, actor, utc(at))
        )
        self._holder_changed(org, id_hash, at)
        return added

    @locked
    def lift_holder(self, org: str, id_hash: str, actor: str, at: datetime) -> bool:
        found = self._in_force(org, id_hash)
        if found is None:
            return False
        self._audit(org, actor, "holder.lift", id_hash, {"id": found.id}, at)
        self._restricted.put(found.id, replace(found, lifted_at=utc(at)))
        self._holder_changed(org, id_hash, at)
        return True

    @locked
    def restricted_holders(self, id_hash: str | None = None) -> list[RestrictedHolder]:
        return [
            e for e in self._restricted if e.lifted_at is None and (id_hash is None or e.id_hash == id_hash)
        ]
