"""Recycling: a subscriber feed re-issuing a number clears the old holder's tags, stored tags and tag
list entries alike, audited; tags made under the new holder stay. On every backend."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import polars as pl
from hypothesis import given
from hypothesis import strategies as st

from ringfence.adapters.memory import MemoryStore
from ringfence.domain.access import Principal, Role
from ringfence.intel.tags import SourceKind, Stance, TagState
from ringfence.ports.store import Store
from ringfence.services import tags
from ringfence.services.recycling import recycle_tags

T0 = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)
N, M = "+8613800000001", "+8613800000002"
A = Principal("op-a", Role.ANALYST, 1, "analyst")
B = Principal("op-b", Role.ANALYST, 2, "analyst")


def _feed(store: Store, holder: str, at: datetime, number: str = N) -> list[object]:
    frame = pl.DataFrame({"number": [number], "id_hash": [holder]})
    return list(store.add_subscribers("op-a", frame, "op-a/feed#9", at).reissued)


def test_a_reissued_number_loses_the_old_holders_tags_and_keeps_the_new_ones(store: Store) -> None:
    for org in ("op-a", "op-b"):
        store.ensure_org(org, org, T0)
    _feed(store, "h-old", T0)
    old, _ = tags.add_evidence(store, B, N, "fraud", SourceKind.OPERATOR, Stance.CONFIRMS, T0)
    assert old.holder is None  # op-b's feed does not know the number: holder unknown
    mine, _ = tags.add_evidence(store, A, N, "spam", SourceKind.DETECTION, Stance.CONFIRMS, T0)
    assert mine.holder == "h-old"
    other, _ = tags.add_evidence(store, A, M, "fraud", SourceKind.OPERATOR, Stance.CONFIRMS, T0)
    store.add_entry("op-b", "tag", "number", N, "骚扰电话", "shared", "", "op-b/x", T0)
    later = T0 + timedelta(days=3)
    reissued = store.add_subscribers("op-a", pl.DataFrame({"number": [N], "id_hash": ["h-new"]}), "f", later)
    assert recycle_tags(store, "op-a/feed#9", reissued.reissued, later) == 3  # two tags, one list entry
    assert {t.category: t.state for t in store.tags(N)} == {
        "fraud": TagState.RECYCLED,
        "spam": TagState.RECYCLED,
    }
    assert store.tag(other.id) == other  # another number: untouched
    assert store.entries("op-b", "tag") == []
    # the new holder's number is tagged afresh: that tag stays when the same feed comes again
    fresh, started = tags.add_evidence(store, A, N, "fraud", SourceKind.OPERATOR, Stance.CONFIRMS, later)
    assert (started, fresh.holder) == (True, "h-new")
    again = store.add_subscribers("op-a", pl.DataFrame({"number": [N], "id_hash": ["h-new"]}), "f", later)
    assert recycle_tags(store, "op-a/feed#9", again.reissued, later) == 0
    assert store.tag(fresh.id) == fresh
    audit = [(e.action, e.actor) for e in store.audit_entries("op-b", targets=[f"tag:{N}"])]
    assert audit[0] == ("tag.recycle", "op-a/feed#9 (re-issued)")  # in the owner's log too


@given(
    st.lists(
        st.tuples(st.sampled_from(["op-a", "op-b"]), st.sampled_from(["fraud", "spam", "x"])), max_size=6
    )
)
def test_after_a_reissue_no_tag_made_before_it_is_active(made: list[tuple[str, str]]) -> None:
    store = MemoryStore()
    for org in ("op-a", "op-b"):
        store.ensure_org(org, org, T0)
    _feed(store, "h1", T0)
    for i, (org, category) in enumerate(made):
        who = A if org == "op-a" else B
        tags.add_evidence(
            store, who, N, category, SourceKind.OPERATOR, Stance.CONFIRMS, T0 + timedelta(minutes=i)
        )
    at = T0 + timedelta(days=1)
    reissued = store.add_subscribers(
        "op-a", pl.DataFrame({"number": [N], "id_hash": ["h2"]}), "f", at
    ).reissued
    recycle_tags(store, "feed", reissued, at)
    assert store.tags(N, [TagState.ACTIVE]) == []
    assert len(store.tags(N, [TagState.RECYCLED])) == len({c for _o, c in made})
