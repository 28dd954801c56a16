"""Subscriber feeds and restricted holders in SQL (``subscribers``, ``restricted_holders``, 0008)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import polars as pl
from sqlalchemy import Connection, and_, bindparam, func, insert, select, update

from ringfence.adapters.sql import schema as t
from ringfence.adapters.sql.base import new_id
from ringfence.adapters.sql.changes import SqlRiskChanges
from ringfence.adapters.subscriber_rows import FIELDS, SCHEMA, feed_rows, same_card
from ringfence.domain.changes import ChangeKind, feeds
from ringfence.domain.holders import Reissue, RestrictedHolder, SubscriberWrite

__all__ = ["SqlHolders"]

_CHUNK = 2_000
_S = t.subscribers
_R = t.restricted_holders


class SqlHolders(SqlRiskChanges):
    """Holder restrictions reach live screening through the risk change feed: restricting or lifting
    a holder names every card registered to it, a feed names each card it gives to or takes from a
    restricted holder (``ChangeKind.HOLDER``)."""

    @staticmethod
    def _holder_numbers(conn: Connection, id_hash: str) -> list[str]:
        q = select(_S.c.number).where(_S.c.id_hash == id_hash).distinct()
        return sorted(n for n in conn.execute(q).scalars() if feeds("number", n))

    def add_subscribers(self, org: str, frame: pl.DataFrame, actor: str, at: datetime) -> SubscriberWrite:
        rows = feed_rows(frame)
        out = SubscriberWrite()
        with self.engine.begin() as conn:
            restricted = set(
                conn.execute(select(_R.c.id_hash).where(_R.c.lifted_at.is_(None)).distinct()).scalars()
            )
            touched: list[str] = []  # cards given to or taken from a restricted holder
            for start in range(0, len(rows), _CHUNK):
                chunk = rows[start : start + _CHUNK]
                q = select(_S).where(_S.c.org_id == org, _S.c.number.in_([r["number"] for r in chunk]))
                stored = {r.number: dict(r._mapping) for r in conn.execute(q)}
                new: list[dict[str, Any]] = []
                changed: list[dict[str, Any]] = []
                for row in chunk:
                    old = stored.get(row["number"])
                    holders = {row["id_hash"], None if old is None else old["id_hash"]}
                    if (
                        restricted
                        and holders & restricted
                        and (old is None or old["id_hash"] != row["id_hash"])
                    ):
                        touched.append(row["number"])
                    if old is None:
                        new.append({**row, "org_id": org, "updated_at": at})
                    elif same_card(old, row):
                        out.unchanged += 1
                    else:
                        changed.append({**{f"v_{c}": row[c] for c in FIELDS}, "k": row["number"]})
                        if old["id_hash"] != row["id_hash"]:
                            out.reissued.append(Reissue(org, row["number"], old["id_hash"], row["id_hash"]))
                if new:
                    conn.execute(insert(_S), new)
                if changed:
                    values: dict[str, Any] = {c: bindparam(f"v_{c}") for c in FIELDS if c != "number"}
                    stmt = (
                        update(_S)
                        .where(and_(_S.c.org_id == org, _S.c.number == bindparam("k")))
                        .values(**values, updated_at=at)
                    )
                    conn.execute(stmt, [{k: v for k, v in r.items() if k != "v_number"} for r in changed])
                out.inserted += len(new)
                out.updated += len(changed)
            detail = {
                "inserted": out.inserted,
                "updated": out.updated,
                "unchanged": out.unchanged,
                "reissued": len(out.reissued),
            }
            self._audit(conn, org, actor, "subscribers.feed", f"{len(rows)} cards", detail, at)
            numbers = sorted({n for n in touched if feeds("number", n)})
            self._record_changes(conn, org, numbers, ChangeKind.HOLDER.value, at)
        return out

    def _frame(self, where: Any = None) -> pl.DataFrame:
        q = select(_S.c.org_id, *[_S.c[c] for c in FIELDS]).order_by(_S.c.org_id, _S.c.number)
        if where is not None:
            q = q.where(where)
        with self.engine.connect() as conn:
            rows = [tuple(r) for r in conn.execute(q)]
        return pl.DataFrame(rows, schema=SCHEMA, orient="row")

    def holder_of(self, org: str, number: str) -> str | None:
        q = select(_S.c.id_hash).where(_S.c.org_id == org, _S.c.number == number)
        with self.engine.connect() as conn:
            found = conn.execute(q).scalar()
        return str(found) if found else None

    def holder_cards(self, id_hash: str) -> pl.DataFrame:
        return self._frame(_S.c.id_hash == id_hash)

    def subscriber_frame(self) -> pl.DataFrame:
        return self._frame()

    def subscriber_version(self) -> tuple[int, datetime | None]:
        with self.engine.connect() as conn:
            n, last = conn.execute(select(func.count(), func.max(_S.c.updated_at))).one()
        return int(n), last

    def restrict_holder(self, org: str, id_hash: str, reason: str, actor: str, at: datetime) -> int:
        with self.engine.begin() as conn:
            q = select(_R.c.id).where(_R.c.org_id == org, _R.c.id_hash == id_hash, _R.c.lifted_at.is_(None))
            found = conn.execute(q).scalar()
            if found is not None:
                return int(found)
            result = conn.execute(
                insert(_R).values(org_id=org, id_hash=id_hash, reason=reason, listed_by=actor, listed_at=at)
            )
            entry = new_id(result)
            self._audit(conn, org, actor, "holder.restrict", id_hash, {"id": entry, "reason": reason}, at)
            self._record_changes(conn, org, self._holder_numbers(conn, id_hash), ChangeKind.HOLDER.value, at)
            return entry

    def lift_holder(self, org: str, id_hash: str, actor: str, at: datetime) -> bool:
        with self.engine.begin() as conn:
            q = select(_R.c.id).where(_R.c.org_id == org, _R.c.id_hash == id_hash, _R.c.lifted_at.is_(None))
            found = conn.execute(q).scalar()
            if found is None:
                return False
            conn.execute(update(_R).where(_R.c.id == found).values(lifted_at=at))
            self._audit(conn, org, actor, "holder.lift", id_hash, {"id": int(found)}, at)
            self._record_changes(conn, org, self._holder_numbers(conn, id_hash), ChangeKind.HOLDER.value, at)
            return True

    def restricted_holders(self, id_hash: str | None = None) -> list[RestrictedHolder]:
        q = select(_R).where(_R.c.lifted_at.is_(None)).order_by(_R.c.id)
        if id_hash is not None:
            q = q.where(_R.c.id_hash == id_hash)
        with self.engine.connect() as conn:
            return [
                RestrictedHolder(r.id, r.org_id, r.id_hash, r.reason, r.listed_by, r.listed_at, r.lifted_at)
                for r in conn.execute(q)
            ]
