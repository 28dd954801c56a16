"""A trained model and its directory: ``model.txt`` (LightGBM text) and ``model.json`` (everything else).

The JSON side carries what scoring needs beyond the trees (feature order, graph features, calibration,
threshold) and what a reader of the model needs (training config, data summary, cross-validated metrics).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

import numpy as np
import numpy.typing as npt

from ringfence.errors import ModelError
from ringfence.ml.calibration import PlattCalibration
from ringfence.ml.config import TrainConfig

FORMAT: Final = "ringfence-fraud-user-model/1"
BOOSTER_FILE: Final = "model.txt"
META_FILE: Final = "model.json"

FloatArray = npt.NDArray[np.float64]


@dataclass
class FraudModel:
    """A booster plus the facts needed to build its input matrix and read its output."""

    booster: Any  # lightgbm.Booster
    features: tuple[str, ...]
    graph_features: tuple[str, ...]
    calibration: PlattCalibration
    threshold: float
    config: TrainConfig
    info: dict[str, Any] = field(default_factory=dict)

    @property
    def input_names(self) -> tuple[str, ...]:
        """Column order of the booster's input: table features, then graph features."""
        return self.features + self.graph_features

    @property
    def uses_graph(self) -> bool:
        return bool(self.graph_features)

    def margins(self, matrix: FloatArray, num_threads: int | None = None) -> FloatArray:
        threads = self.config.num_threads if num_threads is None else num_threads
        out = self.booster.predict(matrix, raw_score=True, num_threads=threads)
        return np.asarray(out, dtype=np.float64)

    def probabilities(self, matrix: FloatArray, num_threads: int | None = None) -> FloatArray:
        return self.calibration.apply(self.margins(matrix, num_threads))

    def save(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        self.booster.save_model(str(directory / BOOSTER_FILE))
        meta = {
            "format": FORMAT,
            "features": list(self.features),
            "graph_features": list(self.graph_features),
            "calibration": {"slope": self.calibration.slope, "intercept": self.calibration.intercept},
            "threshold": self.threshold,
            "config": self.config.as_dict(),
            "info": self.info,
        }
        (directory / META_FILE).write_text(
            json.dumps(meta, indent=2, sort_keys=False) + "\n", encoding="utf-8"
        )

    @classmethod
    def load(cls, directory: Path) -> FraudModel:
        import lightgbm as lgb

        if not directory.is_dir():
            raise ModelError(f"{directory}: not a model directory (it does not exist)")
        meta_path = directory / META_FILE
        booster_path = directory / BOOSTER_FILE
        if not meta_path.is_file() or not booster_path.is_file():
            raise ModelError(f"{directory}: not a model directory (needs {META_FILE} and {BOOSTER_FILE})")
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ModelError(f"{meta_path}: unreadable ({exc})") from exc
        if not isinstance(meta, dict) or meta.get("format") != FORMAT:
            raise ModelError(f"{meta_path}: not a {FORMAT} model")
        try:
            booster = lgb.Booster(model_str=booster_path.read_text(encoding="utf-8"))
            model = cls(
                booster=booster,
                features=tuple(str(x) for x in meta["features"]),
                graph_features=tuple(str(x) for x in meta["graph_features"]),
                calibration=PlattCalibration(**meta["calibration"]),
                threshold=float(meta["threshold"]),
                config=TrainConfig.from_dict(meta["config"]),
                info=dict(meta.get("info", {})),
            )
        except (KeyError, TypeError, ValueError, lgb.basic.LightGBMError) as exc:
            raise ModelError(f"{directory}: incomplete or corrupt model ({exc})") from exc
        if booster.num_feature() != len(model.input_names):
            raise ModelError(
                f"{directory}: booster expects {booster.num_feature()} inputs, metadata lists "
                f"{len(model.input_names)}"
            )
        return model
