"""Training: fold committee (or out-of-fold graph features), calibrated CV scores, threshold, records."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import polars as pl
import pytest

from ringfence.errors import DataContractError
from ringfence.ml.config import SINGLE, TrainConfig
from ringfence.ml.graph import GRAPH_FEATURES
from ringfence.ml.sign import hop_names
from ringfence.ml.training import select_features, table_matrix, train

# learning rate 0.1: at the default 0.2 the synthetic classes separate fully within 60 rounds and the
# out-of-fold margins with them, so Platt scaling (maximum likelihood) saturates at 0 and 1
FAST = TrainConfig(num_rounds=60, learning_rate=0.1, num_threads=1)


def test_training_learns_the_synthetic_signal_and_records_cv_metrics(
    synthetic: tuple[pl.DataFrame, pl.DataFrame],
) -> None:
    table, edges = synthetic
    result = train(table, "phone_no_m", "label", edges, FAST)
    model = result.model
    assert model.features == (
        "opposite_count",
        "opposite_unique",
        "voc_calltype1",
        "call_dur_mean",
        "sms_count",
        "calltype_rate",
        "arpu_mean",
        "noise",
    )
    assert model.graph_features == hop_names(model.features, 2)
    assert len(model.boosters) == 5
    assert model.num_trees() == 5 * 60
    assert model.info["rows"] == 300
    assert model.info["cv"]["auc"] > 0.9
    assert model.info["cv"]["macro_f1"] > 0.8
    assert 0.02 <= model.threshold <= 0.98
    assert model.info["graph"]["nodes"] == 300
    assert result.oof_scores.shape == (300,)
    assert np.all((result.oof_scores > 0) & (result.oof_scores < 1))
    np.testing.assert_allclose(result.oof_scores, model.calibration.apply(result.oof_margins))
    assert next(iter(model.info["importance_gain"])) != "noise"


def test_the_single_recipe_trains_one_booster_on_label_graph_features(
    synthetic: tuple[pl.DataFrame, pl.DataFrame],
) -> None:
    table, edges = synthetic
    config = replace(SINGLE, num_rounds=30, num_threads=1, neighbour_kinds=())
    model = train(table, "phone_no_m", "label", edges, config).model
    assert not model.is_blend
    assert model.graph_features == GRAPH_FEATURES
    assert len(model.boosters) == 1
    assert model.num_trees() == 30
    assert model.info["cv"]["auc"] > 0.9
    with pytest.raises(DataContractError, match="recipe"):
        train(table, "phone_no_m", "label", edges, replace(config, recipe="bagging"))


def test_without_edges_or_for_the_live_variant_there_are_no_graph_features(
    synthetic: tuple[pl.DataFrame, pl.DataFrame],
) -> None:
    table, edges = synthetic
    assert train(table, "phone_no_m", "label", None, FAST).model.graph_features == ()
    live = train(table, "phone_no_m", "label", edges, replace(FAST, live_only=True)).model
    assert live.graph_features == ()
    assert live.features == (
        "opposite_count",
        "opposite_unique",
        "voc_calltype1",
        "call_dur_mean",
        "sms_count",
        "calltype_rate",
    )


def test_training_is_deterministic_for_a_seed(synthetic: tuple[pl.DataFrame, pl.DataFrame]) -> None:
    table, edges = synthetic
    a = train(table, "phone_no_m", "label", edges, FAST)
    b = train(table, "phone_no_m", "label", edges, FAST)
    np.testing.assert_array_equal(a.oof_scores, b.oof_scores)
    assert a.model.threshold == b.model.threshold


def test_rows_with_bad_labels_are_dropped_and_one_class_is_an_error() -> None:
    table = pl.DataFrame({"id": ["a", "b", "c"], "x": [1.0, 2.0, 3.0], "label": [0, 0, 7]})
    with pytest.raises(DataContractError, match="each class"):
        train(table, "id", "label", None, FAST)
    with pytest.raises(DataContractError, match="needs columns"):
        train(table, "id", "target", None, FAST)


def test_feature_selection_and_matrix_layout() -> None:
    table = pl.DataFrame({"id": ["a"], "sms_count": [3.0], "flow_sum": [1.0], "label": [1], "name": ["x"]})
    assert select_features(table, "id", "label", live_only=False) == ("sms_count", "flow_sum")
    assert select_features(table, "id", "label", live_only=True) == ("sms_count",)
    with pytest.raises(DataContractError):
        select_features(table.drop("sms_count"), "id", "label", live_only=True)
    matrix = table_matrix(table, ("flow_sum", "absent", "sms_count"), extra=2)
    assert matrix.shape == (1, 5)
    assert matrix[0, 0] == 1.0
    assert np.isnan(matrix[0, 1])
    assert matrix[0, 2] == 3.0
