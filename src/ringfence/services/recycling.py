"""Recycling: a number a subscriber feed gives to a new holder loses the old holder's tags.

The feed's organisation is authoritative for its own numbers, so the tags it can see on a re-issued
number (its own, and shared ones of other organisations) are removed, each removal audited under the
owning organisation with the feed's actor. Blacklist entries are not touched: a blocked number stays
blocked until someone decides otherwise (a recycled number is usually quarantined first anyway).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from ringfence.domain.casework import EntryKind, ListName
from ringfence.domain.holders import Reissue
from ringfence.ports.store import ListStore

__all__ = ["recycle_tags"]


def recycle_tags(store: ListStore, actor: str, reissues: Iterable[Reissue], at: datetime) -> int:
    removed = 0
    for r in reissues:
        for entry in store.entries(r.org, ListName.TAG.value, EntryKind.NUMBER.value, r.number):
            if entry.created_at <= at and store.remove_entry(entry.org, entry.id, f"{actor} (re-issued)", at):
                removed += 1
    return removed
