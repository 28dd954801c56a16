"""Case management: open, list, filter, assign, move through statuses, comment, attach evidence,
bulk updates, and verification questions dispatched to member organisations whose answers close the
case (``ringfence.domain.cases``).

Every change goes through the store, which audits it in the same transaction. A dispatch is the one
place a case crosses tenants: the target organisation sees the question and the number (masked for
roles that need not see it) and answers under its own key; nothing else of the case leaves its owner.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Protocol

from ringfence.domain.access import NotFoundError, Permission, Principal, present_number, require
from ringfence.domain.cases import (
    Answer,
    CaseLabel,
    CaseStatus,
    Comment,
    Dispatch,
    EvidenceItem,
    EvidenceKind,
    aggregate,
    label_of,
    parse_answer,
    parse_status,
)
from ringfence.domain.casework import Case
from ringfence.domain.complaints import Complaint, FastPathRule
from ringfence.domain.numbers import normalize
from ringfence.domain.outbox import Topic
from ringfence.domain.sla import SlaStatus, sla_status
from ringfence.errors import ConfigError, ConflictError
from ringfence.ports.store import CaseStore, ComplaintStore, DecisionStore, KeyStore, RecordStore
from ringfence.services.outbox import Routing

__all__ = [
    "AGGREGATOR",
    "BulkCaseItem",
    "CaseDetail",
    "CaseView",
    "CaseworkPolicy",
    "answer_dispatch",
    "attach_evidence",
    "bulk_update",
    "case_detail",
    "check_evidence",
    "comment",
    "dispatch",
    "incoming",
    "list_cases",
    "open_case",
    "sweep_dispatches",
    "update_case",
]

AGGREGATOR = "system/aggregate"
MAX_BULK = 500
OPEN_STATUSES = (CaseStatus.OPEN.value, CaseStatus.INVESTIGATING.value, CaseStatus.WAITING.value)


class _Store(CaseStore, ComplaintStore, DecisionStore, RecordStore, KeyStore, Protocol):
    pass


@dataclass(frozen=True)
class CaseworkPolicy:
    """How complaints and cases run in this deployment (from settings, built by ``bootstrap``)."""

    fast_path: FastPathRule = field(default_factory=FastPathRule)
    case_sla: timedelta = timedelta(hours=72)
    dispatch_window: timedelta = timedelta(hours=72)
    authoritative: frozenset[str] = frozenset()
    due_soon_share: float = 0.25


@dataclass(frozen=True)
class CaseView:
    case: Case
    sla: SlaStatus | None


@dataclass(frozen=True)
class CaseDetail:
    view: CaseView
    comments: list[Comment]
    evidence: list[EvidenceItem]
    dispatches: list[Dispatch]
    complaints: list[Complaint]


@dataclass(frozen=True)
class BulkCaseItem:
    id: int
    ok: bool
    status: str | None = None
    error: str | None = None


def _view(case: Case, policy: CaseworkPolicy, now: datetime) -> CaseView:
    if case.status == CaseStatus.CLOSED:
        return CaseView(case, None)
    return CaseView(case, sla_status(case.due_at, policy.case_sla, now, policy.due_soon_share))


def _number(raw: str) -> str:
    number = normalize(raw.strip())
    if not number or len(number) > 64:
        raise ConfigError("not a phone number")
    return number


def _case(store: CaseStore, principal: Principal, case_id: int) -> Case:
    found = store.case(principal.org, case_id)
    if found is None:
        raise NotFoundError(f"no case {case_id}")
    return found


def open_case(
    store: CaseStore,
    policy: CaseworkPolicy,
    principal: Principal,
    number: str,
    now: datetime,
    title: str = "",
    note: str = "",
) -> int:
    require(principal, Permission.TRIAGE)
    number = _number(number)
    title = title.strip() or f"Investigate {number}"
    return store.open_case(
        principal.org, number, title, note.strip(), principal.actor, now, now + policy.case_sla
    )


def list_cases(
    store: CaseStore,
    policy: CaseworkPolicy,
    principal: Principal,
    now: datetime,
    statuses: Sequence[str] = (),
    assignee: str | None = None,
    number: str | None = None,
    org: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> list[CaseView]:
    """The organisation's cases, newest first; ``org``: only those dispatched to that organisation."""
    require(principal, Permission.VIEW)
    parsed = [parse_status(s).value for s in statuses]
    wanted = _number(number) if number else None
    if org:
        ids = {d.case_id for d in store.dispatches(from_org=principal.org, to_org=org)}
        found = [c for c in store.cases(principal.org, wanted, parsed or None, assignee) if c.id in ids]
        found = found[offset : offset + limit]
    else:
        found = store.cases(principal.org, wanted, parsed or None, assignee, limit, offset)
    return [_view(c, policy, now) for c in found]


