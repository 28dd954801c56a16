"""Honest evaluation: simulate the hand-over of new numbers, several times, and report mean ± sd.

Each run hides a random share of the labelled numbers. The model is trained on the rest with only the
edges among them (as if the hidden numbers had never been seen), then scores the hidden numbers with the
full contact graph and the training labels as known labels: exactly what scoring new numbers looks like.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import numpy.typing as npt
import polars as pl

from ringfence.ml.columns import NOT_DERIVABLE
from ringfence.ml.config import TrainConfig
from ringfence.ml.metrics import summary
from ringfence.ml.scoring import score
from ringfence.ml.training import train

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
Progress = Callable[[str], None]

HEADLINE = ("auc", "macro_f1", "precision", "recall", "brier")


@dataclass(frozen=True)
class Evaluation:
    """Per-run metrics, their mean and sd, and the pooled held-out labels and scores (for the plots)."""

    protocol: dict[str, Any]
    runs: list[dict[str, Any]]
    labels: IntArray
    scores: FloatArray
    thresholds: FloatArray

    def mean(self, metric: str) -> float:
        return float(np.mean([r[metric] for r in self.runs]))

    def sd(self, metric: str) -> float:
        return float(np.std([r[metric] for r in self.runs], ddof=1)) if len(self.runs) > 1 else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "protocol": self.protocol,
            "runs": self.runs,
            "mean": {m: self.mean(m) for m in HEADLINE},
            "sd": {m: self.sd(m) for m in HEADLINE},
        }


def split(count: int, fraction: float, seed: int) -> tuple[IntArray, IntArray]:
    """Sorted (train, held-out) positions: a seeded random ``fraction`` is held out."""
    order = np.random.default_rng(seed).permutation(count)
    cut = max(1, round(count * fraction))
    return np.sort(order[cut:]).astype(np.int64), np.sort(order[:cut]).astype(np.int64)


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
    progress: Progress | None = None,
) -> Evaluation:
    """Run the hand-over simulation once per seed (see the module docstring).

    ``as_live`` scores the held-out numbers the way the record bridge sees them: the features records
    cannot give are blanked and there is no contact graph.
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
        train_pos, test_pos = split(table.height, fraction, seed)
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
        scored = score(result.model, to_score, id_col, score_edges, score_known)
        y = test_table[label_col].cast(pl.Int64).to_numpy()
        p = scored["score"].to_numpy()
        runs.append({"seed": seed, **summary(y, p, result.model.threshold)})
        labels.append(y)
        scores.append(p)
        thresholds.append(result.model.threshold)
    protocol = {
        "kind": "repeated hold-out (hand-over simulation)",
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
