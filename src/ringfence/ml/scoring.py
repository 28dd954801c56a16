"""Scoring: the same input matrix as training, with graph inputs from the scoring graph.

The blend (format /2) propagates the per-user features over the graph of the scored numbers and the
context rows, and reads no label. Single-booster models (format /1) read label-graph features from the
known labels: a scored number's graph features use the labels of the numbers passed as known (an
operator's confirmed fraud and cleared numbers). If a scored number is itself among the known ones, its
own label is hidden from its own features exactly as in training (out-of-fold), so a known status is
never echoed back.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import polars as pl

from ringfence.errors import DataContractError
from ringfence.ml import graph as g
from ringfence.ml import neighbours as nb
from ringfence.ml.artifact import FraudModel
from ringfence.ml.blend import propagated_inputs
from ringfence.ml.sign import SignHead
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
    context: pl.DataFrame | None = None,
) -> tuple[pl.Series, FloatArray]:
    """Ids and the booster's input matrix for ``table`` (``known``: columns ``id``, ``label``).

    ``context``: more feature rows (same id column) that only feed neighbour aggregates; rows whose id is
    also in ``table`` are ignored (the table's row wins).
    """
    if id_col not in table.columns:
        raise DataContractError(f"the table to score has no id column {id_col!r}")
    ids = table[id_col].cast(pl.Utf8)
    if model.head is not None:
        return ids, _blend_matrix(model, model.head, table, ids, id_col, edges, context)
    width = len(model.features)
    labelled = width + len(g.GRAPH_FEATURES)
    kinds = nb.kinds_of(model.graph_features)
    matrix = table_matrix(table, model.features, len(model.graph_features))
    if model.uses_graph:
        if edges is None or edges.height == 0:
            # no graph: every number is isolated, nothing to compute
            matrix[:, width:labelled] = g.ISOLATED
            matrix[:, labelled:] = np.nan
        else:
            known_ids = known["id"].cast(pl.Utf8) if known is not None else pl.Series("id", [], dtype=pl.Utf8)
            extra = _context(context, id_col, ids)
            extra_ids = (
                extra[id_col].cast(pl.Utf8) if extra is not None else pl.Series("id", [], dtype=pl.Utf8)
            )
            graph = g.build_graph(edges, ids, known_ids, extra_ids)
            positions = graph.positions(ids)
            labels = g.known_vector(graph, known)
            folds = g.fold_of(len(ids), model.config.folds, model.config.seed)
            matrix[:, width:labelled] = g.features_for(graph, labels, positions, folds)
            if kinds:
                own = nb.node_matrix(graph.size, positions, np.ascontiguousarray(matrix[:, :width]))
                if extra is not None and extra.height:
                    own[graph.positions(extra_ids)] = table_matrix(extra, model.features)
                matrix[:, labelled:] = nb.aggregate(graph.adjacency, own, kinds)[positions]
    return ids, matrix


def _blend_matrix(
    model: FraudModel,
    head: SignHead,
    table: pl.DataFrame,
    ids: pl.Series,
    id_col: str,
    edges: pl.DataFrame | None,
    context: pl.DataFrame | None,
) -> FloatArray:
    """Raw features, then their propagations over the graph of the scored and context rows.

    The blend reads no label: known labels are not needed, and a scored number's own status cannot reach
    its score."""
    width = len(model.features)
    matrix = table_matrix(table, model.features, len(model.graph_features))
    if head.hops:
        extra = _context(context, id_col, ids)
        extra_ids = extra[id_col].cast(pl.Utf8) if extra is not None else None
        extra_raw = table_matrix(extra, model.features) if extra is not None else None
        raw = matrix[:, :width]  # column-major, as z and its copies then are: no transposing copy
        propagated_inputs(
            head.standardiser, head.hops, edges, ids, raw, extra_ids, extra_raw, out=matrix[:, width:]
        )
    return matrix


def _context(context: pl.DataFrame | None, id_col: str, ids: pl.Series) -> pl.DataFrame | None:
    if context is None or id_col not in context.columns or context.height == 0:
        return None
    rows = context.with_columns(pl.col(id_col).cast(pl.Utf8)).unique(
        subset=[id_col], keep="first", maintain_order=True
    )  # a fixed node order: the propagation sums in it
    return rows.filter(~pl.col(id_col).is_in(ids.implode()))


def score(
    model: FraudModel,
    table: pl.DataFrame,
    id_col: str,
    edges: pl.DataFrame | None = None,
    known: pl.DataFrame | None = None,
    *,
    context: pl.DataFrame | None = None,
    num_threads: int | None = None,
) -> pl.DataFrame:
    """``id_col``, ``score`` (calibrated fraud probability) and ``label_pred`` (1 = fraud) per row."""
    ids, matrix = input_matrix(model, table, id_col, edges, known, context)
    scores = model.probabilities(matrix, num_threads)
    return pl.DataFrame(
        {
            id_col: ids,
            "score": scores,
            "label_pred": (scores >= model.threshold).astype(np.int8),
        }
    )
