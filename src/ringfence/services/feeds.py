"""Feeds between organisations over the store: what an organisation exports (its shared list entries
and the holders it restricted) and where imported feeds are merged (the store's ``feed_entries``, with
provenance, and ``feed_versions``, the newest version imported from each issuer).

Imported entries are kept beside the store, not written into another organisation's lists: who acts
on a partner's listing, and how, is the importer's policy.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Protocol

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import load_pem_private_key

from ringfence.domain.access import Permission, Principal, require
from ringfence.errors import ConfigError
from ringfence.intel.feeds import (
    EntryKind,
    Feed,
    FeedEntry,
    FeedError,
    HashedEntry,
    Provenance,
    export_feed,
    hashed,
    import_feed,
    lookup_prefix,
    merge,
)
from ringfence.ports.store import AuditLog, FeedStore, HolderStore, ListStore

__all__ = [
    "Imported",
    "export_org_feed",
    "export_version",
    "hashed_lookup",
    "import_data",
    "import_files",
    "load_key",
    "parse_trust",
    "shared_view",
    "signing_key",
]

_CONFIDENCE = {"blacklist": 1.0, "tag": 0.8}


class _Store(ListStore, HolderStore, FeedStore, AuditLog, Protocol):
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


@dataclass(frozen=True)
class Imported:
    issuer: str
    version: int
    entries: int  # in the feed
    total: int  # the organisation's merged entries afterwards


def import_data(
    store: FeedStore, org: str, data: bytes, trusted: Mapping[str, str], actor: str, at: datetime
) -> Imported:
    """Verify a signed feed against the key trusted for its issuer and merge it into ``org``'s imported
    entries in the store (a version not newer than the last imported is refused there, atomically)."""
    feed = import_feed(data, trusted, store.feed_versions(org))
    total = store.merge_feed(org, feed, actor, at)
    return Imported(feed.issuer, feed.version, len(feed.entries), total)


def import_files(
    store: FeedStore, org: str, files: Sequence[Path], trusted: Mapping[str, str], actor: str, at: datetime
) -> list[Imported]:
    """``import_data`` of each file, in order; a refused file stops the run (those before it stay merged)."""
    done = []
    for path in files:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise FeedError(f"{path}: cannot read ({exc})") from exc
        try:
            done.append(import_data(store, org, data, trusted, actor, at))
        except FeedError as exc:
            raise type(exc)(f"{path}: {exc}") from exc
    return done


def parse_trust(items: Iterable[str]) -> dict[str, str]:
    """``ISSUER=KEY`` items (a setting's comma-separated list, or repeated CLI options)."""
    trusted: dict[str, str] = {}
    for item in items:
        item = item.strip()
        if not item:
            continue
        issuer, sep, value = item.partition("=")
        if not sep or not issuer.strip() or not value.strip():
            raise ConfigError(f"trusted feed key {item!r}: write ISSUER=PUBLIC_KEY")
        trusted[issuer.strip()] = value.strip()
    return trusted


def signing_key(key_dir: Path | None, org: str) -> Ed25519PrivateKey:
    """The organisation's signing key, ``<key_dir>/<org>.pem``."""
    if key_dir is None:
        raise ConfigError("no feed signing keys configured (RINGFENCE_FEED_KEY_DIR)")
    path = key_dir / f"{org}.pem"
    if not path.is_file():
        raise ConfigError(
            f"no feed signing key for organisation {org!r} ({path.name} in RINGFENCE_FEED_KEY_DIR)"
        )
    return load_key(path)


def export_version(at: datetime) -> int:
    """An exported feed's version: the export time in milliseconds, which grows with every export (two in
    the same millisecond carry one version, and an importer takes only the first)."""
    return int(at.timestamp() * 1000)


def shared_view(store: _Store, org: str, at: datetime) -> list[FeedEntry]:
    """What ``org`` answers partners with: its own shared entries merged with the feeds it imported."""
    own = org_entries(store, org, export_version(at), at)
    return list(merge(own, store.feed_entries(org)).values())


def hashed_lookup(
    store: _Store, principal: Principal, prefix: str, key: str, at: datetime
) -> list[HashedEntry]:
    """Entries of ``shared_view`` whose HMAC-SHA256 (under the key shared with partners) starts with
    ``prefix``: digests, kinds, categories and confidences, never a value."""
    require(principal, Permission.LOOKUP)
    if not key:
        raise ConfigError("hashed feed lookups are off (no RINGFENCE_FEED_HASH_KEY)")
    return lookup_prefix(hashed(shared_view(store, principal.org, at), key.encode("utf-8")), prefix)
