"""Training settings, kept with the model so that ``evaluate`` can re-train exactly what was trained."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any, Final


@dataclass(frozen=True)
class TrainConfig:
    """How a model is trained. The defaults were chosen on repeated Sichuan hold-outs (docs/model.md).

    ``recipe``: ``blend`` (the default, format /2) trains one booster per fold on the per-user features
    and a logistic head on propagated (SIGN) inputs, averaged ``tree_weight``:``head_weight`` in log-odds
    (``ringfence.ml.blend``); its booster defaults are LightGBM set up like scikit-learn's
    HistGradientBoosting, which ranked best in the committee. ``single`` is the recipe of format /1
    models: one booster on per-user plus label-graph features (``SINGLE`` holds its settings).

    ``graph_gain_weight`` scales the split gain of the contact-graph features (LightGBM
    ``feature_contri``). On the Sichuan data they are strong on their own but redundant with the
    per-user features; at full weight they displaced better splits and cost about 0.001 AUC in paired
    hold-outs, at a quarter weight they are neutral there and still carry the graph where it helps.

    ``neighbour_kinds`` adds neighbour-feature aggregates (``ringfence.ml.neighbours``) to the graph
    features; empty means label-graph features only (the behaviour of models trained before them).

    The single booster is deliberately small (120 trees of depth 4): on this data larger or deeper
    ensembles did not rank better alone. In the blend, boosters shaped like HistGradientBoosting's
    defaults (31 leaves, no depth limit) averaged over the folds did; each has 50 trees at learning rate
    0.2 rather than HistGradientBoosting's 100 at 0.1, which scored the same on 60 hold-outs (AUC
    −0.0003, macro-F1 −0.0004 / 0.0000 on seeds 0–29 / 30–59) at half the trees: the five boosters are
    what scoring pays for (docs/model.md).
    """

    folds: int = 5
    seed: int = 0
    num_threads: int = 2
    num_rounds: int = 50
    learning_rate: float = 0.2
    num_leaves: int = 31
    max_depth: int = -1
    min_child_samples: int = 20
    feature_fraction: float = 1.0
    bagging_fraction: float = 1.0
    lambda_l2: float = 0.0
    graph_gain_weight: float = 0.25
    live_only: bool = False
    use_graph: bool = True
    neighbour_kinds: tuple[str, ...] = ()
    recipe: str = "blend"
    tree_weight: float = 2.0
    head_weight: float = 1.0
    head_c: float = 0.1
    hops: int = 2

    def lightgbm_params(self) -> dict[str, Any]:
        return {
            "objective": "binary",
            "learning_rate": self.learning_rate,
            "num_leaves": self.num_leaves,
            "max_depth": self.max_depth,
            "min_child_samples": self.min_child_samples,
            "feature_fraction": self.feature_fraction,
            "bagging_fraction": self.bagging_fraction,
            "bagging_freq": 1 if self.bagging_fraction < 1.0 else 0,
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
        values.setdefault("recipe", "single")  # configs saved before the blend are single boosters
        if "neighbour_kinds" in values:  # JSON has lists, the config a tuple
            values["neighbour_kinds"] = tuple(str(k) for k in values["neighbour_kinds"])
        return cls(**values)


#: The single-booster recipe of format /1 models (the shipped model before the blend, and the live
#: variant): 120 trees of depth 4, label-graph features and degree-weighted neighbour means.
SINGLE: Final = TrainConfig(
    recipe="single",
    num_rounds=120,
    learning_rate=0.1,
    num_leaves=15,
    max_depth=4,
    feature_fraction=0.3,
    bagging_fraction=0.8,
    lambda_l2=5.0,
    neighbour_kinds=("wmean",),
)
