"""Call and SMS records in the store: bulk inserts that skip ids already stored, and reads back.

Dedupe across uploads is the primary key ``(org_id, call_id)``; ids already stored are looked up per
chunk first so the caller learns how many were duplicates (a conflict clause guards against a
concurrent upload of the same ids).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

import polars as pl
from sqlalchemy import Connection, Table, func, insert, select

from ringfence.adapters.sql import schema as t
from ringfence.adapters.sql.base import SqlBase
from ringfence.domain.pivots import Sighting
from ringfence.ingest import CALLS, MESSAGES
from ringfence.ingest.contract import Contract
from ringfence.ingest.validate import canonical_schema

__all__ = ["SqlRecords"]

_CHUNK = 5_000


def _utc(at: datetime) -> datetime:
    """Aggregates (min, max) bypass the column type, so SQLite hands back naive UTC: made aware."""
    return at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)


class SqlRecords(SqlBase):
    def _insert_ignore(self, conn: Connection, table: Table, frame: pl.DataFrame) -> None:
        """Bulk insert straight through the driver's ``executemany`` (no per-row SQLAlchemy processing,
        about 20x faster on large uploads); ids stored meanwhile by a concurrent upload are skipped."""
        names = frame.columns
        cols = ", ".join(names)
        if self.backend == "sqlite":
            # the format SQLAlchemy's SQLite DateTime stores (UTC, naive), so both paths read back alike
            frame = frame.with_columns(
                pl.col(c).dt.convert_time_zone("UTC").dt.strftime("%Y-%m-%d %H:%M:%S.%6f")
                for c, dtype in frame.schema.items()
                if isinstance(dtype, pl.Datetime)
            )
            sql = f"INSERT OR IGNORE INTO {table.name} ({cols}) VALUES ({', '.join('?' for _ in names)})"
        elif self.backend == "postgresql":
            self._copy_postgres(conn, table, frame)
            return
        else:  # pragma: no cover - only the two backends are supported
            sql = f"INSERT INTO {table.name} ({cols}) VALUES ({', '.join('%s' for _ in names)})"
        conn.exec_driver_sql(sql, frame.rows())

    @staticmethod
    def _copy_postgres(conn: Connection, table: Table, frame: pl.DataFrame) -> None:
        """COPY into a temporary table, then insert what is new: ~10x faster than ``executemany``."""
        cols = ", ".join(frame.columns)
        tmp = f"_rf_load_{table.name}"
        key = ", ".join(c.name for c in table.primary_key.columns)
        raw = conn.connection.driver_connection
        assert raw is not None
        with raw.cursor() as cur:
            cur.execute(f"CREATE TEMP TABLE IF NOT EXISTS {tmp} (LIKE {table.name}) ON COMMIT DROP")
            cur.execute(f"TRUNCATE {tmp}")
            with cur.copy(f"COPY {tmp} ({cols}) FROM STDIN") as copy:
                for row in frame.iter_rows():
                    copy.write_row(row)
            cur.execute(
                f"INSERT INTO {table.name} ({cols}) SELECT {cols} FROM {tmp} ON CONFLICT ({key}) DO NOTHING"
            )

    def _add(self, org: str, frame: pl.DataFrame, table: Table, contract: Contract) -> tuple[int, int]:
        """Insert accepted records; returns ``(inserted, duplicates_of_stored)``."""
        id_col = contract.id_column
        missing = [c for c in contract.required if c not in frame.columns or frame[c].null_count() > 0]
        if missing:  # SQLite's INSERT OR IGNORE would skip such rows silently yet count them stored
            raise ValueError(f"records without {', '.join(missing)} cannot be stored")
        columns = [c for c in contract.names if c in frame.columns]
        frame = frame.select(columns).unique(subset=id_col, keep="first", maintain_order=True)
        inserted = duplicates = 0
        key = table.c[id_col]
        with self.engine.begin() as conn:
            for start in range(0, frame.height, _CHUNK):
                chunk = frame.slice(start, _CHUNK)
                ids = chunk[id_col].to_list()
                stored = set(
                    conn.execute(select(key).where(table.c.org_id == org, key.in_(ids))).scalars().all()
                )
                if stored:
                    chunk = chunk.filter(~pl.col(id_col).is_in(list(stored)))
                    duplicates += len(stored)
                if chunk.height:
                    self._insert_ignore(conn, table, chunk.with_columns(pl.lit(org).alias("org_id")))
                    inserted += chunk.height
        return inserted, duplicates

    def add_calls(self, org: str, frame: pl.DataFrame) -> tuple[int, int]:
        return self._add(org, frame, t.calls, CALLS)

    def add_messages(self, org: str, frame: pl.DataFrame) -> tuple[int, int]:
        return self._add(org, frame, t.messages, MESSAGES)

    def add_quarantine(
        self, org: str, kind: str, source: str, rows: Iterable[tuple[int, str, str]], at: datetime
    ) -> int:
        values = [
            {
                "org_id": org,
                "kind": kind,
                "source": source,
                "line": line,
                "reason": reason,
                "raw": raw,
                "received_at": at,
            }
            for line, reason, raw in rows
        ]
        if values:
            with self.engine.begin() as conn:
                conn.execute(insert(t.quarantine), values)
        return len(values)

    def _between(
        self, org: str, table: Table, contract: Contract, start: datetime, end: datetime
    ) -> pl.DataFrame:
        assert contract.time_column is not None
        tcol = table.c[contract.time_column]
        q = (
            select(*[table.c[n] for n in contract.names])
            .where(table.c.org_id == org, tcol >= start, tcol < end)
            .order_by(tcol, table.c[contract.id_column])
        )
        with self.engine.connect() as conn:
            rows = [tuple(r) for r in conn.execute(q)]
        return pl.DataFrame(rows, schema=canonical_schema(contract), orient="row")

    def calls_between(self, org: str, start: datetime, end: datetime) -> pl.DataFrame:
        """Calls with ``start <= start_time < end``, in the canonical frame detection reads."""
        return self._between(org, t.calls, CALLS, start, end)

    def messages_between(self, org: str, start: datetime, end: datetime) -> pl.DataFrame:
        return self._between(org, t.messages, MESSAGES, start, end)

    def _of(
        self,
        org: str,
        table: Table,
        sides: tuple[str, str],
        time_col: str,
        id_col: str,
        number: str,
        limit: int,
    ) -> list[dict[str, Any]]:
        """Records where ``number`` is on either side, newest first (ties: the greater id first).

        One indexed query per side, merged here: an ``OR`` across the two columns makes both SQLite and
        PostgreSQL scan every record of the organisation (100 ms on the demo data instead of 2 ms).
        """
        rows: dict[str, dict[str, Any]] = {}
        with self.engine.connect() as conn:
            for side in sides:
                q = (
                    select(table)
                    .where(table.c.org_id == org, table.c[side] == number)
                    .order_by(table.c[time_col].desc(), table.c[id_col].desc())  # ties cut as sorted below
                    .limit(limit)
                )
                for r in conn.execute(q):
                    rows[r._mapping[id_col]] = dict(r._mapping)
        ordered = sorted(rows.values(), key=lambda r: (r[time_col], r[id_col]), reverse=True)
        return ordered[:limit]

    def calls_of(self, org: str, number: str, limit: int = 200) -> list[dict[str, Any]]:
        return self._of(org, t.calls, ("caller", "callee"), "start_time", "call_id", number, limit)

    def messages_of(self, org: str, number: str, limit: int = 200) -> list[dict[str, Any]]:
        return self._of(org, t.messages, ("sender", "receiver"), "send_time", "sms_id", number, limit)

    def numbers_seen_on(
        self, org: str, kind: str, value: str, limit: int = 100
    ) -> list[tuple[str, int, datetime]]:
        return [(s.number, s.records, s.last) for s in self.sightings(org, kind, value, limit)]

    def sightings(self, org: str, kind: str, value: str, limit: int = 100) -> list[Sighting]:
        parts = [(t.calls, "caller", f"caller_{kind}", "start_time")]
        if kind == "cell":
            parts.append((t.messages, "sender", "sender_cell", "send_time"))
        elif kind != "imei":
            raise ValueError(f"unknown kind {kind!r}; imei or cell")
        seen: dict[str, Sighting] = {}
        with self.engine.connect() as conn:
            for table, who, column, time in parts:
                q = (
                    select(table.c[who], func.count(), func.min(table.c[time]), func.max(table.c[time]))
                    .where(table.c.org_id == org, table.c[column] == value)
                    .group_by(table.c[who])
                )
                for number, count, first, last in conn.execute(q):
                    first, last = _utc(first), _utc(last)
                    before = seen.get(number)
                    if before is not None:
                        count += before.records
                        first, last = min(first, before.first), max(last, before.last)
                    seen[number] = Sighting(number, int(count), first, last)
        ranked = sorted(seen.values(), key=lambda s: (-s.records, s.number))
        return ranked[:limit]

    def first_records(self, org: str, numbers: Sequence[str]) -> dict[str, datetime]:
        out: dict[str, datetime] = {}
        wanted = list(dict.fromkeys(numbers))
        with self.engine.connect() as conn:
            for table, who, time in ((t.calls, "caller", "start_time"), (t.messages, "sender", "send_time")):
                for start in range(0, len(wanted), 500):
                    chunk = wanted[start : start + 500]
                    q = (
                        select(table.c[who], func.min(table.c[time]))
                        .where(table.c.org_id == org, table.c[who].in_(chunk))
                        .group_by(table.c[who])
                    )
                    for number, first in conn.execute(q):
                        first = _utc(first)
                        out[number] = min(first, out.get(number, first))
        return out

    def messages_containing(self, org: str, needle: str, limit: int = 200) -> list[dict[str, Any]]:
        m = t.messages.c
        escaped = needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        pattern = f"%{escaped}%"
        # SQLite's LIKE ignores ASCII case by itself; PostgreSQL's ILIKE does (lower() on every row of
        # a large table costs a second per scan)
        if self.backend == "sqlite":
            matches = m.text.like(pattern, escape="\\")
            # ``org_id || ''`` keeps SQLite off the indexes that start with org_id: through one, each
            # of an organisation's SMS is a random read; a plain scan is 5-10x faster for a LIKE
            tenant = m.org_id.op("||")("") == org
        else:
            matches, tenant = m.text.ilike(pattern, escape="\\"), m.org_id == org
        q = (
            select(t.messages)
            .where(tenant, matches)
            .order_by(m.send_time.desc(), m.sms_id.desc())
            .limit(limit)
        )
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(q)]

    def record_counts(self, org: str) -> dict[str, int]:
        with self.engine.connect() as conn:
            out = {}
            for name, table in (("calls", t.calls), ("messages", t.messages), ("quarantined", t.quarantine)):
                q = select(func.count()).select_from(table).where(table.c.org_id == org)
                out[name] = int(conn.execute(q).scalar_one())
            return out

    def record_exists(self, org: str, record_id: str) -> bool:
        """Whether the organisation stored a call or an SMS record with this id."""
        with self.engine.connect() as conn:
            for table, column in ((t.calls, t.calls.c.call_id), (t.messages, t.messages.c.sms_id)):
                q = select(column).where(table.c.org_id == org, column == record_id).limit(1)
                if conn.execute(q).first() is not None:
                    return True
        return False
