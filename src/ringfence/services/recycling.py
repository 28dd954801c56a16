"""Recycling: a number a subscriber feed gives to a new holder loses the old holder's tags.

The feed's organisation is authoritative for its own numbers, so the tags on a re-issued number go:
the stored tags of the global view made before the re-issue are marked ``recycled`` (the domain's
``recycle``: a tag made under the new holder stays), and the ``tag`` list entries the organisation can
see (its own, and shared ones of others) are removed. Each change is audited with the feed's actor.
Blacklist entries are not touched: a blocked number stays blocked until someone decides otherwise (a
recycled number is usually quarantined first anyway).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Protocol

from ringfence.domain.casework import EntryKind, ListName
from ringfence.domain.holders import Reissue
from ringfence.intel import tags as rules
from ringfence.intel.tags import StaleTagError, Tag, TagState
from ringfence.ports.store import ListStore, TagStore

__all__ = ["recycle_stored_tags", "recycle_tags"]


class _Store(ListStore, TagStore, Protocol):
    pass


def recycle_tags(store: _Store, actor: str, reissues: Iterable[Reissue], at: datetime) -> int:
    """Recycle stored tags and remove tag list entries of every re-issued number; how many went."""
    reissued = list(reissues)
    removed = 0
    for r in reissued:
        for entry in store.entries(r.org, ListName.TAG.value, EntryKind.NUMBER.value, r.number):
            if entry.created_at <= at and store.remove_entry(entry.org, entry.id, f"{actor} (re-issued)", at):
                removed += 1
    return removed + recycle_stored_tags(store, actor, reissued, at)


def recycle_stored_tags(store: TagStore, actor: str, reissues: Iterable[Reissue], at: datetime) -> int:
    """Mark every active tag of the global view on a re-issued number ``recycled`` (audited in the
    feed's organisation and the tag owner's); how many."""
    recycled = 0
    for r in reissues:
        for found in store.tags(r.number, [TagState.ACTIVE]):
            tag: Tag | None = found
            for _attempt in range(3):  # a tag that changed meanwhile is read again and judged again
                if tag is None or tag.state is not TagState.ACTIVE:
                    break
                after = rules.recycle([tag], r.number, r.new_id_hash, at)[0]
                if after.state is TagState.ACTIVE:
                    break  # made under the new holder, or after the re-issue
                detail = {"old_holder": r.old_id_hash, "new_holder": r.new_id_hash}
                try:
                    store.save_tag(tag, after, r.org, "tag.recycle", detail, f"{actor} (re-issued)", at)
                except StaleTagError:
                    tag = store.tag(tag.id)
                    continue
                recycled += 1
                break
    return recycled
