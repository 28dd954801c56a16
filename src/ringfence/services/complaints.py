"""Complaints from the public: intake (deduplicated, the reporter keyed-hashed), the case each
complaint joins, the triage queue, and the fast path that restricts a number pending review when
enough distinct reporters and a detection verdict agree (``ringfence.domain.complaints``).

The fast path goes through the disposition service like any analyst's action, so it is one audited
transition (actor ``fast-path``) with its provisioning event, and the state machine still decides
whether it is allowed: a number already restricted or suspended is left as it is.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Protocol

from ringfence.domain.access import NotFoundError, Permission, Principal, allowed, present_number, require
from ringfence.domain.complaints import (
    Category,
    Channel,
    Complaint,
    NewComplaint,
    Signals,
    Triage,
    fast_path_reason,
    triage,
)
from ringfence.domain.disposition import Action, Evidence, allowed_actions
from ringfence.domain.numbers import normalize
from ringfence.domain.privacy import keyed_hash, mask_number
from ringfence.errors import ConfigError, ConflictError
from ringfence.ports.store import CaseStore, ComplaintStore, DecisionStore, DispositionStore
from ringfence.services import disposal
from ringfence.services.cases import OPEN_STATUSES, CaseworkPolicy

__all__ = ["FAST_PATH", "Intake", "QueueItem", "complaint", "intake", "queue", "signals"]

FAST_PATH = "fast-path"
_CLOCK_SKEW = timedelta(minutes=10)


class _Store(ComplaintStore, CaseStore, DecisionStore, DispositionStore, Protocol):
    pass


@dataclass(frozen=True)
class Intake:
    complaint: Complaint
    created: bool  # False: a duplicate of ``complaint`` (same reporter, number and category)
    triage: Triage
    fast_path: str | None = None  # the state the fast path put the number in, when it fired


@dataclass(frozen=True)
class QueueItem:
    complaint: Complaint
    triage: Triage


def _category(value: str) -> Category:
    try:
        return Category(value)
    except ValueError as exc:
        raise ConfigError(f"unknown category {value!r}; one of {', '.join(Category)}") from exc


def _channel(value: str) -> Channel:
    try:
        return Channel(value)
    except ValueError as exc:
        raise ConfigError(f"unknown channel {value!r}; one of {', '.join(Channel)}") from exc


def _mask_reporter(reporter: str) -> str:
    digits = normalize(reporter)
    if digits.lstrip("+").isdigit() and len(digits) >= 7:
        return mask_number(digits)
    return reporter[:1] + "*" * max(3, len(reporter) - 1)


def signals(store: _Store, org: str, number: str) -> Signals:
    """Distinct reporters and organisations (every organisation), the organisation's strongest alert."""
    reporters, orgs = store.complaint_signals(number)
    strongest = store.decisions(org, number=number, limit=1)
    top = strongest[0] if strongest else None
    return Signals(reporters, orgs, top.verdict if top else None, top.score if top else None)


def present(c: Complaint, viewer: Principal) -> Complaint:
    """The complaint as ``viewer`` may see it: the number masked where the role needs it, and the
    reporter's keyed hash only for roles that link complaints (triage)."""
    shown = replace(c, number=present_number(c.number, viewer, c.org))
    if not allowed(viewer.role, Permission.TRIAGE):
        shown = replace(shown, reporter_hash="")
    return shown


