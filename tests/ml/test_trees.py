"""``TreeEnsemble`` scores exactly what ``lightgbm.Booster.predict(raw_score=True)`` scores, on the shipped
URL model and on models trained here with every missing-value handling LightGBM writes (none, zeros as
missing, NaN with a side of its own), single-leaf trees and a regression objective; and it refuses
what it does not walk."""

from __future__ import annotations

import pickle
import subprocess
import sys
from importlib import resources

import lightgbm as lgb
import numpy as np
import numpy.typing as npt
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from ringfence.errors import ModelError
from ringfence.ml import trees
from ringfence.ml.trees import TreeEnsemble

F = 6


def _data(seed: int, n: int = 600) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, F))
    x[:, 1] = np.round(x[:, 1] * 2)  # integers, many zeros
    x[rng.random(x.shape) < 0.1] = np.nan
    x[rng.random(x.shape) < 0.1] = 0.0
    y = ((np.nan_to_num(x[:, 0]) + np.nan_to_num(x[:, 1]) * 0.5 + rng.normal(scale=0.5, size=n)) > 0).astype(
        float
    )
    return x, y


def _train(params: dict[str, object], rounds: int = 25, seed: int = 0) -> lgb.Booster:
    x, y = _data(seed)
    base = {"verbose": -1, "num_leaves": 15, "min_data_in_leaf": 5, "seed": seed}
    return lgb.train(base | params, lgb.Dataset(x, y), num_boost_round=rounds)


MODELS = {
    "binary, NaN has a side": {"objective": "binary"},
    "binary, zeros as missing": {"objective": "binary", "zero_as_missing": True},
    "binary, no missing handling": {"objective": "binary", "use_missing": False},
    "regression": {"objective": "regression"},
    "single-leaf trees": {"objective": "binary", "min_data_in_leaf": 10_000},
}


@pytest.fixture(scope="module")
def boosters() -> dict[str, lgb.Booster]:
    return {name: _train(params) for name, params in MODELS.items()}


