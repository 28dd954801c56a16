"""What an organisation may read of its own history: alerts, runs, the audit log, outbox deliveries.

The edges (API, console, CLI) read through these functions, never the store directly, so that each
read checks its permission in one place and every edge shows the same rows.
"""

from __future__ import annotations

from typing import Any

from ringfence.domain.access import NotFoundError, Permission, Principal, Role, require
from ringfence.domain.casework import AuditEntry, StoredDecision
from ringfence.domain.disposition import Transition
from ringfence.domain.outbox import OutboxMessage, Status, Topic
from ringfence.errors import ConfigError
from ringfence.ports.store import AuditLog, DecisionStore, DispositionStore, KeyStore, OutboxStore

__all__ = [
    "alert",
    "alerts",
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
