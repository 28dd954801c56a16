"""Look numbers up by a digest prefix: the partner learns what is listed, we learn only a bucket."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from ringfence.domain.access import Permission, Principal, require
from ringfence.domain.digests import MAX_PREFIX, MIN_PREFIX, valid_prefix
from ringfence.errors import ConfigError
from ringfence.ports.store import DecisionStore, ListStore

__all__ = ["HashedMatch", "hashed_lookup"]


class _Store(DecisionStore, ListStore, Protocol):
    pass


@dataclass
class HashedMatch:
    digest: str
    lists: set[str] = field(default_factory=set)  # blacklist / whitelist
    tags: set[str] = field(default_factory=set)
    verdict: str | None = None  # the asking organisation's own decision, if any


def hashed_lookup(store: _Store, principal: Principal, prefix: str) -> list[HashedMatch]:
    """Every visible listed or (own-organisation) flagged value whose SHA-256 starts with ``prefix``.

    Only digests, list names, tag labels and verdicts are returned, never values, so the answer is safe
    for any role allowed to look up.
    """
    require(principal, Permission.LOOKUP)
    prefix = prefix.strip().lower()
    if not valid_prefix(prefix):
        raise ConfigError(f"a digest prefix is {MIN_PREFIX} to {MAX_PREFIX} hex digits of SHA-256")
    found: dict[str, HashedMatch] = {}
    for digest, entry in store.entries_by_digest(principal.org, prefix):
        match = found.setdefault(digest, HashedMatch(digest))
        if entry.list_name == "tag":
            match.tags.add(entry.label)
        else:
            match.lists.add(entry.list_name)
    for digest, decision in store.decisions_by_digest(principal.org, prefix):
        found.setdefault(digest, HashedMatch(digest)).verdict = decision.verdict
    return [found[d] for d in sorted(found)]
