"""Fraud-user model: training time on the Sichuan table and scoring throughput, beside baselines.

Baselines run in the same process on the same data: one plain ``lightgbm.train`` with the same
parameters (training) and the bare ``Booster.predict`` on the same matrix (scoring), so the ratios show
what our pipeline adds (out-of-fold graph features, cross-validation, calibration, matrix building).
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from ringfence.ml.artifact import FraudModel
from ringfence.ml.columns import SICHUAN_FEATURES
from ringfence.ml.config import TrainConfig
from ringfence.ml.default import load_default
from ringfence.ml.io import read_edges, read_features
from ringfence.ml.scoring import input_matrix, score
from ringfence.ml.training import train

ROOT = Path(__file__).resolve().parents[1]
SCORE_ROWS = 1_000_000


def _sichuan() -> Path | None:
    for base in (ROOT.parent, ROOT.parent.parent):
        candidate = base / "shared" / "data" / "sichuan"
        if (candidate / "users_features.csv").is_file():
            return candidate
    return None


def _synthetic_rows(source: pl.DataFrame, rows: int, seed: int = 0) -> pl.DataFrame:
    """``rows`` numbers resampled from real rows with ±10 % jitter: realistic values, unseen ids."""
    rng = np.random.default_rng(seed)
    picked = source[rng.integers(0, source.height, rows)]
    jitter = rng.uniform(0.9, 1.1, (rows, len(SICHUAN_FEATURES)))
    values = picked.select(SICHUAN_FEATURES).to_numpy() * jitter
    frame = pl.DataFrame(values, schema=list(SICHUAN_FEATURES), orient="row")
    return frame.insert_column(0, pl.Series("phone_no_m", [f"n{i:08d}" for i in range(rows)]))


def _time(fn: Any, repeat: int = 3) -> tuple[float, Any]:
    """Best of ``repeat`` runs: on a shared machine the minimum is the least disturbed measurement."""
    best, out = float("inf"), None
    for _ in range(repeat):
        started = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - started)
    return best, out


def _bare_predict(model: FraudModel, matrix: np.ndarray) -> list[Any]:
    """What the trees alone cost: each booster's raw prediction on the columns it reads."""
    x = matrix[:, : len(model.features)] if model.is_blend else matrix
    return [b.predict(x, raw_score=True, num_threads=2) for b in model.boosters]


def run() -> list[dict[str, Any]]:
    import lightgbm as lgb

    results: list[dict[str, Any]] = []
    data = _sichuan()
    if data is not None:
        table = read_features(data / "users_features.csv", "phone_no_m", "label")
        edges = read_edges(data / "user_edges.csv")
        config = TrainConfig(num_threads=2)
        ours, result = _time(lambda: train(table, "phone_no_m", "label", edges, config))
        model = result.model
        matrix = input_matrix(model, table, "phone_no_m")[1][:, : len(model.features)]
        labels = table["label"].to_numpy()
        base, _ = _time(
            lambda: lgb.train(config.lightgbm_params(), lgb.Dataset(matrix, labels), config.num_rounds)
        )
        results.append(
            {
                "name": "model.train (Sichuan 4,886 users + 262k edges, 2 threads)",
                "seconds": round(ours, 2),
                "baseline": "one plain lightgbm.train, same params",
                "baseline_seconds": round(base, 2),
                "ratio": round(ours / base, 1),
                "target": "<= 120 s",
            }
        )
        source = table
    else:
        results.append({"name": "model.train", "skipped": "Sichuan data not found next to the checkout"})
        source = pl.DataFrame({f: np.random.default_rng(1).lognormal(3, 1, 1000) for f in SICHUAN_FEATURES})

    model = load_default("full")
    frame = _synthetic_rows(source, SCORE_ROWS)
    matrix = input_matrix(model, frame, "phone_no_m")[1]
    base, _ = _time(lambda: _bare_predict(model, matrix))
    ours, scored = _time(lambda: score(model, frame, "phone_no_m", num_threads=2))
    assert scored.height == SCORE_ROWS
    results.append(
        {
            "name": f"model.score default model, {SCORE_ROWS:,} users, no graph",
            "users_per_s": round(SCORE_ROWS / ours),
            "baseline": "bare Booster.predict of each booster on the same matrix",
            "baseline_users_per_s": round(SCORE_ROWS / base),
            "ratio": round(base / ours, 2),
            "target": ">= 100,000 users/s",
        }
    )

    rows, degree = 200_000, 10
    rng = np.random.default_rng(2)
    small = frame.head(rows)
    ids = small["phone_no_m"]
    a = rng.integers(0, rows, rows * degree // 2)
    b = rng.integers(0, rows, rows * degree // 2)
    edge_frame = pl.DataFrame({"a": ids.gather(a), "b": ids.gather(b)})
    known_at = rng.random(rows) < 0.8
    known = pl.DataFrame(
        {"id": ids.filter(known_at), "label": (rng.random(int(known_at.sum())) < 0.3).astype(int)}
    )
    to_score = small.filter(~pl.Series(known_at))
    base_matrix = input_matrix(model, to_score, "phone_no_m")[1]
    base, _ = _time(lambda: _bare_predict(model, base_matrix))
    ours, _ = _time(lambda: score(model, to_score, "phone_no_m", edge_frame, known, num_threads=2))
    results.append(
        {
            "name": f"model.score with graph: {to_score.height:,} new users, {len(a):,} edges, "
            f"{known.height:,} known",
            "users_per_s": round(to_score.height / ours),
            "baseline": "bare Booster.predict of each booster on the same rows",
            "baseline_users_per_s": round(to_score.height / base),
            "ratio": round(base / ours, 2),
        }
    )
    return results


if __name__ == "__main__":
    for row in run():
        print(row)
