"""What an organisation may read of its own history: alerts, runs, the audit log, outbox deliveries.

The edges (API, console, CLI) read through these functions, never the store directly, so that each
read checks its permission in one place and every edge shows the same rows.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from ringfence.domain.access import NotFoundError, Permission, Principal, Role, require
from ringfence.domain.casework import AuditEntry, StoredDecision
from ringfence.domain.disposition import Transition
from ringfence.domain.outbox import OutboxMessage, Status, Topic
from ringfence.domain.queue import QueueFilter, select_alerts
from ringfence.errors import ConfigError
from ringfence.ports.store import AuditLog, DecisionStore, DispositionStore, KeyStore, OutboxStore

__all__ = [
    "alert",
    "alert_queue",
    "alerts",
    "assign_alerts",
    "audit_log",
    "disposition_history",
    "local_operator",
    "other_orgs",
    "outbox_messages",
    "runs",
]


def local_operator(org: str) -> Principal:
    """Who the command line acts as: whoever runs it on the platform's host holds its database and
    secret already, so it is the organisation's administrator, audited as ``cli``."""
    return Principal(org=org, role=Role.ADMIN, key_id=0, name="cli")


def alerts(
    store: DecisionStore,
    who: Principal,
    outcome: str | None = None,
    typology: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> list[StoredDecision]:
    """The organisation's alerts, newest first (``outcome``: open, confirmed or dismissed)."""
    require(who, Permission.VIEW)
    return store.decisions(who.org, outcome, typology, None, limit, offset)


def alert(store: DecisionStore, who: Principal, alert_id: int) -> StoredDecision:
    require(who, Permission.VIEW)
    found = store.decision(who.org, alert_id)
    if found is None:
        raise NotFoundError(f"no alert {alert_id}")
    return found


def runs(store: DecisionStore, who: Principal) -> list[dict[str, Any]]:
    """The organisation's detection runs and the policy each used."""
    require(who, Permission.VIEW)
    return store.runs(who.org)


def audit_log(store: AuditLog, who: Principal, limit: int = 200) -> list[AuditEntry]:
    """The organisation's audit log, newest first: administrators only."""
    require(who, Permission.ADMIN)
    return store.audit_entries(who.org, limit)


def disposition_history(store: DispositionStore, who: Principal, number: str) -> list[Transition]:
    """Every transition of the organisation's disposition of ``number`` (canonical), oldest first."""
    require(who, Permission.VIEW)
    return store.disposition_history(who.org, number)


def outbox_messages(
    store: OutboxStore,
    who: Principal,
    topic: str | None = None,
    status: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> list[OutboxMessage]:
    """The organisation's outbox with its delivery state; unknown filters are a clear error."""
    require(who, Permission.VIEW)
    if topic is not None and topic not in {t.value for t in Topic}:
        raise ConfigError(f"unknown topic {topic!r}; one of {', '.join(t.value for t in Topic)}")
    if status is not None and status not in {s.value for s in Status}:
        raise ConfigError(f"unknown status {status!r}; one of {', '.join(s.value for s in Status)}")
    return store.outbox(who.org, topic, status, limit, offset)


def other_orgs(store: KeyStore, who: Principal) -> list[str]:
    """The organisations ``who`` may dispatch to: every one on the platform but its own."""
    require(who, Permission.VIEW)
    return [o for o, _ in store.orgs() if o != who.org]


def alert_queue(
    store: DecisionStore, who: Principal, f: QueueFilter, zone: ZoneInfo, limit: int, offset: int = 0
) -> tuple[list[StoredDecision], int]:
    """A page of the organisation's alerts as the queue filters and sorts them, and how many match."""
    require(who, Permission.VIEW)
    f.check()
    # outcome and typology narrow in the store; the rest in the pure selection
    found = select_alerts(store.decisions(who.org, f.outcome or None, f.typology or None), f, zone)
    return found[offset : offset + limit], len(found)


MAX_BULK = 500


def assign_alerts(
    store: DecisionStore, who: Principal, ids: list[int], assignee: str, at: datetime
) -> list[int]:
    """Give alerts to someone (empty: to nobody); audited per alert. Triage permission needed."""
    require(who, Permission.TRIAGE)
    if not ids:
        raise ConfigError("select at least one alert")
    if len(ids) > MAX_BULK:
        raise ConfigError(f"at most {MAX_BULK} alerts at once")
    name = assignee.strip()
    if len(name) > 300:
        raise ConfigError("an assignee has at most 300 characters")
    return store.assign_alerts(who.org, ids, name or None, who.actor, at)
