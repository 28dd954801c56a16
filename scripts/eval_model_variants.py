"""Reproduce the fraud-user model's variant tables (docs/model.md): learners and ensembles, paired per split.

The hand-over protocol of ``ringfence model evaluate`` (stratified 20 % hold-outs, training graph among the
training numbers only, scoring with the full graph, the training labels as known labels and the training
rows as neighbour context), but with the per-split input matrices cached once so that learners can be
swapped and averaged cheaply. Three steps, each resumable:

    D=../shared/data/sichuan C=/tmp/variants
    python scripts/eval_model_variants.py cache --features $D/users_features.csv --edges $D/user_edges.csv \
        --cache $C --seeds 0-29
    python scripts/eval_model_variants.py learn --cache $C --seeds 0-29 lgb hgb lgb_s1 lgb_s2
    python scripts/eval_model_variants.py report --cache $C --seeds 0-29 lgb lgb+hgb cv:lgb+hgb

Per learner and split, ``learn`` stores the inner 5-fold out-of-fold logits of the training rows (the same
folds ``train`` uses), the held-out logits of a refit on all training rows (``te``, what the single recipe
ships) and the mean held-out logits of the five fold models (``cv``, a cross-validation committee). ``report``
averages logits (``a+b``, weights as ``2*a``; ``cv:`` uses the committee's held-out logits), fits Platt
scaling and the macro-F1 threshold on the averaged out-of-fold logits (nested: never on held-out rows)
and prints mean ± sd, paired differences against the baseline (mean ± standard error, splits higher)
and the splits below the acceptance bar. ``hgb`` with the raw-probability threshold is exactly the
baseline of ``ringfence.ml.baseline``; ``lgb`` is exactly the single-booster recipe (``config.SINGLE``,
shipped until the blend), ``cv:2*lgb_hgblike+sign_lr`` is exactly the blend as chosen (100 trees per
booster at learning rate 0.1) and ``cv:2*lgb_hgblike_fast+sign_lr`` exactly the shipped blend (50 at 0.2;
``ringfence.ml.blend``; ``tests/ml/test_variants_script.py`` checks all three).

Graph steps (issue #15, docs/model.md "Graph post-processing and propagated features"):

    python scripts/eval_model_variants.py graph --features $D/users_features.csv --edges $D/user_edges.csv \
        --cache $C --seeds 0-29            # the full graph in table order and each split's positions
    python scripts/eval_model_variants.py sign --cache $C --seeds 0-29      # SIGN inputs [X, SX, S²X]
    python scripts/eval_model_variants.py learn --cache $C --seeds 0-29 sign_lr plain_lr
    python scripts/eval_model_variants.py report --cache $C --seeds 0-29 "cs(0.8,0.8,1,rw):cv:hgb" \
        "cv:2*hgb+sign_lr"

``cs(alpha_correct,alpha_smooth,scale,sym|rw):<spec>`` post-processes any spec with Correct & Smooth:
held out on the full graph with every training label known, out-of-fold (for Platt and the threshold)
on the training graph with each inner fold's labels hidden.
"""

from __future__ import annotations

import argparse
import functools
import os
import re
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import numpy as np
import polars as pl
import scipy.sparse as sp

from ringfence.ml import graph as g
from ringfence.ml.artifact import FraudModel
from ringfence.ml.calibration import PlattCalibration, choose_threshold, fit_platt, macro_f1
from ringfence.ml.config import SINGLE
from ringfence.ml.evaluation import BAR, stratified_split
from ringfence.ml.io import read_edges, read_features
from ringfence.ml.metrics import auc
from ringfence.ml.scoring import input_matrix
from ringfence.ml.training import select_features, training_matrix

SHIPPED = SINGLE  # the recipe shipped when these tables were measured (format /1)
Learner = Callable[[np.ndarray, np.ndarray, np.ndarray, int, int], np.ndarray]


def seed_range(text: str) -> list[int]:
    lo, _, hi = text.partition("-")
    return list(range(int(lo), int(hi or lo) + 1))


