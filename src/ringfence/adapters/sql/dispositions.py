"""Dispositions on SQL: the state in force, its history, escalations.

``commit_transitions`` is the one write: the new state (only if the stored one is still the state the
transition was computed from), a history row, an audit entry and a risk change per step, and the
outbox messages, in one transaction. Two writers computing from the same state cannot both land: the
version in the ``UPDATE``'s condition (and the history's unique version) stops the second.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from ringfence.adapters.sql import schema as t
from ringfence.adapters.sql.base import new_id
from ringfence.adapters.sql.changes import SqlRiskChanges
from ringfence.adapters.sql.outbox import SqlOutbox
from ringfence.domain.casework import Action as LoggedAction
from ringfence.domain.changes import ChangeKind
from ringfence.domain.disposition import (
    CLOCKED,
    Action,
    ConcurrentChangeError,
    Disposition,
    Evidence,
    State,
    Transition,
)
from ringfence.domain.outbox import NewMessage
from ringfence.domain.sla import Grade

__all__ = ["SqlDispositions"]

_ESCALATING = sorted(s.value for s in (*CLOCKED, State.APPEALED))


def _disposition(r: Any) -> Disposition:
    return Disposition(
        org=r.org_id,
        number=r.number,
        state=State(r.state),
        since=r.since,
        deadline=r.deadline,
        reason=r.reason,
        evidence=Evidence.from_json(r.evidence),
        grade=Grade(r.grade),
        measure=Action(r.measure) if r.measure else None,
        actor=r.actor,
        version=r.version,
        escalated_at=r.escalated_at,
    )


def _transition(r: Any) -> Transition:
    return Transition(
        org=r.org_id,
        number=r.number,
        version=r.version,
        from_state=State(r.from_state),
        to_state=State(r.to_state),
        action=Action(r.action),
        actor=r.actor,
        at=r.at,
        reason=r.reason,
        evidence=Evidence.from_json(r.evidence),
        grade=Grade(r.grade),
        deadline=r.deadline,
        id=r.id,
    )


def _values(d: Disposition) -> dict[str, Any]:
    assert d.since is not None
    return {
        "state": d.state.value,
        "since": d.since,
        "deadline": d.deadline,
        "reason": d.reason,
        "evidence": d.evidence.to_json(),
        "grade": d.grade.value,
        "measure": d.measure.value if d.measure else None,
        "actor": d.actor,
        "version": d.version,
        "escalated_at": d.escalated_at,
    }


class SqlDispositions(SqlOutbox, SqlRiskChanges):
    def disposition(self, org: str, number: str) -> Disposition | None:
        c = t.dispositions.c
        q = select(t.dispositions).where(c.org_id == org, c.number == number)
        with self.engine.connect() as conn:
            row = conn.execute(q).first()
        return None if row is None else _disposition(row)

    def dispositions(
        self,
        org: str,
        states: Sequence[State] | None = None,
        overdue_at: datetime | None = None,
        limit: int = 100,
        offset: int = 0,
    ) -> list[Disposition]:
        c = t.dispositions.c
        q = select(t.dispositions).where(c.org_id == org)
        if states:
            q = q.where(c.state.in_([s.value for s in states]))
        if overdue_at is not None:
            q = q.where(c.deadline < overdue_at)
        q = q.order_by(c.since.desc(), c.number).limit(limit).offset(offset)
        with self.engine.connect() as conn:
            return [_disposition(r) for r in conn.execute(q)]

    def disposition_history(self, org: str, number: str) -> list[Transition]:
        c = t.disposition_history.c
        q = select(t.disposition_history).where(c.org_id == org, c.number == number).order_by(c.version)
        with self.engine.connect() as conn:
            return [_transition(r) for r in conn.execute(q)]

    def transitions_between(self, org: str, start: datetime, end: datetime) -> list[Transition]:
        c = t.disposition_history.c
        q = (
            select(t.disposition_history)
            .where(c.org_id == org, c.at >= start, c.at < end)
            .order_by(c.at, c.id)
        )
        with self.engine.connect() as conn:
            return [_transition(r) for r in conn.execute(q)]

    def actions(self, org: str, number: str | None = None) -> list[LoggedAction]:
        """The history as the number page lists it (newest first): what was done, by whom, why."""
        c = t.disposition_history.c
        q = select(t.disposition_history).where(c.org_id == org)
        if number:
            q = q.where(c.number == number)
        with self.engine.connect() as conn:
            return [
                LoggedAction(r.id, r.org_id, r.number, r.action, r.reason, r.actor, r.at)
                for r in conn.execute(q.order_by(c.id.desc()))
            ]

    # writes ------------------------------------------------------------------------------------------
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
        try:
            with self.engine.begin() as conn:
                self._store_state(conn, before, after)
                stored = [self._store_step(conn, step) for step in steps]
                for m in messages:
                    self._enqueue(conn, org, m, steps[-1].at)
        except IntegrityError as exc:
            # the row or a history version taken meanwhile: a concurrent change; anything else (an
            # unknown organisation) is the constraint's own refusal
            now_stored = self.disposition(org, number)
            if (now_stored.version if now_stored else 0) != before.version:
                raise ConcurrentChangeError(number) from exc
            raise
        return stored

    @staticmethod
    def _store_state(conn: Connection, before: Disposition, after: Disposition) -> None:
        d = t.dispositions
        if before.version == 0:
            conn.execute(insert(d).values(org_id=after.org, number=after.number, **_values(after)))
            return
        done = conn.execute(
            update(d)
            .where(d.c.org_id == before.org, d.c.number == before.number, d.c.version == before.version)
            .values(**_values(after))
        )
        if done.rowcount != 1:
            raise ConcurrentChangeError(before.number)

    def _store_step(self, conn: Connection, s: Transition) -> Transition:
        row_id = new_id(
            conn.execute(
                insert(t.disposition_history).values(
                    org_id=s.org,
                    number=s.number,
                    version=s.version,
                    from_state=s.from_state.value,
                    to_state=s.to_state.value,
                    action=s.action.value,
                    actor=s.actor,
                    at=s.at,
                    reason=s.reason,
                    evidence=s.evidence.to_json(),
                    grade=s.grade.value,
                    deadline=s.deadline,
                )
            )
        )
        detail = {
            "history_id": row_id,
            "version": s.version,
            "from": s.from_state.value,
            "to": s.to_state.value,
            "reason": s.reason,
            "evidence": s.evidence.as_dict(),
            "grade": s.grade.value,
            "deadline": s.deadline.isoformat() if s.deadline else None,
        }
        self._audit(conn, s.org, s.actor, f"number.{s.action.value}", s.number, detail, s.at)
        self._record_change(conn, s.org, s.number, ChangeKind.DISPOSITION.value, s.at)
        return replace(s, id=row_id)

    def overdue(self, now: datetime, org: str | None = None, limit: int = 500) -> list[Disposition]:
        c = t.dispositions.c
        q = select(t.dispositions).where(c.deadline < now, c.escalated_at.is_(None), c.state.in_(_ESCALATING))
        if org is not None:
            q = q.where(c.org_id == org)
        with self.engine.connect() as conn:
            return [_disposition(r) for r in conn.execute(q.order_by(c.deadline).limit(limit))]

    def mark_escalated(
        self, d: Disposition, actor: str, at: datetime, messages: Sequence[NewMessage]
    ) -> bool:
        table = t.dispositions
        with self.engine.begin() as conn:
            done = conn.execute(
                update(table)
                .where(
                    table.c.org_id == d.org,
                    table.c.number == d.number,
                    table.c.version == d.version,
                    table.c.escalated_at.is_(None),
                )
                .values(escalated_at=at)
            )
            if done.rowcount != 1:
                return False
            detail = {
                "state": d.state.value,
                "version": d.version,
                "deadline": d.deadline.isoformat() if d.deadline else None,
                "grade": d.grade.value,
            }
            self._audit(conn, d.org, actor, "number.escalate", d.number, detail, at)
            for m in messages:
                self._enqueue(conn, d.org, m, at)
            return True

    def first_detections(self, org: str, numbers: Sequence[str]) -> dict[str, datetime]:
        c = t.decisions.c
        out: dict[str, datetime] = {}
        unique = sorted(set(numbers))
        with self.engine.connect() as conn:
            for i in range(0, len(unique), 500):
                chunk = unique[i : i + 500]
                q = (
                    select(c.number, func.min(c.detected_at))
                    .where(c.org_id == org, c.number.in_(chunk))
                    .group_by(c.number)
                )
                for number, first in conn.execute(q):
                    out[number] = _aware(first)
        return out


def _aware(value: Any) -> datetime:
    """``min()`` of a UTC column comes back without the column type's processing on some backends."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    assert isinstance(value, datetime)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
