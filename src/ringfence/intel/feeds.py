"""Signed, versioned intelligence feeds between organisations, and hashed entries for partners.

A feed is one organisation's list of entries (numbers, URLs/domains, SMS keywords, holders) with a
version that only grows, signed with the organisation's Ed25519 key over a canonical JSON encoding.
An importer verifies the signature against the key it trusts for that issuer and refuses a version
it has already seen (a replayed or rolled-back feed).

Merging is a join: per entry key (kind, value, category) the entry with the greatest
``(version, updated_at, listed, confidence, issuer)`` wins and the provenance of both sides is united.
Choosing by a total order and uniting sets is commutative, associative and idempotent, so any number
of feeds merged in any order, any number of times, gives the same result; every entry keeps who said
it and when.

Partners get ``hashed`` entries: an HMAC-SHA256 of the value under a key shared with them, never the
value; a lookup by a hash prefix returns the full hashes in that bucket for the partner to match
locally.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from ringfence.errors import ConflictError, DataContractError

__all__ = [
    "EntryKind",
    "Feed",
    "FeedEntry",
    "FeedError",
    "HashedEntry",
    "Provenance",
    "StaleFeedError",
    "entry_json",
    "export_feed",
    "hashed",
    "import_feed",
    "keyed_hash",
    "lookup_prefix",
    "merge",
    "parse_entry",
    "parse_provenance",
    "provenance_json",
    "public_key_text",
]


class FeedError(DataContractError):
    """A feed that is not signed by the key trusted for its issuer, is malformed, or is not newer."""


class StaleFeedError(FeedError, ConflictError):
    """A feed whose version is not newer than the last one imported from its issuer: a replay or a
    rollback (HTTP 409). Nothing of it is merged."""


class EntryKind(StrEnum):
    NUMBER = "number"
    URL = "url"
    DOMAIN = "domain"
    SMS_KEYWORD = "sms_keyword"
    HOLDER = "holder"  # an id_hash restricted for fraud


@dataclass(frozen=True, slots=True, order=True)
class Provenance:
    org: str
    source: str  # operator, tagging_company, user_report, detection, confirmed_case
    at: datetime


@dataclass(frozen=True, slots=True)
class FeedEntry:
    kind: EntryKind
    value: str
    category: str
    confidence: float
    listed: bool  # False: a delisting, carried so that it reaches everyone the listing reached
    version: int
    updated_at: datetime
    issuer: str
    provenance: frozenset[Provenance]

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.kind.value, self.value, self.category)

    def rank(self) -> tuple[int, datetime, bool, float, str]:
        return (self.version, self.updated_at, self.listed, self.confidence, self.issuer)


@dataclass(frozen=True, slots=True)
class Feed:
    issuer: str
    version: int
    created_at: datetime
    entries: tuple[FeedEntry, ...]


def merge(*sides: Iterable[FeedEntry]) -> dict[tuple[str, str, str], FeedEntry]:
    """Entries of every side joined per key (see the module's docstring)."""
    out: dict[tuple[str, str, str], FeedEntry] = {}
    for side in sides:
        for entry in side:
            held = out.get(entry.key)
            if held is None:
                out[entry.key] = entry
                continue
            winner = entry if entry.rank() > held.rank() else held
            out[entry.key] = replace(winner, provenance=held.provenance | entry.provenance)
    return out


# signing ---------------------------------------------------------------------------------------------
def provenance_json(provenance: Iterable[Provenance]) -> list[dict[str, str]]:
    return [{"org": p.org, "source": p.source, "at": p.at.isoformat()} for p in sorted(provenance)]


def parse_provenance(raw: Iterable[Mapping[str, Any]]) -> frozenset[Provenance]:
    return frozenset(
        Provenance(str(p["org"]), str(p["source"]), datetime.fromisoformat(p["at"])) for p in raw
    )


def entry_json(e: FeedEntry) -> dict[str, Any]:
    return {
        "kind": e.kind.value,
        "value": e.value,
        "category": e.category,
        "confidence": e.confidence,
        "listed": e.listed,
        "version": e.version,
        "updated_at": e.updated_at.isoformat(),
        "issuer": e.issuer,
        "provenance": provenance_json(e.provenance),
    }


def _body(feed: Feed) -> dict[str, Any]:
    return {
        "format": "ringfence-feed/1",
        "issuer": feed.issuer,
        "version": feed.version,
        "created_at": feed.created_at.isoformat(),
        "entries": [entry_json(e) for e in sorted(feed.entries, key=lambda e: e.key)],
    }


def _canonical(body: Mapping[str, Any]) -> bytes:
    return json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def public_key_text(key: Ed25519PrivateKey | Ed25519PublicKey) -> str:
    """The raw public key, base64: what an issuer gives the organisations that import its feed."""
    public = key.public_key() if isinstance(key, Ed25519PrivateKey) else key
    return base64.b64encode(public.public_bytes(Encoding.Raw, PublicFormat.Raw)).decode()


def export_feed(feed: Feed, key: Ed25519PrivateKey) -> bytes:
    """The feed as signed JSON: ``{"feed": …, "signature": base64, "public_key": base64}``."""
    body = _body(feed)
    signature = key.sign(_canonical(body))
    doc = {
        "feed": body,
        "signature": base64.b64encode(signature).decode(),
        "public_key": public_key_text(key),
    }
    return json.dumps(doc, ensure_ascii=False, sort_keys=True, indent=1).encode("utf-8")


def parse_entry(raw: Mapping[str, Any]) -> FeedEntry:
    return FeedEntry(
        EntryKind(raw["kind"]),
        str(raw["value"]),
        str(raw["category"]),
        float(raw["confidence"]),
        bool(raw["listed"]),
        int(raw["version"]),
        datetime.fromisoformat(raw["updated_at"]),
        str(raw["issuer"]),
        parse_provenance(raw["provenance"]),
    )


def import_feed(
    data: bytes, trusted: Mapping[str, str], last_version: Mapping[str, int] | None = None
) -> Feed:
    """Verify and parse a signed feed. ``trusted``: issuer -> base64 public key; ``last_version``:
    issuer -> the newest version already imported (an older or equal one is refused)."""
    try:
        doc = json.loads(data)
        body = doc["feed"]
        signature = base64.b64decode(doc["signature"], validate=True)
        issuer = str(body["issuer"])
    except (ValueError, KeyError, TypeError) as exc:
        raise FeedError(f"not a signed ringfence feed ({exc})") from exc
    key_text = trusted.get(issuer)
    if key_text is None:
        raise FeedError(f"no trusted key for issuer {issuer!r}")
    try:
        Ed25519PublicKey.from_public_bytes(base64.b64decode(key_text)).verify(signature, _canonical(body))
    except (InvalidSignature, ValueError) as exc:
        raise FeedError(f"feed of {issuer!r}: signature does not verify with the trusted key") from exc
    try:
        feed = Feed(
            issuer,
            int(body["version"]),
            datetime.fromisoformat(body["created_at"]),
            tuple(parse_entry(e) for e in body["entries"]),
        )
    except (ValueError, KeyError, TypeError) as exc:
        raise FeedError(f"feed of {issuer!r}: malformed entry ({exc})") from exc
    seen = (last_version or {}).get(issuer)
    if seen is not None and feed.version <= seen:
        raise StaleFeedError(
            f"feed of {issuer!r}: version {feed.version} is not newer than {seen}, the last imported "
            "(a replay or a rollback); nothing merged"
        )
    return feed


# hashed entries for partners --------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class HashedEntry:
    digest: str  # HMAC-SHA256 hex of the value under the partner's key
    kind: str
    category: str
    confidence: float


def keyed_hash(key: bytes, value: str) -> str:
    return hmac.new(key, value.encode("utf-8"), hashlib.sha256).hexdigest()


def hashed(entries: Iterable[FeedEntry], key: bytes) -> list[HashedEntry]:
    """Listed entries as a partner may see them: keyed hashes, never values."""
    return sorted(
        (
            HashedEntry(keyed_hash(key, e.value), e.kind.value, e.category, e.confidence)
            for e in entries
            if e.listed
        ),
        key=lambda h: (h.digest, h.category),
    )


def lookup_prefix(entries: Iterable[HashedEntry], prefix: str, min_length: int = 5) -> list[HashedEntry]:
    """Every hashed entry whose digest starts with ``prefix`` (at least ``min_length`` hex digits, so a
    bucket hides which value was asked for and the whole list cannot be pulled at once)."""
    prefix = prefix.lower()
    if len(prefix) < min_length or any(c not in "0123456789abcdef" for c in prefix):
        raise FeedError(f"a prefix is {min_length} or more hex digits")
    return [h for h in entries if h.digest.startswith(prefix)]
