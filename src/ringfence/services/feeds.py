"""Feeds between organisations over the store: what an organisation exports (its shared list entries
and the holders it restricted) and where imported feeds are merged (a JSON state file: the merged
entries with provenance and the newest version imported from each issuer).

Imported entries are kept beside the store, not written into another organisation's lists: who acts
on a partner's listing, and how, is the importer's policy.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Protocol

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import load_pem_private_key

from ringfence.intel.feeds import (
    EntryKind,
    Feed,
    FeedEntry,
    FeedError,
    Provenance,
    entry_json,
    export_feed,
    import_feed,
    merge,
    parse_entry,
)
from ringfence.ports.store import AuditLog, HolderStore, ListStore

__all__ = ["FeedState", "export_org_feed", "import_files", "load_key"]

_CONFIDENCE = {"blacklist": 1.0, "tag": 0.8}


class _Store(ListStore, HolderStore, AuditLog, Protocol):
    pass


def load_key(path: Path) -> Ed25519PrivateKey:
    try:
        key = load_pem_private_key(path.read_bytes(), password=None)
    except (OSError, ValueError) as exc:
        raise FeedError(f"{path}: not a readable PEM private key ({exc})") from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise FeedError(f"{path}: not an Ed25519 key")
    return key


def org_entries(store: _Store, org: str, version: int, at: datetime) -> list[FeedEntry]:
    out: list[FeedEntry] = []
    for e in store.entries(org):
        if e.org != org or e.sharing != "shared" or e.list_name not in _CONFIDENCE:
            continue
        category = e.label if e.list_name == "tag" and e.label else e.list_name
        prov = frozenset({Provenance(org, "operator", e.created_at)})
        out.append(
            FeedEntry(
                EntryKind(e.kind),
                e.value,
                category,
                _CONFIDENCE[e.list_name],
                True,
                version,
                e.created_at,
                org,
                prov,
            )
        )
    for r in store.restricted_holders():
        if r.org == org:
            prov = frozenset({Provenance(org, "confirmed_case", r.listed_at)})
            out.append(
                FeedEntry(
                    EntryKind.HOLDER, r.id_hash, "restricted", 1.0, True, version, r.listed_at, org, prov
                )
            )
    return out


def export_org_feed(
    store: _Store, org: str, key: Ed25519PrivateKey, version: int, actor: str, at: datetime
) -> tuple[bytes, int]:
    """The organisation's signed feed and its number of entries; audited (``feed.export``)."""
    entries = org_entries(store, org, version, at)
    data = export_feed(Feed(org, version, at, tuple(entries)), key)
    store.audit(org, actor, "feed.export", f"version {version}", {"entries": len(entries)}, at)
    return data, len(entries)


@dataclass
class FeedState:
    entries: dict[tuple[str, str, str], FeedEntry]
    versions: dict[str, int]

    @classmethod
    def load(cls, path: Path) -> FeedState:
        if not path.exists():
            return cls({}, {})
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            entries = [parse_entry(e) for e in raw["entries"]]
            versions = {str(k): int(v) for k, v in raw["versions"].items()}
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise FeedError(f"{path}: not a feed state file ({exc})") from exc
        return cls(merge(entries), versions)

    def save(self, path: Path) -> None:
        doc = {
            "versions": dict(sorted(self.versions.items())),
            "entries": [entry_json(e) for _, e in sorted(self.entries.items())],
        }
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")
        tmp.replace(path)


def import_files(
    files: Sequence[Path], trusted: dict[str, str], state: FeedState
) -> list[tuple[str, int, int]]:
    """Verify each feed and merge it into ``state``: ``(issuer, version, entries)`` per file."""
    done = []
    for path in files:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise FeedError(f"{path}: cannot read ({exc})") from exc
        feed = import_feed(data, trusted, state.versions)
        state.entries = merge(state.entries.values(), feed.entries)
        state.versions[feed.issuer] = feed.version
        done.append((feed.issuer, feed.version, len(feed.entries)))
    return done
