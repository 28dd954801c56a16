"""The blend (format /2): fold committee + SIGN head, its directory, the no-leak rule, explanations."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import numpy as np
import polars as pl
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from ringfence.errors import ModelError
from ringfence.ml.artifact import FORMAT, FORMAT_SINGLE, FraudModel
from ringfence.ml.config import SINGLE, TrainConfig
from ringfence.ml.explain import contributions, explain_frame
from ringfence.ml.scoring import input_matrix, score
from ringfence.ml.sign import hop_names
from ringfence.ml.training import train

from .conftest import synthetic_table

FAST = TrainConfig(num_rounds=30, num_threads=1)


@pytest.fixture(scope="module")
def blend(synthetic: tuple[pl.DataFrame, pl.DataFrame]) -> FraudModel:
    table, edges = synthetic
    return train(table, "phone_no_m", "label", edges, FAST).model


def test_the_blend_is_a_fold_committee_and_a_head_weighted_2_to_1(
    blend: FraudModel, synthetic: tuple[pl.DataFrame, pl.DataFrame]
) -> None:
    table, edges = synthetic
    assert blend.is_blend
    assert blend.head is not None
    assert len(blend.boosters) == FAST.folds
    assert blend.graph_features == hop_names(blend.features, 2)
    assert blend.weights == pytest.approx((2 / 3, 1 / 3))
    _, matrix = input_matrix(blend, table, "phone_no_m", edges)
    w = len(blend.features)
    trees = np.mean(
        [b.predict(matrix[:, :w], raw_score=True) for b in blend.boosters],
        axis=0,
    )
    np.testing.assert_allclose(
        blend.margins(matrix), (2 * trees + blend.head.decision(matrix)) / 3, atol=1e-12
    )
    assert blend.info["cv"]["auc"] > 0.9
    assert set(blend.info["cv_auc_parts"]) == {"trees", "head"}


def test_a_blend_saves_as_format_2_and_loads_back(
    blend: FraudModel, synthetic: tuple[pl.DataFrame, pl.DataFrame], tmp_path: Path
) -> None:
    blend.save(tmp_path / "m")
    meta = json.loads((tmp_path / "m" / "model.json").read_text(encoding="utf-8"))
    assert meta["format"] == FORMAT
    assert meta["boosters"] == [f"booster_{k}.txt" for k in range(FAST.folds)]
    assert meta["blend"] == {"tree_weight": 2.0, "head_weight": 1.0}
    assert not (tmp_path / "m" / "model.txt").exists()
    loaded = FraudModel.load(tmp_path / "m")
    assert loaded.config == blend.config
    assert loaded.input_names == blend.input_names
    table, edges = synthetic
    _, matrix = input_matrix(blend, table, "phone_no_m", edges)
    np.testing.assert_array_equal(loaded.probabilities(matrix), blend.probabilities(matrix))
    # a broken directory is a clear ModelError
    (tmp_path / "m" / "booster_3.txt").unlink()
    with pytest.raises(ModelError, match=r"missing booster_3\.txt"):
        FraudModel.load(tmp_path / "m")
    blend.save(tmp_path / "short")
    meta["head"]["coef"] = meta["head"]["coef"][:-1]
    (tmp_path / "short" / "model.json").write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(ModelError, match="weights"):
        FraudModel.load(tmp_path / "short")


def test_an_old_single_booster_directory_still_loads_and_scores(
    synthetic: tuple[pl.DataFrame, pl.DataFrame], tmp_path: Path
) -> None:
    table, edges = synthetic
    single = train(table, "phone_no_m", "label", edges, replace(SINGLE, num_rounds=20, num_threads=1)).model
    single.save(tmp_path / "old")
    meta = json.loads((tmp_path / "old" / "model.json").read_text(encoding="utf-8"))
    assert meta["format"] == FORMAT_SINGLE
    # a directory written before the blend has no recipe in its config
    del meta["config"]["recipe"]
    (tmp_path / "old" / "model.json").write_text(json.dumps(meta), encoding="utf-8")
    loaded = FraudModel.load(tmp_path / "old")
    assert not loaded.is_blend
    assert loaded.config.recipe == "single"
    known = table.select(pl.col("phone_no_m").alias("id"), "label")
    a = score(loaded, table, "phone_no_m", edges, known)
    b = score(single, table, "phone_no_m", edges, known)
    assert a.equals(b)


def test_blend_contributions_sum_to_the_blended_margin(
    blend: FraudModel, synthetic: tuple[pl.DataFrame, pl.DataFrame]
) -> None:
    table, edges = synthetic
    ids, matrix = input_matrix(blend, table, "phone_no_m", edges)
    contrib = contributions(blend, matrix)
    assert contrib.shape == (300, len(blend.input_names) + 1)
    np.testing.assert_allclose(contrib.sum(axis=1), blend.margins(matrix), atol=1e-9)
    assert np.abs(contrib[:, len(blend.features) : -1]).sum() > 0  # the neighbours' terms are there
    frame = explain_frame(blend, ids, matrix, "phone_no_m", k=3, with_contributions=True)
    scored = score(blend, table, "phone_no_m", edges)
    np.testing.assert_allclose(frame["score"].to_numpy(), scored["score"].to_numpy(), atol=1e-12)
    assert "contrib_hop1__sms_count" in frame.columns


def test_the_blend_reads_no_label_and_scores_isolated_numbers_from_their_own_row(
    blend: FraudModel, synthetic: tuple[pl.DataFrame, pl.DataFrame]
) -> None:
    table, edges = synthetic
    known = table.select(pl.col("phone_no_m").alias("id"), "label")
    flipped = known.with_columns((1 - pl.col("label")).alias("label"))
    assert score(blend, table, "phone_no_m", edges, known).equals(
        score(blend, table, "phone_no_m", edges, flipped)
    )
    lonely = table.head(2).with_columns(pl.Series("phone_no_m", ["nobody-1", "nobody-2"]))
    _, with_edges = input_matrix(blend, lonely, "phone_no_m", edges, known, table)
    _, no_graph = input_matrix(blend, lonely, "phone_no_m")
    np.testing.assert_array_equal(with_edges, no_graph)
    assert blend.head is not None
    z = blend.head.standardiser.z(no_graph[:, : len(blend.features)])
    np.testing.assert_allclose(no_graph[:, len(blend.features) :], np.hstack([z, z]))


def test_without_a_graph_the_blend_has_no_propagated_inputs(
    synthetic: tuple[pl.DataFrame, pl.DataFrame],
) -> None:
    table, _ = synthetic
    model = train(table, "phone_no_m", "label", None, FAST).model
    assert model.graph_features == ()
    assert model.config.hops == 0
    assert model.head is not None
    assert len(model.head.coef) >= len(model.features)
    assert score(model, table, "phone_no_m")["score"].is_between(0, 1).all()


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000), row=st.integers(0, 59), fold_seed=st.integers(0, 3))
def test_a_rows_out_of_fold_logit_never_reads_its_own_label(seed: int, row: int, fold_seed: int) -> None:
    table, edges = synthetic_table(n=60, seed=seed)
    config = TrainConfig(num_rounds=5, num_threads=1, folds=3, seed=fold_seed)
    flipped = table.with_columns(
        pl.when(pl.int_range(pl.len()) == row)
        .then(1 - pl.col("label"))
        .otherwise(pl.col("label"))
        .alias("label")
    )
    counts = [int(t["label"].sum()) for t in (table, flipped)]
    assume(min(*counts, *(60 - c for c in counts)) >= config.folds)  # else training refuses the table
    before = train(table, "phone_no_m", "label", edges, config).oof_margins
    after = train(flipped, "phone_no_m", "label", edges, config).oof_margins
    assert after[row] == before[row]
    assert not np.array_equal(np.delete(after, row), np.delete(before, row))  # others do read it
