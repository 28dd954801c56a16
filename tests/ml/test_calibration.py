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


@settings(max_examples=40, deadline=None)
@given(
    st.integers(0, 2**32 - 1),
    st.integers(20, 400),
    st.floats(0.0, 4.0),
    st.sampled_from([0.01, 1.0, 7.0, 100.0, 5000.0]),
)
def test_platt_is_the_optimum_at_any_scale_and_separation(
    seed: int, n: int, separation: float, scale: float
) -> None:
    """Whatever the margins' scale, and also where the classes separate (no plain maximum-likelihood
    answer), the fit is finite, the minimum of its loss (zero gradient), and the same calibration of
    the same ranking: the slope scales with 1 / scale, the intercept stays. Plain Newton steps gave
    slopes of 1e10 from margins of a few units."""
    rng = np.random.default_rng(seed)
    y = np.r_[0, 1, rng.integers(0, 2, n - 2)].astype(np.int64)
    x = (2 * y - 1) * separation + rng.normal(0, 1, n)
    unit = fit_platt(x, y)
    fitted = fit_platt(x * scale, y)
    assert np.isfinite([fitted.slope, fitted.intercept]).all()
    assert fitted.slope * scale == pytest.approx(unit.slope, rel=1e-5, abs=1e-7)
    assert fitted.intercept == pytest.approx(unit.intercept, rel=1e-5, abs=1e-7)
    assert abs(unit.slope) < 50  # no step function
    if x[y == 1].min() > x[y == 0].max():  # separated: the ranking is kept, at a finite slope
        assert unit.slope > 0
    n_pos, n_neg = float(y.sum()), float(n - y.sum())
    target = np.where(y == 1, (n_pos + 1) / (n_pos + 2), 1 / (n_neg + 2))
    p = unit.apply(x)
    assert abs(np.sum((p - target) * x)) < 1e-6 * n * (1 + np.abs(x).max())
    assert abs(np.sum(p - target)) < 1e-6 * n


def test_platt_on_separated_classes_stays_a_probability() -> None:
    x = np.r_[np.linspace(-5, -0.5, 50), np.linspace(0.5, 5, 50)] * 30.0
    y = (x > 0).astype(np.int64)
    fitted = fit_platt(x, y)
    p = fitted.apply(x)
    assert 0.0 < fitted.slope < 1.0
    assert p.min() > 1e-4
    assert p.max() < 1 - 1e-4
    assert np.all(np.diff(p) > 0)


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
