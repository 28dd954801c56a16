"""The risk change feed on SQL: a store-wide counter row and one row per change.

The counter is bumped with an ``UPDATE`` in the writer's own transaction, which locks the row until
that transaction ends: writers of the feed take their sequence numbers one after another and commit in
that order, so a reader that has applied everything up to ``n`` never misses an ``n - 1`` that commits
later (a plain auto-increment would allow exactly that on PostgreSQL).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, insert, select, update

from ringfence.adapters.sql import schema as t
from ringfence.adapters.sql.base import SqlBase
from ringfence.domain.changes import RiskChange

__all__ = ["SqlRiskChanges"]


class SqlRiskChanges(SqlBase):
    @staticmethod
    def _record_change(conn: Connection, org: str, number: str, kind: str, at: datetime) -> int:
        seq_row = t.risk_seq.c
        conn.execute(update(t.risk_seq).where(seq_row.id == 1).values(value=seq_row.value + 1))
        seq = int(conn.execute(select(seq_row.value).where(seq_row.id == 1)).scalar_one())
        conn.execute(insert(t.risk_changes).values(seq=seq, org_id=org, number=number, kind=kind, at=at))
        return seq

    def risk_version(self) -> int:
        """The sequence number of the latest committed change (0: none yet)."""
        with self.engine.connect() as conn:
            return int(conn.execute(select(t.risk_seq.c.value).where(t.risk_seq.c.id == 1)).scalar_one())

    def risk_changes(self, after: int, limit: int = 1000) -> list[RiskChange]:
        c = t.risk_changes.c
        q = select(t.risk_changes).where(c.seq > after).order_by(c.seq).limit(limit)
        with self.engine.connect() as conn:
            return [RiskChange(r.seq, r.org_id, r.number, r.kind, r.at) for r in conn.execute(q)]
