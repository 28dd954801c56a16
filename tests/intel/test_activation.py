"""The card-opening check, answered from the in-memory index alone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import polars as pl

from ringfence.domain.holders import RestrictedHolder
from ringfence.intel.activation import Decision, Request, build_index, check

T = datetime(2026, 3, 1, 10, 0, tzinfo=UTC)
SCHEMA = {
    "number": pl.String,
    "id_hash": pl.String,
    "operator": pl.String,
    "channel": pl.String,
    "activated_at": pl.Datetime("us", "UTC"),
}


def _subs(rows: list[tuple[str, str, str, str | None, datetime | None]]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=SCHEMA, orient="row")


def _codes(index: object, request: Request) -> tuple[str, list[str]]:
    answer = check(index, request)  # type: ignore[arg-type]
    return answer.decision.value, [r.code for r in answer.reasons]


def test_a_sixth_card_at_one_operator_is_refused_and_a_first_elsewhere_allowed() -> None:
    rows = [(f"+8613800000{i:03d}", "h1", "cmcc", None, T - timedelta(days=300 * i)) for i in range(5)]
    index = build_index(_subs(rows))
    assert _codes(index, Request("h1", "cmcc", T)) == ("refuse", ["over_limit"])
    assert _codes(index, Request("h1", "cucc", T)) == ("allow", [])
    assert _codes(index, Request("someone-else", "cmcc", T)) == ("allow", [])
    assert index.cards == 5


def test_a_family_is_allowed_and_a_holder_buying_in_bulk_goes_to_review() -> None:
    family = [
        (f"+86139{i:08d}", "fam", ["cmcc", "cucc"][i % 2], "shop", T - timedelta(minutes=i)) for i in range(4)
    ]
    bulk = [
        (f"+86137{i:08d}", "bulk", ["cmcc", "cucc", "ctcc"][i % 3], "shop", T - timedelta(hours=i))
        for i in range(5)
    ]
    index = build_index(_subs(family + bulk))
    assert _codes(index, Request("fam", "ctcc", T, "shop")) == ("allow", [])
    assert _codes(index, Request("bulk", "cbn", T, "shop")) == ("review", ["bulk_activation"])
    # the same request a week later: the bulk window has passed
    assert _codes(index, Request("bulk", "cbn", T + timedelta(days=7), "shop")) == ("allow", [])


def test_restricted_holders_are_refused_everywhere_with_who_restricted_them() -> None:
    entry = RestrictedHolder(1, "op-b", "h9", "fraud case 17", "op-b/analyst#2", T)
    index = build_index(_subs([]), restricted=[entry])
    answer = check(index, Request("h9", "cmcc", T))
    assert answer.decision is Decision.REFUSE
    assert answer.reasons[0].detail == "restricted by op-b: fraud case 17"


def test_fraud_cards_of_the_holder_send_the_check_to_review_with_the_number_masked() -> None:
    index = build_index(
        _subs([("+8613800001234", "h1", "cmcc", None, None)]),
        fraud={"+8613800001234": "dialer (block) by op-a"},
    )
    answer = check(index, Request("h1", "cucc", T))
    assert answer.decision is Decision.REVIEW
    assert answer.reasons[0].code == "fraud_cards"
    assert "+8613800001234" not in answer.reasons[0].detail
    assert "+861380000****: dialer (block) by op-a" in answer.reasons[0].detail


def test_a_channel_opening_cards_for_many_holders_in_an_hour_is_reviewed_against_its_own_rate() -> None:
    usual = [(f"+86150{i:08d}", f"o{i}", "cmcc", "shop-9", T - timedelta(hours=i + 1)) for i in range(48)]
    burst = [(f"+86151{i:08d}", f"b{i}", "cmcc", "shop-9", T - timedelta(minutes=3 * i)) for i in range(12)]
    online = [(f"+86152{i:08d}", f"n{i}", "cmcc", "online", T - timedelta(minutes=i)) for i in range(3000)]
    index = build_index(_subs(usual + burst + online))
    assert _codes(index, Request("new", "cmcc", T, "shop-9")) == ("review", ["bulk_channel"])
    assert _codes(index, Request("new", "cmcc", T + timedelta(hours=2), "shop-9")) == ("allow", [])
    assert _codes(index, Request("new", "cmcc", T, "online")) == ("allow", [])  # 60 an hour is its usual


def test_a_card_inside_a_channel_burst_is_explained_and_one_outside_is_not() -> None:
    from ringfence.intel.activation import channel_burst

    usual = [(f"+86150{i:08d}", f"o{i}", "cmcc", "shop-9", T - timedelta(hours=i + 1)) for i in range(48)]
    burst = [(f"+86151{i:08d}", f"b{i}", "cmcc", "shop-9", T + timedelta(minutes=3 * i)) for i in range(12)]
    index = build_index(_subs(usual + burst))
    why = channel_burst(index, "shop-9", T + timedelta(minutes=6))
    assert why is not None
    assert why.startswith("channel shop-9 opened cards for 12 holders in 1h")
    assert channel_burst(index, "shop-9", T - timedelta(hours=5)) is None
    assert channel_burst(index, "nowhere", T) is None