def cache(features: Path, edges_path: Path, out: Path, seeds: list[int], id_col: str, label_col: str) -> None:
    table = read_features(features, id_col, label_col)
    table = table.filter(pl.col(label_col).is_in([0, 1])).unique(
        subset=[id_col], keep="first", maintain_order=True
    )
    edges = read_edges(edges_path)
    labels = table[label_col].cast(pl.Int64).to_numpy()
    out.mkdir(parents=True, exist_ok=True)
    for seed in seeds:
        config = replace(SHIPPED, seed=SHIPPED.seed + seed)
        train_pos, test_pos = stratified_split(labels, 0.2, seed)
        train, test = table[train_pos], table[test_pos]
        ids = train[id_col].cast(pl.Utf8)
        train_edges = edges.filter(pl.col("a").is_in(ids.implode()) & pl.col("b").is_in(ids.implode()))
        y = train[label_col].cast(pl.Int64).to_numpy()
        plain = select_features(train, id_col, label_col, False)
        folds = g.fold_of(len(y), config.folds, config.seed)
        names, x_train, _ = training_matrix(train, ids, y, plain, folds, train_edges, config)
        shell = FraudModel((), plain, names[len(plain) :], PlattCalibration(), 0.5, config)
        known = train.select(pl.col(id_col).alias("id"), pl.col(label_col).alias("label"))
        _, x_test = input_matrix(
            shell, test.drop(label_col), id_col, edges, known, context=train.drop(label_col)
        )
        np.savez(
            out / f"split{seed}.npz",
            x_train=np.ascontiguousarray(x_train),
            y_train=y,
            folds=folds,
            x_test=np.ascontiguousarray(x_test),
            y_test=test[label_col].cast(pl.Int64).to_numpy(),
            plain=len(plain),
        )
        print(
            f"split {seed}: {x_train.shape[0]} training rows, {x_test.shape[0]} held out, "
            f"{x_train.shape[1]} inputs"
        )


def graph_step(
    features: Path, edges_path: Path, out: Path, seeds: list[int], id_col: str, label_col: str
) -> None:
    """The full contact graph in table order and each split's positions, for the graph post-processing.

    Every edge end is a labelled user on Sichuan; edges to ids without a row are dropped here (they have
    no base prediction). The training graph of a split is the full graph restricted to its training rows,
    exactly the edges ``cache`` keeps.
    """
    table = read_features(features, id_col, label_col)
    table = table.filter(pl.col(label_col).is_in([0, 1])).unique(
        subset=[id_col], keep="first", maintain_order=True
    )
    ids = table[id_col].cast(pl.Utf8)
    graph = g.build_graph(
        read_edges(edges_path).filter(pl.col("a").is_in(ids.implode()) & pl.col("b").is_in(ids.implode())),
        ids,
    )
    order = graph.positions(ids)
    adjacency = sp.csr_matrix(graph.adjacency[order][:, order])
    out.mkdir(parents=True, exist_ok=True)
    sp.save_npz(out / "adjacency.npz", adjacency)
    labels = table[label_col].cast(pl.Int64).to_numpy()
    for seed in seeds:
        train_pos, test_pos = stratified_split(labels, 0.2, seed)
        np.savez(out / f"positions{seed}.npz", train=train_pos, test=test_pos)


def propagation_matrix(adjacency: Any, norm: str) -> Any:
    """``sym``: D^-1/2 A D^-1/2 (as in Correct & Smooth); ``rw``: D^-1 A (a neighbour mean).

    An isolated node gets a self loop, so propagation leaves it at its own value instead of shrinking it
    towards zero.
    """
    degree = np.asarray(adjacency.sum(axis=1), dtype=np.float64).ravel()
    lonely = degree == 0
    a = sp.csr_matrix(adjacency + sp.diags(lonely.astype(np.float64)))
    d = np.where(lonely, 1.0, degree)
    if norm == "sym":
        r = sp.diags(1.0 / np.sqrt(d))
        return sp.csr_matrix(r @ a @ r)
    return sp.csr_matrix(sp.diags(1.0 / d) @ a)


