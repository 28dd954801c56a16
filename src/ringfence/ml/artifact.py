"""A trained model and its directory: LightGBM text for the trees, ``model.json`` for everything else.

Two formats. ``/2`` (the blend, ``ringfence.ml.blend``): one booster per training fold
(``booster_<k>.txt``) whose mean margin is the tree part, plus a logistic head on SIGN inputs
(``ringfence.ml.sign``) whose weights live in the JSON; the margin is their weighted mean in log-odds.
``/1`` (single booster, ``model.txt``), still loaded: the live variant and older model directories.
The JSON side carries what scoring needs beyond the trees (feature order, graph inputs, head, blend
weights, calibration, threshold) and what a reader of the model needs (training config, data summary,
cross-validated metrics).
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
from ringfence.ml.sign import SignHead

FORMAT: Final = "ringfence-fraud-user-model/2"
FORMAT_SINGLE: Final = "ringfence-fraud-user-model/1"
BOOSTER_FILE: Final = "model.txt"
META_FILE: Final = "model.json"

FloatArray = npt.NDArray[np.float64]


def booster_file(fold: int) -> str:
    return f"booster_{fold}.txt"


@dataclass
class FraudModel:
    """Boosters (one, or one per fold) and an optional linear head, plus what is needed to build their
    input matrix and read their output.

    Single (``head`` None): one booster reads every input. Blend: each booster reads the per-user
    features (the first ``len(features)`` inputs), the head reads those and the propagated inputs.
    """

    boosters: tuple[Any, ...]  # lightgbm.Booster
    features: tuple[str, ...]
    graph_features: tuple[str, ...]
    calibration: PlattCalibration
    threshold: float
    config: TrainConfig
    info: dict[str, Any] = field(default_factory=dict)
    head: SignHead | None = None

    @property
    def input_names(self) -> tuple[str, ...]:
        """Column order of the input matrix: table features, then graph (or propagated) inputs."""
        return self.features + self.graph_features

    @property
    def uses_graph(self) -> bool:
        return bool(self.graph_features)

    @property
    def is_blend(self) -> bool:
        return self.head is not None

    @property
    def weights(self) -> tuple[float, float]:
        """Shares of the tree committee and of the linear head in the blended margin (sum to 1)."""
        if self.head is None:
            return 1.0, 0.0
        total = self.config.tree_weight + self.config.head_weight
        return self.config.tree_weight / total, self.config.head_weight / total

    def _threads(self, num_threads: int | None) -> int:
        return self.config.num_threads if num_threads is None else num_threads

    def _tree_input(self, matrix: FloatArray) -> FloatArray:
        return matrix[:, : len(self.features)] if self.head is not None else matrix

    def tree_margins(self, matrix: FloatArray, num_threads: int | None = None) -> FloatArray:
        """Mean raw margin of the boosters."""
        x = self._tree_input(matrix)
        threads = self._threads(num_threads)
        total = np.zeros(len(matrix))
        for booster in self.boosters:
            total += np.asarray(booster.predict(x, raw_score=True, num_threads=threads), dtype=np.float64)
        return total / len(self.boosters)

    def margins(self, matrix: FloatArray, num_threads: int | None = None) -> FloatArray:
        """The model's log-odds before calibration (the blend: weighted mean of trees and head)."""
        trees = self.tree_margins(matrix, num_threads)
        if self.head is None:
            return trees
        w_tree, w_head = self.weights
        return w_tree * trees + w_head * self.head.decision(matrix)

    def contributions(self, matrix: FloatArray, num_threads: int | None = None) -> FloatArray:
        """(rows, inputs + 1) additive log-odds contributions, the bias last; they sum to ``margins``.

        Trees: TreeSHAP per booster, averaged. Head: coefficient × standardised input. Both weighted
        as in the blend."""
        x = self._tree_input(matrix)
        threads = self._threads(num_threads)
        trees = np.zeros((len(matrix), x.shape[1] + 1))
        for booster in self.boosters:
            trees += np.asarray(booster.predict(x, pred_contrib=True, num_threads=threads), dtype=np.float64)
        trees /= len(self.boosters)
        if self.head is None:
            return trees
        w_tree, w_head = self.weights
        out = w_head * self.head.contributions(matrix)
        width = len(self.features)
        out[:, :width] += w_tree * trees[:, :width]
        out[:, -1] += w_tree * trees[:, -1]
        return out

    def probabilities(self, matrix: FloatArray, num_threads: int | None = None) -> FloatArray:
        return self.calibration.apply(self.margins(matrix, num_threads))

    def num_trees(self) -> int:
        return sum(int(b.num_trees()) for b in self.boosters)

    def save(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        meta: dict[str, Any] = {"format": FORMAT if self.head is not None else FORMAT_SINGLE}
        if self.head is not None:
            names = [booster_file(k) for k in range(len(self.boosters))]
            for name, booster in zip(names, self.boosters, strict=True):
                booster.save_model(str(directory / name))
            meta["boosters"] = names
        else:
            self.boosters[0].save_model(str(directory / BOOSTER_FILE))
        meta |= {
            "features": list(self.features),
            "graph_features": list(self.graph_features),
        }
        if self.head is not None:
            meta["blend"] = {"tree_weight": self.config.tree_weight, "head_weight": self.config.head_weight}
            meta["head"] = self.head.as_dict()
        meta |= {
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
        if not meta_path.is_file():
            raise ModelError(f"{directory}: not a model directory (needs {META_FILE} and the boosters)")
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ModelError(f"{meta_path}: unreadable ({exc})") from exc
        kind = meta.get("format") if isinstance(meta, dict) else None
        if kind not in (FORMAT, FORMAT_SINGLE):
            raise ModelError(f"{meta_path}: not a {FORMAT} (or {FORMAT_SINGLE}) model")
        files = [BOOSTER_FILE] if kind == FORMAT_SINGLE else meta.get("boosters")
        if not isinstance(files, list) or not files or not all(isinstance(f, str) for f in files):
            raise ModelError(f"{meta_path}: lists no booster files")
        missing = [f for f in files if not (directory / Path(f).name).is_file()]
        if missing:
            raise ModelError(f"{directory}: not a model directory (missing {', '.join(missing)})")
        try:
            boosters = tuple(
                lgb.Booster(model_str=(directory / Path(f).name).read_text(encoding="utf-8")) for f in files
            )
            features = tuple(str(x) for x in meta["features"])
            config_data = dict(meta["config"])
            if kind == FORMAT_SINGLE:
                config_data["recipe"] = "single"
            if kind == FORMAT:
                config_data |= {
                    k: float(v) for k, v in meta["blend"].items() if k in ("tree_weight", "head_weight")
                }
            config = TrainConfig.from_dict(config_data)
            head = SignHead.from_dict(meta["head"], len(features)) if kind == FORMAT else None
            model = cls(
                boosters=boosters,
                features=features,
                graph_features=tuple(str(x) for x in meta["graph_features"]),
                calibration=PlattCalibration(**meta["calibration"]),
                threshold=float(meta["threshold"]),
                config=config,
                info=dict(meta.get("info", {})),
                head=head,
            )
        except (KeyError, TypeError, ValueError, lgb.basic.LightGBMError) as exc:
            raise ModelError(f"{directory}: incomplete or corrupt model ({exc})") from exc
        expected = len(model.features) if head is not None else len(model.input_names)
        for booster in boosters:
            if booster.num_feature() != expected:
                raise ModelError(
                    f"{directory}: booster expects {booster.num_feature()} inputs, metadata lists {expected}"
                )
        if head is not None and len(model.graph_features) != len(features) * head.hops:
            raise ModelError(f"{directory}: metadata lists {len(model.graph_features)} propagated inputs")
        return model
