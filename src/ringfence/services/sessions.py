"""Console sessions: opened at login, looked up on every page, ended at logout; each audited.

The console's edge handles cookies and CSRF; what a session *is* (an open row in the store tied to a
key that is not revoked) is decided here, so that every worker and every page agree.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Protocol

from ringfence.domain.access import Principal, Role
from ringfence.ports.store import AuditLog, KeyStore, SessionStore

__all__ = ["end_session", "open_session", "session_principal"]


class _Store(SessionStore, KeyStore, AuditLog, Protocol):
    pass


def open_session(store: _Store, who: Principal, session_id: str, at: datetime, hours: float) -> datetime:
    """Record a session for ``who`` from ``at``; returns when it expires."""
    expires = at + timedelta(hours=hours)
    store.open_session(session_id, who.org, who.key_id, at, expires)
    store.audit(who.org, who.actor, "console.login", f"key#{who.key_id}", {}, at)
    return expires


def session_principal(store: _Store, session_id: str | None, at: datetime) -> Principal | None:
    """Who a session belongs to, while it is open and its key is not revoked; else ``None``."""
    key_id = store.session_key(session_id, at) if session_id else None
    key = store.key_by_id(key_id) if key_id is not None else None
    if key is None or key.revoked_at is not None:
        return None
    return Principal(org=key.org, role=Role(key.role), key_id=key.id, name=key.name)


def end_session(store: _Store, session_id: str, at: datetime) -> None:
    """End the session for good (a replayed cookie is refused from now on) and audit the logout."""
    key_id = store.session_key(session_id, at)
    key = store.key_by_id(key_id) if key_id is not None else None
    if store.end_session(session_id, at) and key is not None:
        actor = Principal(org=key.org, role=Role(key.role), key_id=key.id, name=key.name).actor
        store.audit(key.org, actor, "console.logout", f"key#{key.id}", {}, at)
