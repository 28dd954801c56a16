"""Training settings survive the model directory and map onto LightGBM parameters."""

from __future__ import annotations

from ringfence.ml.config import SINGLE, TrainConfig


def test_round_trip_ignores_unknown_keys() -> None:
    config = TrainConfig(num_rounds=42, live_only=True, graph_gain_weight=0.5)
    data = config.as_dict() | {"from_a_future_version": 1}
    assert TrainConfig.from_dict(data) == config


def test_lightgbm_parameters_follow_the_config() -> None:
    params = TrainConfig(num_threads=1, seed=9, max_depth=3).lightgbm_params()
    assert params["objective"] == "binary"
    assert params["num_threads"] == 1
    assert params["seed"] == 9
    assert params["max_depth"] == 3
    assert params["deterministic"] is True


def test_a_config_saved_before_the_blend_reads_as_the_single_recipe() -> None:
    legacy = {k: v for k, v in SINGLE.as_dict().items() if k not in ("recipe", "tree_weight", "head_weight")}
    assert TrainConfig.from_dict(legacy).recipe == "single"
    assert TrainConfig().recipe == "blend"
    assert TrainConfig().lightgbm_params()["bagging_freq"] == 0  # no bagging, like HistGradientBoosting
    assert SINGLE.lightgbm_params()["bagging_freq"] == 1
