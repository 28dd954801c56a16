"""The plain baseline every evaluation prints beside the model: HistGradientBoosting on per-user features.

The shipped model earns its complexity (graph features, calibration, tuned booster) only if it beats an
untuned, off-the-shelf learner on the same split. The baseline sees only the plain per-user feature
columns (no contact graph), uses scikit-learn's defaults, and gets the same threshold treatment as the
model: the macro-F1 threshold is chosen on out-of-fold predictions of its own training rows (inner
folds), never on the held-out rows it is scored on.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from ringfence.ml.calibration import choose_threshold
from ringfence.ml.metrics import summary

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

NAME = "HistGradientBoosting (scikit-learn defaults, per-user features only)"


def _fit(matrix: FloatArray, labels: IntArray, seed: int) -> Any:
    from sklearn.ensemble import HistGradientBoostingClassifier

    return HistGradientBoostingClassifier(random_state=seed, early_stopping=False).fit(matrix, labels)


def fit_predict(
    train: FloatArray, labels: IntArray, test: FloatArray, folds: IntArray, seed: int = 0
) -> tuple[FloatArray, float]:
    """Held-out probabilities for ``test`` and the threshold chosen on inner folds of ``train``."""
    oof = np.zeros(len(labels))
    for fold in np.unique(folds):
        inner = folds != fold
        oof[~inner] = _fit(train[inner], labels[inner], seed).predict_proba(train[~inner])[:, 1]
    threshold = choose_threshold(labels, oof)
    scores = _fit(train, labels, seed).predict_proba(test)[:, 1]
    return np.asarray(scores, dtype=np.float64), threshold


def evaluate(
    train: FloatArray,
    labels: IntArray,
    test: FloatArray,
    test_labels: IntArray,
    folds: IntArray,
    seed: int = 0,
) -> dict[str, Any]:
    """The baseline's ``metrics.summary`` on the held-out rows."""
    scores, threshold = fit_predict(train, labels, test, folds, seed)
    return summary(test_labels, scores, threshold)
