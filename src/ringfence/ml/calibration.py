"""Turning boosted margins into probabilities, and probabilities into a decision.

Platt scaling (a logistic fit on the out-of-fold margins) is strictly monotone, so it changes no ranking
(AUC is untouched) while making ``score`` read as a probability. The decision threshold is the one that
maximises macro-F1 on the out-of-fold probabilities, read off a lightly smoothed curve so that one lucky
row does not move it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]

_GRID: Final = np.round(np.arange(0.02, 0.981, 0.005), 4)
_SMOOTH: Final = 5


@dataclass(frozen=True)
class PlattCalibration:
    """probability = sigmoid(slope × margin + intercept)."""

    slope: float = 1.0
    intercept: float = 0.0

    def apply(self, margin: FloatArray) -> FloatArray:
        z = np.clip(self.slope * np.asarray(margin, dtype=np.float64) + self.intercept, -500.0, 500.0)
        return np.asarray(1.0 / (1.0 + np.exp(-z)), dtype=np.float64)


def fit_platt(margin: FloatArray, labels: npt.NDArray[np.int64]) -> PlattCalibration:
    """Maximum-likelihood Platt scaling by Newton's method (two parameters, a handful of steps)."""
    x = np.asarray(margin, dtype=np.float64)
    y = np.asarray(labels, dtype=np.float64)
    if len(np.unique(y)) < 2:
        return PlattCalibration()
    a, b = 1.0, 0.0
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-np.clip(a * x + b, -500.0, 500.0)))
        w = np.maximum(p * (1.0 - p), 1e-12)
        grad = np.array([np.sum((p - y) * x), np.sum(p - y)])
        hess = np.array([[np.sum(w * x * x), np.sum(w * x)], [np.sum(w * x), np.sum(w)]])
        hess += np.eye(2) * 1e-9
        step = np.linalg.solve(hess, grad)
        a, b = a - float(step[0]), b - float(step[1])
        if np.max(np.abs(step)) < 1e-10:
            break
    return PlattCalibration(slope=a, intercept=b)


def macro_f1(labels: npt.NDArray[np.int64], predicted: npt.NDArray[np.bool_]) -> float:
    """Mean of the F1 of the fraud class and the F1 of the normal class."""
    y = np.asarray(labels).astype(bool)
    p = np.asarray(predicted).astype(bool)
    tp = float(np.sum(y & p))
    tn = float(np.sum(~y & ~p))
    fp = float(np.sum(~y & p))
    fn = float(np.sum(y & ~p))
    f1_pos = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 1.0
    f1_neg = 2 * tn / (2 * tn + fn + fp) if tn + fn + fp else 1.0
    return (f1_pos + f1_neg) / 2


def macro_f1_curve(labels: npt.NDArray[np.int64], scores: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Macro-F1 of ``scores >= t`` for every t on a fixed grid, computed in one pass over sorted scores."""
    y = np.asarray(labels).astype(bool)
    s = np.asarray(scores, dtype=np.float64)
    pos = np.sort(s[y])
    neg = np.sort(s[~y])
    tp = len(pos) - np.searchsorted(pos, _GRID, side="left")
    fp = len(neg) - np.searchsorted(neg, _GRID, side="left")
    fn = len(pos) - tp
    tn = len(neg) - fp
    with np.errstate(invalid="ignore", divide="ignore"):
        f1_pos = np.where(tp + fp + fn > 0, 2 * tp / (2 * tp + fp + fn), 1.0)
        f1_neg = np.where(tn + fn + fp > 0, 2 * tn / (2 * tn + fn + fp), 1.0)
    return _GRID.astype(np.float64), np.asarray((f1_pos + f1_neg) / 2, dtype=np.float64)


def choose_threshold(labels: npt.NDArray[np.int64], scores: FloatArray) -> float:
    """The grid threshold with the best smoothed macro-F1 (ties: the one nearest 0.5)."""
    grid, curve = macro_f1_curve(labels, scores)
    kernel = np.ones(_SMOOTH) / _SMOOTH
    smooth = np.convolve(np.pad(curve, _SMOOTH // 2, mode="edge"), kernel, mode="valid")
    best = np.flatnonzero(smooth >= smooth.max() - 1e-12)
    return float(grid[best[np.argmin(np.abs(grid[best] - 0.5))]])
