"""Cases with their comments, evidence, dispatches to other organisations and the labels they give."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, insert, select, update

from ringfence.adapters.sql import schema as t
from ringfence.adapters.sql.base import new_id
from ringfence.adapters.sql.outbox import SqlOutbox
from ringfence.domain.cases import CaseLabel, CaseStatus, Comment, Dispatch, EvidenceItem
from ringfence.domain.casework import Case
from ringfence.domain.outbox import NewMessage

__all__ = ["SqlCases"]


def _case(r: Any) -> Case:
    return Case(
        r.id,
        r.org_id,
        r.number,
        r.title,
        r.status,
        r.note,
        r.opened_by,
        r.opened_at,
        r.assignee,
        r.due_at,
        r.updated_at,
        r.closed_at,
        r.outcome,
    )


def _dispatch(r: Any) -> Dispatch:
    return Dispatch(
        r.id,
        r.case_id,
        r.from_org,
        r.to_org,
        r.number,
        r.question,
        r.deadline,
        r.sent_by,
        r.sent_at,
        r.answer,
        r.note,
        r.answered_by,
        r.answered_at,
        r.escalated_at,
    )


class SqlCases(SqlOutbox):
    def open_case(
        self,
        org: str,
        number: str,
        title: str,
        note: str,
        actor: str,
        at: datetime,
        due_at: datetime | None = None,
    ) -> int:
        with self.engine.begin() as conn:
            case_id = new_id(
                conn.execute(
                    insert(t.cases).values(
                        org_id=org,
                        number=number,
                        title=title,
                        status=CaseStatus.OPEN.value,
                        note=note,
                        opened_by=actor,
                        opened_at=at,
                        assignee="",
                        due_at=due_at,
                        updated_at=at,
                        outcome="",
                    )
                )
            )
            self._audit(
                conn, org, actor, "case.open", f"case#{case_id}", {"number": number, "title": title}, at
            )
            return case_id

    def _case_row(self, conn: Connection, org: str, case_id: int) -> Case | None:
        c = t.cases.c
        row = conn.execute(select(t.cases).where(c.org_id == org, c.id == case_id)).first()
        return None if row is None else _case(row)

    def case(self, org: str, case_id: int) -> Case | None:
        with self.engine.connect() as conn:
            return self._case_row(conn, org, case_id)

    def cases(
        self,
        org: str,
        number: str | None = None,
        statuses: Sequence[str] | None = None,
        assignee: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[Case]:
        c = t.cases.c
        q = select(t.cases).where(c.org_id == org)
        if number:
            q = q.where(c.number == number)
        if statuses:
            q = q.where(c.status.in_(list(statuses)))
        if assignee is not None:
            q = q.where(c.assignee == assignee)
        q = q.order_by(c.id.desc()).offset(offset)
        if limit is not None:
            q = q.limit(limit)
        with self.engine.connect() as conn:
            return [_case(r) for r in conn.execute(q)]

    def update_case(
        self,
        org: str,
        case_id: int,
        actor: str,
        at: datetime,
        status: str | None = None,
        assignee: str | None = None,
        outcome: str | None = None,
        label: str | None = None,
    ) -> Case | None:
        with self.engine.begin() as conn:
            before = self._case_row(conn, org, case_id)
            if before is None:
                return None
            values: dict[str, Any] = {}
            target = f"case#{case_id}"
            if status is not None and status != before.status:
                values["status"] = status
                values["closed_at"] = at if status == CaseStatus.CLOSED else None
                detail = {"from": before.status, "to": status, "number": before.number}
                self._audit(conn, org, actor, "case.status", target, detail, at)
            if assignee is not None and assignee != before.assignee:
                values["assignee"] = assignee
                detail = {"from": before.assignee, "to": assignee}
                self._audit(conn, org, actor, "case.assign", target, detail, at)
            if outcome is not None and outcome != before.outcome:
                values["outcome"] = outcome
                self._audit(conn, org, actor, "case.outcome", target, {"outcome": outcome}, at)
            if label is not None:
                conn.execute(
                    insert(t.case_labels).values(
                        org_id=org, number=before.number, label=label, case_id=case_id, at=at
                    )
                )
                labelled: dict[str, Any] = {"label": label, "case": case_id}
                self._audit(conn, org, actor, "case.label", before.number, labelled, at)
            if values:
                values["updated_at"] = at
                conn.execute(update(t.cases).where(t.cases.c.id == case_id).values(**values))
            return self._case_row(conn, org, case_id)

    def add_comment(self, org: str, case_id: int, author: str, body: str, at: datetime) -> int:
        with self.engine.begin() as conn:
            comment_id = new_id(
                conn.execute(
                    insert(t.case_comments).values(
                        org_id=org, case_id=case_id, author=author, body=body, at=at
                    )
                )
            )
            conn.execute(update(t.cases).where(t.cases.c.id == case_id).values(updated_at=at))
            detail = {"comment": comment_id, "length": len(body)}
            self._audit(conn, org, author, "case.comment", f"case#{case_id}", detail, at)
            return comment_id

    def comments(self, org: str, case_id: int) -> list[Comment]:
        c = t.case_comments.c
        q = select(t.case_comments).where(c.org_id == org, c.case_id == case_id).order_by(c.id)
        with self.engine.connect() as conn:
            return [Comment(r.id, r.org_id, r.case_id, r.author, r.body, r.at) for r in conn.execute(q)]

    def add_case_evidence(self, org: str, case_id: int, kind: str, ref: str, actor: str, at: datetime) -> int:
        c = t.case_evidence.c
        with self.engine.begin() as conn:
            same = (c.case_id == case_id, c.kind == kind, c.ref == ref)
            existing = conn.execute(select(c.id).where(*same)).scalar()
            if existing is not None:
                return int(existing)
            evidence_id = new_id(
                conn.execute(
                    insert(t.case_evidence).values(
                        org_id=org, case_id=case_id, kind=kind, ref=ref, added_by=actor, at=at
                    )
                )
            )
            detail = {"kind": kind, "ref": ref, "id": evidence_id}
            self._audit(conn, org, actor, "case.evidence", f"case#{case_id}", detail, at)
            return evidence_id

    def case_evidence(self, org: str, case_id: int) -> list[EvidenceItem]:
        c = t.case_evidence.c
        q = select(t.case_evidence).where(c.org_id == org, c.case_id == case_id).order_by(c.id)
        with self.engine.connect() as conn:
            return [
                EvidenceItem(r.id, r.org_id, r.case_id, r.kind, r.ref, r.added_by, r.at)
                for r in conn.execute(q)
            ]

    def add_dispatch(
        self,
        org: str,
        case_id: int,
        to_org: str,
        number: str,
        question: str,
        deadline: datetime,
        actor: str,
        at: datetime,
    ) -> int:
        with self.engine.begin() as conn:
            dispatch_id = new_id(
                conn.execute(
                    insert(t.dispatches).values(
                        case_id=case_id,
                        from_org=org,
                        to_org=to_org,
                        number=number,
                        question=question,
                        deadline=deadline,
                        sent_by=actor,
                        sent_at=at,
                        note="",
                    )
                )
            )
            detail = {"dispatch": dispatch_id, "to": to_org, "deadline": deadline.isoformat()}
            self._audit(conn, org, actor, "case.dispatch", f"case#{case_id}", detail, at)
            received = {"dispatch": dispatch_id, "from": org, "deadline": deadline.isoformat()}
            self._audit(conn, to_org, actor, "dispatch.receive", f"dispatch#{dispatch_id}", received, at)
            return dispatch_id

    def dispatch(self, dispatch_id: int) -> Dispatch | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(t.dispatches).where(t.dispatches.c.id == dispatch_id)).first()
        return None if row is None else _dispatch(row)

    def dispatches(
        self,
        from_org: str | None = None,
        to_org: str | None = None,
        case_id: int | None = None,
        pending: bool = False,
    ) -> list[Dispatch]:
        c = t.dispatches.c
        q = select(t.dispatches)
        if from_org is not None:
            q = q.where(c.from_org == from_org)
        if to_org is not None:
            q = q.where(c.to_org == to_org)
        if case_id is not None:
            q = q.where(c.case_id == case_id)
        if pending:
            q = q.where(c.answer.is_(None))
        with self.engine.connect() as conn:
            return [_dispatch(r) for r in conn.execute(q.order_by(c.id.desc()))]

    def answer_dispatch(
        self, to_org: str, dispatch_id: int, answer: str, note: str, actor: str, at: datetime
    ) -> Dispatch | None:
        c = t.dispatches.c
        with self.engine.begin() as conn:
            row = conn.execute(select(t.dispatches).where(c.id == dispatch_id, c.to_org == to_org)).first()
            if row is None:
                return None
            if row.answer is None:
                done = conn.execute(
                    update(t.dispatches)
                    .where(c.id == dispatch_id, c.answer.is_(None))
                    .values(answer=answer, note=note, answered_by=actor, answered_at=at)
                )
                if done.rowcount == 1:
                    detail = {"dispatch": dispatch_id, "answer": answer, "case": row.case_id}
                    self._audit(conn, to_org, actor, "dispatch.answer", f"dispatch#{dispatch_id}", detail, at)
                    self._audit(conn, row.from_org, actor, "case.answer", f"case#{row.case_id}", detail, at)
            found = conn.execute(select(t.dispatches).where(c.id == dispatch_id)).first()
            return _dispatch(found)

    def case_labels(self, org: str | None = None) -> list[CaseLabel]:
        c = t.case_labels.c
        q = select(t.case_labels).order_by(c.id)
        if org is not None:
            q = q.where(c.org_id == org)
        with self.engine.connect() as conn:
            return [CaseLabel(r.id, r.org_id, r.number, r.label, r.case_id, r.at) for r in conn.execute(q)]

    def overdue_dispatches(self, now: datetime, limit: int = 500) -> list[Dispatch]:
        c = t.dispatches.c
        q = (
            select(t.dispatches)
            .where(c.answer.is_(None), c.escalated_at.is_(None), c.deadline < now)
            .order_by(c.deadline, c.id)
            .limit(limit)
        )
        with self.engine.connect() as conn:
            return [_dispatch(r) for r in conn.execute(q)]

    def mark_dispatch_escalated(
        self, dispatch_id: int, actor: str, at: datetime, messages: Sequence[NewMessage]
    ) -> bool:
        c = t.dispatches.c
        with self.engine.begin() as conn:
            done = conn.execute(
                update(t.dispatches)
                .where(c.id == dispatch_id, c.answer.is_(None), c.escalated_at.is_(None))
                .values(escalated_at=at)
            )
            if done.rowcount != 1:
                return False
            row = conn.execute(select(t.dispatches).where(c.id == dispatch_id)).one()
            detail = {"dispatch": dispatch_id, "to": row.to_org, "deadline": row.deadline.isoformat()}
            self._audit(conn, row.from_org, actor, "case.dispatch_overdue", f"case#{row.case_id}", detail, at)
            self._audit(conn, row.to_org, actor, "dispatch.overdue", f"dispatch#{dispatch_id}", detail, at)
            for m in messages:
                self._enqueue(conn, row.from_org, m, at)
            return True
