"""Honest evaluation: simulate the hand-over of new numbers, several times, and report the spread.

Each run hides a random share of the labelled numbers (stratified: the same share of each class, so runs
differ by which users are hidden, not by how many fraud numbers). The model is trained on the rest
with only the edges among them (as if the hidden numbers had never been seen), then scores the hidden
numbers with the full contact graph and the training labels as known labels:
exactly what scoring new numbers looks like.

The decision threshold is nested: ``train`` picks it on out-of-fold predictions of the training rows
(inner folds), so the held-out rows never influence it. Every run also fits the plain baseline
(``ringfence.ml.baseline``) on the same split, and the report counts the runs below the acceptance bar.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import numpy.typing as npt
import polars as pl

from ringfence.ml import baseline
from ringfence.ml import graph as g
from ringfence.ml.columns import NOT_DERIVABLE
from ringfence.ml.config import TrainConfig
from ringfence.ml.metrics import summary
from ringfence.ml.scoring import score
from ringfence.ml.training import table_matrix, train

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
Progress = Callable[[str], None]

HEADLINE = ("auc", "macro_f1", "precision", "recall", "brier")
#: Per-class figures (fraud first, then normal) reported beside the headline.
PER_CLASS = ("f1_fraud", "precision", "recall", "f1_normal", "precision_normal", "recall_normal")
#: The acceptance bar on held-out Sichuan users (issue 15): a run is below it if either figure is.
BAR: dict[str, float] = {"auc": 0.955, "macro_f1": 0.91}


@dataclass(frozen=True)
class Evaluation:
    """Per-run metrics, their mean and sd, and the pooled held-out labels and scores (for the plots)."""

    protocol: dict[str, Any]
    runs: list[dict[str, Any]]
    labels: IntArray
    scores: FloatArray
    thresholds: FloatArray

    def values(self, metric: str, of: str | None = None) -> FloatArray:
        """``metric`` of every run (``of="baseline"``: the baseline's figure on the same run)."""
        rows = [r[of] if of else r for r in self.runs if of is None or of in r]
        return np.asarray([r[metric] for r in rows], dtype=np.float64)

    def mean(self, metric: str, of: str | None = None) -> float:
        v = self.values(metric, of)
        return float(np.mean(v)) if len(v) else float("nan")

    def sd(self, metric: str, of: str | None = None) -> float:
        v = self.values(metric, of)
        return float(np.std(v, ddof=1)) if len(v) > 1 else 0.0

    def below_bar(self, of: str | None = None) -> int:
        """Runs whose AUC or macro-F1 is under ``BAR``."""
        rows = [r[of] if of else r for r in self.runs if of is None or of in r]
        return sum(any(r[m] < floor for m, floor in BAR.items()) for r in rows)

    def below(self, metric: str, of: str | None = None) -> int:
        """Runs whose ``metric`` alone is under its ``BAR`` floor."""
        return int(np.sum(self.values(metric, of) < BAR[metric]))

    def spread(self, of: str | None = None) -> dict[str, Any]:
        metrics = HEADLINE + tuple(m for m in PER_CLASS if m not in HEADLINE)
        return {
            "mean": {m: self.mean(m, of) for m in metrics},
            "sd": {m: self.sd(m, of) for m in metrics},
            "min": {m: float(np.min(self.values(m, of))) for m in metrics if len(self.values(m, of))},
            "below_bar": self.below_bar(of),
            "below": {m: self.below(m, of) for m in BAR},
        }

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"protocol": self.protocol, "runs": self.runs, **self.spread()}
        out["bar"] = dict(BAR)
        if self.runs and "baseline" in self.runs[0]:
            out["baseline"] = {"name": baseline.NAME, **self.spread("baseline")}
        return out


def split(count: int, fraction: float, seed: int) -> tuple[IntArray, IntArray]:
    """Sorted (train, held-out) positions: a seeded random ``fraction`` is held out."""
    order = np.random.default_rng(seed).permutation(count)
    cut = max(1, round(count * fraction))
    return np.sort(order[cut:]).astype(np.int64), np.sort(order[:cut]).astype(np.int64)


