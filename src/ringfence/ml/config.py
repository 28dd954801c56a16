"""Training settings, kept with the model so that ``evaluate`` can re-train exactly what was trained."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any


@dataclass(frozen=True)
class TrainConfig:
    """How a model is trained. The defaults were chosen on repeated Sichuan hold-outs (docs/model.md).

    ``graph_gain_weight`` scales the split gain of the contact-graph features (LightGBM
    ``feature_contri``). On the Sichuan data they are strong on their own but redundant with the
    per-user features; at full weight they displaced better splits and cost about 0.001 AUC in paired
    hold-outs, at a quarter weight they are neutral there and still carry the graph where it helps.

    ``neighbour_kinds`` adds neighbour-feature aggregates (``ringfence.ml.neighbours``) to the graph
    features; empty means label-graph features only (the behaviour of models trained before them).

    The booster is deliberately small (120 trees of depth 4): on this data larger or deeper ensembles did
    not rank better, and a small one scores over 100k numbers a second on two cores.
    """

    folds: int = 5
    seed: int = 0
    num_threads: int = 2
    num_rounds: int = 120
    learning_rate: float = 0.1
    num_leaves: int = 15
    max_depth: int = 4
    min_child_samples: int = 20
    feature_fraction: float = 0.3
    bagging_fraction: float = 0.8
    lambda_l2: float = 5.0
    graph_gain_weight: float = 0.25
    live_only: bool = False
    use_graph: bool = True
    neighbour_kinds: tuple[str, ...] = ()

    def lightgbm_params(self) -> dict[str, Any]:
        return {
            "objective": "binary",
            "learning_rate": self.learning_rate,
            "num_leaves": self.num_leaves,
            "max_depth": self.max_depth,
            "min_child_samples": self.min_child_samples,
            "feature_fraction": self.feature_fraction,
            "bagging_fraction": self.bagging_fraction,
            "bagging_freq": 1,
            "lambda_l2": self.lambda_l2,
            "num_threads": self.num_threads,
            "seed": self.seed,
            "deterministic": True,
            "force_row_wise": True,
            "verbose": -1,
        }

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TrainConfig:
        names = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in names}
        if "neighbour_kinds" in values:  # JSON has lists, the config a tuple
            values["neighbour_kinds"] = tuple(str(k) for k in values["neighbour_kinds"])
        return cls(**values)
