"""Signed feeds: merging is order-independent and idempotent, provenance is kept, signatures and
versions are enforced, and hashed lookups never emit a plain value."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import UTC, datetime, timedelta

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import given
from hypothesis import strategies as st

from ringfence.intel.feeds import (
    EntryKind,
    Feed,
    FeedEntry,
    FeedError,
    Provenance,
    export_feed,
    hashed,
    import_feed,
    keyed_hash,
    lookup_prefix,
    merge,
    public_key_text,
)

T0 = datetime(2026, 1, 1, tzinfo=UTC)
numbers = st.integers(13_000_000_000, 19_999_999_999).map(lambda n: f"+86{n}")
times = st.integers(0, 100).map(lambda d: T0 + timedelta(days=d))
provenance = st.builds(
    Provenance,
    org=st.sampled_from(["op-a", "op-b", "op-c"]),
    source=st.sampled_from(["operator", "user_report"]),
    at=times,
)
entries = st.builds(
    FeedEntry,
    kind=st.just(EntryKind.NUMBER),
    value=st.sampled_from([f"+861380000000{i}" for i in range(4)]) | numbers,
    category=st.sampled_from(["fraud", "spam"]),
    confidence=st.sampled_from([0.2, 0.5, 0.9]),
    listed=st.booleans(),
    version=st.integers(1, 4),
    updated_at=times,
    issuer=st.sampled_from(["op-a", "op-b", "op-c"]),
    provenance=st.frozensets(provenance, min_size=1, max_size=3),
)
sides = st.lists(st.lists(entries, max_size=8), min_size=1, max_size=4)


@given(sides, st.randoms(use_true_random=False))
def test_merging_feeds_is_order_independent(feeds: list[list[FeedEntry]], rnd) -> None:  # type: ignore[no-untyped-def]
    shuffled = [list(f) for f in feeds]
    rnd.shuffle(shuffled)
    for f in shuffled:
        rnd.shuffle(f)
    assert merge(*feeds) == merge(*shuffled)


@given(sides)
def test_merging_is_idempotent_and_associative(feeds: list[list[FeedEntry]]) -> None:
    once = merge(*feeds)
    assert merge(once.values(), *feeds) == once
    assert merge(once.values(), once.values()) == once
    left = merge(merge(*feeds[:1]).values(), merge(*feeds[1:]).values())
    assert left == once


@given(sides)
def test_every_merged_entry_keeps_the_provenance_of_every_side(feeds: list[list[FeedEntry]]) -> None:
    merged = merge(*feeds)
    for feed in feeds:
        for e in feed:
            assert e.provenance <= merged[e.key].provenance


@given(
    st.lists(entries, min_size=1, max_size=20),
    st.binary(min_size=16, max_size=32),
    st.text("0123456789abcdef", min_size=5, max_size=8),
)
def test_hashed_lookups_never_emit_a_plain_value(found: list[FeedEntry], key: bytes, prefix: str) -> None:
    table = hashed(found, key)
    answer = lookup_prefix(table, prefix) + table
    text = json.dumps([asdict(h) for h in answer])
    for e in found:
        assert e.value not in text
        assert e.value.removeprefix("+86") not in text
    for h in table:
        assert h in lookup_prefix(table, h.digest[:6])


def _feed(version: int) -> Feed:
    e = FeedEntry(
        EntryKind.NUMBER,
        "+8613800000001",
        "fraud",
        0.9,
        True,
        1,
        T0,
        "op-a",
        frozenset({Provenance("op-a", "operator", T0)}),
    )
    return Feed("op-a", version, T0, (e,))


def test_a_signed_feed_imports_only_with_the_issuers_key_and_only_when_newer() -> None:
    key = Ed25519PrivateKey.generate()
    data = export_feed(_feed(3), key)
    trusted = {"op-a": public_key_text(key)}
    assert import_feed(data, trusted) == _feed(3)
    with pytest.raises(FeedError, match="not newer"):
        import_feed(data, trusted, {"op-a": 3})
    with pytest.raises(FeedError, match="does not verify"):
        import_feed(data, {"op-a": public_key_text(Ed25519PrivateKey.generate())})
    with pytest.raises(FeedError, match="no trusted key"):
        import_feed(data, {})
    tampered = json.loads(data)
    tampered["feed"]["entries"][0]["confidence"] = 0.1
    with pytest.raises(FeedError, match="does not verify"):
        import_feed(json.dumps(tampered).encode(), trusted)
    with pytest.raises(FeedError, match="not a signed"):
        import_feed(b"{}", trusted)
    with pytest.raises(FeedError, match="hex digits"):
        lookup_prefix([], "abc")
    assert keyed_hash(b"k", "+8613800000001") != keyed_hash(b"other", "+8613800000001")