def correct_and_smooth(
    s: Any,
    base: np.ndarray,
    known: np.ndarray,
    alpha_correct: float,
    alpha_smooth: float,
    scale: float,
    steps: int = 30,
) -> np.ndarray:
    """Correct & Smooth (Huang et al. 2020) for one class probability; columns are independent runs.

    ``base``: base-predictor probabilities of every node, ``known``: 1/0 where the label is visible, NaN
    elsewhere (both (nodes,) or (nodes, runs)). Correct: the residuals ``label - base`` of the known
    nodes spread over the graph (personalised-PageRank style, ``alpha_correct``) and ``scale`` times the
    spread residual is added to every unknown node. Smooth: the known labels replace their nodes' values
    and the result spreads the same way (``alpha_smooth``). A node's own label enters its output only if
    it is known, so an unknown node's output never reads its own label.
    """
    visible = ~np.isnan(known)
    truth = np.nan_to_num(known)
    residual0 = np.where(visible, truth - base, 0.0)
    residual = residual0
    for _ in range(steps):
        residual = (1 - alpha_correct) * residual0 + alpha_correct * (s @ residual)
    corrected = np.where(visible, truth, np.clip(base + scale * residual, 0.0, 1.0))
    smooth = corrected
    for _ in range(steps):
        smooth = (1 - alpha_smooth) * corrected + alpha_smooth * (s @ smooth)
    return np.asarray(smooth, dtype=np.float64)


def sign_step(directory: Path, seeds: list[int], hops: int = 2) -> None:
    """SIGN inputs (Rossi et al. 2020) per split: [X, S X, S² X] with S = D^-1/2 A D^-1/2.

    X is the per-user features, sign-log transformed and standardised on the training rows (missing
    values at the mean, plus a missing flag per feature that has any). Label-free, so leak-free: training
    rows are propagated over the training graph, held-out rows over the full graph with the training rows
    as context, as the neighbour aggregates are.
    """
    for seed in seeds:
        d = np.load(directory / f"split{seed}.npz")
        width = int(d["plain"])
        raw = np.vstack([d["x_train"][:, :width], d["x_test"][:, :width]])
        v = np.sign(raw) * np.log1p(np.abs(raw))
        n = len(d["y_train"])
        mean = np.nanmean(v[:n], axis=0)
        sd = np.nanstd(v[:n], axis=0)
        z = np.nan_to_num((v - mean) / np.where(sd > 0, sd, 1.0))
        flags = np.isnan(v[:, np.isnan(v[:n]).any(axis=0)]).astype(np.float64)
        s_train, s_full = split_graphs(directory, seed, "sym")
        parts_train, parts_full = [z[:n]], [z]
        for _ in range(hops):
            parts_train.append(s_train @ parts_train[-1])
            parts_full.append(s_full @ parts_full[-1])
        np.savez(
            directory / f"sign{seed}.npz",
            x_train=np.hstack([*parts_train, flags[:n]]),
            x_test=np.hstack([*parts_full, flags])[n:],
        )


def linear_head(kind: str, hops: int = 2) -> Learner:
    """A logistic regression or a small MLP on the SIGN inputs (``sign_step``), up to ``hops`` hops."""

    def fit_predict(x: np.ndarray, y: np.ndarray, x_new: np.ndarray, width: int, seed: int) -> np.ndarray:
        from sklearn.linear_model import LogisticRegression
        from sklearn.neural_network import MLPClassifier

        keep = np.r_[0 : width * (hops + 1), 3 * width : x.shape[1]]
        x, x_new = x[:, keep], x_new[:, keep]
        if kind == "lr":
            model: Any = LogisticRegression(C=0.1, max_iter=3000).fit(x, y)
            return np.asarray(model.decision_function(x_new), dtype=np.float64)
        model = MLPClassifier(
            hidden_layer_sizes=(64,), alpha=1e-2, max_iter=300, random_state=seed, early_stopping=False
        ).fit(x, y)
        return logit(model.predict_proba(x_new)[:, 1])

    return fit_predict


def lightgbm(
    overrides: dict[str, Any] | None = None, rounds: int = 120, plain: bool = False, seed_offset: int = 0
) -> Learner:
    def fit_predict(x: np.ndarray, y: np.ndarray, x_new: np.ndarray, width: int, seed: int) -> np.ndarray:
        import lightgbm as lgb

        params = replace(SHIPPED, seed=seed + seed_offset).lightgbm_params() | (overrides or {})
        if plain:
            x, x_new = x[:, :width], x_new[:, :width]
        elif x.shape[1] > width:
            params["feature_contri"] = [1.0] * width + [SHIPPED.graph_gain_weight] * (x.shape[1] - width)
        booster = lgb.train(params, lgb.Dataset(x, y), rounds)
        return np.asarray(booster.predict(x_new, raw_score=True, num_threads=2), dtype=np.float64)

    return fit_predict


