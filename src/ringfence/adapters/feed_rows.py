"""How the stores keep an imported feed entry: its key digest and its provenance as JSON, shared by
``SqlFeeds`` and ``MemoryFeeds`` so both merge and read back alike."""

from __future__ import annotations

import hashlib
import json

from ringfence.intel.feeds import FeedEntry, Provenance, parse_provenance, provenance_json

__all__ = ["entry_key", "key_of", "provenance_text", "read_provenance"]


def entry_key(kind: str, value: str, category: str) -> str:
    """SHA-256 of the entry's key: a short fixed-width primary key, whatever the length of a URL."""
    return hashlib.sha256("\0".join((kind, value, category)).encode("utf-8")).hexdigest()


def key_of(entry: FeedEntry) -> str:
    return entry_key(*entry.key)


def provenance_text(entry: FeedEntry) -> str:
    return json.dumps(provenance_json(entry.provenance), ensure_ascii=False, sort_keys=True)


def read_provenance(text: str) -> frozenset[Provenance]:
    return parse_provenance(json.loads(text))
