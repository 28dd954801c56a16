"""The model directory round-trip and the errors for directories that are not models."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import polars as pl
import pytest

from ringfence.errors import ModelError
from ringfence.ml.artifact import FraudModel
from ringfence.ml.config import TrainConfig
from ringfence.ml.scoring import input_matrix
from ringfence.ml.training import train


@pytest.fixture(scope="module")
def trained(synthetic: tuple[pl.DataFrame, pl.DataFrame]) -> FraudModel:
    table, edges = synthetic
    return train(table, "phone_no_m", "label", edges, TrainConfig(num_rounds=40, num_threads=1)).model


def test_a_saved_model_loads_back_and_scores_identically(
    trained: FraudModel, synthetic: tuple[pl.DataFrame, pl.DataFrame], tmp_path: Path
) -> None:
    trained.save(tmp_path / "m")
    loaded = FraudModel.load(tmp_path / "m")
    assert loaded.input_names == trained.input_names
    assert loaded.threshold == trained.threshold
    assert loaded.calibration == trained.calibration
    assert loaded.config == trained.config
    table, edges = synthetic
    _, matrix = input_matrix(trained, table, "phone_no_m", edges)
    np.testing.assert_allclose(loaded.probabilities(matrix), trained.probabilities(matrix))


def test_directories_that_are_not_models_raise_model_error(trained: FraudModel, tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="does not exist"):
        FraudModel.load(tmp_path / "missing")
    (tmp_path / "empty").mkdir()
    with pytest.raises(ModelError, match=r"needs model\.json"):
        FraudModel.load(tmp_path / "empty")
    trained.save(tmp_path / "bad")
    (tmp_path / "bad" / "model.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(ModelError, match="unreadable"):
        FraudModel.load(tmp_path / "bad")
    trained.save(tmp_path / "other")
    meta = json.loads((tmp_path / "other" / "model.json").read_text(encoding="utf-8"))
    meta["graph_features"] = []
    (tmp_path / "other" / "model.json").write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(ModelError, match="propagated inputs"):
        FraudModel.load(tmp_path / "other")
    meta["features"] = meta["features"][:-1]
    meta["head"]["mean"] = meta["head"]["mean"][:-1]
    meta["head"]["scale"] = meta["head"]["scale"][:-1]
    meta["head"]["missing_flags"] = []
    meta["head"]["coef"] = meta["head"]["coef"][: 3 * len(meta["features"])]
    (tmp_path / "other" / "model.json").write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(ModelError, match="expects"):
        FraudModel.load(tmp_path / "other")
    meta["format"] = "something-else"
    (tmp_path / "other" / "model.json").write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(ModelError, match="not a"):
        FraudModel.load(tmp_path / "other")
