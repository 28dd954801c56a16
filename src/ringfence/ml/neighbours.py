"""Neighbour-feature aggregates: what the numbers a number shares contacts with look like.

Label counts (``graph``) read only the *labels* of neighbours, and only of the known ones. These read the
neighbours' *features*, which every node with a row in the table has, labelled or not: a message-passing
layer without learned weights (as in SIGN or GraphSAGE with mean/max aggregators), whose output the
booster then weights. They read no label at all, so they cannot leak one; at training time they are
computed on the training graph from the training rows, at scoring time on the scoring graph from the
scored rows plus any context rows (e.g. the known numbers' features).

Aggregates are over sign-log-transformed features (``sign(x)·log1p(|x|)``): the per-user counts are
heavy-tailed, and a mean of raw counts is the largest neighbour's count. Missing values are skipped; a
node without neighbours that have the feature gets a missing value, as does an isolated node.

Kinds: ``mean`` (plain mean over neighbours), ``wmean`` (each neighbour weighted by 1/its degree, so a
hub that shares contacts with everyone counts less), ``max``, ``hop2`` (mean over neighbours of their
``mean``: a second round of propagation), ``diff`` (own value minus the neighbour ``mean``) and ``std``
(population standard deviation over neighbours: a number among look-alikes differs from one in a mixed
crowd even when the two means agree).
"""

from __future__ import annotations

from typing import Any, Final

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

FloatArray = npt.NDArray[np.float64]

KINDS: Final[tuple[str, ...]] = ("mean", "wmean", "max", "hop2", "diff", "std")


def names(kinds: tuple[str, ...], features: tuple[str, ...]) -> tuple[str, ...]:
    """Column names ``nb_<kind>__<feature>``, kind-major, in ``kinds`` order.

    (No ``:`` or other JSON punctuation: LightGBM refuses such feature names.)
    """
    unknown = [k for k in kinds if k not in KINDS]
    if unknown:
        raise ValueError(f"unknown neighbour aggregate {unknown[0]!r} (known: {', '.join(KINDS)})")
    return tuple(f"nb_{kind}__{feature}" for kind in kinds for feature in features)


def _slog(x: FloatArray) -> FloatArray:
    return np.asarray(np.sign(x) * np.log1p(np.abs(x)), dtype=np.float64)


def _masked_mean(weights: Any, values: FloatArray, present: FloatArray) -> FloatArray:
    total = weights @ values
    count = weights @ present
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.asarray(np.where(count > 0, total / count, np.nan), dtype=np.float64)


def _neighbour_max(adjacency: Any, values: FloatArray) -> FloatArray:
    csr = sp.csr_matrix(adjacency)
    out = np.full(values.shape, np.nan)
    rows = np.flatnonzero(np.diff(csr.indptr) > 0)
    if len(rows):
        filled = np.where(np.isnan(values), -np.inf, values)
        reduced = np.maximum.reduceat(filled[csr.indices], csr.indptr[rows], axis=0)
        out[rows] = np.where(np.isinf(reduced), np.nan, reduced)
    return out


def aggregate(adjacency: Any, node_features: FloatArray, kinds: tuple[str, ...]) -> FloatArray:
    """Aggregates for every node, shape (nodes, len(kinds) × features), columns as in ``names``.

    ``node_features`` has one row per graph node (NaN where a node has no row or no value).
    """
    n, width = node_features.shape
    if not kinds:
        return np.empty((n, 0))
    present = (~np.isnan(node_features)).astype(np.float64)
    values = np.nan_to_num(_slog(np.nan_to_num(node_features)) * present)
    adj = sp.csr_matrix(adjacency)
    mean = _masked_mean(adj, values, present)
    blocks: dict[str, FloatArray] = {"mean": mean}
    if "wmean" in kinds:
        degree = np.asarray(adj.sum(axis=1), dtype=np.float64).ravel()
        inverse = np.where(degree > 0, 1.0 / np.maximum(degree, 1.0), 0.0)
        blocks["wmean"] = _masked_mean(adj @ sp.diags(inverse), values, present)
    if "max" in kinds:
        blocks["max"] = _neighbour_max(adj, np.where(present > 0, values, np.nan))
    if "hop2" in kinds:
        has_mean = (~np.isnan(mean)).astype(np.float64)
        blocks["hop2"] = _masked_mean(adj, np.nan_to_num(mean), has_mean)
    if "std" in kinds:
        square = _masked_mean(adj, values * values, present)
        blocks["std"] = np.sqrt(np.maximum(square - mean * mean, 0.0))
    if "diff" in kinds:
        blocks["diff"] = np.where(present > 0, values, np.nan) - mean
    return np.hstack([blocks[k] for k in kinds]).reshape(n, len(kinds) * width)


def node_matrix(size: int, positions: npt.NDArray[np.int64], rows: FloatArray) -> FloatArray:
    """A (nodes × features) matrix with ``rows`` at ``positions`` and NaN for nodes without a row."""
    out = np.full((size, rows.shape[1]), np.nan)
    out[positions] = rows
    return out


def kinds_of(columns: tuple[str, ...]) -> tuple[str, ...]:
    """The aggregate kinds present in model input names (``nb_<kind>__<feature>``), in order."""
    seen: list[str] = []
    for column in columns:
        if column.startswith("nb_") and "__" in column:
            kind = column[3:].split("__", 1)[0]
            if kind not in seen:
                seen.append(kind)
    return tuple(seen)
