"""Restricting ID holders for fraud (涉诈失信): who may, and what must follow (the card index refreshed).

``id_hash`` values arrive already checked to be keyed hashes (the API refuses plain identity numbers).
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from ringfence.domain.access import NotFoundError, Permission, Principal, require
from ringfence.ports.store import HolderStore

__all__ = ["lift", "restrict"]


class _Index(Protocol):
    def mark_stale(self) -> None: ...


def restrict(
    store: HolderStore, index: _Index, who: Principal, id_hash: str, reason: str, at: datetime
) -> int:
    """List the holder as restricted by ``who``'s organisation (audited); every member's card-opening
    check refuses new cards for them once the index is rebuilt."""
    require(who, Permission.HOLDERS)
    require(who, Permission.EDIT_LISTS)
    entry = store.restrict_holder(who.org, id_hash, reason, who.actor, at)
    index.mark_stale()
    return entry


def lift(store: HolderStore, index: _Index, who: Principal, id_hash: str, at: datetime) -> None:
    require(who, Permission.HOLDERS)
    require(who, Permission.EDIT_LISTS)
    if not store.lift_holder(who.org, id_hash, who.actor, at):
        raise NotFoundError("no restriction of this holder by your organisation is in force")
    index.mark_stale()
