"""Neighbour-feature aggregates: exact values on a hand graph, and no label ever reaching a row."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

from ringfence.ml import graph as g
from ringfence.ml import neighbours as nb
from ringfence.ml.config import TrainConfig
from ringfence.ml.training import select_features, training_matrix


def _slog(x: float) -> float:
    return float(np.sign(x) * np.log1p(abs(x)))


def test_aggregates_on_a_hand_graph() -> None:
    # a - b - c, a - c, and d alone; one feature, c's value missing
    edges = pl.DataFrame({"a": ["a", "b", "a"], "b": ["b", "c", "c"]})
    graph = g.build_graph(edges, pl.Series(["a", "b", "c", "d"]))
    pos = dict(zip(graph.nodes.to_list(), range(graph.size), strict=True))
    values = np.full((graph.size, 1), np.nan)
    values[pos["a"], 0] = 1.0
    values[pos["b"], 0] = 9.0
    values[pos["d"], 0] = 5.0
    out = nb.aggregate(graph.adjacency, values, nb.KINDS)
    col = {kind: i for i, kind in enumerate(nb.KINDS)}
    a, b, c, d = (out[pos[x]] for x in "abcd")
    # c's neighbours a and b both have values; a's neighbours b (9) and c (missing)
    assert c[col["mean"]] == pytest.approx((_slog(1) + _slog(9)) / 2)
    assert a[col["mean"]] == pytest.approx(_slog(9))
    assert c[col["max"]] == pytest.approx(_slog(9))
    # weights 1/degree: a has degree 2, b degree 2, so the weighted mean equals the plain mean here
    assert c[col["wmean"]] == pytest.approx(c[col["mean"]])
    assert b[col["diff"]] == pytest.approx(_slog(9) - _slog(1))  # b's neighbours: a (1), c (missing)
    assert np.isnan(c[col["diff"]])  # c has no value of its own
    assert b[col["hop2"]] == pytest.approx((a[col["mean"]] + c[col["mean"]]) / 2)
    assert c[col["std"]] == pytest.approx(abs(_slog(9) - _slog(1)) / 2)  # two values: half the gap
    assert a[col["std"]] == pytest.approx(0.0)  # one neighbour with a value
    assert np.isnan(d).all()  # isolated: nothing to aggregate


def test_names_and_kinds_round_trip() -> None:
    names = nb.names(("wmean", "max"), ("x", "y"))
    assert names == ("nb_wmean__x", "nb_wmean__y", "nb_max__x", "nb_max__y")
    assert nb.kinds_of(("x", "g_degree", *names)) == ("wmean", "max")
    with pytest.raises(ValueError, match="unknown neighbour aggregate"):
        nb.names(("median",), ("x",))


def _matrix(table: pl.DataFrame, edges: pl.DataFrame, config: TrainConfig) -> np.ndarray:
    labels = table["label"].to_numpy()
    features = select_features(table, "phone_no_m", "label", live_only=False)
    folds = g.fold_of(table.height, config.folds, config.seed)
    _, matrix, _ = training_matrix(table, table["phone_no_m"], labels, features, folds, edges, config)
    return matrix


def test_changing_a_folds_labels_never_changes_that_folds_inputs(
    synthetic: tuple[pl.DataFrame, pl.DataFrame],
) -> None:
    table, edges = synthetic
    table = table.head(150)  # a subsample keeps this fast
    config = TrainConfig(neighbour_kinds=nb.KINDS)
    folds = g.fold_of(table.height, config.folds, config.seed)
    before = _matrix(table, edges, config)
    for fold in range(config.folds):
        rows = folds == fold
        flipped = table.with_columns(
            pl.when(pl.Series(rows)).then(1 - pl.col("label")).otherwise(pl.col("label")).alias("label")
        )
        after = _matrix(flipped, edges, config)
        np.testing.assert_array_equal(after[rows], before[rows])
        assert not np.array_equal(after[~rows], before[~rows], equal_nan=True)  # others do read them


def test_training_inputs_are_deterministic(synthetic: tuple[pl.DataFrame, pl.DataFrame]) -> None:
    table, edges = synthetic
    config = TrainConfig(neighbour_kinds=("wmean", "max"))
    np.testing.assert_array_equal(_matrix(table, edges, config), _matrix(table, edges, config))


def test_a_model_with_neighbour_aggregates_saves_loads_and_scores_with_or_without_a_graph(
    synthetic: tuple[pl.DataFrame, pl.DataFrame], tmp_path: object
) -> None:
    from pathlib import Path

    from ringfence.ml.artifact import FraudModel
    from ringfence.ml.scoring import input_matrix, score
    from ringfence.ml.training import train

    table, edges = synthetic
    config = TrainConfig(
        recipe="single", learning_rate=0.1, num_rounds=20, num_threads=1, neighbour_kinds=("wmean",)
    )
    known_rows, new_rows = table.head(200), table.tail(100)
    model = train(known_rows, "phone_no_m", "label", edges, config).model
    directory = Path(str(tmp_path)) / "m"
    model.save(directory)
    loaded = FraudModel.load(directory)
    assert loaded.config.neighbour_kinds == ("wmean",)
    assert loaded.graph_features[-1] == "nb_wmean__noise"
    new = new_rows.drop("label")
    known = known_rows.select(pl.col("phone_no_m").alias("id"), "label")
    context = known_rows.drop("label")
    with_graph = score(loaded, new, "phone_no_m", edges, known, context=context)
    assert with_graph.height == 100
    # without a graph (the record bridge's path) every graph input is missing or isolated, and it scores
    _, matrix = input_matrix(loaded, new, "phone_no_m")
    width = len(loaded.features) + len(g.GRAPH_FEATURES)
    assert np.isnan(matrix[:, width:]).all()
    assert score(loaded, new, "phone_no_m")["score"].is_between(0, 1).all()
    # context rows feed the aggregates: without them, the new numbers' neighbours mostly have no row
    _, without = input_matrix(loaded, new, "phone_no_m", edges, known)
    _, within = input_matrix(loaded, new, "phone_no_m", edges, known, context)
    assert not np.array_equal(without[:, width:], within[:, width:], equal_nan=True)
