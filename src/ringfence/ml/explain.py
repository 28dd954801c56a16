"""Why a number scored as it did: each input's additive contribution to the model's log-odds.

LightGBM's contributions (TreeSHAP) sum, with the bias term, to a booster's raw margin; the blend's are
the boosters' mean plus the linear head's (coefficient × standardised input, a feature's missing flag
counted with the feature), weighted as in the blend, so they sum to the blended margin. The calibrated
score is a monotone function of that margin, so the largest contributions are the inputs that pushed
the score. ``hop1__<f>``/``hop2__<f>`` are the neighbours' (two hops: their neighbours') standardised f.
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt
import polars as pl

from ringfence.ml.artifact import FraudModel

FloatArray = npt.NDArray[np.float64]


def contributions(model: FraudModel, matrix: FloatArray, num_threads: int | None = None) -> FloatArray:
    """Shape (rows, inputs + 1): one column per model input, the last the bias (expected margin)."""
    return model.contributions(matrix, num_threads)


def _value(x: float) -> str:
    if math.isnan(x):
        return "missing"
    return f"{x:.4g}"


def top_reasons(
    contrib: FloatArray, names: tuple[str, ...], matrix: FloatArray, k: int = 3
) -> list[list[str]]:
    """The ``k`` largest contributions of each row by size, as ``name=value (+0.84)``, largest first."""
    body = contrib[:, : len(names)]
    k = max(0, min(k, len(names)))
    if k == 0 or not len(body):
        return [[] for _ in range(len(body))]
    order = np.argsort(-np.abs(body), axis=1, kind="stable")[:, :k]
    return [
        [f"{names[j]}={_value(float(matrix[i, j]))} ({body[i, j]:+.2f})" for j in row]
        for i, row in enumerate(order)
    ]


def explain_frame(
    model: FraudModel,
    ids: pl.Series,
    matrix: FloatArray,
    id_col: str,
    *,
    k: int = 3,
    with_contributions: bool = False,
) -> pl.DataFrame:
    """Scores with their top reasons (and, optionally, every contribution as ``contrib_<feature>``)."""
    contrib = contributions(model, matrix)
    margin = contrib.sum(axis=1)
    scores = model.calibration.apply(margin)
    reasons = top_reasons(contrib, model.input_names, matrix, k)
    frame = pl.DataFrame(
        {
            id_col: ids,
            "score": scores,
            "label_pred": (scores >= model.threshold).astype(np.int8),
            "top_reasons": ["; ".join(r) for r in reasons],
        }
    )
    if with_contributions:
        extra = {f"contrib_{n}": contrib[:, j] for j, n in enumerate(model.input_names)}
        extra["contrib_bias"] = contrib[:, -1]
        frame = frame.hstack(pl.DataFrame(extra))
    return frame
