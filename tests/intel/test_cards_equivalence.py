"""The faster one-ID lookup writes exactly what the plan before it wrote (``cards_reference``), on
generated subscriber files of many shapes: bench-like populations, channel bursts, dates only, many
operators, holders with more cards than the packed operator counts hold, colliding holder keys,
channel context and call records, and small random frames."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from ringfence.intel import cards
from tests.intel import cards_reference as reference
from tests.intel.planted import plant

T0 = datetime(2024, 1, 1, tzinfo=UTC)


def _population(
    rows: int, seed: int, operators: int = 4, span_s: int = 30 * 86_400, shops: int = 40
) -> pl.DataFrame:
    """Holders with a skewed number of cards, shops and an online store, a burst at one shop."""
    rng = np.random.default_rng(seed)
    holders = max(10, rows // 2)
    holder = (rng.integers(0, holders, size=rows) + np.minimum(rng.zipf(2.0, size=rows) - 1, 30)) % holders
    at = T0.timestamp() + rng.integers(0, span_s, size=rows)
    channel = np.where(
        rng.random(rows) < 0.3, "online", np.char.add("shop-", rng.integers(0, shops, rows).astype(str))
    )
    burst = rng.random(rows) < 0.02  # one counter opens cards for many holders within an hour
    channel = np.where(burst, "shop-burst", channel)
    at = np.where(burst, T0.timestamp() + 86_400 + rng.integers(0, 3600, size=rows), at)
    regions = np.array(["GD", "BJ", "SH", "SC", "ZJ", None], dtype=object)
    return pl.DataFrame(
        {
            "number": [f"+86139{i:08d}" for i in range(rows)],
            "id_hash": pl.Series(holder).cast(pl.String).str.zfill(8).str.pad_start(12, "h"),
            "operator": [f"op{o}" for o in rng.integers(0, operators, size=rows)],
            "channel": pl.Series(channel).set(pl.Series(rng.random(rows) < 0.05), None),
            "activated_at": pl.Series((at * 1_000_000).astype(np.int64)).cast(pl.Datetime("us", "UTC")),
            "province": pl.Series(regions[rng.integers(0, len(regions), size=rows)], dtype=pl.String),
        }
    )


def _same(subs: pl.DataFrame, **kwargs: Any) -> None:
    for flagged_only in (False, True):
        new = cards.holder_report(subs, flagged_only=flagged_only, **kwargs).collect()
        old = reference.holder_report(subs, flagged_only=flagged_only, **kwargs).collect()
        assert_frame_equal(new, old, check_dtypes=False)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_generated_populations_give_the_same_report(seed: int) -> None:
    frame = _population(20_000, seed)
    assert cards.holder_report(frame, flagged_only=True).collect().height  # something is flagged
    _same(frame)


def test_dates_only_many_operators_and_more_cards_than_the_packed_counts_hold() -> None:
    frame = _population(5_000, 4, operators=16)  # 4 bits per operator: a holder with 16+ cards overflows
    many = frame.head(40).with_columns(pl.lit("hhhhbig").alias("id_hash"))
    frame = pl.concat([frame.slice(40), many])
    _same(frame)
    _same(frame.with_columns(pl.col("activated_at").dt.truncate("1d")))
    _same(_population(3_000, 5, operators=20))  # more operators than one integer holds


def test_colliding_holder_keys_fall_back_to_the_text(monkeypatch: pytest.MonkeyPatch) -> None:
    frame = _population(4_000, 6)
    keyed = cards._keyed

    def colliding(subs: pl.DataFrame) -> pl.DataFrame:
        return keyed(subs).with_columns(pl.col("id_hash") % 7)  # seven keys for all holders

    monkeypatch.setattr(cards, "_keyed", colliding)
    _same(frame)


def test_planted_population_channel_context_and_calls() -> None:
    planted = (
        plant(2, ordinary=500).frame().with_columns(pl.col("activated_at").str.to_datetime(time_zone="UTC"))
    )
    _same(planted)
    one = planted.filter(pl.col("id_hash") == planted["id_hash"][0])
    _same(one, channel_context=planted)
    numbers = planted["number"].head(3).to_list()
    times = [T0 - timedelta(days=200)] + [T0 + timedelta(minutes=i) for i in range(40)]
    calls = pl.DataFrame(
        {"caller": [numbers[0]] * len(times) + numbers[1:], "start_time": [*times, T0, T0]},
        schema={"caller": pl.String, "start_time": pl.Datetime("us", "UTC")},
    )
    _same(planted, calls=calls)


def test_an_empty_file_gives_an_empty_report() -> None:
    # (the plan before failed here: a file whose every row was quarantined stopped the command)
    report = cards.holder_report(_population(10, 7).head(0)).collect()
    assert report.is_empty()
    assert report.columns == ["id_hash", "cards", "operators", "flags", "evidence"]


_ROWS = st.lists(
    st.tuples(
        st.sampled_from(["a", "b", "c", "d", "e", "f"]),  # holder
        st.sampled_from(["cmcc", "cucc", "ctcc"]),
        st.sampled_from(["s1", "s2", "online", None]),
        st.one_of(st.none(), st.integers(0, 48 * 60)),  # minutes after T0
        st.sampled_from(["GD", "BJ", "SH", "SC", "ZJ", None]),
    ),
    min_size=1,  # (an empty file: test_an_empty_file_gives_an_empty_report)
    max_size=80,
)


@settings(max_examples=60, deadline=None)
@given(rows=_ROWS)
def test_small_random_frames_give_the_same_report(
    rows: list[tuple[str, str, str | None, int | None, str | None]],
) -> None:
    frame = pl.DataFrame(
        [
            (f"+8613{i:09d}", h, op, ch, None if m is None else T0 + timedelta(minutes=m), p)
            for i, (h, op, ch, m, p) in enumerate(rows)
        ],
        schema={
            "number": pl.String,
            "id_hash": pl.String,
            "operator": pl.String,
            "channel": pl.String,
            "activated_at": pl.Datetime("us", "UTC"),
            "province": pl.String,
        },
        orient="row",
    )
    _same(frame, rules=cards.CardRules(channel_min=3, bulk_cards=3, many_provinces=3))