def case_detail(
    store: _Store, policy: CaseworkPolicy, principal: Principal, case_id: int, now: datetime
) -> CaseDetail:
    require(principal, Permission.VIEW)
    case = _case(store, principal, case_id)
    return CaseDetail(
        _view(case, policy, now),
        store.comments(principal.org, case_id),
        store.case_evidence(principal.org, case_id),
        store.dispatches(from_org=principal.org, case_id=case_id),
        store.complaints(principal.org, case_id=case_id),
    )


def update_case(
    store: CaseStore,
    principal: Principal,
    case_id: int,
    now: datetime,
    status: str | None = None,
    assignee: str | None = None,
) -> Case:
    """Move a case to a status and/or (re)assign it; each change audited."""
    require(principal, Permission.TRIAGE)
    parsed = parse_status(status).value if status else None
    if assignee is not None and len(assignee.strip()) > 300:
        raise ConfigError("assignee: at most 300 characters")
    _case(store, principal, case_id)
    done = store.update_case(
        principal.org, case_id, principal.actor, now, parsed, None if assignee is None else assignee.strip()
    )
    if done is None:
        raise NotFoundError(f"no case {case_id}")
    return done


def bulk_update(
    store: CaseStore,
    principal: Principal,
    case_ids: Sequence[int],
    now: datetime,
    status: str | None = None,
    assignee: str | None = None,
) -> list[BulkCaseItem]:
    """The same change on many cases, one result each (an unknown id is reported, the rest go ahead)."""
    require(principal, Permission.TRIAGE)
    if not case_ids:
        raise ConfigError("no cases given")
    if len(case_ids) > MAX_BULK:
        raise ConfigError(f"at most {MAX_BULK} cases per request")
    if status is None and assignee is None:
        raise ConfigError("nothing to change: give a status or an assignee")
    if status:
        parse_status(status)
    out = []
    for case_id in dict.fromkeys(case_ids):
        try:
            done = update_case(store, principal, case_id, now, status, assignee)
        except NotFoundError as exc:
            out.append(BulkCaseItem(case_id, False, None, str(exc)))
            continue
        out.append(BulkCaseItem(case_id, True, done.status))
    return out


def comment(store: CaseStore, principal: Principal, case_id: int, body: str, now: datetime) -> int:
    require(principal, Permission.TRIAGE)
    body = body.strip()
    if not body:
        raise ConfigError("empty comment")
    if len(body) > 4000:
        raise ConfigError("comment: at most 4000 characters")
    _case(store, principal, case_id)
    return store.add_comment(principal.org, case_id, principal.actor, body, now)


def _int_ref(ref: str, what: str) -> int:
    try:
        value = int(ref)
    except ValueError as exc:
        raise ConfigError(f"{what} id must be a whole number") from exc
    if not 1 <= value <= 2**31 - 1:
        raise NotFoundError(f"no {what} {ref}")
    return value


def check_evidence(store: _Store, principal: Principal, kind: str, ref: str) -> tuple[EvidenceKind, str]:
    """The evidence's kind and canonical reference, once it is known to exist for the organisation
    (an alert, a complaint, a call or SMS record id; a number is canonicalised): 404 otherwise."""
    require(principal, Permission.TRIAGE)
    try:
        parsed = EvidenceKind(kind)
    except ValueError as exc:
        raise ConfigError(f"unknown evidence kind {kind!r}; one of {', '.join(EvidenceKind)}") from exc
    ref = ref.strip()
    if not ref or len(ref) > 128:
        raise ConfigError("evidence reference: 1 to 128 characters")
    org = principal.org
    if parsed is EvidenceKind.ALERT:
        alert_id = _int_ref(ref, "alert")
        if store.decision(org, alert_id) is None:
            raise NotFoundError(f"no alert {ref}")
        return parsed, str(alert_id)
    if parsed is EvidenceKind.COMPLAINT:
        complaint_id = _int_ref(ref, "complaint")
        if store.complaint(org, complaint_id) is None:
            raise NotFoundError(f"no complaint {ref}")
        return parsed, str(complaint_id)
    if parsed is EvidenceKind.RECORD:
        if not store.record_exists(org, ref):
            raise NotFoundError(f"no call or SMS record {ref!r}")
        return parsed, ref
    return parsed, _number(ref)


def attach_evidence(
    store: _Store, principal: Principal, case_id: int, kind: str, ref: str, now: datetime
) -> int:
    """Attach an alert, record, number or complaint; each must exist for the organisation (404)."""
    _case(store, principal, case_id)
    parsed, ref = check_evidence(store, principal, kind, ref)
    return store.add_case_evidence(principal.org, case_id, parsed.value, ref, principal.actor, now)