def hist_gradient_boosting(inputs: str = "plain") -> Learner:
    """``plain``: the per-user features (the baseline); ``labels``: plus the label-graph features; ``all``."""

    def fit_predict(x: np.ndarray, y: np.ndarray, x_new: np.ndarray, width: int, seed: int) -> np.ndarray:
        from sklearn.ensemble import HistGradientBoostingClassifier

        keep = {"plain": width, "labels": width + len(g.GRAPH_FEATURES), "all": x.shape[1]}[inputs]
        x, x_new = x[:, :keep], x_new[:, :keep]
        model = HistGradientBoostingClassifier(random_state=seed, early_stopping=False).fit(x, y)
        return np.asarray(model.decision_function(x_new), dtype=np.float64)

    return fit_predict


def extra_trees() -> Learner:
    def fit_predict(x: np.ndarray, y: np.ndarray, x_new: np.ndarray, width: int, seed: int) -> np.ndarray:
        from sklearn.ensemble import ExtraTreesClassifier

        def prepare(m: np.ndarray) -> np.ndarray:
            v = np.sign(m) * np.log1p(np.abs(m))
            return np.where(np.isnan(v), -1.0, v)

        forest = ExtraTreesClassifier(
            n_estimators=300, min_samples_leaf=2, max_features="sqrt", n_jobs=2, random_state=seed
        ).fit(prepare(x), y)
        p = np.clip(forest.predict_proba(prepare(x_new))[:, 1], 1e-4, 1 - 1e-4)
        return np.asarray(np.log(p / (1 - p)), dtype=np.float64)

    return fit_predict


#: LightGBM set up like scikit-learn's HistGradientBoosting defaults (over the single recipe's params).
HGB_LIKE: dict[str, Any] = {
    "num_leaves": 31,
    "max_depth": -1,
    "feature_fraction": 1.0,
    "bagging_fraction": 1.0,
    "bagging_freq": 0,
    "lambda_l2": 0.0,
    "min_sum_hessian_in_leaf": 1e-3,
}

LEARNERS: dict[str, Learner] = {
    "lgb": lightgbm(),  # the single-booster recipe (format /1)
    **{f"lgb_s{k}": lightgbm(seed_offset=1000 * k) for k in range(1, 5)},  # other booster seeds
    "lgb_plain": lightgbm(plain=True),
    "lgb_lr05": lightgbm({"learning_rate": 0.05}, rounds=240),
    "lgb_w2": lightgbm({"scale_pos_weight": 2.0}),
    # LightGBM set up like scikit-learn's HistGradientBoosting defaults, on the per-user features: the
    # baseline learner in a form the package can store as text
    "lgb_hgblike": lightgbm(HGB_LIKE, rounds=100, plain=True),
    # the same shape with half the trees at twice the learning rate: the shipped blend's boosters
    "lgb_hgblike_fast": lightgbm(HGB_LIKE | {"learning_rate": 0.2}, rounds=50, plain=True),
    "hgb": hist_gradient_boosting(),  # the baseline
    "hgb_labels": hist_gradient_boosting("labels"),
    "hgb_full": hist_gradient_boosting("all"),
    "et": extra_trees(),
    "sign_lr": linear_head("lr"),  # on the SIGN inputs
    "sign_lr1": linear_head("lr", hops=1),
    "plain_lr": linear_head("lr", hops=0),  # the same head without the graph
    "sign_mlp": linear_head("mlp"),
    "sign_hgb": hist_gradient_boosting("all"),
}
SIGN_LEARNERS = ("sign_lr", "sign_lr1", "plain_lr", "sign_mlp", "sign_hgb")


def learn(directory: Path, seeds: list[int], names: list[str]) -> None:
    for name in names:
        fit_predict = LEARNERS[name]
        started = time.monotonic()
        for seed in seeds:
            target = directory / f"pred_{name}_{seed}.npz"
            if target.exists():
                continue
            d = np.load(directory / f"split{seed}.npz")
            x, y, folds, x_test, width = d["x_train"], d["y_train"], d["folds"], d["x_test"], int(d["plain"])
            if name in SIGN_LEARNERS:
                extra = np.load(directory / f"sign{seed}.npz")
                x, x_test = extra["x_train"], extra["x_test"]
            oof = np.zeros(len(y))
            committee = np.zeros(len(x_test))
            for fold in np.unique(folds):
                fit = folds != fold
                both = fit_predict(x[fit], y[fit], np.vstack([x[~fit], x_test]), width, seed)
                oof[~fit] = both[: int((~fit).sum())]
                committee += both[int((~fit).sum()) :] / len(np.unique(folds))
            refit = fit_predict(x, y, x_test, width, seed)
            np.savez(target, oof=oof, te=refit, cv=committee)
        print(f"{name}: {time.monotonic() - started:.0f} s")


