"""Training: the blend (``ringfence.ml.blend``, the default) or the single booster of format /1 models.

Single booster: out-of-fold graph features, cross-validated margins, calibration, threshold, final booster.

Every labelled row gets its graph features with its fold's labels hidden, and the same folds give the
out-of-fold margins from which the Platt calibration and the macro-F1 threshold are fitted, so neither
is tuned on predictions for rows the booster was trained on.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import polars as pl

from ringfence.errors import DataContractError
from ringfence.ml import graph as g
from ringfence.ml import neighbours as nb
from ringfence.ml.artifact import FraudModel
from ringfence.ml.calibration import choose_threshold, fit_platt
from ringfence.ml.columns import LIVE_FEATURES
from ringfence.ml.config import TrainConfig
from ringfence.ml.metrics import summary

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
Progress = Callable[[str], None]


@dataclass(frozen=True)
class TrainResult:
    """The model and its out-of-fold scores for the training rows, in table order.

    ``oof_margins``: the out-of-fold log-odds before calibration; ``oof_scores`` their calibrated values.
    """

    model: FraudModel
    ids: pl.Series
    labels: IntArray
    oof_scores: FloatArray
    oof_margins: FloatArray


def select_features(table: pl.DataFrame, id_col: str, label_col: str, live_only: bool) -> tuple[str, ...]:
    """Numeric columns other than the id and the label (only the record-derivable ones if ``live_only``)."""
    numeric = [c for c in table.columns if c not in (id_col, label_col) and table.schema[c].is_numeric()]
    if live_only:
        numeric = [c for c in numeric if c in LIVE_FEATURES]
    if not numeric:
        what = "record-derivable (live) feature" if live_only else "numeric feature column"
        raise DataContractError(f"the feature table has no {what}")
    return tuple(numeric)


def table_matrix(table: pl.DataFrame, features: tuple[str, ...], extra: int = 0) -> FloatArray:
    """The table's features in ``features`` order as float64, plus ``extra`` empty columns to fill.

    Column-major: each Polars column is copied once, straight into place (LightGBM reads either layout,
    and scoring a million numbers should not pay for a transpose). Absent columns are all missing.
    """
    out = np.empty((table.height, len(features) + extra), dtype=np.float64, order="F")
    for j, name in enumerate(features):
        if name in table.columns:
            column = table.get_column(name)
            if column.dtype != pl.Float64:
                column = column.cast(pl.Float64, strict=False)
            out[:, j] = column.to_numpy()  # a view when there are no nulls, so one copy in all
        else:
            out[:, j] = np.nan
    return out


def training_matrix(
    table: pl.DataFrame,
    ids: pl.Series,
    labels: IntArray,
    features: tuple[str, ...],
    folds: IntArray,
    edges: pl.DataFrame | None,
    config: TrainConfig,
    progress: Progress | None = None,
) -> tuple[tuple[str, ...], FloatArray, dict[str, Any]]:
    """Input names, the training input matrix and graph facts for labelled rows (``labels``, ``folds``).

    Label-graph features are out-of-fold: a row's are computed with its whole fold's labels hidden.
    Neighbour aggregates read features only. So no row's inputs depend on its own fold's labels.
    """
    use_graph = config.use_graph and not config.live_only and edges is not None
    graph_names = g.GRAPH_FEATURES + nb.names(config.neighbour_kinds, features) if use_graph else ()
    matrix = table_matrix(table, features, len(graph_names))
    graph_info: dict[str, Any] = {}
    if use_graph:
        if progress is not None:
            progress("graph features (out-of-fold)")
        graph = g.build_graph(edges, ids)
        positions = graph.positions(ids)
        known = np.full(graph.size, np.nan)
        known[positions] = labels
        start = len(features)
        matrix[:, start : start + len(g.GRAPH_FEATURES)] = g.features_for(graph, known, positions, folds)
        if config.neighbour_kinds:
            own = nb.node_matrix(graph.size, positions, np.ascontiguousarray(matrix[:, :start]))
            aggregates = nb.aggregate(graph.adjacency, own, config.neighbour_kinds)
            matrix[:, start + len(g.GRAPH_FEATURES) :] = aggregates[positions]
        graph_info = {"nodes": graph.size, "edges": int(graph.adjacency.nnz // 2)}
    return features + graph_names, matrix, graph_info


def train(
    table: pl.DataFrame,
    id_col: str,
    label_col: str,
    edges: pl.DataFrame | None = None,
    config: TrainConfig | None = None,
    *,
    progress: Progress | None = None,
    info: dict[str, Any] | None = None,
) -> TrainResult:
    """Train on ``table`` (one row per number, ``label_col`` 0/1) and the optional contact ``edges``."""
    import lightgbm as lgb

    config = config or TrainConfig()
    step = progress or (lambda _message: None)
    if id_col not in table.columns or label_col not in table.columns:
        raise DataContractError(f"the training table needs columns {id_col!r} and {label_col!r}")
    table = table.filter(pl.col(label_col).is_in([0, 1])).unique(
        subset=[id_col], keep="first", maintain_order=True
    )
    labels = table[label_col].cast(pl.Int64).to_numpy()
    if len(np.unique(labels)) < 2 or min(labels.sum(), len(labels) - labels.sum()) < config.folds:
        raise DataContractError(f"training needs at least {config.folds} rows of each class in {label_col!r}")
    features = select_features(table, id_col, label_col, config.live_only)
    ids = table[id_col].cast(pl.Utf8)
    folds = g.fold_of(len(labels), config.folds, config.seed)
    base: dict[str, Any] = {
        "id_col": id_col,
        "label_col": label_col,
        "rows": len(labels),
        "fraud_rows": int(labels.sum()),
    }
    if config.recipe == "blend":
        from ringfence.ml import blend

        model, oof = blend.fit(
            table_matrix(table, features),
            labels,
            ids,
            features,
            folds,
            edges,
            config,
            step,
            base | (info or {}),
        )
        scores = model.calibration.apply(oof)
        return TrainResult(model=model, ids=ids, labels=labels, oof_scores=scores, oof_margins=oof)
    if config.recipe != "single":
        raise DataContractError(f"unknown training recipe {config.recipe!r} (blend or single)")
    names, matrix, graph_info = training_matrix(table, ids, labels, features, folds, edges, config, step)
    graph_names = names[len(features) :]

    params = config.lightgbm_params()
    if graph_names:
        params["feature_contri"] = [1.0] * len(features) + [config.graph_gain_weight] * len(graph_names)
    oof_margin = np.zeros(len(labels))
    for fold in range(config.folds):
        step(f"cross-validation fold {fold + 1}/{config.folds}")
        fit = folds != fold
        booster = lgb.train(
            params, lgb.Dataset(matrix[fit], labels[fit], feature_name=list(names)), config.num_rounds
        )
        oof_margin[~fit] = booster.predict(matrix[~fit], raw_score=True, num_threads=config.num_threads)
    calibration = fit_platt(oof_margin, labels)
    oof_scores = calibration.apply(oof_margin)
    threshold = choose_threshold(labels, oof_scores)

    step("final model")
    booster = lgb.train(params, lgb.Dataset(matrix, labels, feature_name=list(names)), config.num_rounds)
    gain = booster.feature_importance(importance_type="gain")
    importance = {
        n: round(float(v), 3) for n, v in sorted(zip(names, gain, strict=True), key=lambda t: -t[1])
    }
    meta: dict[str, Any] = {
        **base,
        "graph": graph_info,
        "cv": summary(labels, oof_scores, threshold),
        "importance_gain": importance,
        **(info or {}),
    }
    model = FraudModel(
        boosters=(booster,),
        features=features,
        graph_features=graph_names,
        calibration=calibration,
        threshold=threshold,
        config=config,
        info=meta,
    )
    return TrainResult(model=model, ids=ids, labels=labels, oof_scores=oof_scores, oof_margins=oof_margin)
