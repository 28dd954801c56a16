"""Imported feeds in SQL (``feed_entries``, ``feed_versions``, 0013)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from ringfence.adapters.feed_rows import key_of, provenance_text, read_provenance
from ringfence.adapters.sql import schema as t
from ringfence.adapters.sql.base import SqlBase
from ringfence.intel.feeds import EntryKind, Feed, FeedEntry, StaleFeedError, merge

__all__ = ["SqlFeeds"]

_E = t.feed_entries
_V = t.feed_versions
_CHUNK = 500


def _stale(feed: Feed, seen: int | None) -> StaleFeedError:
    last = "one imported at the same time" if seen is None else f"{seen}, the last imported"
    return StaleFeedError(
        f"feed of {feed.issuer!r}: version {feed.version} is not newer than {last} "
        "(a replay or a rollback); nothing merged"
    )


def _entry(row: Any) -> FeedEntry:
    return FeedEntry(
        EntryKind(row.kind),
        row.value,
        row.category,
        float(row.confidence),
        bool(row.listed),
        int(row.version),
        row.updated_at,
        row.issuer,
        read_provenance(row.provenance),
    )


def _row(org: str, entry: FeedEntry) -> dict[str, Any]:
    return {
        "org_id": org,
        "entry_key": key_of(entry),
        "kind": entry.kind.value,
        "value": entry.value,
        "category": entry.category,
        "confidence": entry.confidence,
        "listed": entry.listed,
        "version": entry.version,
        "updated_at": entry.updated_at,
        "issuer": entry.issuer,
        "provenance": provenance_text(entry),
    }


class SqlFeeds(SqlBase):
    def _claim_version(self, conn: Connection, org: str, feed: Feed, actor: str, at: datetime) -> None:
        """Record the feed's version, or refuse it: a conditional update, so two imports of one
        version racing each other cannot both pass."""
        where = (_V.c.org_id == org) & (_V.c.issuer == feed.issuer)
        seen = conn.execute(select(_V.c.version).where(where)).scalar()
        if seen is None:
            conn.execute(
                insert(_V).values(
                    org_id=org, issuer=feed.issuer, version=feed.version, imported_at=at, imported_by=actor
                )
            )
            return
        done = conn.execute(
            update(_V)
            .where(where & (_V.c.version < feed.version))
            .values(version=feed.version, imported_at=at, imported_by=actor)
        )
        if done.rowcount != 1:
            raise _stale(feed, int(seen))

    def merge_feed(self, org: str, feed: Feed, actor: str, at: datetime) -> int:
        try:
            with self.engine.begin() as conn:
                self._claim_version(conn, org, feed, actor, at)
                incoming = {key_of(e): e for e in merge(feed.entries).values()}
                keys = sorted(incoming)
                for start in range(0, len(keys), _CHUNK):
                    chunk = keys[start : start + _CHUNK]
                    q = select(_E).where(_E.c.org_id == org, _E.c.entry_key.in_(chunk))
                    held = {r.entry_key: _entry(r) for r in conn.execute(q)}
                    rows = []
                    for k in chunk:
                        entry = incoming[k]
                        old = held.get(k)
                        rows.append(_row(org, merge([] if old is None else [old], [entry])[entry.key]))
                    if held:
                        conn.execute(delete(_E).where(_E.c.org_id == org, _E.c.entry_key.in_(list(held))))
                    conn.execute(insert(_E), rows)
                total = int(conn.execute(select(func.count()).where(_E.c.org_id == org)).scalar() or 0)
                detail = {
                    "issuer": feed.issuer,
                    "version": feed.version,
                    "entries": len(feed.entries),
                    "total": total,
                }
                self._audit(
                    conn, org, actor, "feed.import", f"{feed.issuer} version {feed.version}", detail, at
                )
        except IntegrityError as exc:  # the first import of this issuer, raced by another
            raise _stale(feed, None) from exc
        return total

    def feed_versions(self, org: str) -> dict[str, int]:
        q = select(_V.c.issuer, _V.c.version).where(_V.c.org_id == org).order_by(_V.c.issuer)
        with self.engine.connect() as conn:
            return {str(i): int(v) for i, v in conn.execute(q)}

    def feed_entries(self, org: str, kind: str | None = None) -> list[FeedEntry]:
        q = select(_E).where(_E.c.org_id == org)
        if kind is not None:
            q = q.where(_E.c.kind == kind)
        with self.engine.connect() as conn:
            found = [_entry(r) for r in conn.execute(q)]
        return sorted(found, key=lambda e: e.key)
