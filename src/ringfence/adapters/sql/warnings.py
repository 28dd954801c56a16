"""Warnings on SQL: stored once per key with their outbox message; delivery reports move them forward."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import func, insert, select, update

from ringfence.adapters.sql import schema as t
from ringfence.adapters.sql.outbox import SqlOutbox
from ringfence.domain.outbox import NewMessage
from ringfence.domain.warnings import NewWarning, WarningRecord, WarningStatus, advances

__all__ = ["SqlWarnings"]


def _record(r: Any) -> WarningRecord:
    return WarningRecord(
        id=r.id,
        org=r.org_id,
        key=r.key,
        number=r.number,
        fraud_number=r.fraud_number,
        channel=r.channel,
        notify=r.notify,
        category=r.category,
        risk=r.risk,
        reason=r.reason,
        text=r.text,
        evidence=r.evidence,
        status=WarningStatus(r.status),
        created_at=r.created_at,
        updated_at=r.updated_at,
        report=r.report,
    )


class SqlWarnings(SqlOutbox):
    def add_warnings(
        self, org: str, warnings: Sequence[tuple[NewWarning, NewMessage]], at: datetime
    ) -> list[str]:
        c = t.warnings.c
        added: list[str] = []
        with self.engine.begin() as conn:
            keys = [w.key for w, _ in warnings]
            known = (
                set(conn.execute(select(c.key).where(c.org_id == org, c.key.in_(keys))).scalars())
                if keys
                else set()
            )
            for w, message in warnings:
                if w.key in known:
                    continue
                known.add(w.key)
                conn.execute(
                    insert(t.warnings).values(
                        org_id=org,
                        key=w.key,
                        number=w.number,
                        fraud_number=w.fraud_number,
                        channel=w.channel,
                        notify=w.notify,
                        category=w.category,
                        risk=w.risk,
                        reason=w.reason,
                        text=w.text,
                        evidence=w.evidence,
                        status=WarningStatus.QUEUED.value,
                        created_at=at,
                        updated_at=at,
                    )
                )
                self._enqueue(conn, org, message, at)
                added.append(w.key)
        return added

    def warning_report(
        self, org: str, key: str, status: WarningStatus, at: datetime, report: str = ""
    ) -> bool:
        c = t.warnings.c
        with self.engine.begin() as conn:
            current = conn.execute(
                select(c.status).where(c.org_id == org, c.key == key).with_for_update()
            ).scalar()
            if current is None or not advances(WarningStatus(current), status):
                return False
            done = conn.execute(
                update(t.warnings)
                .where(c.org_id == org, c.key == key, c.status == current)
                .values(status=status.value, report=report or None, updated_at=at)
            )
            return done.rowcount == 1

    def warnings(
        self,
        org: str,
        number: str | None = None,
        fraud_number: str | None = None,
        notify: str | None = None,
        channel: str | None = None,
        status: str | None = None,
        since: datetime | None = None,
        limit: int = 100,
        offset: int = 0,
    ) -> list[WarningRecord]:
        c = t.warnings.c
        q = select(t.warnings).where(c.org_id == org)
        for col, value in (
            (c.number, number),
            (c.fraud_number, fraud_number),
            (c.notify, notify),
            (c.channel, channel),
            (c.status, status),
        ):
            if value is not None:
                q = q.where(col == value)
        if since is not None:
            q = q.where(c.created_at >= since)
        q = q.order_by(c.id.desc()).limit(limit).offset(offset)
        with self.engine.connect() as conn:
            return [_record(r) for r in conn.execute(q)]

    def warning_counts(self, org: str, since: datetime | None = None) -> list[tuple[str, str, str, int]]:
        c = t.warnings.c
        q = select(c.channel, c.category, c.status, func.count()).where(c.org_id == org)
        if since is not None:
            q = q.where(c.created_at >= since)
        q = q.group_by(c.channel, c.category, c.status).order_by(c.channel, c.category, c.status)
        with self.engine.connect() as conn:
            return [(r[0], r[1], r[2], int(r[3])) for r in conn.execute(q)]
