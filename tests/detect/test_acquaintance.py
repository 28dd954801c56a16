"""The cross-number measures: callees of the holder's previous number, callees who know each other."""

from __future__ import annotations

import polars as pl

from ringfence.detect.acquaintance import acquaintance_from, previous_by_identity, previous_numbers


def _calls(rows: list[tuple[str, str, int]]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema={"caller": pl.String, "callee": pl.String, "t": pl.Int64}, orient="row")


def _uses(rows: list[tuple[str, str, int]]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema={"group": pl.String, "key": pl.String, "first": pl.Int64}, orient="row")


NO_PREVIOUS = pl.DataFrame(schema={"key": pl.String, "previous": pl.String})


def _table(
    calls: pl.DataFrame, previous: pl.DataFrame, uses: pl.DataFrame, callers: list[str]
) -> dict[str, tuple[int | None, int | None]]:
    out = acquaintance_from(calls, pl.Series(callers, dtype=pl.String), previous, uses)
    return {o: (k, t) for o, k, t in out.select("other", "known_from", "tied_from").rows()}


def test_previous_by_identity_is_an_earlier_card_of_the_same_holder() -> None:
    subs = pl.DataFrame(
        {
            "number": ["old", "new", "other", "nohash", "old"],
            "id_hash": ["h1", "h1", "h2", None, "h9"],  # the second record of "old" is ignored
            "activated": [100, 200, 50, 10, 1],
        }
    )
    assert previous_by_identity(subs).rows() == [("new", "old")]


def test_previous_numbers_of_records_as_read() -> None:
    subs = pl.DataFrame(
        {
            "number": ["a", "b"],
            "id_hash": ["h", "h"],
            "activated_at": pl.Series([1_000_000_000, 2_000_000_000]).cast(pl.Datetime("us", "UTC")),
        }
    )
    assert previous_numbers(subs) == [("b", "a")]
    assert previous_numbers(None) == []
    assert previous_numbers(subs.drop("id_hash")) == []


def test_a_callee_who_called_the_previous_number_is_known_from_the_next_second() -> None:
    calls = _calls([("mum", "old", 10), ("old", "shop", 11), ("new", "mum", 50), ("new", "shop", 60)])
    previous = pl.DataFrame({"key": ["new"], "previous": ["old"]})
    table = _table(calls, previous, _uses([]), ["new"])
    assert table["mum"][0] == 11  # mum called the old number at 10
    assert table["shop"][0] is None  # the old number called the shop; the shop never called it


def test_a_previous_number_by_handset_counts_once_the_new_card_uses_the_handset() -> None:
    calls = _calls([("mum", "old", 10), ("new", "mum", 500)])
    uses = _uses([("imei1", "old", 5), ("imei1", "new", 400), ("imei2", "later", 900)])
    assert _table(calls, NO_PREVIOUS, uses, ["new"])["mum"][0] == 400
    # A number that used the handset only after the new card did is not a previous number.
    uses = _uses([("imei1", "old", 450), ("imei1", "new", 400)])
    assert _table(calls, NO_PREVIOUS, uses, ["new"])["mum"][0] is None


def test_callees_who_know_each_other_are_tied_once_both_facts_happened() -> None:
    calls = _calls([("dad", "mum", 30), ("new", "dad", 20), ("new", "mum", 40), ("new", "stranger", 45)])
    table = _table(calls, NO_PREVIOUS, _uses([]), ["new"])
    assert table["mum"][1] == 31  # dad was called at 20, dad and mum spoke at 30
    assert table["dad"][1] == 41  # and mum was called at 40
    assert table["stranger"] == (None, None)


def test_only_the_callers_asked_for_are_measured() -> None:
    calls = _calls([("dad", "mum", 30), ("new", "dad", 20), ("new", "mum", 40)])
    assert acquaintance_from(calls, pl.Series([], dtype=pl.String), NO_PREVIOUS, _uses([])).height == 0
