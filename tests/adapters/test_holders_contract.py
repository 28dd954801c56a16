"""Contract tests of the holder store: subscriber feeds and restricted holders, in memory, on SQLite and
on PostgreSQL alike (the ``store`` fixture runs each test on every backend)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import polars as pl
import pytest

from ringfence.adapters.subscriber_rows import SCHEMA
from ringfence.domain.holders import Reissue
from ringfence.ingest import SUBSCRIBERS
from ringfence.ingest.validate import canonical_schema
from ringfence.ports.store import Store

T0 = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)


@pytest.fixture
def orgs(store: Store) -> Store:
    for org in ("op-a", "op-b"):
        store.ensure_org(org, org.upper(), T0)
    return store


def feed(*cards: tuple[str, str | None, str | None, datetime | None]) -> pl.DataFrame:
    """Subscriber records as ingestion yields them: ``(number, id_hash, channel, activated_at)``."""
    rows = [
        {
            "number": n,
            "id_hash": h,
            "operator": "cmcc",
            "card_type": "mobile",
            "activated_at": a,
            "home_region": "Shenzhen",
            "birth_year": 1980,
            "guardians": None,
            "channel": c,
            "province": "GD",
        }
        for n, h, c, a in cards
    ]
    return pl.DataFrame(rows, schema=canonical_schema(SUBSCRIBERS))


def test_feeds_insert_update_and_report_reissued_numbers(orgs: Store) -> None:
    first = feed(("+8613800000001", "h1", "shop", T0), ("+8613800000002", "h1", "shop", T0))
    w = orgs.add_subscribers("op-a", first, "op-a/feed#1", T0)
    assert (w.inserted, w.updated, w.unchanged, w.reissued) == (2, 0, 0, [])
    assert orgs.subscriber_version() == (2, T0)
    again = orgs.add_subscribers("op-a", first, "op-a/feed#1", T0 + timedelta(hours=1))
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, 2)
    assert orgs.subscriber_version() == (2, T0)  # nothing changed, nothing to refresh
    later = T0 + timedelta(days=1)
    moved = feed(("+8613800000002", "h2", "online", later), ("+8613800000003", None, None, None))
    w = orgs.add_subscribers("op-a", moved, "op-a/feed#1", later)
    assert (w.inserted, w.updated, w.unchanged) == (1, 1, 0)
    assert w.reissued == [Reissue("op-a", "+8613800000002", "h1", "h2")]
    assert orgs.subscriber_version() == (3, later)
    entries = [
        (e.action, e.target, e.detail) for e in orgs.audit_entries("op-a") if e.action.startswith("sub")
    ]
    assert entries[0] == (
        "subscribers.feed",
        "2 cards",
        {"inserted": 1, "updated": 1, "unchanged": 0, "reissued": 1},
    )


def test_a_holder_is_looked_up_across_organisations_and_read_back_value_for_value(orgs: Store) -> None:
    orgs.add_subscribers("op-a", feed(("+8613800000001", "h1", "shop", T0)), "a", T0)
    orgs.add_subscribers(
        "op-b", feed(("+8613900000001", "h1", None, None), ("+8613900000002", "h9", None, None)), "b", T0
    )
    orgs.add_subscribers(
        "op-b", feed(("+8613800000001", "h7", None, None)), "b", T0
    )  # same number, other org
    cards = orgs.holder_cards("h1")
    assert cards.schema == pl.Schema(SCHEMA)
    assert cards.select("org", "number").rows() == [("op-a", "+8613800000001"), ("op-b", "+8613900000001")]
    assert cards.row(0, named=True)["activated_at"] == T0
    assert cards.row(0, named=True)["channel"] == "shop"
    assert orgs.holder_cards("nobody").is_empty()
    assert orgs.subscriber_frame().height == 4


def test_a_feed_keeps_the_last_row_of_a_number_and_refuses_rows_without_one(orgs: Store) -> None:
    w = orgs.add_subscribers("op-a", feed(("+861", "h1", None, None), ("+861", "h2", None, None)), "a", T0)
    assert (w.inserted, w.updated) == (1, 0)
    assert orgs.holder_cards("h2")["number"].to_list() == ["+861"]
    bad = feed(("+862", "h1", None, None)).with_columns(pl.lit(None, dtype=pl.String).alias("number"))
    with pytest.raises(ValueError, match="without number"):
        orgs.add_subscribers("op-a", bad, "a", T0)


def test_restricted_holders_are_listed_once_per_org_and_lifted_with_audit(orgs: Store) -> None:
    first = orgs.restrict_holder("op-a", "h1", "confirmed fraud case 17", "op-a/analyst#2", T0)
    assert orgs.restrict_holder("op-a", "h1", "again", "op-a/analyst#2", T0) == first
    orgs.restrict_holder("op-b", "h1", "court list", "op-b/analyst#3", T0)
    listed = orgs.restricted_holders("h1")
    assert [(e.org, e.reason, e.listed_at) for e in listed] == [
        ("op-a", "confirmed fraud case 17", T0),
        ("op-b", "court list", T0),
    ]
    assert orgs.lift_holder("op-a", "h1", "op-a/analyst#2", T0 + timedelta(hours=1))
    assert not orgs.lift_holder("op-a", "h1", "op-a/analyst#2", T0 + timedelta(hours=2))
    assert [e.org for e in orgs.restricted_holders()] == ["op-b"]
    actions = [(e.action, e.target) for e in reversed(orgs.audit_entries("op-a"))]
    assert actions[-2:] == [("holder.restrict", "h1"), ("holder.lift", "h1")]
