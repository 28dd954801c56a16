"""Dispositions, their history, the change feed and the outbox in memory, as ``SqlDispositions`` keeps
them: a transition lands only on the version it was computed from, with its history row, audit entry
and change-feed entry, and the messages it owes, all under the store's lock (one transaction)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from ringfence.adapters.memory.base import MemoryBase, Rows, locked, micros, utc
from ringfence.domain.casework import Action as LoggedAction
from ringfence.domain.changes import ChangeKind
from ringfence.domain.disposition import CLOCKED, ConcurrentChangeError, Disposition, State, Transition
from ringfence.domain.outbox import NewMessage, OutboxMessage, Status

__all__ = ["MemoryDispositions"]

_ESCALATING = frozenset({*CLOCKED, State.APPEALED})


def _utc_or_none(at: datetime | None) -> datetime | None:
    return None if at is None else utc(at)


@dataclass(frozen=True, slots=True)
class _Message:
    value: OutboxMessage
    payload: str  # JSON text: every read decodes a fresh copy
    lease_until: datetime | None = None


class MemoryDispositions(MemoryBase):
    def __init__(self) -> None:
        super().__init__()
        self._dispositions: dict[tuple[str, str], Disposition] = {}
        self._history: Rows[Transition] = Rows()
        self._outbox: Rows[_Message] = Rows()
        self._outbox_keys: dict[tuple[str, str], int] = {}

    # reading ----------------------------------------------------------------------------------------
    @locked
    def disposition(self, org: str, number: str) -> Disposition | None:
        return self._dispositions.get((org, number))

    @locked
    def dispositions(
        self,
        org: str,
        states: Sequence[State] | None = None,
        overdue_at: datetime | None = None,
        limit: int = 100,
        offset: int = 0,
    ) -> list[Disposition]:
        found = [
            d
            for (o, _), d in self._dispositions.items()
            if o == org
            and (not states or d.state in states)
            and (overdue_at is None or (d.deadline is not None and d.deadline < overdue_at))
        ]
        found.sort(key=lambda d: (-micros(d.since) if d.since else 0, d.number))
        return found[offset : offset + limit]

    @locked
    def disposition_history(self, org: str, number: str) -> list[Transition]:
        return sorted(
            (t for t in self._history if t.org == org and t.number == number), key=lambda t: t.version
        )

    @locked
    def transitions_between(self, org: str, start: datetime, end: datetime) -> list[Transition]:
        low, high = micros(start), micros(end)
        found = [t for t in self._history if t.org == org and low <= micros(t.at) < high]
        return sorted(found, key=lambda t: (micros(t.at), t.id))

    @locked
    def actions(self, org: str, number: str | None = None) -> list[LoggedAction]:
        found = [t for t in self._history if t.org == org and (not number or t.number == number)]
        return [
            LoggedAction(t.id, t.org, t.number, t.action.value, t.reason, t.actor, t.at) for t in found[::-1]
        ]

    @locked
    def overdue(self, now: datetime, org: str | None = None, limit: int = 500) -> list[Disposition]:
        found = [
            d
            for d in self._dispositions.values()
            if (org is None or d.org == org)
            and d.deadline is not None
            and d.deadline < now
            and d.escalated_at is None
            and d.state in _ESCALATING
        ]
        found.sort(key=lambda d: micros(d.deadline) if d.deadline else 0)
        return found[:limit]

    @locked
    def first_detections(self, org: str, numbers: Sequence[str]) -> dict[str, datetime]:
        out: dict[str, datetime] = {}
        for number in set(numbers):
            seen = [d.detected_at for d in self.decisions(org, number=number)]  # type: ignore[attr-defined]
            if seen:
                out[number] = min(seen, key=micros)
        return out

    # writing ----------------------------------------------------------------------------------------
    @locked
    def commit_transitions(
        self,
        before: Disposition,
        after: Disposition,
        steps: Sequence[Transition],
        messages: Sequence[NewMessage],
    ) -> list[Transition]:
        if after.version != before.version + len(steps) or not steps:
            raise ValueError("a commit needs one step per version between before and after")
        org, number = before.org, before.number
        self._require_org(org)
        stored = self._dispositions.get((org, number))
        if (stored.version if stored else 0) != before.version:
            raise ConcurrentChangeError(number)
        # everything is worked out before anything is written
        next_id = self._history.next_id()
        for s in steps:  # the times are checked (aware) before anything is written
            utc(s.at)
        rows = [
            replace(s, id=next_id + i, at=utc(s.at), deadline=_utc_or_none(s.deadline))
            for i, s in enumerate(steps)
        ]
        for step, row in zip(steps, rows, strict=True):
            self._history.add(row.id, row)
            self._audit(
                row.org, row.actor, f"number.{row.action.value}", row.number, _detail(step, row.id), row.at
            )
            self._record_change(row.org, row.number, ChangeKind.DISPOSITION.value, row.at)
        self._dispositions[(org, number)] = replace(
            after,
            since=_utc_or_none(after.since),
            deadline=_utc_or_none(after.deadline),
            escalated_at=_utc_or_none(after.escalated_at),
        )
        for m in messages:
            self._enqueue(org, m, steps[-1].at)
        return rows

    @locked
    def mark_escalated(
        self, d: Disposition, actor: str, at: datetime, messages: Sequence[NewMessage]
    ) -> bool:
        stored = self._dispositions.get((d.org, d.number))
        if stored is None or stored.version != d.version or stored.escalated_at is not None:
            return False
        self._dispositions[(d.org, d.number)] = replace(stored, escalated_at=utc(at))
        detail = {
            "state": d.state.value,
            "version": d.version,
            "deadline": d.deadline.isoformat() if d.deadline else None,
            "grade": d.grade.value,
        }
        self._audit(d.org, actor, "number.escalate", d.number, detail, at)
        for m in messages:
            self._enqueue(d.org, m, at)
        return True

    # the outbox -------------------------------------------------------------------------------------
    def _enqueue(self, org: str, m: NewMessage, at: datetime) -> int:
        existing = self._outbox_keys.get((org, m.key))
        if existing is not None:
            return existing
        self._require_org(org)
        message_id = self._outbox.next_id()
        at = utc(at)
        value = OutboxMessage(
            id=message_id,
            org=org,
            topic=m.topic.value,
            channel=m.channel,
            key=m.key,
            payload={},
            status=Status.DRY_RUN if m.dry_run else Status.QUEUED,
            attempts=0,
            next_attempt_at=at,
            created_at=at,
            updated_at=at,
            ordering_key=m.ordering_key,
        )
        self._outbox_keys[(org, m.key)] = message_id
        return self._outbox.add(message_id, _Message(value, m.payload_json()))

    @locked
    def enqueue(self, org: str, message: NewMessage, at: datetime) -> int:
        return self._enqueue(org, message, at)

    def _read(self, row: _Message) -> OutboxMessage:
        return replace(row.value, payload=json.loads(row.payload))

    @locked
    def claim_due(self, now: datetime, lease_until: datetime, limit: int = 100) -> list[OutboxMessage]:
        waiting: set[tuple[str, str]] = set()  # (ordering key, channel) with an older queued message
        claimed: list[OutboxMessage] = []
        for row in self._outbox:  # id order
            m = row.value
            if m.status is not Status.QUEUED:
                continue
            lane = (m.ordering_key, m.channel) if m.ordering_key is not None else None
            blocked = lane is not None and lane in waiting
            if lane is not None:
                waiting.add(lane)
            if blocked or m.next_attempt_at > now or (row.lease_until is not None and row.lease_until > now):
                continue
            if len(claimed) < limit:
                self._outbox.put(m.id, replace(row, lease_until=utc(lease_until)))
                claimed.append(self._read(row))
        return claimed

    @locked
    def record_attempt(
        self,
        message_id: int,
        status: Status,
        attempts: int,
        next_attempt_at: datetime,
        error: str | None,
        at: datetime,
    ) -> None:
        row = self._outbox.get(message_id)
        if row is None:
            return
        value = replace(
            row.value,
            status=status,
            attempts=attempts,
            next_attempt_at=utc(next_attempt_at),
            last_error=error or None,
            updated_at=utc(at),
            delivered_at=utc(at) if status is Status.DELIVERED else None,
        )
        self._outbox.put(message_id, _Message(value, row.payload, None))

    @locked
    def outbox(
        self,
        org: str,
        topic: str | None = None,
        status: str | None = None,
        limit: int = 100,
        offset: int = 0,
    ) -> list[OutboxMessage]:
        found = [
            r
            for r in self._outbox
            if r.value.org == org
            and (not topic or r.value.topic == topic)
            and (not status or r.value.status.value == status)
        ]
        return [self._read(r) for r in found[::-1][offset : offset + limit]]


def _detail(s: Transition, history_id: int) -> dict[str, object]:
    """The audit detail ``SqlDispositions`` writes, field for field."""
    return {
        "history_id": history_id,
        "version": s.version,
        "from": s.from_state.value,
        "to": s.to_state.value,
        "reason": s.reason,
        "evidence": s.evidence.as_dict(),
        "grade": s.grade.value,
        "deadline": s.deadline.isoformat() if s.deadline else None,
    }
