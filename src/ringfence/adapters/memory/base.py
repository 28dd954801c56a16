"""The memory store's shared core: the lock, row tables, organisations, API keys and the audit log.

What ``SqlStore`` gets from its database, this core gives every concern module: one lock that makes
each method one transaction (the API calls the store from a thread pool), tables whose ids ascend from
1 and are never given out again, the organisations foreign keys point at, and an audit log that can
only be appended to. A method works out everything it will write before writing any of it, so a
refused write (an unknown organisation, evidence that is not JSON) leaves nothing behind, as a
rolled-back transaction would.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from functools import wraps
from typing import Any, Concatenate, Generic, ParamSpec, TypeVar

from ringfence.domain.casework import ApiKey, AuditEntry
from ringfence.domain.changes import RiskChange

__all__ = ["ConstraintError", "MemoryBase", "Rows", "locked", "micros", "to_json", "utc"]

P = ParamSpec("P")
R = TypeVar("R")
T = TypeVar("T")
S = TypeVar("S", bound="MemoryBase")


class ConstraintError(ValueError):
    """A write a database would refuse with an integrity error: an unknown organisation, a taken key."""


def utc(at: datetime) -> datetime:
    """The instant in UTC, as ``UtcDateTime`` hands it back; naive times are refused as there."""
    if at.tzinfo is None:
        raise ValueError("naive datetime given to a UTC column")
    return at.astimezone(UTC)


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def micros(at: datetime) -> int:
    """An aware instant as whole microseconds: an exact sort key (a float timestamp is not)."""
    delta = at - _EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


def to_json(value: Any) -> str:
    """Audit details as ``SqlStore`` keeps them: what reads back is what this text decodes to."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def locked(method: Callable[Concatenate[S, P], R]) -> Callable[Concatenate[S, P], R]:
    """Run the method under the store's lock: one call, one transaction."""

    @wraps(method)
    def run(self: S, /, *args: P.args, **kwargs: P.kwargs) -> R:
        with self._lock:
            return method(self, *args, **kwargs)

    return run


class Rows(Generic[T]):
    """One table's rows by id, in id order; ids ascend from 1 and a deleted row's id is never reused."""

    def __init__(self) -> None:
        self._rows: dict[int, T] = {}
        self._last = 0

    def next_id(self) -> int:
        return self._last + 1

    def add(self, row_id: int, row: T) -> int:
        """Store ``row`` under the id ``next_id()`` gave (taken once everything else has been checked)."""
        assert row_id == self._last + 1, "ids are handed out in order"
        self._last = row_id
        self._rows[row_id] = row
        return row_id

    def get(self, row_id: int) -> T | None:
        return self._rows.get(row_id)

    def put(self, row_id: int, row: T) -> None:
        assert row_id in self._rows
        self._rows[row_id] = row

    def delete(self, row_id: int) -> None:
        del self._rows[row_id]

    def __iter__(self) -> Iterator[T]:
        return iter(self._rows.values())  # insertion order is id order: ids only ever grow


@dataclass(frozen=True, slots=True)
class _Org:
    id: str
    name: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class _Audit:
    id: int
    at: datetime
    org: str
    actor: str
    action: str
    target: str
    detail: str  # JSON text: every read decodes a fresh copy, so nothing handed out can edit the log


class _AuditTrail:
    """Append and read, nothing else: the memory store's counterpart of the database triggers."""

    def __init__(self) -> None:
        self._entries: list[_Audit] = []

    def append(
        self, org: str, actor: str, action: str, target: str, detail: dict[str, Any], at: datetime
    ) -> None:
        entry = _Audit(len(self._entries) + 1, utc(at), org, actor, action, target, to_json(detail))
        self._entries.append(entry)

    def latest(
        self, org: str, limit: int, targets: Collection[str] = (), actions: Collection[str] = ()
    ) -> list[AuditEntry]:
        out: list[AuditEntry] = []
        for e in reversed(self._entries):
            if len(out) >= limit:
                break
            if e.org == org and (not targets or e.target in targets) and (not actions or e.action in actions):
                out.append(AuditEntry(e.id, e.at, e.org, e.actor, e.action, e.target, json.loads(e.detail)))
        return out


