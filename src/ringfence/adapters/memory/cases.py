"""Cases with their comments, evidence, dispatches to other organisations and the labels they give."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any, Protocol, cast

from ringfence.adapters.memory.base import MemoryBase, Rows, locked, micros, utc
from ringfence.domain.cases import CaseLabel, CaseStatus, Comment, Dispatch, EvidenceItem
from ringfence.domain.casework import Case
from ringfence.domain.outbox import NewMessage

__all__ = ["MemoryCases"]


class _Outbox(Protocol):
    def _enqueue(self, org: str, m: NewMessage, at: datetime) -> int: ...


class MemoryCases(MemoryBase):
    def __init__(self) -> None:
        super().__init__()
        self._cases: Rows[Case] = Rows()
        self._comments: Rows[Comment] = Rows()
        self._evidence: Rows[EvidenceItem] = Rows()
        self._dispatches: Rows[Dispatch] = Rows()
        self._labels: Rows[CaseLabel] = Rows()

    @locked
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
        self._require_org(org)
        case_id = self._cases.next_id()
        due = None if due_at is None else utc(due_at)
        case = Case(
            case_id, org, number, title, CaseStatus.OPEN.value, note, actor, utc(at), "", due, utc(at)
        )
        self._audit(org, actor, "case.open", f"case#{case_id}", {"number": number, "title": title}, at)
        return self._cases.add(case_id, case)

    @locked
    def case(self, org: str, case_id: int) -> Case | None:
        found = self._cases.get(case_id)
        return found if found is not None and found.org == org else None

    @locked
    def cases(
        self,
        org: str,
        number: str | None = None,
        statuses: Sequence[str] | None = None,
        assignee: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[Case]:
        found = [
            c
            for c in self._cases
            if c.org == org
            and (not number or c.number == number)
            and (not statuses or c.status in statuses)
            and (assignee is None or c.assignee == assignee)
        ][::-1][offset:]
        return found if limit is None else found[:limit]

    @locked
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
        before = self.case(org, case_id)
        if before is None:
            return None
        changes: dict[str, Any] = {}
        audits: list[tuple[str, str, dict[str, Any]]] = []
        target = f"case#{case_id}"
        if status is not None and status != before.status:
            changes["status"] = status
            changes["closed_at"] = utc(at) if status == CaseStatus.CLOSED else None
            audits.append(
                ("case.status", target, {"from": before.status, "to": status, "number": before.number})
            )
        if assignee is not None and assignee != before.assignee:
            changes["assignee"] = assignee
            audits.append(("case.assign", target, {"from": before.assignee, "to": assignee}))
        if outcome is not None and outcome != before.outcome:
            changes["outcome"] = outcome
            audits.append(("case.outcome", target, {"outcome": outcome}))
        if label is not None:
            label_id = self._labels.next_id()
            self._labels.add(label_id, CaseLabel(label_id, org, before.number, label, case_id, utc(at)))
            audits.append(("case.label", before.number, {"label": label, "case": case_id}))
        for action, where, detail in audits:
            self._audit(org, actor, action, where, detail, at)
        if changes:
            self._cases.put(case_id, replace(before, updated_at=utc(at), **changes))
        return self._cases.get(case_id)

    @locked
    def add_comment(self, org: str, case_id: int, author: str, body: str, at: datetime) -> int:
        case = self.case(org, case_id)
        if case is None:
            raise ValueError(f"no case {case_id} in {org}")  # a foreign key would refuse it
        comment_id = self._comments.next_id()
        self._comments.add(comment_id, Comment(comment_id, org, case_id, author, body, utc(at)))
        self._cases.put(case_id, replace(case, updated_at=utc(at)))
        detail = {"comment": comment_id, "length": len(body)}
        self._audit(org, author, "case.comment", f"case#{case_id}", detail, at)
        return comment_id

    @locked
    def comments(self, org: str, case_id: int) -> list[Comment]:
        return [c for c in self._comments if c.org == org and c.case_id == case_id]

    @locked
    def add_case_evidence(self, org: str, case_id: int, kind: str, ref: str, actor: str, at: datetime) -> int:
        for e in self._evidence:
            if (e.case_id, e.kind, e.ref) == (case_id, kind, ref):
                return e.id
        if self.case(org, case_id) is None:
            raise ValueError(f"no case {case_id} in {org}")
        evidence_id = self._evidence.next_id()
        self._evidence.add(evidence_id, EvidenceItem(evidence_id, org, case_id, kind, ref, actor, utc(at)))
        detail = {"kind": kind, "ref": ref, "id": evidence_id}
        self._audit(org, actor, "case.evidence", f"case#{case_id}", detail, at)
        return evidence_id

    @locked
    def case_evidence(self, org: str, case_id: int) -> list[EvidenceItem]:
        return [e for e in self._evidence if e.org == org and e.case_id == case_id]

    @locked
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
        self._require_org(to_org)
        if self.case(org, case_id) is None:
            raise ValueError(f"no case {case_id} in {org}")
        dispatch_id = self._dispatches.next_id()
        d = Dispatch(dispatch_id, case_id, org, to_org, number, question, utc(deadline), actor, utc(at))
        self._dispatches.add(dispatch_id, d)
        detail = {"dispatch": dispatch_id, "to": to_org, "deadline": utc(deadline).isoformat()}
        self._audit(org, actor, "case.dispatch", f"case#{case_id}", detail, at)
        received = {"dispatch": dispatch_id, "from": org, "deadline": utc(deadline).isoformat()}
        self._audit(to_org, actor, "dispatch.receive", f"dispatch#{dispatch_id}", received, at)
        return dispatch_id

    @locked
    def dispatch(self, dispatch_id: int) -> Dispatch | None:
        return self._dispatches.get(dispatch_id)

    @locked
    def dispatches(
        self,
        from_org: str | None = None,
        to_org: str | None = None,
        case_id: int | None = None,
        pending: bool = False,
    ) -> list[Dispatch]:
        return [
            d
            for d in self._dispatches
            if (from_org is None or d.from_org == from_org)
            and (to_org is None or d.to_org == to_org)
            and (case_id is None or d.case_id == case_id)
            and (not pending or d.answer is None)
        ][::-1]

    @locked
    def answer_dispatch(
        self, to_org: str, dispatch_id: int, answer: str, note: str, actor: str, at: datetime
    ) -> Dispatch | None:
        d = self._dispatches.get(dispatch_id)
        if d is None or d.to_org != to_org:
            return None
        if d.answer is None:
            d = replace(d, answer=answer, note=note, answered_by=actor, answered_at=utc(at))
            detail = {"dispatch": dispatch_id, "answer": answer, "case": d.case_id}
            self._audit(to_org, actor, "dispatch.answer", f"dispatch#{dispatch_id}", detail, at)
            self._audit(d.from_org, actor, "case.answer", f"case#{d.case_id}", detail, at)
            self._dispatches.put(dispatch_id, d)
        return d

    @locked
    def case_labels(self, org: str | None = None) -> list[CaseLabel]:
        return [label for label in self._labels if org is None or label.org == org]

    @locked
    def overdue_dispatches(self, now: datetime, limit: int = 500) -> list[Dispatch]:
        found = [
            d for d in self._dispatches if d.answer is None and d.escalated_at is None and d.deadline < now
        ]
        return sorted(found, key=lambda d: (micros(d.deadline), d.id))[:limit]

    @locked
    def mark_dispatch_escalated(
        self, dispatch_id: int, actor: str, at: datetime, messages: Sequence[NewMessage]
    ) -> bool:
        d = self._dispatches.get(dispatch_id)
        if d is None or d.answer is not None or d.escalated_at is not None:
            return False
        self._dispatches.put(dispatch_id, replace(d, escalated_at=utc(at)))
        detail = {"dispatch": dispatch_id, "to": d.to_org, "deadline": d.deadline.isoformat()}
        self._audit(d.from_org, actor, "case.dispatch_overdue", f"case#{d.case_id}", detail, at)
        self._audit(d.to_org, actor, "dispatch.overdue", f"dispatch#{dispatch_id}", detail, at)
        outbox = cast("_Outbox", self)  # the store's outbox (``MemoryDispositions``), same lock
        for m in messages:
            outbox._enqueue(d.from_org, m, at)
        return True