@functools.cache
def split_graphs(directory: Path, seed: int, norm: str) -> tuple[Any, Any]:
    """Propagation matrices of a split's training graph (training rows) and full graph (training rows,
    then held-out rows: the order of the cached matrices)."""
    adjacency = sp.load_npz(directory / "adjacency.npz").tocsr()
    positions = np.load(directory / f"positions{seed}.npz")
    order = np.concatenate([positions["train"], positions["test"]])
    full = adjacency[order][:, order]
    n = len(positions["train"])
    return propagation_matrix(full[:n][:, :n], norm), propagation_matrix(full, norm)


def logit(p: np.ndarray) -> np.ndarray:
    q = np.clip(p, 1e-6, 1 - 1e-6)
    return np.asarray(np.log(q / (1 - q)), dtype=np.float64)


def out_of_fold_smoothing(
    s: Any,
    base: np.ndarray,
    labels: np.ndarray,
    folds: np.ndarray,
    alpha_correct: float,
    alpha_smooth: float,
    scale: float,
) -> np.ndarray:
    """Correct & Smooth output of every labelled row with its whole fold's labels hidden (one run per
    fold, as columns), so a row's output never reads its own label."""
    fold_ids = np.unique(folds)
    hidden = np.where(folds[:, None] == fold_ids[None, :], np.nan, labels[:, None].astype(np.float64))
    runs = correct_and_smooth(
        s, np.repeat(base[:, None], len(fold_ids), axis=1), hidden, alpha_correct, alpha_smooth, scale
    )
    return np.asarray(runs[np.arange(len(labels)), np.searchsorted(fold_ids, folds)], dtype=np.float64)


def smoothed(directory: Path, seed: int, spec: str) -> tuple[np.ndarray, np.ndarray]:
    """Out-of-fold and held-out logits of ``cs(alpha_correct,alpha_smooth,scale,norm):<spec>``.

    The base spec's logits are Platt-scaled on its out-of-fold logits. Held out: Correct & Smooth on the
    full graph with every training label known and the training rows' base probabilities out-of-fold.
    Out-of-fold (for the calibration and threshold): on the training graph, one run per inner fold with
    that fold's labels hidden, the fold's rows read from that run, exactly as the label-graph features.
    """
    match = re.fullmatch(r"cs\(([\d.]+),([\d.]+),([\d.]+),(sym|rw)\):(.+)", spec)
    if match is None:
        raise SystemExit(f"bad spec {spec!r}")
    alpha_correct, alpha_smooth, scale = (float(match.group(k)) for k in (1, 2, 3))
    oof_logit, test_logit = combined(directory, seed, match.group(5))
    d = np.load(directory / f"split{seed}.npz")
    y, folds = d["y_train"].astype(np.float64), d["folds"]
    calibration = fit_platt(oof_logit, d["y_train"])
    p_oof, p_test = calibration.apply(oof_logit), calibration.apply(test_logit)
    s_train, s_full = split_graphs(directory, seed, match.group(4))
    oof = out_of_fold_smoothing(s_train, p_oof, y, folds, alpha_correct, alpha_smooth, scale)
    known = np.concatenate([y, np.full(len(p_test), np.nan)])
    held = correct_and_smooth(
        s_full, np.concatenate([p_oof, p_test]), known, alpha_correct, alpha_smooth, scale
    )[len(y) :]
    return logit(oof), logit(held)


