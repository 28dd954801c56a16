"""The blend: a fold committee of boosters and a SIGN logistic head, averaged in log-odds.

Measured on 60 Sichuan hand-over splits (docs/model.md), no single learner beat the plain
HistGradientBoosting baseline at the decision, but the committee of the K inner-fold boosters averaged
2:1 in log-odds with a logistic model on propagated features did, on every seed set: trees and a linear
model make different mistakes, and averaging the fold models smooths each one's.

The committee *is* the inner cross-validation: each fold member is trained on the other folds and
predicts its own held-out fold, so the out-of-fold blend logits that fit the Platt calibration and the
macro-F1 threshold come for free and never read a row's own label. No final refit is needed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

import numpy as np
import numpy.typing as npt
import polars as pl

from ringfence.ml import graph as g
from ringfence.ml.artifact import FraudModel
from ringfence.ml.calibration import choose_threshold, fit_platt
from ringfence.ml.config import TrainConfig
from ringfence.ml.metrics import auc, summary
from ringfence.ml.sign import SignHead, Standardiser, hop_names, propagate, propagation_matrix

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
Progress = Callable[[str], None]

#: Iterations for the head's L-BFGS solver (standardised inputs converge long before).
_MAX_ITER = 3000


def propagated_inputs(
    standardiser: Standardiser,
    hops: int,
    edges: pl.DataFrame | None,
    ids: pl.Series,
    raw: FloatArray,
    extra_ids: pl.Series | None = None,
    extra_raw: FloatArray | None = None,
    out: FloatArray | None = None,
) -> tuple[FloatArray, dict[str, Any]]:
    """[S z, …, S^hops z] for the rows ``ids`` (raw features ``raw``), and graph facts.

    ``extra_ids``/``extra_raw``: more numbers' feature rows (context) that are neighbours only. Without
    edges every number is isolated, so each hop is z itself (``sign`` module docstring). ``out``: where
    to write them (rows × hops · features; scoring passes its input matrix's columns, so a million rows
    need no second copy), returned.
    """
    z = standardiser.z(raw)
    width = z.shape[1]
    if out is None:
        out = np.empty((len(ids), width * hops), order="F")
    if hops == 0:
        return out, {}
    if edges is None or edges.height == 0:
        for k in range(hops):
            out[:, k * width : (k + 1) * width] = z
        return out, {}
    parts = [ids] if extra_ids is None else [ids, extra_ids]
    graph = g.build_graph(edges, *parts)
    nodes = np.zeros((graph.size, z.shape[1]))
    has_row = np.zeros(graph.size, dtype=bool)
    if extra_ids is not None and extra_raw is not None and len(extra_ids):
        extra_positions = graph.positions(extra_ids)
        nodes[extra_positions] = standardiser.z(extra_raw)
        has_row[extra_positions] = True
    positions = graph.positions(ids)
    nodes[positions] = z
    has_row[positions] = True
    s = propagation_matrix(graph.adjacency, has_row)
    hopped = propagate(s, nodes, hops)
    facts = {"nodes": int(has_row.sum()), "edges": int(graph.adjacency.nnz // 2)}
    for k, h in enumerate(hopped):
        out[:, k * width : (k + 1) * width] = h[positions]
    return out, facts


def fit(
    raw: FloatArray,
    labels: IntArray,
    ids: pl.Series,
    features: tuple[str, ...],
    folds: IntArray,
    edges: pl.DataFrame | None,
    config: TrainConfig,
    step: Progress,
    info: dict[str, Any],
) -> tuple[FraudModel, FloatArray]:
    """The blend model and its out-of-fold margins (log-odds, table order) for the labelled ``raw`` rows.

    ``info`` is the model's metadata so far (it gains the graph facts, CV figures and importance).
    """
    import lightgbm as lgb
    from sklearn.linear_model import LogisticRegression

    use_graph = config.use_graph and not config.live_only and edges is not None
    hops = config.hops if use_graph else 0
    config = replace(config, hops=hops, recipe="blend")
    standardiser = Standardiser.fit(raw)
    if hops:
        step("propagated inputs")
    hopped, graph_info = propagated_inputs(standardiser, hops, edges if use_graph else None, ids, raw)
    matrix = np.hstack([raw, hopped])
    probe = SignHead(standardiser, hops, np.zeros(0), 0.0)
    design = probe.design(matrix)

    params = config.lightgbm_params()
    oof_tree = np.zeros(len(labels))
    oof_head = np.zeros(len(labels))
    boosters: list[Any] = []
    coefs: list[FloatArray] = []
    intercepts: list[float] = []
    for fold in range(config.folds):
        step(f"fold {fold + 1}/{config.folds}")
        fit_rows = folds != fold
        booster = lgb.train(
            params,
            lgb.Dataset(raw[fit_rows], labels[fit_rows], feature_name=list(features)),
            config.num_rounds,
        )
        oof_tree[~fit_rows] = booster.predict(raw[~fit_rows], raw_score=True, num_threads=config.num_threads)
        boosters.append(booster)
        head = LogisticRegression(C=config.head_c, max_iter=_MAX_ITER).fit(design[fit_rows], labels[fit_rows])
        oof_head[~fit_rows] = head.decision_function(design[~fit_rows])
        coefs.append(np.asarray(head.coef_[0], dtype=np.float64))
        intercepts.append(float(head.intercept_[0]))

    committee = SignHead(standardiser, hops, np.mean(coefs, axis=0), float(np.mean(intercepts)))
    total = config.tree_weight + config.head_weight
    oof_margin = (config.tree_weight * oof_tree + config.head_weight * oof_head) / total
    calibration = fit_platt(oof_margin, labels)
    oof_scores = calibration.apply(oof_margin)
    threshold = choose_threshold(labels, oof_scores)

    gain = np.mean([b.feature_importance(importance_type="gain") for b in boosters], axis=0)
    importance = {
        n: round(float(v), 3) for n, v in sorted(zip(features, gain, strict=True), key=lambda t: -t[1])
    }
    meta = {
        **info,
        "graph": graph_info,
        "cv": summary(labels, oof_scores, threshold),
        "cv_auc_parts": {"trees": auc(labels, oof_tree), "head": auc(labels, oof_head)},
        "importance_gain": importance,
    }
    model = FraudModel(
        boosters=tuple(boosters),
        features=features,
        graph_features=hop_names(features, hops),
        calibration=calibration,
        threshold=threshold,
        config=config,
        info=meta,
        head=committee,
    )
    return model, oof_margin
