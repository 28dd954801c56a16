"""Console sessions in the store, on every backend: open, look up, expire, end for good."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from ringfence.ports.store import Store

T0 = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)


def _key(store: Store) -> int:
    store.ensure_org("op-a", "op-a", T0)
    return store.add_key("op-a", "analyst", "analyst", "ABCDEFGH", "0" * 64, T0)


def test_a_session_is_open_until_it_expires_or_ends(store: Store) -> None:
    key_id = _key(store)
    store.open_session("s1", "op-a", key_id, T0, T0 + timedelta(hours=12))
    store.open_session("s2", "op-a", key_id, T0, T0 + timedelta(hours=12))
    assert store.session_key("s1", T0 + timedelta(hours=1)) == key_id
    assert store.session_key("s1", T0 + timedelta(hours=12)) is None  # expired
    assert store.session_key("nope", T0) is None
    assert store.end_session("s1", T0 + timedelta(minutes=5)) is True
    assert store.session_key("s1", T0 + timedelta(minutes=6)) is None  # ended: replaying it fails
    assert store.end_session("s1", T0 + timedelta(minutes=7)) is False
    assert store.session_key("s2", T0 + timedelta(minutes=6)) == key_id  # other sessions go on