def combined(directory: Path, seed: int, spec: str) -> tuple[np.ndarray, np.ndarray]:
    """Averaged out-of-fold and held-out logits of a spec like ``cv:2*lgb+hgb``."""
    if spec.startswith("cs("):
        return smoothed(directory, seed, spec)
    held = "te"
    if spec.startswith("cv:"):
        held, spec = "cv", spec[3:]
    weights: list[float] = []
    parts: list[Any] = []
    for term in spec.split("+"):
        match = re.fullmatch(r"(?:([\d.]+)\*)?(\w+)", term)
        if match is None:
            raise SystemExit(f"bad term {term!r}")
        weights.append(float(match.group(1) or 1.0))
        parts.append(np.load(directory / f"pred_{match.group(2)}_{seed}.npz"))
    w = np.asarray(weights) / sum(weights)
    oof = sum(wi * p["oof"] for wi, p in zip(w, parts, strict=True))
    test = sum(wi * p[held] for wi, p in zip(w, parts, strict=True))
    return np.asarray(oof), np.asarray(test)


def figures(
    y: np.ndarray, y_test: np.ndarray, oof: np.ndarray, test: np.ndarray, platt: bool
) -> tuple[float, float]:
    """Held-out AUC and macro-F1 at the threshold chosen on the out-of-fold scores."""
    if platt:
        calibration = fit_platt(oof, y)
        oof, test = calibration.apply(oof), calibration.apply(test)
    else:  # the baseline: its own probabilities, as ringfence.ml.baseline does
        oof, test = 1 / (1 + np.exp(-oof)), 1 / (1 + np.exp(-test))
    threshold = choose_threshold(y, oof)
    return auc(y_test, test), macro_f1(y_test, test >= threshold)


def paired(values: np.ndarray, reference: np.ndarray) -> str:
    d = values - reference
    return f"{d.mean():+.4f} ± {d.std(ddof=1) / np.sqrt(len(d)):.4f} ({int(np.sum(d > 0))} of {len(d)})"


def report(directory: Path, seeds: list[int], specs: list[str]) -> None:
    splits = [np.load(directory / f"split{seed}.npz") for seed in seeds]

    def run(spec: str, platt: bool = True) -> np.ndarray:
        rows = []
        for seed, d in zip(seeds, splits, strict=True):
            oof, test = combined(directory, seed, spec)
            rows.append(figures(d["y_train"], d["y_test"], oof, test, platt))
        return np.asarray(rows)

    base = run("hgb", platt=False)
    print(
        "| variant | AUC | macro-F1 | Δ AUC vs baseline (paired) | Δ macro-F1 vs baseline (paired) "
        "| below the bar |"
    )
    print("|---|---:|---:|---:|---:|---:|")
    for spec, result in [("baseline: hgb", base), *[(s, run(s)) for s in specs]]:
        below = int(np.sum((result[:, 0] < BAR["auc"]) | (result[:, 1] < BAR["macro_f1"])))
        print(
            f"| {spec} | {result[:, 0].mean():.4f} ± {result[:, 0].std(ddof=1):.4f} "
            f"| {result[:, 1].mean():.4f} ± {result[:, 1].std(ddof=1):.4f} "
            f"| {paired(result[:, 0], base[:, 0])} | {paired(result[:, 1], base[:, 1])} "
            f"| {below} of {len(seeds)} |"
        )


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("step", choices=("cache", "graph", "sign", "learn", "report"))
    parser.add_argument("names", nargs="*", help="learners (learn) or ensemble specs (report)")
    parser.add_argument("--cache", type=Path, required=True)
    parser.add_argument("--seeds", type=seed_range, default=seed_range("0-29"))
    parser.add_argument("--features", type=Path)
    parser.add_argument("--edges", type=Path)
    parser.add_argument("--id-col", default="phone_no_m")
    parser.add_argument("--label-col", default="label")
    args = parser.parse_intermixed_args(argv)
    if args.step == "cache":
        if args.features is None or args.edges is None:
            parser.error("cache needs --features and --edges")
        cache(args.features, args.edges, args.cache, args.seeds, args.id_col, args.label_col)
    elif args.step == "graph":
        if args.features is None or args.edges is None:
            parser.error("graph needs --features and --edges")
        graph_step(args.features, args.edges, args.cache, args.seeds, args.id_col, args.label_col)
    elif args.step == "sign":
        sign_step(args.cache, args.seeds)
    elif args.step == "learn":
        learn(args.cache, args.seeds, args.names or ["lgb", "hgb"])
    else:
        report(args.cache, args.seeds, args.names)


if __name__ == "__main__":
    main(sys.argv[1:])
