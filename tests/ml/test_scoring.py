"""Scoring: output shape, unseen ids, numbers without edges, and known labels never echoed back."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

from ringfence.errors import DataContractError
from ringfence.ml import graph as g
from ringfence.ml.artifact import FraudModel
from ringfence.ml.config import TrainConfig
from ringfence.ml.scoring import input_matrix, missing_features, score
from ringfence.ml.training import train

from .conftest import synthetic_table


@pytest.fixture(scope="module")
def model(synthetic: tuple[pl.DataFrame, pl.DataFrame]) -> FraudModel:
    table, edges = synthetic
    return train(
        table,
        "phone_no_m",
        "label",
        edges,
        TrainConfig(recipe="single", learning_rate=0.1, num_rounds=60, num_threads=1),
    ).model


def test_new_numbers_with_new_edges_are_scored_from_the_known_labels(
    model: FraudModel, synthetic: tuple[pl.DataFrame, pl.DataFrame]
) -> None:
    known_table, _ = synthetic
    fresh, _ = synthetic_table(n=120, seed=5)
    fresh = fresh.with_columns(pl.format("new{}", pl.int_range(pl.len())).alias("phone_no_m"))
    y = fresh["label"].to_numpy()
    # each new number is linked to known numbers of (mostly) its own class, ids the model never saw
    old_ids = known_table["phone_no_m"].to_numpy()
    old_y = known_table["label"].to_numpy()
    rng = np.random.default_rng(0)
    rows = []
    for new_id, label in zip(fresh["phone_no_m"], y, strict=True):
        pool = old_ids[old_y == label] if rng.random() < 0.9 else old_ids[old_y != label]
        rows += [(new_id, str(x)) for x in rng.choice(pool, 5)]
    edges = pl.DataFrame(rows, schema=["a", "b"], orient="row")
    known = known_table.select(pl.col("phone_no_m").alias("id"), "label")
    out = score(model, fresh.drop("label"), "phone_no_m", edges, known)
    assert out.columns == ["phone_no_m", "score", "label_pred"]
    assert out["phone_no_m"].to_list() == fresh["phone_no_m"].to_list()
    assert out["label_pred"].dtype == pl.Int8
    s = out["score"].to_numpy()
    assert np.all((s > 0) & (s < 1))
    assert s[y == 1].mean() > s[y == 0].mean() + 0.4
    np.testing.assert_array_equal(out["label_pred"].to_numpy(), (s >= model.threshold).astype(np.int8))


def test_a_number_in_no_edge_gets_the_isolated_graph_features(
    model: FraudModel, synthetic: tuple[pl.DataFrame, pl.DataFrame]
) -> None:
    table, edges = synthetic
    lonely = table.head(3).with_columns(pl.lit("nobody-knows-me").alias("phone_no_m")).head(1)
    known = table.select(pl.col("phone_no_m").alias("id"), "label")
    _, matrix = input_matrix(model, lonely, "phone_no_m", edges, known)
    np.testing.assert_array_equal(matrix[0, len(model.features) :], np.array(g.ISOLATED))
    _, no_graph = input_matrix(model, lonely, "phone_no_m", None, None)
    np.testing.assert_array_equal(matrix, no_graph)


def test_a_known_number_is_scored_without_its_own_label(
    model: FraudModel, synthetic: tuple[pl.DataFrame, pl.DataFrame]
) -> None:
    table, edges = synthetic
    known = table.select(pl.col("phone_no_m").alias("id"), "label")
    flipped = known.with_columns(
        pl.when(pl.col("id") == "u0007").then(1 - pl.col("label")).otherwise(pl.col("label")).alias("label")
    )
    a = score(model, table, "phone_no_m", edges, known).filter(pl.col("phone_no_m") == "u0007")
    b = score(model, table, "phone_no_m", edges, flipped).filter(pl.col("phone_no_m") == "u0007")
    assert a["score"][0] == b["score"][0]


def test_missing_columns_are_reported_and_scored_as_missing(model: FraudModel) -> None:
    table = pl.DataFrame({"phone_no_m": ["x"], "sms_count": [10.0]})
    assert "opposite_count" in missing_features(model, table)
    assert "sms_count" not in missing_features(model, table)
    out = score(model, table, "phone_no_m")
    assert out.height == 1
    with pytest.raises(DataContractError, match="no id column"):
        score(model, table, "msisdn")


def test_a_held_out_users_inputs_do_not_change_when_its_own_label_is_flipped(
    synthetic: tuple[pl.DataFrame, pl.DataFrame],
) -> None:
    # the hand-over: train on 80 % with the edges among them, score the other 20 % with the full graph,
    # the training rows as context, and a known-label file that (wrongly) also carries the held-out
    # users' labels; a held-out user's own label must still never reach its own inputs
    table, edges = synthetic
    held = table["phone_no_m"].is_in([f"u{i:04d}" for i in range(0, 300, 5)])
    train_rows, test_rows = table.filter(~held), table.filter(held)
    ids = train_rows["phone_no_m"].implode()
    train_edges = edges.filter(pl.col("a").is_in(ids) & pl.col("b").is_in(ids))
    config = TrainConfig(
        recipe="single", learning_rate=0.1, num_rounds=30, num_threads=1, neighbour_kinds=("wmean", "std")
    )
    fitted = train(train_rows, "phone_no_m", "label", train_edges, config).model
    known = table.select(pl.col("phone_no_m").alias("id"), "label")
    context = train_rows.drop("label")
    _, before = input_matrix(fitted, test_rows.drop("label"), "phone_no_m", edges, known, context)
    assert fitted.uses_graph
    assert not np.isnan(before[:, len(fitted.features) :]).all()
    for row, user in enumerate(test_rows["phone_no_m"].head(12)):
        flipped = known.with_columns(
            pl.when(pl.col("id") == user).then(1 - pl.col("label")).otherwise(pl.col("label")).alias("label")
        )
        _, after = input_matrix(fitted, test_rows.drop("label"), "phone_no_m", edges, flipped, context)
        np.testing.assert_array_equal(after[row], before[row])
        changed = ~np.all((after == before) | (np.isnan(after) & np.isnan(before)), axis=1)
        assert changed.any()  # the flip is visible to other users' inputs: the test can fail
