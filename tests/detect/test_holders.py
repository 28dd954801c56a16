"""The holder's numbers (``holders.holder_cards``): what X-CORPORATE reads in every engine."""

from __future__ import annotations

import polars as pl
from hypothesis import given
from hypothesis import strategies as st

from ringfence.detect.holders import PERSONAL_LIMIT, holder_cards


def _counts(subscribers: pl.DataFrame) -> dict[str, int | None]:
    out = holder_cards(subscribers)
    return dict(zip(out["number"].to_list(), out["holder_cards"].to_list(), strict=True))


def test_numbers_are_counted_per_identity_and_operator() -> None:
    subs = pl.DataFrame(
        {
            "number": [
                "+8613800000001",
                "+8613800000002",
                "+8613800000003",
                "+8618600000004",
                "+8613800000005",
            ],
            "id_hash": ["h1", "h1", "h1", "h1", None],
            "operator": ["CMCC", "CMCC", "CMCC", "CUCC", "CMCC"],
        }
    )
    # Five per operator is the personal limit: three with one operator and one with another are a
    # person's, not a company's seven.
    assert _counts(subs) == {
        "+8613800000001": 3,
        "+8613800000002": 3,
        "+8613800000003": 3,
        "+8618600000004": 1,
        "+8613800000005": None,  # no identity: nothing is known
    }
    assert PERSONAL_LIMIT == 5


def test_a_number_listed_twice_is_counted_once_with_its_first_record() -> None:
    subs = pl.DataFrame(
        {
            "number": ["+8613800000001", "+8613800000002", "+8613800000001"],
            "id_hash": ["h1", "h1", "h2"],
            "operator": [None, None, None],
        }
    )
    assert _counts(subs) == {"+8613800000001": 2, "+8613800000002": 2}


def test_a_feed_without_identities_or_operators() -> None:
    assert _counts(pl.DataFrame({"number": ["+8613800000001"]})) == {"+8613800000001": None}
    no_operator = pl.DataFrame({"number": ["+8613800000001", "+8613800000002"], "id_hash": ["h", "h"]})
    assert _counts(no_operator) == {"+8613800000001": 2, "+8613800000002": 2}


@given(
    st.lists(
        st.tuples(
            st.integers(0, 30),
            st.sampled_from([None, "h1", "h2", "h3"]),
            st.sampled_from([None, "CMCC", "CUCC"]),
        ),
        max_size=40,
    )
)
def test_counts_are_the_size_of_each_holders_group(rows: list[tuple[int, str | None, str | None]]) -> None:
    """Whatever the feed: every number once, and the count is how many distinct numbers were first
    listed with the same identity and operator."""
    subs = pl.DataFrame(
        [{"number": f"+86138{n:08d}", "id_hash": h, "operator": o} for n, h, o in rows],
        schema={"number": pl.String, "id_hash": pl.String, "operator": pl.String},
    )
    firsts: dict[str, tuple[str | None, str | None]] = {}
    for n, h, o in rows:
        firsts.setdefault(f"+86138{n:08d}", (h, o))
    expected = {
        n: None if h is None else sum(1 for v in firsts.values() if v == (h, o))
        for n, (h, o) in firsts.items()
    }
    assert _counts(subs) == expected
