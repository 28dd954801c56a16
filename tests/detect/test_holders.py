"""The holder's numbers (``holders.holder_cards``): what X-CORPORATE reads in every engine."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import polars as pl
from hypothesis import given
from hypothesis import strategies as st

from ringfence.detect.holders import PERSONAL_LIMIT, holder_cards, holder_of
from ringfence.detect.policy import load_policy
from ringfence.detect.replay import run_detection
from ringfence.simulate.scenario import SimConfig, simulate
from ringfence.simulate.writer import write_simulation
from tests.detect.call_rows import write_calls


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


def test_an_identitys_cards_count_per_home_city_however_the_city_is_written() -> None:
    """A company's lines come from its city's branch; a dealer's cards under one borrowed identity come
    from many cities (the simulator's rings: 15 and 18 cards in six and seven cities). "青岛", "青岛市"
    and its area code are one city, so an office whose feed writes both stays whole."""
    office = [f"+861370532{i:04d}" for i in range(12)]
    ring = [f"+861390000{i:04d}" for i in range(14)]
    ring_homes = ["成都"] * 6 + ["028"] * 2 + ["绵阳"] * 3 + ["南充"] * 3
    subs = pl.DataFrame(
        {
            "number": [*office, *ring, "+8613900009999"],
            "id_hash": ["company"] * 12 + ["borrowed"] * 14 + ["borrowed"],
            "operator": ["CMCC"] * 27,
            "home_region": ["青岛", "0532", "青岛市"] * 4 + ring_homes + [None],
        }
    )
    counts = _counts(subs)
    assert {counts[n] for n in office} == {12}  # over ten: a unit account (X-CORPORATE's line)
    assert [counts[n] for n in ring] == [8] * 8 + [3] * 6  # 成都 and 028 together; none past ten
    assert counts["+8613900009999"] == 1  # no home region: counted with the holder's others that have none


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


def _owners(subscribers: pl.DataFrame) -> dict[str, str | None]:
    out = holder_of(subscribers)
    return dict(zip(out["number"].to_list(), out["holder"].to_list(), strict=True))


def test_a_holder_is_the_identity_whatever_the_operator_or_city() -> None:
    """``handset.holders`` counts a person's cards in one phone as one holder: by identity alone,
    whichever operator or city issued each card; a number without an identity stands alone. The
    identity itself, so a feed with a card added (a smaller number among them) names every holder as
    before."""
    subs = pl.DataFrame(
        {
            "number": ["+8613800000003", "+8618600000001", "+8613800000002", "+8613800000009"],
            "id_hash": ["h1", "h1", "h2", None],
            "operator": ["CMCC", "CUCC", "CMCC", "CMCC"],
            "home_region": ["成都", "绵阳", "成都", "成都"],
        }
    )
    owners = _owners(subs)
    assert owners == {
        "+8613800000003": "id:h1",
        "+8618600000001": "id:h1",
        "+8613800000002": "id:h2",
        "+8613800000009": None,
    }
    added = pl.concat([subs, pl.DataFrame({"number": ["+8613000000000"], "id_hash": ["h1"]})], how="diagonal")
    assert {k: v for k, v in _owners(added).items() if k in owners} == owners
    assert _owners(subs.drop("id_hash")) == dict.fromkeys(subs["number"].to_list())
    twice = pl.DataFrame(
        {"number": ["+8613800000005", "+8613800000001", "+8613800000005"], "id_hash": ["h1", "h1", "h2"]}
    )
    assert _owners(twice) == {"+8613800000005": "id:h1", "+8613800000001": "id:h1"}  # its first record's


@given(st.lists(st.tuples(st.integers(0, 30), st.sampled_from([None, "h1", "h2", "h3"])), max_size=40))
def test_numbers_share_a_holder_exactly_when_their_first_records_share_an_identity(
    rows: list[tuple[int, str | None]],
) -> None:
    subs = pl.DataFrame(
        [{"number": f"+86138{n:08d}", "id_hash": h} for n, h in rows],
        schema={"number": pl.String, "id_hash": pl.String},
    )
    firsts: dict[str, str | None] = {}
    for n, h in rows:
        firsts.setdefault(f"+86138{n:08d}", h)
    owners = _owners(subs)
    assert owners.keys() == firsts.keys()
    for a, ha in firsts.items():
        assert (owners[a] is None) == (ha is None)
        for b, hb in firsts.items():
            if ha is not None and hb is not None:
                assert (owners[a] == owners[b]) == (ha == hb)
        assert owners[a] not in firsts  # never one of the numbers


@given(
    st.lists(
        st.tuples(
            st.integers(0, 30),
            st.sampled_from([None, "h1", "h2", "h3"]),
            st.sampled_from([None, "CMCC", "CUCC"]),
            st.sampled_from([None, "成都", "028", "成都市", "绵阳", "not a city"]),
        ),
        max_size=40,
    )
)
def test_counts_are_the_size_of_each_holders_group(
    rows: list[tuple[int, str | None, str | None, str | None]],
) -> None:
    """Whatever the feed: every number once, and the count is how many distinct numbers were first
    listed with the same identity and operator in the same city (成都, 成都市 and 028 are one)."""
    subs = pl.DataFrame(
        [{"number": f"+86138{n:08d}", "id_hash": h, "operator": o, "home_region": r} for n, h, o, r in rows],
        schema={"number": pl.String, "id_hash": pl.String, "operator": pl.String, "home_region": pl.String},
    )
    city = {
        None: None,
        "成都": "成都",
        "028": "成都",
        "成都市": "成都",
        "绵阳": "绵阳",
        "not a city": "not a city",
    }
    firsts: dict[str, tuple[str | None, str | None, str | None]] = {}
    for n, h, o, r in rows:
        firsts.setdefault(f"+86138{n:08d}", (h, o, city[r]))
    expected = {
        n: None if key[0] is None else sum(1 for v in firsts.values() if v == key)
        for n, key in firsts.items()
    }
    assert _counts(subs) == expected


def test_a_rings_cards_under_one_identity_from_many_cities_are_not_a_companys_lines(tmp_path: Path) -> None:
    """Fourteen new cards registered to one borrowed identity from four cities, and an office's twelve
    from one city (written two ways), each card dialling 60 strangers in an hour, most not answering:
    the office's are a company's lines (X-CORPORATE), the ring's are not and reach warn."""
    start = datetime(2026, 11, 10, 9, 0, tzinfo=UTC)
    ring = [f"+861390000{i:04d}" for i in range(14)]
    office = [f"+861370532{i:04d}" for i in range(12)]
    calls = []
    for c, card in enumerate(ring + office):
        for i in range(60):
            callee = f"+86135{(c * 997 + i * 48271) * 7919 % 10**8:08d}"  # scattered, not a number list
            answered = (c + i) % 4 == 0
            calls.append((card, callee, start + timedelta(seconds=60 * i + 7 * c), 40 if answered else 0))
    write_calls(tmp_path / "calls.csv", calls, origin=None)
    pl.DataFrame(
        {
            "number": ring + office,
            "id_hash": ["borrowed"] * 14 + ["company"] * 12,
            "operator": ["CMCC"] * 26,
            "activated_at": [(start - timedelta(days=5)).isoformat()] * 26,
            "home_region": ["成都"] * 5 + ["028"] * 2 + ["绵阳"] * 4 + ["南充"] * 3 + ["青岛", "0532"] * 6,
        }
    ).write_csv(tmp_path / "subscribers.csv")
    result, _ = run_detection(
        [tmp_path / "calls.csv"], load_policy(), subscribers=[tmp_path / "subscribers.csv"]
    )
    flagged = {r["number"]: r for r in result.flagged.iter_rows(named=True)}
    for card in office:
        assert "X-CORPORATE" in flagged[card]["exemptions"], card
    for card in ring:
        assert "X-CORPORATE" not in flagged[card]["exemptions"], card
        assert flagged[card]["verdict"] in ("warn", "block"), card
        assert flagged[card]["score"] > flagged[office[0]]["score"]


def test_the_simulators_rings_with_many_cards_under_one_identity_are_not_exempted(tmp_path: Path) -> None:
    """Seed 21 of the simulator registers 15 and 18 dialer cards under two identities, from six and
    seven cities (its rings' dealers): counted per identity they are unit accounts, and X-CORPORATE held
    seven of their dialers at ``watch`` over a week (rules 2026.12.9). Counted per city, no fraud card
    is a company's line."""
    sim = simulate(SimConfig(seed=21, subscribers=5000, days=2, with_messages=False))
    write_simulation(sim, tmp_path)
    subs = pl.read_csv(tmp_path / "subscribers.csv", infer_schema=False)
    per_identity = subs.group_by("id_hash").len()["len"].max()
    assert isinstance(per_identity, int)
    assert per_identity > 10  # what made them look like companies
    result, _ = run_detection(
        [tmp_path / "calls.csv"], load_policy(), subscribers=[tmp_path / "subscribers.csv"]
    )
    fraud = set(pl.read_csv(tmp_path / "truth" / "fraud_numbers.csv", infer_schema=False)["number"])
    flagged = result.flagged.filter(pl.col("number").is_in(list(fraud)))
    assert flagged.height >= 40
    assert not flagged.filter(pl.col("exemptions").str.contains("X-CORPORATE")).height
