"""The numbers we judge a fraud-user model by: ranking (AUC) and the decision (macro-F1 and friends)."""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from ringfence.ml.calibration import macro_f1

FloatArray = npt.NDArray[np.float64]


def auc(labels: npt.NDArray[np.int64], scores: FloatArray) -> float:
    """Area under the ROC curve (ties count one half); NaN when only one class is present."""
    from sklearn.metrics import roc_auc_score

    y = np.asarray(labels)
    if len(np.unique(y)) < 2:
        return float("nan")
    return float(roc_auc_score(y, scores))


def summary(labels: npt.NDArray[np.int64], scores: FloatArray, threshold: float) -> dict[str, Any]:
    """AUC, macro-F1, precision, recall and accuracy of ``scores >= threshold``, plus the Brier score.

    ``precision``/``recall``/``f1_fraud`` are the fraud class's figures, ``*_normal`` the normal class's:
    macro-F1 is the mean of the two F1s, so a card reports both to show where the errors fall.
    """
    y = np.asarray(labels).astype(bool)
    s = np.asarray(scores, dtype=np.float64)
    predicted = s >= threshold
    tp = int(np.sum(y & predicted))
    fp = int(np.sum(~y & predicted))
    fn = int(np.sum(y & ~predicted))
    tn = int(np.sum(~y & ~predicted))
    return {
        "n": len(y),
        "fraud": int(y.sum()),
        "threshold": threshold,
        "auc": auc(y.astype(np.int64), s),
        "macro_f1": macro_f1(y.astype(np.int64), predicted),
        "precision": tp / (tp + fp) if tp + fp else 0.0,
        "recall": tp / (tp + fn) if tp + fn else 0.0,
        "f1_fraud": 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 1.0,
        "precision_normal": tn / (tn + fn) if tn + fn else 0.0,
        "recall_normal": tn / (tn + fp) if tn + fp else 0.0,
        "f1_normal": 2 * tn / (2 * tn + fn + fp) if tn + fn + fp else 1.0,
        "accuracy": float(np.mean(y == predicted)) if len(y) else float("nan"),
        "brier": float(np.mean((s - y) ** 2)) if len(y) else float("nan"),
    }
