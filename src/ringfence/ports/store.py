"""The storage ports the platform's services need, one small Protocol per concern.

``SqlStore`` implements them all on SQLite and PostgreSQL; the contract tests hold both backends to the
same behaviour. Every method is scoped by organisation; writes that change what analysts see take the
actor and time so the store can append the audit entry in the same transaction as the change.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any, Protocol

import polars as pl

from ringfence.domain.cases import CaseLabel, Comment, Dispatch, EvidenceItem
from ringfence.domain.casework import (
    Action,
    ApiKey,
    AuditEntry,
    Case,
    ListEntry,
    StoredDecision,
    StoredHit,
)
from ringfence.domain.changes import RiskChange
from ringfence.domain.complaints import Complaint, NewComplaint
from ringfence.domain.decisions import Decision, Hit, RunInfo
from ringfence.domain.disposition import Disposition, State, Transition
from ringfence.domain.holders import RestrictedHolder, SubscriberWrite
from ringfence.domain.outbox import NewMessage, OutboxMessage, Status
from ringfence.domain.pivots import Sighting
from ringfence.domain.risk_facts import RiskFacts
from ringfence.domain.warnings import NewWarning, WarningRecord, WarningStatus
from ringfence.intel.feeds import Feed, FeedEntry
from ringfence.intel.tags import Override, Tag, TagState

__all__ = [
    "AuditLog",
    "CaseStore",
    "ComplaintStore",
    "DecisionStore",
    "DispositionStore",
    "FeedStore",
    "HolderStore",
    "KeyStore",
    "ListStore",
    "OutboxStore",
    "RecordStore",
    "RiskChangeFeed",
    "RiskFactSource",
    "SessionStore",
    "Store",
    "TagStore",
]


class AuditLog(Protocol):
    def audit(
        self, org: str, actor: str, action: str, target: str, detail: dict[str, Any], at: datetime
    ) -> None: ...

    def audit_entries(
        self, org: str, limit: int = 200, targets: Sequence[str] = (), actions: Sequence[str] = ()
    ) -> list[AuditEntry]:
        """Newest first; only entries on ``targets`` and of ``actions`` when given."""
        ...


class KeyStore(Protocol):
    def ensure_org(self, org: str, name: str, at: datetime) -> bool: ...

    def org_exists(self, org: str) -> bool: ...

    def orgs(self) -> list[tuple[str, str]]:
        """Every organisation on the platform: (id, name)."""
        ...

    def add_key(self, org: str, name: str, role: str, lookup: str, key_hash: str, at: datetime) -> int: ...

    def key_by_lookup(self, lookup: str) -> ApiKey | None: ...

    def key_by_id(self, key_id: int) -> ApiKey | None: ...

    def keys(self, org: str | None = None) -> list[ApiKey]: ...

    def revoke_key(self, key_id: int, actor: str, at: datetime) -> bool: ...


class RecordStore(Protocol):
    """Records as ingestion accepted them; what detection reads back, window by window."""

    def add_calls(self, org: str, frame: pl.DataFrame) -> tuple[int, int]: ...

    def add_messages(self, org: str, frame: pl.DataFrame) -> tuple[int, int]: ...

    def add_quarantine(
        self, org: str, kind: str, source: str, rows: Iterable[tuple[int, str, str]], at: datetime
    ) -> int: ...

    def calls_between(self, org: str, start: datetime, end: datetime) -> pl.DataFrame: ...

    def messages_between(self, org: str, start: datetime, end: datetime) -> pl.DataFrame: ...

    def calls_of(self, org: str, number: str, limit: int = 200) -> list[dict[str, Any]]: ...

    def messages_of(self, org: str, number: str, limit: int = 200) -> list[dict[str, Any]]: ...

    def record_counts(self, org: str) -> dict[str, int]: ...

    def record_exists(self, org: str, record_id: str) -> bool:
        """Whether the organisation stored a call or SMS record with this id."""
        ...

    def numbers_seen_on(
        self, org: str, kind: str, value: str, limit: int = 100
    ) -> list[tuple[str, int, datetime]]:
        """The numbers whose records were made from handset ``value`` (``kind`` ``imei``: calls placed)
        or in cell ``value`` (``cell``: calls and SMS sent): ``(number, records, last seen)``, most
        records first (ties: by number)."""
        ...

    def sightings(self, org: str, kind: str, value: str, limit: int = 100) -> list[Sighting]:
        """As ``numbers_seen_on``, with each number's first and last record there (the handset and cell
        pivots; indexed by migration 0011)."""
        ...

    def first_records(self, org: str, numbers: Sequence[str]) -> dict[str, datetime]:
        """The time of each number's first call placed or SMS sent (numbers without one are absent)."""
        ...

    def messages_containing(self, org: str, needle: str, limit: int = 200) -> list[dict[str, Any]]:
        """SMS whose text contains ``needle`` (case-insensitive for ASCII), newest first (ties: the
        greater id first)."""
        ...