def _agree(booster: lgb.Booster, x: npt.NDArray[np.float64]) -> None:
    ours = TreeEnsemble(booster.model_to_string()).walk(np.asarray(x, dtype=np.float64))
    theirs = booster.predict(x, raw_score=True)
    np.testing.assert_allclose(ours, theirs, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("name", MODELS)
def test_scores_are_lightgbms(boosters: dict[str, lgb.Booster], name: str) -> None:
    x, _ = _data(seed=99, n=2000)  # other rows than trained on
    _agree(boosters[name], x)


def test_the_models_hold_what_the_walk_must_handle(boosters: dict[str, lgb.Booster]) -> None:
    """Without this the parity above could pass on models that never take a special branch."""
    kinds = set()
    for booster in boosters.values():
        for tree in booster.dump_model()["tree_info"]:
            todo = [tree["tree_structure"]]
            while todo:
                node = todo.pop()
                if "split_feature" in node:
                    kinds.add(node["missing_type"])
                    todo += [node["left_child"], node["right_child"]]
    assert {"None", "Zero", "NaN"} <= kinds
    single = boosters["single-leaf trees"]  # LightGBM stops at one tree of one leaf: a constant
    assert [t["num_leaves"] for t in single.dump_model()["tree_info"]] == [1]
    assert TreeEnsemble(single.model_to_string()).n_trees == 1


@settings(max_examples=60, deadline=None)
@given(
    rows=arrays(
        np.float64,
        st.tuples(st.integers(1, 40), st.just(F)),
        elements=st.one_of(
            st.floats(-5, 5, allow_nan=False),
            st.sampled_from([0.0, -0.0, 1e-36, -1e-36, 1e-30, np.nan, 0.5, 1.0, -1.0, 2.0]),
        ),
    )
)
def test_any_rows_score_as_lightgbm_scores_them(rows: npt.NDArray[np.float64]) -> None:
    # one model per handling, trained once per process (a fixture cannot feed a Hypothesis test)
    for booster in _TRAINED.values():
        _agree(booster, rows)


_TRAINED = {name: _train(params) for name, params in MODELS.items()}


def test_the_shipped_url_model_scores_as_lightgbm() -> None:
    text = resources.files("ringfence.urls").joinpath("models/default/trees.txt").read_text(encoding="utf-8")
    ensemble = TreeEnsemble(text)
    rng = np.random.default_rng(7)
    x = rng.normal(0, 3, size=(3000, ensemble.n_features)).astype(np.float32)
    x[:, 2:14] = np.abs(np.round(x[:, 2:14] * 3))
    x[rng.random(x.shape) < 0.3] = 0.0
    np.testing.assert_allclose(
        ensemble.walk(x.astype(np.float64)),
        lgb.Booster(model_str=text).predict(x, raw_score=True),
        rtol=1e-12,
        atol=1e-12,
    )


def test_rows_of_the_wrong_width_are_refused(boosters: dict[str, lgb.Booster]) -> None:
    ensemble = TreeEnsemble(boosters["regression"].model_to_string())
    with pytest.raises(ModelError, match="6 features"):
        ensemble.predict_raw(np.zeros((3, F + 1)))
    assert ensemble.predict_raw(np.zeros((0, F))).shape == (0,)


def test_what_it_does_not_walk_is_refused() -> None:
    x, _ = _data(1)
    cats = np.random.default_rng(1).integers(0, 6, size=len(x)).astype(float)
    y = np.isin(cats, [1, 4]).astype(float)  # the category decides: the trees split on it
    categorical = lgb.train(
        {
            "objective": "binary",
            "verbose": -1,
            "min_data_in_leaf": 5,
            "min_data_per_group": 5,
            "cat_smooth": 1,
        },
        lgb.Dataset(np.hstack([cats[:, None], x[:, 1:]]), y, categorical_feature=[0]),
        num_boost_round=10,
    )
    assert "num_cat=1" in categorical.model_to_string()
    with pytest.raises(ModelError, match="categorical"):
        TreeEnsemble(categorical.model_to_string())
    multiclass = lgb.train(
        {"objective": "multiclass", "num_class": 3, "verbose": -1, "min_data_in_leaf": 5},
        lgb.Dataset(x, (np.nan_to_num(x[:, 0]) > 0).astype(int) + (np.nan_to_num(x[:, 1]) > 0)),
        num_boost_round=3,
    )
    with pytest.raises(ModelError, match="one output"):
        TreeEnsemble(multiclass.model_to_string())
    with pytest.raises(ModelError, match="not a LightGBM"):
        TreeEnsemble("hello")


def test_rows_are_walked_until_lightgbm_pays_for_its_import(
    boosters: dict[str, lgb.Booster], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(trees, "_lightgbm_loaded", lambda: False)
    booster = boosters["binary, NaN has a side"]
    ensemble = TreeEnsemble(booster.model_to_string(), native_after_rows=100)
    x, _ = _data(seed=5, n=60)
    first = ensemble.predict_raw(x)
    assert ensemble.walked == 60
    assert ensemble._native is None
    second = ensemble.predict_raw(x)  # 60 + 60 rows: LightGBM scores from here on
    assert ensemble.walked == 60
    assert isinstance(ensemble._native, lgb.Booster)
    np.testing.assert_allclose(first, second, rtol=1e-12, atol=1e-12)
    never = TreeEnsemble(booster.model_to_string(), native_after_rows=-1)
    for _ in range(3):
        never.predict_raw(x)
    assert never._native is None
    assert never.walked == 180


def test_lightgbm_scores_at_once_where_it_is_imported_anyway(boosters: dict[str, lgb.Booster]) -> None:
    ensemble = TreeEnsemble(boosters["regression"].model_to_string(), native_after_rows=-1)
    x, _ = _data(seed=6, n=10)
    ensemble.predict_raw(x)
    assert ensemble.walked == 0
    assert ensemble._native is not None


def test_an_ensemble_pickles_without_its_booster(boosters: dict[str, lgb.Booster]) -> None:
    ensemble = TreeEnsemble(boosters["regression"].model_to_string())
    x, _ = _data(seed=8, n=20)
    before = ensemble.predict_raw(x)
    copy = pickle.loads(pickle.dumps(ensemble))
    assert copy._native is None
    np.testing.assert_allclose(copy.predict_raw(x), before, rtol=1e-12, atol=1e-12)


def test_screening_a_text_with_a_link_does_not_import_lightgbm() -> None:
    """What the walk is for: a run that screens SMS does not pay LightGBM's import (nor
    scikit-learn's and pandas', which it brings)."""
    code = (
        "import sys\n"
        "from ringfence.detect.sms_text import fraud_text\n"
        "import polars as pl\n"
        "scam = '您的快递丢失，点击 http://sf-express.claim-top.cn/p 办理理赔'\n"
        "texts = pl.Series([scam, '晚上回家吃饭'])\n"
        "assert fraud_text(texts, pl.Series(['sms_center', 'sms_center'])).to_list() == [True, False]\n"
        "print(sorted(m for m in ('lightgbm', 'sklearn', 'pandas') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
