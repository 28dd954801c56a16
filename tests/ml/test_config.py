"""Training settings survive the model directory and map onto LightGBM parameters."""

from __future__ import annotations

from ringfence.ml.config import TrainConfig


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