def intake(
    store: _Store,
    dispose: disposal.DisposalPolicy,
    policy: CaseworkPolicy,
    secret: bytes,
    principal: Principal,
    number: str,
    category: str,
    reporter: str,
    now: datetime,
    channel: str = "call",
    reported_at: datetime | None = None,
    url: str = "",
    sms_text: str = "",
    note: str = "",
) -> Intake:
    """Take a complaint: deduplicate, attach it to the number's open case (opened when there is
    none), score it, and run the fast path."""
    require(principal, Permission.REPORT_FRAUD)
    number = disposal.canonical_number(number)
    reporter = reporter.strip()
    if not reporter:
        raise ConfigError("a complaint needs its reporter (phone number or id)")
    when = reported_at or now
    if when.tzinfo is None:
        raise ConfigError("reported_at needs a time zone")
    if when > now + _CLOCK_SKEW:
        raise ConfigError("reported_at is in the future")
    new = NewComplaint(
        principal.org,
        number,
        _channel(channel),
        _category(category),
        when,
        keyed_hash(normalize(reporter), secret),
        _mask_reporter(reporter),
        url.strip(),
        sms_text.strip(),
        note.strip(),
    )
    existing = store.complaint_by_key(principal.org, new.key)
    if existing is not None:
        return Intake(present(existing, principal), False, triage(signals(store, principal.org, number)))
    case_id = _case_for(store, policy, principal, number, now)
    before = signals(store, principal.org, number)
    known = store.complaints(principal.org, number=number)
    expected = replace(
        before,
        reporters=before.reporters + (new.reporter_hash not in {c.reporter_hash for c in known}),
        orgs=before.orgs + (not known),
    )
    complaint_id, created = store.add_complaint(new, case_id, triage(expected).score, principal.actor, now)
    stored = store.complaint(principal.org, complaint_id)
    assert stored is not None
    if created:
        store.add_case_evidence(principal.org, case_id, "complaint", str(complaint_id), principal.actor, now)
    now_signals = signals(store, principal.org, number)
    fired = (
        _fast_path(store, dispose, policy, principal.org, number, now_signals, case_id, now)
        if created
        else None
    )
    return Intake(present(stored, principal), created, triage(now_signals), fired)


def _case_for(store: _Store, policy: CaseworkPolicy, principal: Principal, number: str, now: datetime) -> int:
    """The number's newest open case in the organisation, or a new one."""
    found = store.cases(principal.org, number, OPEN_STATUSES, None, 1)
    if found:
        return found[0].id
    return store.open_case(
        principal.org, number, f"Complaints about {number}", "", principal.actor, now, now + policy.case_sla
    )


def _fast_path(
    store: _Store,
    dispose: disposal.DisposalPolicy,
    policy: CaseworkPolicy,
    org: str,
    number: str,
    s: Signals,
    case_id: int,
    now: datetime,
) -> str | None:
    reason = fast_path_reason(policy.fast_path, s)
    if reason is None:
        return None
    action = Action(policy.fast_path.action)
    if action not in allowed_actions(disposal.current(store, org, number).state):
        return None  # already disposed of: the analysts' state stands
    strongest = store.decisions(org, number=number, limit=1)
    evidence = Evidence(tuple(d.id for d in strongest), (), f"case #{case_id}")
    try:
        result = disposal.act_as(store, dispose, org, FAST_PATH, number, action, now, reason, evidence)
    except ConflictError:  # an analyst (or a concurrent complaint) disposed of it meanwhile
        return None
    store.mark_fast_pathed(org, number, FAST_PATH, now)
    store.add_comment(org, case_id, FAST_PATH, reason, now)
    store.update_case(org, case_id, FAST_PATH, now, status="investigating")
    return result.disposition.state.value


def queue(store: _Store, principal: Principal, limit: int = 200) -> list[QueueItem]:
    """The organisation's complaints, most urgent number first (the triage score now, not at intake),
    newest first within a number."""
    require(principal, Permission.VIEW)
    found = store.complaints(principal.org, limit=limit)
    scores: dict[str, Triage] = {}
    for c in found:
        if c.number not in scores:
            scores[c.number] = triage(signals(store, principal.org, c.number))
    items = [QueueItem(present(c, principal), scores[c.number]) for c in found]
    items.sort(key=lambda i: -i.triage.score)  # stable: newest first within a score
    return items


def complaint(store: _Store, principal: Principal, complaint_id: int) -> QueueItem:
    require(principal, Permission.VIEW)
    found = store.complaint(principal.org, complaint_id)
    if found is None:
        raise NotFoundError(f"no complaint {complaint_id}")
    return QueueItem(present(found, principal), triage(signals(store, principal.org, found.number)))
