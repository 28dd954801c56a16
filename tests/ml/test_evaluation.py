"""The hand-over simulation: splits, per-run metrics, and what the scorer is allowed to see."""

from __future__ import annotations

import numpy as np
import polars as pl

from ringfence.ml.config import TrainConfig
from ringfence.ml.evaluation import holdout, split, stratified_split

FAST = TrainConfig(num_rounds=40, num_threads=1)


def test_split_holds_out_the_requested_share_without_overlap() -> None:
    train, test = split(1000, 0.2, 3)
    assert len(test) == 200
    assert len(train) == 800
    assert not set(train) & set(test)
    assert sorted(np.concatenate([train, test]).tolist()) == list(range(1000))
    assert not np.array_equal(test, split(1000, 0.2, 4)[1])


def test_stratified_split_holds_out_the_same_share_of_each_class() -> None:
    labels = np.array([1] * 300 + [0] * 700)
    train, test = stratified_split(labels, 0.2, 5)
    assert labels[test].sum() == 60
    assert len(test) == 200
    assert sorted(np.concatenate([train, test]).tolist()) == list(range(1000))
    np.testing.assert_array_equal(test, stratified_split(labels, 0.2, 5)[1])
    assert not np.array_equal(test, stratified_split(labels, 0.2, 6)[1])


def test_holdout_is_deterministic(synthetic: tuple[pl.DataFrame, pl.DataFrame]) -> None:
    table, edges = synthetic
    small = table.head(160)
    config = TrainConfig(num_rounds=20, num_threads=1, neighbour_kinds=("wmean",))
    first = holdout(small, "phone_no_m", "label", edges, config, seeds=[3], fraction=0.25)
    second = holdout(small, "phone_no_m", "label", edges, config, seeds=[3], fraction=0.25)
    assert first.runs == second.runs
    np.testing.assert_array_equal(first.scores, second.scores)


def test_holdout_reports_each_run_and_pools_the_held_out_scores(
    synthetic: tuple[pl.DataFrame, pl.DataFrame],
) -> None:
    table, edges = synthetic
    result = holdout(table, "phone_no_m", "label", edges, FAST, seeds=[0, 1], fraction=0.25)
    assert [r["seed"] for r in result.runs] == [0, 1]
    assert all(r["n"] == 75 for r in result.runs)
    assert len(result.labels) == len(result.scores) == 150
    assert result.mean("auc") > 0.9
    assert result.sd("auc") >= 0
    report = result.as_dict()
    assert {"auc", "macro_f1", "precision", "recall", "brier", "f1_fraud", "f1_normal"} <= set(report["mean"])
    assert report["protocol"]["scoring_edges"] == "full edge list"
    # the plain baseline ran on every split, with its own spread and count below the bar
    assert all("baseline" in r for r in result.runs)
    assert report["baseline"]["mean"]["auc"] > 0.8
    assert 0 <= report["baseline"]["below_bar"] <= 2
    assert 0 <= report["below_bar"] <= 2
    # per-figure counts: each at most the either-figure count, and at least it when the other is zero
    for of in (report, report["baseline"]):
        assert set(of["below"]) == {"auc", "macro_f1"}
        assert max(of["below"].values()) <= of["below_bar"] <= sum(of["below"].values())
    assert report["min"]["auc"] <= report["mean"]["auc"]


def test_as_live_blanks_what_records_cannot_give(synthetic: tuple[pl.DataFrame, pl.DataFrame]) -> None:
    table, edges = synthetic
    result = holdout(table, "phone_no_m", "label", edges, FAST, seeds=[0], as_live=True)
    assert result.protocol["as_live"] is True
    assert result.protocol["known_labels"] == "none (as live)"
    assert result.runs[0]["auc"] > 0.8