# -- dispatches ------------------------------------------------------------------------------------------
def dispatch(
    store: _Store,
    policy: CaseworkPolicy,
    principal: Principal,
    case_id: int,
    to_org: str,
    question: str,
    now: datetime,
    hours: float | None = None,
) -> int:
    """Ask another organisation whether the case's number is fraud; the case waits for the answer."""
    require(principal, Permission.TRIAGE)
    case = _case(store, principal, case_id)
    if case.status == CaseStatus.CLOSED:
        raise ConflictError(f"case {case_id} is closed", {"status": case.status})
    to_org = to_org.strip()
    if to_org == principal.org:
        raise ConfigError("dispatch to another organisation, not your own")
    if not to_org or not store.org_exists(to_org):
        raise NotFoundError(f"no organisation {to_org!r}")
    if hours is not None and not 0 < hours <= 24 * 90:
        raise ConfigError("deadline: more than 0 and at most 2160 hours")
    window = timedelta(hours=hours) if hours is not None else policy.dispatch_window
    question = question.strip() or f"Is {case.number} used for fraud?"
    dispatch_id = store.add_dispatch(
        principal.org, case_id, to_org, case.number, question[:4000], now + window, principal.actor, now
    )
    if case.status != CaseStatus.WAITING:
        store.update_case(principal.org, case_id, principal.actor, now, status=CaseStatus.WAITING.value)
    return dispatch_id


def incoming(store: CaseStore, principal: Principal, pending: bool = False) -> list[Dispatch]:
    """Questions other organisations dispatched to the caller's, numbers masked where its role needs."""
    require(principal, Permission.VIEW)
    return [
        replace(d, number=present_number(d.number, principal, d.from_org))
        for d in store.dispatches(to_org=principal.org, pending=pending)
    ]


@dataclass(frozen=True)
class AnswerResult:
    dispatch: Dispatch
    outcome: Answer | None  # the case's outcome when this answer decided it


def answer_dispatch(
    store: CaseStore,
    policy: CaseworkPolicy,
    principal: Principal,
    dispatch_id: int,
    answer: str,
    note: str,
    now: datetime,
) -> AnswerResult:
    """Answer a question dispatched to the caller's organisation (once: a second answer is 409); the
    answers aggregate (``domain.cases.aggregate``) and a decided case closes with its label."""
    require(principal, Permission.TRIAGE)
    parsed = parse_answer(answer)
    if len(note) > 4000:
        raise ConfigError("note: at most 4000 characters")
    found = store.dispatch(dispatch_id)
    if found is None or found.to_org != principal.org:
        raise NotFoundError(f"no dispatch {dispatch_id}")
    if found.answered:
        raise ConflictError(f"dispatch {dispatch_id} was answered already", {"answer": found.answer})
    done = store.answer_dispatch(principal.org, dispatch_id, parsed.value, note.strip(), principal.actor, now)
    if done is None:  # pragma: no cover - checked above
        raise NotFoundError(f"no dispatch {dispatch_id}")
    if done.answered_by != principal.actor or done.answer != parsed.value:
        raise ConflictError(f"dispatch {dispatch_id} was answered already", {"answer": done.answer})
    outcome = _settle(store, policy, done.from_org, done.case_id, now)
    return AnswerResult(replace(done, number=present_number(done.number, principal, done.from_org)), outcome)


def _settle(store: CaseStore, policy: CaseworkPolicy, org: str, case_id: int, now: datetime) -> Answer | None:
    case = store.case(org, case_id)
    if case is None or case.status == CaseStatus.CLOSED:
        return None
    outcome = aggregate(store.dispatches(from_org=org, case_id=case_id), policy.authoritative)
    if outcome is None:
        return None
    store.update_case(
        org,
        case_id,
        AGGREGATOR,
        now,
        status=CaseStatus.CLOSED.value,
        outcome=outcome.value,
        label=label_of(outcome),
    )
    return outcome


# -- escalation ----------------------------------------------------------------------------------------
def sweep_dispatches(
    store: CaseStore, routing: Routing, now: datetime, actor: str = "system/sweep"
) -> list[Dispatch]:
    """Escalate every dispatch whose deadline passed unanswered: an audit entry in both organisations
    and a notification (``dispatch_overdue``) to the asking organisation's channels. Running it again
    escalates nothing twice; an answer that arrives later is still taken."""
    escalated = []
    for d in store.overdue_dispatches(now):
        event_id = f"{d.from_org}/dispatch/{d.id}/overdue"
        payload = {
            "event_id": event_id,
            "type": "dispatch_overdue",
            "org": d.from_org,
            "to_org": d.to_org,
            "case_id": d.case_id,
            "dispatch_id": d.id,
            "number": d.number,
            "deadline": d.deadline.isoformat(),
            "at": now.isoformat(),
        }
        if store.mark_dispatch_escalated(
            d.id, actor, now, routing.messages(Topic.NOTIFICATION, event_id, payload)
        ):
            escalated.append(d)
    return escalated


def labels(store: CaseStore, principal: Principal) -> list[CaseLabel]:
    """The organisation's labels from closed cases, oldest first (for the models' known labels)."""
    require(principal, Permission.VIEW)
    return store.case_labels(principal.org)
