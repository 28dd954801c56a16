"""The store's shared core: the engine, organisations, API keys and the audit log.

Writes that analysts must be able to trace append their audit entry through ``_audit`` on the same
connection, inside the same transaction as the change: either both land or neither does.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, CursorResult, Engine, insert, select, update

from ringfence.adapters.sql import schema as t
from ringfence.domain.casework import ApiKey, AuditEntry

__all__ = ["SqlBase", "new_id"]


def new_id(result: CursorResult[Any]) -> int:
    """The primary key an INSERT just generated."""
    key = result.inserted_primary_key
    assert key is not None
    return int(key[0])


def _json(detail: dict[str, Any]) -> str:
    return json.dumps(detail, ensure_ascii=False, sort_keys=True, default=str)


class SqlBase:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @property
    def backend(self) -> str:
        return self.engine.dialect.name

    def close(self) -> None:
        self.engine.dispose()

    # audit -----------------------------------------------------------------------------------------
    @staticmethod
    def _audit(
        conn: Connection, org: str, actor: str, action: str, target: str, detail: dict[str, Any], at: datetime
    ) -> None:
        conn.execute(
            insert(t.audit_log).values(
                at=at, org_id=org, actor=actor, action=action, target=target, detail=_json(detail)
            )
        )

    def audit(
        self, org: str, actor: str, action: str, target: str, detail: dict[str, Any], at: datetime
    ) -> None:
        with self.engine.begin() as conn:
            self._audit(conn, org, actor, action, target, detail, at)

    def audit_entries(
        self, org: str, limit: int = 200, targets: Sequence[str] = (), actions: Sequence[str] = ()
    ) -> list[AuditEntry]:
        c = t.audit_log.c
        q = select(t.audit_log).where(c.org_id == org).order_by(c.id.desc()).limit(limit)
        if targets:
            q = q.where(c.target.in_(list(targets)))
        if actions:
            q = q.where(c.action.in_(list(actions)))
        with self.engine.connect() as conn:
            return [
                AuditEntry(r.id, r.at, r.org_id, r.actor, r.action, r.target, json.loads(r.detail))
                for r in conn.execute(q)
            ]

    # organisations and keys ---------------------------------------------------------------------------
    def ensure_org(self, org: str, name: str, at: datetime) -> bool:
        """Create the organisation unless it exists; ``True`` when it was created."""
        with self.engine.begin() as conn:
            if conn.execute(select(t.orgs.c.id).where(t.orgs.c.id == org)).first() is not None:
                return False
            conn.execute(insert(t.orgs).values(id=org, name=name, created_at=at))
            self._audit(conn, org, "system", "org.create", org, {"name": name}, at)
            return True

    def org_exists(self, org: str) -> bool:
        with self.engine.connect() as conn:
            return conn.execute(select(t.orgs.c.id).where(t.orgs.c.id == org)).first() is not None

    def orgs(self) -> list[tuple[str, str]]:
        with self.engine.connect() as conn:
            return [(r.id, r.name) for r in conn.execute(select(t.orgs).order_by(t.orgs.c.id))]

    def add_key(self, org: str, name: str, role: str, lookup: str, key_hash: str, at: datetime) -> int:
        with self.engine.begin() as conn:
            result = conn.execute(
                insert(t.api_keys).values(
                    org_id=org, name=name, role=role, lookup=lookup, key_hash=key_hash, created_at=at
                )
            )
            key_id = new_id(result)
            self._audit(conn, org, "system", "key.create", f"key#{key_id}", {"name": name, "role": role}, at)
            return key_id

    @staticmethod
    def _key(row: Any) -> ApiKey:
        return ApiKey(row.id, row.org_id, row.name, row.role, row.key_hash, row.created_at, row.revoked_at)

    def key_by_lookup(self, lookup: str) -> ApiKey | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(t.api_keys).where(t.api_keys.c.lookup == lookup)).first()
        return None if row is None else self._key(row)

    def key_by_id(self, key_id: int) -> ApiKey | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(t.api_keys).where(t.api_keys.c.id == key_id)).first()
        return None if row is None else self._key(row)

    def keys(self, org: str | None = None) -> list[ApiKey]:
        q = select(t.api_keys).order_by(t.api_keys.c.id)
        if org is not None:
            q = q.where(t.api_keys.c.org_id == org)
        with self.engine.connect() as conn:
            return [self._key(r) for r in conn.execute(q)]

    def revoke_key(self, key_id: int, actor: str, at: datetime) -> bool:
        with self.engine.begin() as conn:
            row = conn.execute(select(t.api_keys).where(t.api_keys.c.id == key_id)).first()
            if row is None or row.revoked_at is not None:
                return False
            conn.execute(update(t.api_keys).where(t.api_keys.c.id == key_id).values(revoked_at=at))
            self._audit(conn, row.org_id, actor, "key.revoke", f"key#{key_id}", {"name": row.name}, at)
            return True
