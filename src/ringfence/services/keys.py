"""Create and check API keys: the only way in, for partners, operators' systems and the console."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from ringfence.domain.access import NotFoundError, Principal, Role, UnauthenticatedError, org_id
from ringfence.domain.apikeys import format_key, hash_key, parse_key, verify_key
from ringfence.domain.casework import ApiKey
from ringfence.errors import ConfigError
from ringfence.ports.store import KeyStore

__all__ = ["CreatedKey", "authenticate", "create_key", "existing_org", "list_keys", "revoke_key"]

_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"


@dataclass(frozen=True, slots=True)
class CreatedKey:
    id: int
    org: str
    name: str
    role: Role
    key: str  # shown once, never stored


def create_key(store: KeyStore, secret: bytes, org: str, name: str, role: str, now: datetime) -> CreatedKey:
    """Make a key for ``org`` (created if new) and store only its keyed hash."""
    org_id(org)
    try:
        parsed_role = Role(role)
    except ValueError as exc:
        raise ConfigError(f"unknown role {role!r}; one of {', '.join(r.value for r in Role)}") from exc
    if not name.strip():
        raise ConfigError("a key needs a name")
    store.ensure_org(org, org, now)
    lookup = "".join(secrets.choice(_ALNUM) for _ in range(8))
    key = format_key(lookup, secrets.token_urlsafe(24))
    key_id = store.add_key(org, name.strip(), parsed_role.value, lookup, hash_key(key, secret), now)
    return CreatedKey(key_id, org, name.strip(), parsed_role, key)


def authenticate(store: KeyStore, secret: bytes, presented: str | None) -> Principal:
    """The principal behind a presented key; ``UnauthenticatedError`` for anything else."""
    if not presented:
        raise UnauthenticatedError("an API key is required")
    parsed = parse_key(presented)
    if parsed is None:
        raise UnauthenticatedError("malformed API key")
    row = store.key_by_lookup(parsed.lookup)
    if row is None or row.revoked_at is not None or not verify_key(parsed.full, row.key_hash, secret):
        raise UnauthenticatedError("unknown or revoked API key")
    return Principal(org=row.org, role=Role(row.role), key_id=row.id, name=row.name)


def existing_org(store: KeyStore, org: str) -> str:
    """``org`` checked for form and existence (commands on an unknown tenant fail, not create it)."""
    org = org_id(org)
    if not store.org_exists(org):
        raise NotFoundError(f"no organisation {org!r}")
    return org


def list_keys(store: KeyStore, org: str | None = None) -> list[ApiKey]:
    """Keys (ids, names, roles, organisations; never the keys themselves)."""
    return store.keys(org)


def revoke_key(store: KeyStore, key_id: int, actor: str, now: datetime) -> None:
    """Revoke a live key: API calls and console sessions made with it stop at once (audited)."""
    if not store.revoke_key(key_id, actor, now):
        raise NotFoundError(f"no live key #{key_id}")
