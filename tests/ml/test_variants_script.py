"""scripts/eval_model_variants.py: its cached pipeline gives exactly the figures ``evaluate`` gives."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from scripts.eval_model_variants import (
    SHIPPED,
    cache,
    combined,
    correct_and_smooth,
    figures,
    graph_step,
    learn,
    out_of_fold_smoothing,
    propagation_matrix,
    seed_range,
    sign_step,
)

from ringfence.ml import graph as g
from ringfence.ml.config import TrainConfig
from ringfence.ml.evaluation import holdout
from ringfence.ml.io import read_edges, read_features


def test_seed_ranges() -> None:
    assert seed_range("0-3") == [0, 1, 2, 3]
    assert seed_range("7") == [7]
    assert seed_range("30-59")[-1] == 59


def test_weighted_specs_average_logits(tmp_path: Path) -> None:
    rng = np.random.default_rng(1)
    a = {k: rng.normal(size=5) for k in ("oof", "te", "cv")}
    b = {k: rng.normal(size=5) for k in ("oof", "te", "cv")}
    np.savez(tmp_path / "pred_a_4.npz", **a)
    np.savez(tmp_path / "pred_b_4.npz", **b)
    oof, test = combined(tmp_path, 4, "2*a+b")
    np.testing.assert_allclose(oof, (2 * a["oof"] + b["oof"]) / 3)
    np.testing.assert_allclose(test, (2 * a["te"] + b["te"]) / 3)
    _, committee = combined(tmp_path, 4, "cv:a+b")
    np.testing.assert_allclose(committee, (a["cv"] + b["cv"]) / 2)
    with pytest.raises(SystemExit):
        combined(tmp_path, 4, "a+-b")


def test_cached_figures_match_the_hand_over_evaluation(
    synthetic_files: dict[str, Path], tmp_path: Path
) -> None:
    """The single-booster learner and the baseline through the cache give evaluate's figures exactly."""
    seed = 2
    cache(synthetic_files["features"], synthetic_files["edges"], tmp_path, [seed], "phone_no_m", "label")
    learn(tmp_path, [seed], ["lgb", "hgb"])
    split = np.load(tmp_path / f"split{seed}.npz")
    model_auc, model_f1 = figures(
        split["y_train"], split["y_test"], *combined(tmp_path, seed, "lgb"), platt=True
    )
    base_auc, base_f1 = figures(
        split["y_train"], split["y_test"], *combined(tmp_path, seed, "hgb"), platt=False
    )

    table = read_features(synthetic_files["features"], "phone_no_m", "label")
    edges = read_edges(synthetic_files["edges"])
    run = holdout(table, "phone_no_m", "label", edges, SHIPPED, seeds=[seed]).runs[0]  # recipe single
    assert model_auc == pytest.approx(run["auc"], abs=1e-12)
    assert model_f1 == pytest.approx(run["macro_f1"], abs=1e-12)
    assert base_auc == pytest.approx(run["baseline"]["auc"], abs=1e-12)
    assert base_f1 == pytest.approx(run["baseline"]["macro_f1"], abs=1e-12)
    # the committee is a different predictor for the held-out rows, on the same out-of-fold logits
    stored = np.load(tmp_path / f"pred_lgb_{seed}.npz")
    assert not np.allclose(stored["cv"], stored["te"])


def test_the_product_blend_is_the_scripts_committee_blend(
    synthetic_files: dict[str, Path], tmp_path: Path
) -> None:
    """``train``'s default recipe is exactly ``cv:2*lgb_hgblike_fast+sign_lr``, and with 100 trees at
    learning rate 0.1 exactly ``cv:2*lgb_hgblike+sign_lr`` (the row it was chosen as): same held-out
    figures."""
    seed = 1
    features, edge_file = synthetic_files["features"], synthetic_files["edges"]
    cache(features, edge_file, tmp_path, [seed], "phone_no_m", "label")
    graph_step(features, edge_file, tmp_path, [seed], "phone_no_m", "label")
    sign_step(tmp_path, [seed])
    learn(tmp_path, [seed], ["lgb_hgblike", "lgb_hgblike_fast", "sign_lr"])
    split = np.load(tmp_path / f"split{seed}.npz")
    table = read_features(features, "phone_no_m", "label")
    for learner, config in (
        ("lgb_hgblike_fast", TrainConfig()),
        ("lgb_hgblike", TrainConfig(num_rounds=100, learning_rate=0.1)),
    ):
        oof, held = combined(tmp_path, seed, f"cv:2*{learner}+sign_lr")
        script_auc, script_f1 = figures(split["y_train"], split["y_test"], oof, held, platt=True)
        run = holdout(table, "phone_no_m", "label", read_edges(edge_file), config, seeds=[seed]).runs[0]
        assert script_auc == pytest.approx(run["auc"], abs=1e-12)
        assert script_f1 == pytest.approx(run["macro_f1"], abs=1e-12)


