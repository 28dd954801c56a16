"""The evaluation numbers."""

from __future__ import annotations

import math

import numpy as np
import pytest

from ringfence.ml.metrics import auc, summary


def test_summary_counts_the_decision_at_the_threshold() -> None:
    y = np.array([1, 1, 1, 0, 0, 0, 0, 0])
    s = np.array([0.9, 0.8, 0.3, 0.7, 0.2, 0.1, 0.1, 0.0])
    out = summary(y, s, 0.5)
    assert out["precision"] == pytest.approx(2 / 3)
    assert out["recall"] == pytest.approx(2 / 3)
    assert out["accuracy"] == pytest.approx(6 / 8)
    assert out["auc"] == pytest.approx(14 / 15)
    assert out["n"] == 8
    assert out["fraud"] == 3


def test_auc_of_one_class_is_nan() -> None:
    assert math.isnan(auc(np.array([1, 1]), np.array([0.2, 0.4])))
