"""Platt scaling and the macro-F1 threshold."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import f1_score

from ringfence.ml.calibration import PlattCalibration, choose_threshold, fit_platt, macro_f1, macro_f1_curve


def test_platt_recovers_the_slope_and_intercept_that_generated_the_labels() -> None:
    rng = np.random.default_rng(0)
    margin = rng.normal(0, 2, 40_000)
    truth = PlattCalibration(slope=0.7, intercept=-0.4)
    labels = (rng.random(len(margin)) < truth.apply(margin)).astype(np.int64)
    fitted = fit_platt(margin, labels)
    assert fitted.slope == pytest.approx(0.7, abs=0.03)
    assert fitted.intercept == pytest.approx(-0.4, abs=0.04)


def test_platt_with_a_single_class_is_the_identity_sigmoid() -> None:
    assert fit_platt(np.array([0.1, 2.0]), np.array([1, 1])) == PlattCalibration()


@given(st.lists(st.floats(-30, 30), min_size=2, max_size=50))
def test_calibration_never_changes_the_ranking(margins: list[float]) -> None:
    x = np.sort(np.array(margins))
    p = PlattCalibration(slope=0.8, intercept=0.3).apply(x)
    assert np.all(np.diff(p) >= 0)
    assert np.all((p >= 0) & (p <= 1))


@settings(max_examples=50)
@given(
    st.lists(st.tuples(st.integers(0, 1), st.floats(0, 1)), min_size=1, max_size=60),
    st.sampled_from([0.1, 0.3, 0.5, 0.705, 0.9]),
)
def test_macro_f1_matches_scikit_learn(rows: list[tuple[int, float]], t: float) -> None:
    y = np.array([r[0] for r in rows])
    s = np.array([r[1] for r in rows])
    expected = f1_score(y, s >= t, average="macro", labels=[0, 1], zero_division=1.0)
    assert macro_f1(y, s >= t) == pytest.approx(expected)
    grid, curve = macro_f1_curve(y, s)
    k = int(np.argmin(np.abs(grid - t)))
    assert curve[k] == pytest.approx(macro_f1(y, s >= grid[k]))


def test_threshold_separates_cleanly_separable_scores() -> None:
    y = np.array([0] * 50 + [1] * 50)
    s = np.concatenate([np.linspace(0.0, 0.3, 50), np.linspace(0.62, 1.0, 50)])
    t = choose_threshold(y, s)
    assert 0.3 < t <= 0.62
    assert macro_f1(y, s >= t) == 1.0


def test_threshold_moves_down_when_fraud_scores_are_low() -> None:
    rng = np.random.default_rng(1)
    y = (rng.random(4000) < 0.3).astype(np.int64)
    s = np.clip(np.where(y == 1, rng.normal(0.35, 0.08, 4000), rng.normal(0.12, 0.06, 4000)), 0, 1)
    t = choose_threshold(y, s)
    assert 0.18 < t < 0.3