def _adjacency(n: int, pairs: list[tuple[int, int]]) -> sp.csr_matrix:
    ids = pl.Series([f"n{i}" for i in range(n)])
    edges = pl.DataFrame({"a": [f"n{i}" for i, _ in pairs], "b": [f"n{j}" for _, j in pairs]})
    graph = g.build_graph(edges, ids)
    order = graph.positions(ids)
    return sp.csr_matrix(graph.adjacency[order][:, order])


def test_propagation_leaves_isolated_nodes_alone_and_rw_averages() -> None:
    # 0 - 1 - 2, and 3 alone
    adjacency = _adjacency(4, [(0, 1), (1, 2)])
    values = np.array([1.0, 0.0, 3.0, 7.0])
    rw = propagation_matrix(adjacency, "rw")
    np.testing.assert_allclose(rw @ values, [0.0, 2.0, 0.0, 7.0])
    sym = propagation_matrix(adjacency, "sym")
    np.testing.assert_allclose(sym @ values, [0.0, (1 + 3) / np.sqrt(2), 0.0, 7.0])


def test_smoothing_clamps_known_labels_and_keeps_an_unknown_node_without_edges() -> None:
    adjacency = _adjacency(4, [(0, 1), (1, 2)])
    s = propagation_matrix(adjacency, "rw")
    base = np.array([0.2, 0.5, 0.9, 0.3])
    known = np.array([1.0, np.nan, 0.0, np.nan])
    out = correct_and_smooth(s, base, known, alpha_correct=0.0, alpha_smooth=0.0, scale=0.0)
    np.testing.assert_allclose(out, [1.0, 0.5, 0.0, 0.3])
    smooth = correct_and_smooth(s, base, known, alpha_correct=0.5, alpha_smooth=0.5, scale=1.0, steps=60)
    assert smooth[3] == pytest.approx(0.3)  # isolated: no residual reaches it, nothing to average
    assert 0.0 < smooth[1] < 1.0


@st.composite
def _graphs(draw: st.DrawFn) -> tuple[int, list[tuple[int, int]], list[int], list[float], int]:
    n = draw(st.integers(3, 25))
    pairs = draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), min_size=1, max_size=80))
    labels = draw(st.lists(st.sampled_from([0, 1]), min_size=n, max_size=n))
    base = draw(st.lists(st.floats(0.0, 1.0), min_size=n, max_size=n))
    return n, pairs, labels, base, draw(st.integers(0, n - 1))


@settings(max_examples=60, deadline=None)
@given(
    case=_graphs(),
    folds=st.integers(2, 5),
    seed=st.integers(0, 3),
    alphas=st.tuples(st.floats(0.0, 0.95), st.floats(0.0, 0.95), st.floats(0.0, 2.0)),
    norm=st.sampled_from(["sym", "rw"]),
)
def test_a_rows_out_of_fold_smoothing_never_reads_its_own_label(
    case: tuple[int, list[tuple[int, int]], list[int], list[float], int],
    folds: int,
    seed: int,
    alphas: tuple[float, float, float],
    norm: str,
) -> None:
    """The C&S outputs used for the threshold: flip a row's label, its own output does not move."""
    n, pairs, labels, base, row = case
    s = propagation_matrix(_adjacency(n, pairs), norm)
    fold = g.fold_of(n, folds, seed)
    y = np.asarray(labels)
    flipped = y.copy()
    flipped[row] = 1 - flipped[row]
    p = np.asarray(base)
    before = out_of_fold_smoothing(s, p, y, fold, *alphas)
    after = out_of_fold_smoothing(s, p, flipped, fold, *alphas)
    assert before[row] == after[row]


def test_sign_inputs_read_no_label_and_training_rows_only_the_training_graph(tmp_path: Path) -> None:
    rng = np.random.default_rng(3)
    n, width = 12, 3
    x = rng.normal(size=(n, width))
    x[2, 1] = np.nan
    pairs = [(i, j) for i in range(n) for j in range(i + 1, n) if rng.random() < 0.3]
    train, test = np.arange(9), np.arange(9, 12)
    sp.save_npz(tmp_path / "adjacency.npz", _adjacency(n, pairs))
    np.savez(tmp_path / "positions0.npz", train=train, test=test)

    def run(y_train: np.ndarray, x_test: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        np.savez(
            tmp_path / "split0.npz",
            x_train=x[train],
            y_train=y_train,
            folds=g.fold_of(9, 3, 0),
            x_test=x_test,
            y_test=np.zeros(3, dtype=np.int64),
            plain=width,
        )
        sign_step(tmp_path, [0])
        d = np.load(tmp_path / "sign0.npz")
        return d["x_train"], d["x_test"]

    ones = np.ones(9, dtype=np.int64)
    a_train, a_test = run(ones, x[test])
    b_train, b_test = run(1 - ones, x[test])
    np.testing.assert_array_equal(a_train, b_train)  # no label is read
    np.testing.assert_array_equal(a_test, b_test)
    c_train, c_test = run(ones, x[test] + 5.0)  # held-out rows never reach training rows
    np.testing.assert_array_equal(a_train, c_train)
    assert not np.allclose(a_test, c_test)
    assert a_train.shape == (9, 3 * width + 1)  # [z, Sz, S²z] and one missing flag
    assert a_train[2, -1] == 1.0
