"""scripts/eval_model_variants.py: its cached pipeline gives exactly the figures ``evaluate`` gives."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from scripts.eval_model_variants import SHIPPED, cache, combined, figures, learn, seed_range

from ringfence.ml.evaluation import holdout
from ringfence.ml.io import read_edges, read_features


def test_seed_ranges() -> None:
    assert seed_range("0-3") == [0, 1, 2, 3]
    assert seed_range("7") == [7]
    assert seed_range("30-59")[-1] == 59


def test_weighted_specs_average_logits(tmp_path: Path) -> None:
    rng = np.random.default_rng(1)
    a = {k: rng.normal(size=5) for k in ("oof", "te", "cv")}
    b = {k: rng.normal(size=5) for k in ("oof", "te", "cv")}
    np.savez(tmp_path / "pred_a_4.npz", **a)
    np.savez(tmp_path / "pred_b_4.npz", **b)
    oof, test = combined(tmp_path, 4, "2*a+b")
    np.testing.assert_allclose(oof, (2 * a["oof"] + b["oof"]) / 3)
    np.testing.assert_allclose(test, (2 * a["te"] + b["te"]) / 3)
    _, committee = combined(tmp_path, 4, "cv:a+b")
    np.testing.assert_allclose(committee, (a["cv"] + b["cv"]) / 2)
    with pytest.raises(SystemExit):
        combined(tmp_path, 4, "a+-b")


def test_cached_figures_match_the_hand_over_evaluation(
    synthetic_files: dict[str, Path], tmp_path: Path
) -> None:
    """The shipped learner and the baseline through the cache give evaluate's held-out figures exactly."""
    seed = 2
    cache(synthetic_files["features"], synthetic_files["edges"], tmp_path, [seed], "phone_no_m", "label")
    learn(tmp_path, [seed], ["lgb", "hgb"])
    split = np.load(tmp_path / f"split{seed}.npz")
    model_auc, model_f1 = figures(
        split["y_train"], split["y_test"], *combined(tmp_path, seed, "lgb"), platt=True
    )
    base_auc, base_f1 = figures(
        split["y_train"], split["y_test"], *combined(tmp_path, seed, "hgb"), platt=False
    )

    table = read_features(synthetic_files["features"], "phone_no_m", "label")
    edges = read_edges(synthetic_files["edges"])
    run = holdout(table, "phone_no_m", "label", edges, SHIPPED, seeds=[seed]).runs[0]
    assert model_auc == pytest.approx(run["auc"], abs=1e-12)
    assert model_f1 == pytest.approx(run["macro_f1"], abs=1e-12)
    assert base_auc == pytest.approx(run["baseline"]["auc"], abs=1e-12)
    assert base_f1 == pytest.approx(run["baseline"]["macro_f1"], abs=1e-12)
    # the committee is a different predictor for the held-out rows, on the same out-of-fold logits
    stored = np.load(tmp_path / f"pred_lgb_{seed}.npz")
    assert not np.allclose(stored["cv"], stored["te"])