class MemoryBase:
    """Organisations, API keys and the audit log; the lock and helpers every concern module uses."""

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._orgs: dict[str, _Org] = {}
        self._keys: Rows[ApiKey] = Rows()
        self._key_ids: dict[str, int] = {}  # lookup -> key id, unique as the column is
        self._audit_trail = _AuditTrail()
        self._changes: list[RiskChange] = []  # the risk change feed; seq = position + 1

    @property
    def backend(self) -> str:
        return "memory"

    def close(self) -> None:
        """Nothing to release; the data lives as long as the object."""

    def _require_org(self, org: str) -> None:
        """Rows of an organisation need the organisation, as the tables' foreign keys demand."""
        if org not in self._orgs:
            raise ConstraintError(f"no organisation {org!r}")

    def _audit(
        self, org: str, actor: str, action: str, target: str, detail: dict[str, Any], at: datetime
    ) -> None:
        self._audit_trail.append(org, actor, action, target, detail, at)

    def _record_change(self, org: str, number: str, kind: str, at: datetime) -> int:
        """Append to the risk change feed (called under the lock, in the writing method)."""
        seq = len(self._changes) + 1
        self._changes.append(RiskChange(seq, org, number, kind, utc(at)))
        return seq

    @locked
    def risk_version(self) -> int:
        return len(self._changes)

    @locked
    def risk_changes(self, after: int, limit: int = 1000) -> list[RiskChange]:
        return self._changes[max(after, 0) : max(after, 0) + limit]

    # audit -----------------------------------------------------------------------------------------
    @locked
    def audit(
        self, org: str, actor: str, action: str, target: str, detail: dict[str, Any], at: datetime
    ) -> None:
        self._audit(org, actor, action, target, detail, at)

    @locked
    def audit_entries(
        self, org: str, limit: int = 200, targets: Sequence[str] = (), actions: Sequence[str] = ()
    ) -> list[AuditEntry]:
        return self._audit_trail.latest(org, limit, frozenset(targets), frozenset(actions))

    # organisations and keys ---------------------------------------------------------------------------
    @locked
    def ensure_org(self, org: str, name: str, at: datetime) -> bool:
        """Create the organisation unless it exists; ``True`` when it was created."""
        if org in self._orgs:
            return False
        created = _Org(org, name, utc(at))
        self._audit(org, "system", "org.create", org, {"name": name}, at)
        self._orgs[org] = created
        return True

    @locked
    def org_exists(self, org: str) -> bool:
        return org in self._orgs

    @locked
    def orgs(self) -> list[tuple[str, str]]:
        return [(o.id, o.name) for o in sorted(self._orgs.values(), key=lambda o: o.id)]

    @locked
    def add_key(self, org: str, name: str, role: str, lookup: str, key_hash: str, at: datetime) -> int:
        self._require_org(org)
        if lookup in self._key_ids:
            raise ConstraintError("an API key with this lookup exists already")
        key_id = self._keys.next_id()
        key = ApiKey(key_id, org, name, role, key_hash, utc(at), None)
        self._audit(org, "system", "key.create", f"key#{key_id}", {"name": name, "role": role}, at)
        self._key_ids[lookup] = key_id
        return self._keys.add(key_id, key)

    @locked
    def key_by_lookup(self, lookup: str) -> ApiKey | None:
        key_id = self._key_ids.get(lookup)
        return None if key_id is None else self.key_by_id(key_id)

    @locked
    def key_by_id(self, key_id: int) -> ApiKey | None:
        return self._keys.get(key_id)

    @locked
    def keys(self, org: str | None = None) -> list[ApiKey]:
        return [k for k in self._keys if org is None or k.org == org]

    @locked
    def revoke_key(self, key_id: int, actor: str, at: datetime) -> bool:
        key = self._keys.get(key_id)
        if key is None or key.revoked_at is not None:
            return False
        revoked = replace(key, revoked_at=utc(at))
        self._audit(key.org, actor, "key.revoke", f"key#{key_id}", {"name": key.name}, at)
        self._keys.put(key_id, revoked)
        return True
