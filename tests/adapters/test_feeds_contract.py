"""Contract tests of the feed store: imported feeds merged per entry with provenance, versions per
issuer, replays and rollbacks refused atomically; in memory, on SQLite and on PostgreSQL alike."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

import pytest

from ringfence.intel.feeds import EntryKind, Feed, FeedEntry, Provenance, StaleFeedError, merge
from ringfence.ports.store import Store

T0 = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)


@pytest.fixture
def orgs(store: Store) -> Store:
    for org in ("op-a", "op-b", "op-c"):
        store.ensure_org(org, org.upper(), T0)
    return store


def entry(issuer: str, value: str, version: int, *, listed: bool = True, minutes: int = 0) -> FeedEntry:
    at = T0 + timedelta(minutes=minutes)
    return FeedEntry(
        EntryKind.NUMBER,
        value,
        "blacklist",
        0.9,
        listed,
        version,
        at,
        issuer,
        frozenset({Provenance(issuer, "operator", at)}),
    )


def feed(issuer: str, version: int, *entries: FeedEntry) -> Feed:
    return Feed(issuer, version, T0, entries)


def test_a_feed_is_merged_with_its_version_and_audited(orgs: Store) -> None:
    one = feed("op-a", 3, entry("op-a", "+8613800000001", 3), entry("op-a", "+8613800000002", 3))
    assert orgs.merge_feed("op-b", one, "op-b/admin#1", T0) == 2
    assert orgs.feed_versions("op-b") == {"op-a": 3}
    assert orgs.feed_versions("op-c") == {}  # another organisation imported nothing
    got = orgs.feed_entries("op-b")
    assert [e.value for e in got] == ["+8613800000001", "+8613800000002"]
    assert got[0] == one.entries[0]  # every field read back as written, provenance too
    assert orgs.feed_entries("op-b", "url") == []
    audit = orgs.audit_entries("op-b", actions=["feed.import"])
    assert [(a.target, a.detail["entries"], a.detail["total"]) for a in audit] == [("op-a version 3", 2, 2)]


def test_a_replay_or_rollback_is_refused_and_merges_nothing(orgs: Store) -> None:
    orgs.merge_feed("op-b", feed("op-a", 3, entry("op-a", "+8613800000001", 3)), "b", T0)
    for version in (3, 2):
        with pytest.raises(StaleFeedError, match="not newer than 3"):
            orgs.merge_feed("op-b", feed("op-a", version, entry("op-a", "+8613800000009", version)), "b", T0)
    assert [e.value for e in orgs.feed_entries("op-b")] == ["+8613800000001"]
    assert orgs.feed_versions("op-b") == {"op-a": 3}
    assert len(orgs.audit_entries("op-b", actions=["feed.import"])) == 1
    # the same version is new to another importer, and a newer one from the issuer goes through
    orgs.merge_feed("op-c", feed("op-a", 3, entry("op-a", "+8613800000001", 3)), "c", T0)
    orgs.merge_feed("op-b", feed("op-a", 4, entry("op-a", "+8613800000009", 4)), "b", T0)
    assert orgs.feed_versions("op-b") == {"op-a": 4}


def test_merging_through_the_store_is_order_independent_and_keeps_provenance(store: Store) -> None:
    number = "+8613800000001"
    feeds = [
        feed("op-a", 1, entry("op-a", number, 1, minutes=1), entry("op-a", "+8613800000002", 1)),
        feed("op-b", 5, entry("op-b", number, 5, listed=False, minutes=2)),  # a delisting, newer version
        feed("op-c", 2, entry("op-c", number, 2, minutes=3), entry("op-c", "+8613800000003", 2)),
    ]
    expected = sorted(merge(*(f.entries for f in feeds)).values(), key=lambda e: e.key)
    for i, order in enumerate(itertools.permutations(feeds)):
        importer = f"imp-{i}"
        store.ensure_org(importer, importer, T0)
        for f in order:
            store.merge_feed(importer, f, "x", T0)
        assert store.feed_entries(importer) == expected
        assert store.feed_versions(importer) == {"op-a": 1, "op-b": 5, "op-c": 2}
    winner = next(e for e in expected if e.value == number)
    assert (winner.issuer, winner.listed) == ("op-b", False)
    assert {p.org for p in winner.provenance} == {"op-a", "op-b", "op-c"}
