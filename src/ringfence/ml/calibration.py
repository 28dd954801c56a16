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
    """Platt scaling as Platt (1999) and Lin, Lin and Weng (2007) fit it: targets pulled in from 0 and 1
    by one pseudo-count per class, Newton steps with a backtracking line search from a flat start.

    Why not the plain likelihood with plain Newton steps (as until 2026-12-04): where the classes
    separate (an easy training set, an out-of-fold margin that never errs) that likelihood has no
    maximum, and the slope runs off; and from a start far from the answer (margins of a few units and
    more) undamped steps overshoot. Both gave slopes of 1e10 and more, a calibration that answers 0 or 1.
    The pseudo-counts move the fit on ordinary data by about one row in each class."""
    x = np.asarray(margin, dtype=np.float64)
    y = np.asarray(labels, dtype=np.float64)
    n_pos = float(np.sum(y == 1))
    n_neg = float(len(y) - n_pos)
    if n_pos == 0 or n_neg == 0:
        return PlattCalibration()
    target = np.where(y == 1, (n_pos + 1.0) / (n_pos + 2.0), 1.0 / (n_neg + 2.0))
    a, b = 0.0, float(np.log((n_pos + 1.0) / (n_neg + 1.0)))

    def loss(a: float, b: float) -> float:
        z = a * x + b
        return float(np.sum(np.logaddexp(0.0, z) - target * z))  # the cross-entropy, without overflow

    current = loss(a, b)
    for _ in range(100):
        z = a * x + b
        p = 1.0 / (1.0 + np.exp(-np.clip(z, -500.0, 500.0)))
        grad = np.array([np.sum((p - target) * x), np.sum(p - target)])
        w = p * (1.0 - p)
        hess = np.array([[np.sum(w * x * x), np.sum(w * x)], [np.sum(w * x), np.sum(w)]]) + np.eye(2) * 1e-12
        direction = -np.linalg.solve(hess, grad)
        slope = float(grad @ direction)  # negative: the Hessian is positive definite
        step = 1.0
        while step >= 1e-10:
            na, nb = a + step * float(direction[0]), b + step * float(direction[1])
            new = loss(na, nb)
            if new <= current + 1e-4 * step * slope:
                break
            step /= 2.0
        else:
            break  # no step lowers the loss any more: at the minimum to working precision
        moved = step * float(np.max(np.abs(direction)))
        a, b, current = na, nb, new
        if moved < 1e-10:
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
