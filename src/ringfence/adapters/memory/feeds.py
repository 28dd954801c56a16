"""Imported feeds in memory, as ``SqlFeeds`` keeps them."""

from __future__ import annotations

from datetime import datetime

from ringfence.adapters.feed_rows import key_of
from ringfence.adapters.memory.base import MemoryBase, locked
from ringfence.intel.feeds import Feed, FeedEntry, StaleFeedError, merge

__all__ = ["MemoryFeeds"]


class MemoryFeeds(MemoryBase):
    def __init__(self) -> None:
        super().__init__()
        self._feed_entries: dict[tuple[str, str], FeedEntry] = {}  # (org, entry key) -> merged entry
        self._feed_versions: dict[tuple[str, str], int] = {}  # (org, issuer) -> newest imported

    @locked
    def merge_feed(self, org: str, feed: Feed, actor: str, at: datetime) -> int:
        self._require_org(org)
        seen = self._feed_versions.get((org, feed.issuer))
        if seen is not None and feed.version <= seen:
            raise StaleFeedError(
                f"feed of {feed.issuer!r}: version {feed.version} is not newer than {seen}, the last "
                "imported (a replay or a rollback); nothing merged"
            )
        for entry in feed.entries:
            slot = (org, key_of(entry))
            held = self._feed_entries.get(slot)
            self._feed_entries[slot] = merge([] if held is None else [held], [entry])[entry.key]
        self._feed_versions[(org, feed.issuer)] = feed.version
        total = sum(1 for o, _ in self._feed_entries if o == org)
        detail = {
            "issuer": feed.issuer,
            "version": feed.version,
            "entries": len(feed.entries),
            "total": total,
        }
        self._audit(org, actor, "feed.import", f"{feed.issuer} version {feed.version}", detail, at)
        return total

    @locked
    def feed_versions(self, org: str) -> dict[str, int]:
        return {issuer: v for (o, issuer), v in sorted(self._feed_versions.items()) if o == org}

    @locked
    def feed_entries(self, org: str, kind: str | None = None) -> list[FeedEntry]:
        found = [
            e
            for (o, _), e in self._feed_entries.items()
            if o == org and (kind is None or e.kind.value == kind)
        ]
        return sorted(found, key=lambda e: e.key)
