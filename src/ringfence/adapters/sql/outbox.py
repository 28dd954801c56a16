"""The outbox on SQL: idempotent enqueue, leased claims for dispatchers, attempts recorded."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, and_, exists, insert, or_, select, update
from sqlalchemy.exc import IntegrityError

from ringfence.adapters.sql import schema as t
from ringfence.adapters.sql.base import SqlBase, new_id
from ringfence.domain.outbox import NewMessage, OutboxMessage, Status

__all__ = ["SqlOutbox"]


def _message(r: Any) -> OutboxMessage:
    return OutboxMessage(
        id=r.id,
        org=r.org_id,
        topic=r.topic,
        channel=r.channel,
        key=r.key,
        payload=json.loads(r.payload),
        status=Status(r.status),
        attempts=r.attempts,
        next_attempt_at=r.next_attempt_at,
        created_at=r.created_at,
        updated_at=r.updated_at,
        ordering_key=r.ordering_key,
        last_error=r.last_error,
        delivered_at=r.delivered_at,
    )


class SqlOutbox(SqlBase):
    @staticmethod
    def _enqueue(conn: Connection, org: str, m: NewMessage, at: datetime) -> int:
        c = t.outbox.c
        existing = conn.execute(select(c.id).where(c.org_id == org, c.key == m.key)).scalar()
        if existing is not None:
            return int(existing)
        return new_id(
            conn.execute(
                insert(t.outbox).values(
                    org_id=org,
                    topic=m.topic.value,
                    channel=m.channel,
                    key=m.key,
                    ordering_key=m.ordering_key,
                    payload=m.payload_json(),
                    status=(Status.DRY_RUN if m.dry_run else Status.QUEUED).value,
                    attempts=0,
                    next_attempt_at=at,
                    created_at=at,
                    updated_at=at,
                )
            )
        )

    def enqueue(self, org: str, message: NewMessage, at: datetime) -> int:
        try:
            with self.engine.begin() as conn:
                return self._enqueue(conn, org, message, at)
        except IntegrityError:  # a concurrent enqueue of the same key won the race: same message
            c = t.outbox.c
            with self.engine.connect() as conn:
                return int(
                    conn.execute(select(c.id).where(c.org_id == org, c.key == message.key)).scalar_one()
                )

    def claim_due(self, now: datetime, lease_until: datetime, limit: int = 100) -> list[OutboxMessage]:
        o = t.outbox
        older = t.outbox.alias("older")
        free = or_(o.c.lease_until.is_(None), o.c.lease_until <= now)
        waiting_behind = exists(
            select(older.c.id).where(
                older.c.ordering_key == o.c.ordering_key,
                older.c.channel == o.c.channel,
                older.c.id < o.c.id,
                older.c.status == Status.QUEUED.value,
            )
        )
        due = and_(o.c.status == Status.QUEUED.value, o.c.next_attempt_at <= now, free)
        candidates = select(o.c.id).where(due, ~waiting_behind).order_by(o.c.id).limit(limit)
        claimed: list[int] = []
        with self.engine.begin() as conn:
            for message_id in conn.execute(candidates).scalars().all():
                # conditional: a concurrent dispatcher that claimed it first makes this a no-op
                done = conn.execute(
                    update(o).where(o.c.id == message_id, due).values(lease_until=lease_until)
                )
                if done.rowcount == 1:
                    claimed.append(message_id)
            if not claimed:
                return []
            return [_message(r) for r in conn.execute(select(o).where(o.c.id.in_(claimed)).order_by(o.c.id))]

    def record_attempt(
        self,
        message_id: int,
        status: Status,
        attempts: int,
        next_attempt_at: datetime,
        error: str | None,
        at: datetime,
    ) -> None:
        o = t.outbox
        with self.engine.begin() as conn:
            conn.execute(
                update(o)
                .where(o.c.id == message_id)
                .values(
                    status=status.value,
                    attempts=attempts,
                    next_attempt_at=next_attempt_at,
                    last_error=error or None,
                    lease_until=None,
                    updated_at=at,
                    delivered_at=at if status is Status.DELIVERED else None,
                )
            )

    def outbox(
        self,
        org: str,
        topic: str | None = None,
        status: str | None = None,
        limit: int = 100,
        offset: int = 0,
    ) -> list[OutboxMessage]:
        c = t.outbox.c
        q = select(t.outbox).where(c.org_id == org)
        if topic:
            q = q.where(c.topic == topic)
        if status:
            q = q.where(c.status == status)
        q = q.order_by(c.id.desc()).limit(limit).offset(offset)
        with self.engine.connect() as conn:
            return [_message(r) for r in conn.execute(q)]
