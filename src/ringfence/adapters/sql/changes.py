"""The risk change feed on SQL: a store-wide counter row and one row per change; and the risk facts
live screening derives its snapshot from.

The counter is bumped with an ``UPDATE`` in the writer's own transaction, which locks the row until
that transaction ends: writers of the feed take their sequence numbers one after another and commit in
that order, so a reader that has applied everything up to ``n`` never misses an ``n - 1`` that commits
later (a plain auto-increment would allow exactly that on PostgreSQL).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, func, insert, select, update

from ringfence.adapters.sql import schema as t
from ringfence.adapters.sql.base import SqlBase
from ringfence.adapters.sql.tag_rows import load_tags, override_of, overrides_query
from ringfence.domain.casework import EntryKind, ListEntry
from ringfence.domain.changes import RiskChange
from ringfence.domain.disposition import State
from ringfence.domain.risk_facts import DispositionFact, HolderFact, RiskFacts, VerdictFact
from ringfence.intel.tags import Override, Tag, TagState

__all__ = ["SqlRiskChanges"]

_CHUNK = 500  # numbers per IN list: well under SQLite's and PostgreSQL's bind-parameter limits


def _chunks(numbers: Sequence[str] | None) -> Iterator[list[str] | None]:
    if numbers is None:
        yield None
        return
    unique = sorted(set(numbers))
    for i in range(0, len(unique), _CHUNK):
        yield unique[i : i + _CHUNK]


class SqlRiskChanges(SqlBase):
    @staticmethod
    def _record_change(conn: Connection, org: str, number: str, kind: str, at: datetime) -> int:
        return SqlRiskChanges._record_changes(conn, org, [number], kind, at)

    @staticmethod
    def _record_changes(conn: Connection, org: str, numbers: Sequence[str], kind: str, at: datetime) -> int:
        """One change row per number (in order), taking their sequence numbers in one bump of the
        counter; returns the last sequence number (the counter's value if ``numbers`` is empty)."""
        seq_row = t.risk_seq.c
        n = len(numbers)
        if n:
            conn.execute(update(t.risk_seq).where(seq_row.id == 1).values(value=seq_row.value + n))
        last = int(conn.execute(select(seq_row.value).where(seq_row.id == 1)).scalar_one())
        if n:
            first = last - n + 1
            conn.execute(
                insert(t.risk_changes),
                [
                    {"seq": first + i, "org_id": org, "number": number, "kind": kind, "at": at}
                    for i, number in enumerate(numbers)
                ],
            )
        return last

    def risk_version(self) -> int:
        """The sequence number of the latest committed change (0: none yet)."""
        with self.engine.connect() as conn:
            return int(conn.execute(select(t.risk_seq.c.value).where(t.risk_seq.c.id == 1)).scalar_one())

    def risk_changes(self, after: int, limit: int = 1000) -> list[RiskChange]:
        c = t.risk_changes.c
        q = select(t.risk_changes).where(c.seq > after).order_by(c.seq).limit(limit)
        with self.engine.connect() as conn:
            return [RiskChange(r.seq, r.org_id, r.number, r.kind, r.at) for r in conn.execute(q)]

    def risk_facts(self, numbers: Sequence[str] | None = None) -> RiskFacts:
        """Every fact screening derives from, about ``numbers`` (None: all numbers), in one read
        transaction so that the facts are consistent with each other."""
        d, e, dec, r = t.dispositions.c, t.list_entries.c, t.decisions.c, t.fraud_reports.c
        dispositions: list[DispositionFact] = []
        entries: list[ListEntry] = []
        verdicts: list[VerdictFact] = []
        reports: dict[str, int] = {}
        holders: list[HolderFact] = []
        tags: list[Tag] = []
        overrides: list[Override] = []
        s, rh, tg = t.subscribers.c, t.restricted_holders.c, t.tags.c
        with self.engine.connect() as conn:
            orgs = tuple(str(x) for x in conn.execute(select(t.orgs.c.id).order_by(t.orgs.c.id)).scalars())
            for chunk in _chunks(numbers):
                qd = select(d.org_id, d.number, d.state, d.reason, d.since).where(
                    d.state != State.ACTIVE.value
                )
                qe = select(t.list_entries).where(e.kind == EntryKind.NUMBER.value)
                latest = select(func.max(dec.id)).group_by(dec.org_id, dec.number)
                qr = select(r.value, func.count()).where(r.kind == EntryKind.NUMBER.value).group_by(r.value)
                qh = (
                    select(s.number, s.id_hash, rh.org_id, rh.reason, s.org_id.label("card_org"))
                    .join(t.restricted_holders, rh.id_hash == s.id_hash)
                    .where(rh.lifted_at.is_(None))
                )
                qt = select(t.tags).where(tg.state == TagState.ACTIVE.value).order_by(tg.id)
                if chunk is not None:
                    qt = qt.where(tg.number.in_(chunk))
                    qh = qh.where(s.number.in_(chunk))
                    qd = qd.where(d.number.in_(chunk))
                    qe = qe.where(e.value.in_(chunk))
                    latest = latest.where(dec.number.in_(chunk))
                    qr = qr.where(r.value.in_(chunk))
                qv = (
                    select(
                        dec.org_id,
                        dec.number,
                        dec.id,
                        dec.score,
                        dec.verdict,
                        dec.outcome,
                        dec.rules,
                        t.runs.c.loaded_at,
                    )
                    .join(t.runs, t.runs.c.id == dec.run_id)
                    .where(dec.id.in_(latest))
                )
                dispositions += [
                    DispositionFact(x.org_id, x.number, x.state, x.reason, x.since) for x in conn.execute(qd)
                ]
                entries += [list_entry(x) for x in conn.execute(qe)]
                verdicts += [
                    VerdictFact(
                        x.org_id,
                        x.number,
                        int(x.id),
                        float(x.score),
                        x.verdict,
                        x.outcome,
                        tuple(y for y in x.rules.split(";") if y),
                        x.loaded_at,
                    )
                    for x in conn.execute(qv)
                ]
                reports.update({str(x[0]): int(x[1]) for x in conn.execute(qr)})
                holders += [
                    HolderFact(x.number, x.id_hash, x.org_id, x.reason, x.card_org) for x in conn.execute(qh)
                ]
                tags += load_tags(conn, qt, appeals=False)  # active: no overturned appeal to weigh
                overrides += [override_of(x) for x in conn.execute(overrides_query(chunk))]
        return RiskFacts(
            orgs,
            tuple(dispositions),
            tuple(entries),
            tuple(verdicts),
            reports,
            tuple(holders),
            tuple(tags),
            tuple(overrides),
        )


def list_entry(r: Any) -> ListEntry:
    """A ``list_entries`` row as the domain's entry (the one mapping every SQL reader uses)."""
    return ListEntry(
        r.id,
        r.org_id,
        r.list_name,
        r.kind,
        r.value,
        r.label,
        r.sharing,
        r.reason,
        r.created_by,
        r.created_at,
        r.display_name or "",
    )