class DecisionStore(Protocol):
    """Detection output per organisation, and the outcome analysts give each alert."""

    def add_run(
        self,
        org: str,
        info: RunInfo,
        decisions: Sequence[Decision],
        hits: Sequence[Hit],
        kinds: dict[str, str],
        source: str,
        actor: str,
        at: datetime,
    ) -> int: ...

    def decisions(
        self,
        org: str,
        outcome: str | None = None,
        typology: str | None = None,
        number: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[StoredDecision]: ...

    def decision(self, org: str, decision_id: int) -> StoredDecision | None: ...

    def set_outcome(
        self, org: str, decision_id: int, outcome: str, actor: str, at: datetime, reason: str = ""
    ) -> bool:
        """Judge an alert; the audit entry (``alert.outcome``) carries the reason when one is given."""
        ...

    def decisions_by_digest(self, org: str, prefix: str) -> list[tuple[str, StoredDecision]]: ...

    def assign_alerts(
        self, org: str, ids: Sequence[int], assignee: str | None, actor: str, at: datetime
    ) -> list[int]:
        """Give the organisation's alerts ``ids`` to ``assignee`` (``None``: nobody), one audit entry
        (``alert.assign``) per alert that changed; the ids that changed."""
        ...

    def hits_of(self, org: str, number: str) -> list[StoredHit]: ...

    def rule_counts(self, org: str, limit: int = 10) -> list[tuple[str, int]]: ...

    def runs(self, org: str) -> list[dict[str, Any]]: ...


class ListStore(Protocol):
    def add_entry(
        self,
        org: str,
        list_name: str,
        kind: str,
        value: str,
        label: str,
        sharing: str,
        reason: str,
        actor: str,
        at: datetime,
        display_name: str = "",
    ) -> int: ...

    def remove_entry(self, org: str, entry_id: int, actor: str, at: datetime) -> bool: ...

    def entries(
        self, viewer_org: str, list_name: str | None = None, kind: str | None = None, value: str | None = None
    ) -> list[ListEntry]: ...

    def entries_by_digest(self, viewer_org: str, prefix: str) -> list[tuple[str, ListEntry]]: ...

    def add_fraud_report(
        self, org: str, kind: str, value: str, category: str, note: str, actor: str, at: datetime
    ) -> int: ...

    def fraud_report_count(self, kind: str, value: str) -> int: ...


class CaseStore(Protocol):
    """Cases, their comments and evidence, verification dispatches and the labels closed cases give;
    every write audited (a dispatch and its answer in both organisations' logs)."""

    def open_case(
        self,
        org: str,
        number: str,
        title: str,
        note: str,
        actor: str,
        at: datetime,
        due_at: datetime | None = None,
    ) -> int: ...

    def case(self, org: str, case_id: int) -> Case | None: ...

    def cases(
        self,
        org: str,
        number: str | None = None,
        statuses: Sequence[str] | None = None,
        assignee: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[Case]:
        """Newest first."""
        ...

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
        """Change what is given (one audit entry per changed field); closing sets ``closed_at``,
        reopening clears it; ``label`` stores a ``CaseLabel`` of the case's number with the change.
        ``None`` when the organisation has no such case."""
        ...

    def add_comment(self, org: str, case_id: int, author: str, body: str, at: datetime) -> int: ...

    def comments(self, org: str, case_id: int) -> list[Comment]:
        """Oldest first."""
        ...

    def add_case_evidence(self, org: str, case_id: int, kind: str, ref: str, actor: str, at: datetime) -> int:
        """Attach evidence (idempotent per case, kind and ref); its id."""
        ...

    def case_evidence(self, org: str, case_id: int) -> list[EvidenceItem]: ...

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
    ) -> int: ...

    def dispatch(self, dispatch_id: int) -> Dispatch | None: ...

    def dispatches(
        self,
        from_org: str | None = None,
        to_org: str | None = None,
        case_id: int | None = None,
        pending: bool = False,
    ) -> list[Dispatch]:
        """Newest first; ``pending``: unanswered only."""
        ...

    def answer_dispatch(
        self, to_org: str, dispatch_id: int, answer: str, note: str, actor: str, at: datetime
    ) -> Dispatch | None:
        """Record the answer unless there is one already; the dispatch as stored afterwards (``None``
        when ``to_org`` has no such dispatch)."""
        ...

    def case_labels(self, org: str | None = None) -> list[CaseLabel]: ...

    def overdue_dispatches(self, now: datetime, limit: int = 500) -> list[Dispatch]:
        """Unanswered dispatches whose deadline passed by ``now`` and that are not escalated yet."""
        ...

    def mark_dispatch_escalated(
        self, dispatch_id: int, actor: str, at: datetime, messages: Sequence[NewMessage]
    ) -> bool:
        """Mark it escalated (audited in both organisations, ``messages`` queued in the asking
        organisation's outbox) unless it was answered or escalated meanwhile."""
        ...

    def actions(self, org: str, number: str | None = None) -> list[Action]:
        """What was done to numbers (their disposition history), newest first."""
        ...


class ComplaintStore(Protocol):
    """Complaints, deduplicated per organisation by reporter, number and category."""

    def add_complaint(
        self, c: NewComplaint, case_id: int | None, score: float, actor: str, at: datetime
    ) -> tuple[int, bool]:
        """Store ``c`` unless the organisation has one with its dedupe key: ``(id, created)``."""
        ...

    def complaint_by_key(self, org: str, key: str) -> Complaint | None: ...

    def complaint(self, org: str, complaint_id: int) -> Complaint | None: ...

    def complaints(
        self, org: str, number: str | None = None, case_id: int | None = None, limit: int = 500
    ) -> list[Complaint]:
        """Newest first."""
        ...

    def complaint_signals(self, number: str) -> tuple[int, int]:
        """Distinct reporters and distinct organisations with complaints about ``number``, across
        every organisation (a complaint is a signal, as a fraud report is)."""
        ...

    def mark_fast_pathed(self, org: str, number: str, actor: str, at: datetime) -> int:
        """Mark the organisation's complaints about ``number`` as fast-pathed (audited); how many."""
        ...


class OutboxStore(Protocol):
    """Messages owed to outside systems, and their delivery state."""

    def enqueue(self, org: str, message: NewMessage, at: datetime) -> int:
        """Store ``message`` unless one with its key exists in ``org``; the message's id either way."""
        ...

    def claim_due(self, now: datetime, lease_until: datetime, limit: int = 100) -> list[OutboxMessage]:
        """Queued messages due at ``now``, oldest first, leased to the caller until ``lease_until`` so
        another dispatcher does not attempt them too; a message waits while an older one with its
        ordering key and channel is still queued."""
        ...

    def record_attempt(
        self,
        message_id: int,
        status: Status,
        attempts: int,
        next_attempt_at: datetime,
        error: str | None,
        at: datetime,
    ) -> None: ...

    def outbox(
        self,
        org: str,
        topic: str | None = None,
        status: str | None = None,
        limit: int = 100,
        offset: int = 0,
    ) -> list[OutboxMessage]: ...


class WarningStore(Protocol):
    """Warnings to people fraud reached (``ringfence.domain.warnings``), each with its outbox message."""

    def add_warnings(
        self, org: str, warnings: Sequence[tuple[NewWarning, NewMessage]], at: datetime
    ) -> list[str]:
        """Store each warning whose key is new in ``org`` with its message, in one transaction; the
        keys stored (a key already there is skipped: never warned twice)."""
        ...

    def warning_report(
        self, org: str, key: str, status: WarningStatus, at: datetime, report: str = ""
    ) -> bool:
        """Record a delivery report; ``True`` when it moved the warning forward."""
        ...

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
        """Newest first."""
        ...

    def warning_counts(self, org: str, since: datetime | None = None) -> list[tuple[str, str, str, int]]:
        """``(channel, category, status, count)`` for each combination present."""
        ...


class RiskChangeFeed(Protocol):
    """What changed for screening, in commit order (``ringfence.domain.changes``)."""

    def risk_version(self) -> int: ...

    def risk_changes(self, after: int, limit: int = 1000) -> list[RiskChange]: ...


class RiskFactSource(RiskChangeFeed, Protocol):
    """The change feed and the facts live screening derives its snapshot from."""

    def risk_facts(self, numbers: Sequence[str] | None = None) -> RiskFacts:
        """Every disposition not ``active``, number list entry (every organisation's), latest
        decision per organisation and fraud report count about ``numbers`` (None: every number)."""
        ...


class DispositionStore(OutboxStore, RiskChangeFeed, Protocol):
    """Dispositions of numbers, their history, escalations; each write with its audit entries, its
    risk changes and its outbox messages in one transaction."""

    def disposition(self, org: str, number: str) -> Disposition | None: ...

    def dispositions(
        self,
        org: str,
        states: Sequence[State] | None = None,
        overdue_at: datetime | None = None,
        limit: int = 100,
        offset: int = 0,
    ) -> list[Disposition]:
        """Newest change first; ``overdue_at``: only those whose deadline passed by then."""
        ...

    def disposition_history(self, org: str, number: str) -> list[Transition]:
        """Every transition of the number in the organisation, oldest first."""
        ...

    def transitions_between(self, org: str, start: datetime, end: datetime) -> list[Transition]: ...

    def commit_transitions(
        self,
        before: Disposition,
        after: Disposition,
        steps: Sequence[Transition],
        messages: Sequence[NewMessage],
    ) -> list[Transition]:
        """Store ``after`` if the stored disposition is still ``before`` (same version), with one
        history row, audit entry and risk change per step and the messages; ``ConcurrentChangeError``
        otherwise. Returns the steps with their row ids."""
        ...

    def overdue(self, now: datetime, org: str | None = None, limit: int = 500) -> list[Disposition]:
        """Dispositions whose deadline passed by ``now`` and that are not escalated yet."""
        ...

    def mark_escalated(
        self, d: Disposition, actor: str, at: datetime, messages: Sequence[NewMessage]
    ) -> bool:
        """Mark ``d`` escalated (audited, with ``messages``) unless it changed since it was read."""
        ...

    def first_detections(self, org: str, numbers: Sequence[str]) -> dict[str, datetime]:
        """When the organisation's detection first flagged each number (numbers never flagged: absent)."""
        ...


class HolderStore(Protocol):
    """Subscriber feeds of every member operator and holders restricted for fraud: what the one-ID
    lookup and the card-opening check read. Holders are looked up across organisations (that is the
    point of one-ID lookup); who may see which numbers is the service's business."""

    def add_subscribers(self, org: str, frame: pl.DataFrame, actor: str, at: datetime) -> SubscriberWrite:
        """Insert or replace the organisation's cards by number (the latest feed wins), audited."""
        ...

    def holder_of(self, org: str, number: str) -> str | None:
        """The identity hash the organisation's subscriber feed gives ``number``, if any."""
        ...

    def holder_cards(self, id_hash: str) -> pl.DataFrame:
        """Every card of the holder in every organisation: ``org`` and the subscriber columns."""
        ...

    def subscriber_frame(self) -> pl.DataFrame:
        """Every organisation's cards (``org`` and the subscriber columns), for in-memory indexes."""
        ...

    def subscriber_version(self) -> tuple[int, datetime | None]:
        """Rows and the latest write: cheap to ask, changes whenever a feed changed something."""
        ...

    def restrict_holder(self, org: str, id_hash: str, reason: str, actor: str, at: datetime) -> int:
        """List the holder as restricted by ``org`` (audited); the entry's id (the existing one if in
        force already)."""
        ...

    def lift_holder(self, org: str, id_hash: str, actor: str, at: datetime) -> bool:
        """End ``org``'s restriction of the holder (audited); ``False`` if none was in force."""
        ...

    def restricted_holders(self, id_hash: str | None = None) -> list[RestrictedHolder]:
        """Restrictions in force, every organisation's, oldest first."""
        ...


class TagStore(RiskChangeFeed, Protocol):
    """Tags with a lifecycle (``ringfence.intel.tags``): the global view of every organisation's tags
    and each organisation's overrides of its own view. The domain computes every change; the store
    keeps it, with its audit entries and a risk change of the number, in one transaction."""

    def save_tag(
        self,
        before: Tag | None,
        after: Tag,
        org: str,
        action: str,
        detail: dict[str, Any],
        actor: str,
        at: datetime,
    ) -> Tag:
        """Store ``after``, computed from ``before`` as read (``None``: a new tag, ``after.owner``'s).
        New evidence and appeals are appended, decided appeals and the state updated; ``StaleTagError``
        when the stored tag is no longer ``before`` (another change came first) or, for a new tag, when
        the number has an active tag of the category already. Audited as ``action`` in ``org``'s log
        (and the owner's, when another organisation acted). Returns the tag as stored."""
        ...

    def tag(self, tag_id: int) -> Tag | None: ...

    def tags(
        self,
        number: str | None = None,
        states: Sequence[TagState] | None = None,
        category: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[Tag]:
        """The global view, newest first (ties: the greater id first)."""
        ...

    def set_tag_override(self, override: Override, actor: str, at: datetime) -> None:
        """Replace ``override.org``'s override of the number and category (audited)."""
        ...

    def clear_tag_override(self, org: str, number: str, category: str, actor: str, at: datetime) -> bool:
        """Remove it (audited); ``False`` when there was none."""
        ...

    def tag_overrides(self, org: str | None = None, number: str | None = None) -> list[Override]:
        """Ordered by organisation, number and category."""


class FeedStore(Protocol):
    """Signed feeds other organisations issued, as one organisation imported them: the merged entries
    (with every feed's provenance) and the newest version imported from each issuer. Imported entries
    stay here, apart from the organisation's own lists: acting on them is its policy."""

    def merge_feed(self, org: str, feed: Feed, actor: str, at: datetime) -> int:
        """Merge a verified feed into ``org``'s imported entries (``ringfence.intel.feeds.merge``, per
        entry key) together with its version, in one transaction; audited (``feed.import``). Raises
        ``StaleFeedError`` — merging nothing — unless the version is newer than the last one imported
        from the issuer. Returns how many entries ``org`` holds from feeds afterwards."""
        ...

    def feed_versions(self, org: str) -> dict[str, int]:
        """Issuer -> the newest version ``org`` imported from it."""
        ...

    def feed_entries(self, org: str, kind: str | None = None) -> list[FeedEntry]:
        """``org``'s merged imported entries (of one kind, if given), by key."""
        ...


class SessionStore(Protocol):
    def open_session(
        self, session_id: str, org: str, key_id: int, created_at: datetime, expires_at: datetime
    ) -> None: ...

    def session_key(self, session_id: str, at: datetime) -> int | None: ...

    def end_session(self, session_id: str, at: datetime) -> bool: ...


class Store(
    AuditLog,
    KeyStore,
    RecordStore,
    DecisionStore,
    ListStore,
    CaseStore,
    ComplaintStore,
    SessionStore,
    DispositionStore,
    RiskFactSource,
    WarningStore,
    HolderStore,
    TagStore,
    FeedStore,
    Protocol,
):
    """Everything the platform stores; one object so a request uses one connection pool."""