def stratified_split(labels: IntArray, fraction: float, seed: int) -> tuple[IntArray, IntArray]:
    """Sorted (train, held-out) positions holding out ``fraction`` of each class (seeded)."""
    rng = np.random.default_rng(seed)
    held: list[IntArray] = []
    for value in np.unique(labels):
        members = np.flatnonzero(labels == value)
        rng.shuffle(members)
        held.append(members[: max(1, round(len(members) * fraction))])
    test = np.sort(np.concatenate(held)).astype(np.int64)
    train_mask = np.ones(len(labels), dtype=bool)
    train_mask[test] = False
    return np.flatnonzero(train_mask).astype(np.int64), test


def holdout(
    table: pl.DataFrame,
    id_col: str,
    label_col: str,
    edges: pl.DataFrame | None,
    config: TrainConfig,
    *,
    seeds: list[int],
    fraction: float = 0.2,
    as_live: bool = False,
    with_baseline: bool = True,
    progress: Progress | None = None,
) -> Evaluation:
    """Run the hand-over simulation once per seed (see the module docstring).

    ``as_live`` scores the held-out numbers the way the record bridge sees them: the features records
    cannot give are blanked and there is no contact graph. ``with_baseline`` also fits the plain
    baseline on each run's split (``run["baseline"]``).
    """
    step = progress or (lambda _message: None)
    table = table.filter(pl.col(label_col).is_in([0, 1])).unique(
        subset=[id_col], keep="first", maintain_order=True
    )
    runs: list[dict[str, Any]] = []
    labels: list[IntArray] = []
    scores: list[FloatArray] = []
    thresholds: list[float] = []
    for seed in seeds:
        step(f"hold-out run seed {seed}")
        all_labels = table[label_col].cast(pl.Int64).to_numpy()
        train_pos, test_pos = stratified_split(all_labels, fraction, seed)
        train_table = table[train_pos]
        test_table = table[test_pos]
        train_edges: pl.DataFrame | None = None
        if edges is not None:
            known_ids = train_table[id_col].cast(pl.Utf8)
            train_edges = edges.filter(
                pl.col("a").is_in(known_ids.implode()) & pl.col("b").is_in(known_ids.implode())
            )
        result = train(train_table, id_col, label_col, train_edges, replace(config, seed=config.seed + seed))
        known = train_table.select(pl.col(id_col).alias("id"), pl.col(label_col).alias("label"))
        to_score = test_table.drop(label_col)
        score_edges: pl.DataFrame | None = edges
        score_known: pl.DataFrame | None = known
        if as_live:
            to_score = to_score.with_columns(
                [pl.lit(None, dtype=pl.Float64).alias(c) for c in NOT_DERIVABLE if c in to_score.columns]
            )
            score_edges, score_known = None, None
        context = None if as_live else train_table.drop(label_col)  # known numbers' feature rows
        scored = score(result.model, to_score, id_col, score_edges, score_known, context=context)
        y = test_table[label_col].cast(pl.Int64).to_numpy()
        p = scored["score"].to_numpy()
        run: dict[str, Any] = {"seed": seed, **summary(y, p, result.model.threshold)}
        if with_baseline:
            plain = result.model.features
            run["baseline"] = baseline.evaluate(
                table_matrix(train_table, plain),
                result.labels,
                table_matrix(test_table, plain),
                y,
                g.fold_of(train_table.height, result.model.config.folds, result.model.config.seed),
                seed,
            )
        runs.append(run)
        labels.append(y)
        scores.append(p)
        thresholds.append(result.model.threshold)
    protocol = {
        "kind": "repeated stratified hold-out (hand-over simulation)",
        "threshold": "nested: chosen on inner out-of-fold predictions of the training rows",
        "baseline": baseline.NAME if with_baseline else None,
        "held_out_fraction": fraction,
        "seeds": list(seeds),
        "rows": table.height,
        "training_edges": "edges among training numbers only",
        "scoring_edges": "none (as live)" if as_live else ("full edge list" if edges is not None else "none"),
        "known_labels": "none (as live)" if as_live else "labels of the training numbers",
        "as_live": as_live,
    }
    return Evaluation(
        protocol=protocol,
        runs=runs,
        labels=np.concatenate(labels) if labels else np.empty(0, dtype=np.int64),
        scores=np.concatenate(scores) if scores else np.empty(0),
        thresholds=np.asarray(thresholds, dtype=np.float64),
    )
