"""Scoring: the same input matrix as training, with graph features read from the known labels.

A scored number's graph features use the labels of the numbers passed as known (an operator's confirmed
fraud and cleared numbers). If a scored number is itself among the known ones, its own label is hidden
from its own features exactly as in training (out-of-fold), so a known status is never echoed back.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import polars as pl

from ringfence.errors import DataContractError
from ringfence.ml import graph as g
from ringfence.ml.artifact import FraudModel
from ringfence.ml.training import table_matrix

FloatArray = npt.NDArray[np.float64]


def missing_features(model: FraudModel, table: pl.DataFrame) -> list[str]:
    """Model features the table does not have (they are scored as missing values)."""
    return [f for f in model.features if f not in table.columns]


def input_matrix(
    model: FraudModel,
    table: pl.DataFrame,
    id_col: str,
    edges: pl.DataFrame | None = None,
    known: pl.DataFrame | None = None,
) -> tuple[pl.Series, FloatArray]:
    """Ids and the booster's input matrix for ``table`` (``known``: columns ``id``, ``label``)."""
    if id_col not in table.columns:
        raise DataContractError(f"the table to score has no id column {id_col!r}")
    ids = table[id_col].cast(pl.Utf8)
    width = len(model.features)
    matrix = table_matrix(table, model.features, len(model.graph_features))
    if model.uses_graph:
        if edges is None or edges.height == 0:
            matrix[:, width:] = g.ISOLATED  # no graph: every number is isolated, nothing to compute
        else:
            known_ids = known["id"].cast(pl.Utf8) if known is not None else pl.Series("id", [], dtype=pl.Utf8)
            graph = g.build_graph(edges, ids, known_ids)
            positions = graph.positions(ids)
            labels = g.known_vector(graph, known)
            folds = g.fold_of(len(ids), model.config.folds, model.config.seed)
            matrix[:, width:] = g.features_for(graph, labels, positions, folds)
    return ids, matrix


def score(
    model: FraudModel,
    table: pl.DataFrame,
    id_col: str,
    edges: pl.DataFrame | None = None,
    known: pl.DataFrame | None = None,
    *,
    num_threads: int | None = None,
) -> pl.DataFrame:
    """``id_col``, ``score`` (calibrated fraud probability) and ``label_pred`` (1 = fraud) per row."""
    ids, matrix = input_matrix(model, table, id_col, edges, known)
    scores = model.probabilities(matrix, num_threads)
    return pl.DataFrame(
        {
            id_col: ids,
            "score": scores,
            "label_pred": (scores >= model.threshold).astype(np.int8),
        }
    )
