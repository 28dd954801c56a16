"""Contact-graph features from known labels, computed so that a row never sees its own label.

Fraud numbers share call counterparts, so "how many of my neighbours are known fraud" is a strong signal.
At scoring time the labels of already-known numbers are visible and the scored numbers' own labels are
not; training must see the same kind of signal, so a labelled row's graph features are computed with the
labels of its whole fold hidden (out-of-fold). Fold membership depends only on row order and a seed,
never on the labels, so changing a row's own label can never change its own features.

Counts are expressed per 1,000 nodes of the graph (two-hop counts per 1,000² nodes): the training graph
(known users only) is smaller than the scoring graph (known plus new users), and for a graph that grows
by adding users of the same population a per-node rate keeps its meaning while a raw count inflates.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

import numpy as np
import numpy.typing as npt
import polars as pl
import scipy.sparse as sp

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

GRAPH_FEATURES: Final[tuple[str, ...]] = (
    "g_degree",
    "g_known_fraud",
    "g_known_normal",
    "g_fraud_share",
    "g_two_hop_fraud",
    "g_two_hop_fraud_share",
    "g_label_propagation",
    "g_ppr_fraud",
    "g_ppr_normal",
    "g_ppr_fraud_share",
)

#: The features of a node without edges whose own label is hidden: what every number gets when there is
#: no contact graph, computed without building one.
ISOLATED: Final[tuple[float, ...]] = (0.0, 0.0, 0.0, np.nan, 0.0, np.nan, np.nan, 0.0, 0.0, np.nan)

_PER_NODES: Final = 1000.0
_RESTART: Final = 0.15
_PPR_STEPS: Final = 30
_PROPAGATION_STEPS: Final = 20


@dataclass(frozen=True)
class ContactGraph:
    """An undirected, unweighted graph over string ids; positions index ``nodes`` and ``adjacency``."""

    nodes: pl.Series
    adjacency: Any  # scipy.sparse.csr_matrix, symmetric, 0/1, no self loops

    @property
    def size(self) -> int:
        return len(self.nodes)

    def positions(self, ids: pl.Series) -> IntArray:
        """Positions of ``ids`` (every id must be a node: build the graph with them as ``extra_ids``)."""
        table = pl.DataFrame({"id": self.nodes}).with_row_index("pos")
        found = pl.DataFrame({"id": ids.cast(pl.Utf8)}).join(
            table, on="id", how="left", maintain_order="left"
        )
        pos = found["pos"]
        if pos.null_count():
            raise KeyError("some ids are not nodes of the graph")
        return pos.cast(pl.Int64).to_numpy()

    def degree(self) -> FloatArray:
        return np.asarray(self.adjacency.sum(axis=1), dtype=np.float64).ravel()


def build_graph(edges: pl.DataFrame | None, *extra_ids: pl.Series) -> ContactGraph:
    """The graph of ``edges`` (columns ``a``, ``b``) plus every id in ``extra_ids`` as a node.

    Ids that appear only in the edges, or only in ``extra_ids``, are fine: the first become nodes without
    features, the second isolated nodes. Self loops are dropped, duplicates and both directions merged.
    """
    parts = [s.cast(pl.Utf8).drop_nulls() for s in extra_ids]
    if edges is not None and edges.height:
        edges = edges.select(pl.col("a").cast(pl.Utf8), pl.col("b").cast(pl.Utf8)).drop_nulls()
        parts += [edges["a"], edges["b"]]
    nodes = (pl.concat(parts) if parts else pl.Series("id", [], dtype=pl.Utf8)).unique(maintain_order=True)
    nodes = nodes.rename("id")
    n = len(nodes)
    if edges is None or not edges.height:
        return ContactGraph(nodes=nodes, adjacency=sp.csr_matrix((n, n), dtype=np.float64))
    table = pl.DataFrame({"id": nodes}).with_row_index("pos")
    pairs = (
        edges.join(table.rename({"id": "a", "pos": "pa"}), on="a")
        .join(table.rename({"id": "b", "pos": "pb"}), on="b")
        .filter(pl.col("pa") != pl.col("pb"))
    )
    a = pairs["pa"].cast(pl.Int64).to_numpy()
    b = pairs["pb"].cast(pl.Int64).to_numpy()
    rows = np.concatenate([a, b])
    cols = np.concatenate([b, a])
    matrix = sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, n))
    matrix.data[:] = 1.0  # duplicates were summed; the graph is unweighted
    return ContactGraph(nodes=nodes, adjacency=matrix)


def graph_features(graph: ContactGraph, known: FloatArray) -> FloatArray:
    """Features of every node given ``known`` (1 fraud, 0 normal, NaN unknown), shape (nodes, features).

    A node's features only read its neighbours' labels (and two-hop paths that do not return to it),
    except label propagation and PageRank, which can echo a node's own label back to it: so a node must
    be unknown in ``known`` for its own features to be leak-free (``features_for`` arranges that).
    """
    adj = graph.adjacency
    n = graph.size
    is_known = (~np.isnan(known)).astype(np.float64)
    fraud = np.nan_to_num(known, nan=0.0)
    normal = is_known - fraud
    degree = graph.degree()
    per_node = _PER_NODES / max(n, 1)

    near_fraud = adj @ fraud
    near_known = adj @ is_known
    two_fraud = adj @ near_fraud - degree * fraud  # paths i-j-k with k != i
    two_known = adj @ near_known - degree * is_known
    with np.errstate(invalid="ignore", divide="ignore"):
        fraud_share = np.where(near_known > 0, near_fraud / near_known, np.nan)
        two_share = np.where(two_known > 0, two_fraud / two_known, np.nan)

    propagation = _label_propagation(adj, degree, fraud, is_known)
    ppr_fraud = _personalised_pagerank(adj, degree, fraud) * n
    ppr_normal = _personalised_pagerank(adj, degree, normal) * n
    with np.errstate(invalid="ignore", divide="ignore"):
        ppr_share = np.where(ppr_fraud + ppr_normal > 0, ppr_fraud / (ppr_fraud + ppr_normal), np.nan)

    columns = [
        degree * per_node,
        near_fraud * per_node,
        (near_known - near_fraud) * per_node,
        fraud_share,
        two_fraud * per_node * per_node,
        two_share,
        propagation,
        ppr_fraud,
        ppr_normal,
        ppr_share,
    ]
    return np.column_stack(columns).astype(np.float64)


def _label_propagation(adj: Any, degree: FloatArray, fraud: FloatArray, is_known: FloatArray) -> FloatArray:
    """Harmonic label propagation: known nodes clamped, each unknown node the mean of its neighbours."""
    inverse = np.where(degree > 0, 1.0 / np.maximum(degree, 1.0), 0.0)
    known_count = is_known.sum()
    prior = float(fraud.sum() / known_count) if known_count else 0.5
    state = np.where(is_known > 0, fraud, prior)
    spread = state
    for _ in range(_PROPAGATION_STEPS):
        spread = inverse * (adj @ state)
        state = np.where(is_known > 0, fraud, np.where(degree > 0, spread, prior))
    return np.where(degree > 0, spread, np.nan)


def _personalised_pagerank(adj: Any, degree: FloatArray, seeds: FloatArray) -> FloatArray:
    """Random walk with restart to ``seeds`` (uniform); all zeros when there are no seeds."""
    total = seeds.sum()
    if total <= 0:
        return np.zeros_like(seeds)
    restart = seeds / total
    inverse = np.where(degree > 0, 1.0 / np.maximum(degree, 1.0), 0.0)
    rank = restart.copy()
    for _ in range(_PPR_STEPS):
        rank = _RESTART * restart + (1.0 - _RESTART) * (adj @ (inverse * rank))
    return np.asarray(rank, dtype=np.float64)


def fold_of(count: int, folds: int, seed: int) -> IntArray:
    """Fold of each of ``count`` rows: a seeded shuffle of row positions, independent of any label."""
    order = np.random.default_rng(seed).permutation(count)
    return (order % max(folds, 1)).astype(np.int64)


def features_for(
    graph: ContactGraph,
    known: FloatArray,
    targets: IntArray,
    folds: IntArray | None = None,
) -> FloatArray:
    """Graph features of the nodes at ``targets`` (rows in that order), never reading their own labels.

    Targets whose label is in ``known`` get out-of-fold features: for each fold, the labels of that
    fold's targets are hidden and its rows computed. ``folds`` gives each target's fold (see
    ``fold_of``); targets without a known label are computed with every known label visible.
    """
    out = np.empty((len(targets), len(GRAPH_FEATURES)))
    out[:] = ISOLATED
    if graph.adjacency.nnz == 0:
        return out
    connected = graph.degree()[targets] > 0
    labelled = ~np.isnan(known[targets])
    if folds is None:
        folds = fold_of(len(targets), 5, 0)
    unlabelled = connected & ~labelled
    if unlabelled.any():
        out[unlabelled] = graph_features(graph, known)[targets[unlabelled]]
    for fold in np.unique(folds[labelled & connected]):
        rows = labelled & connected & (folds == fold)
        hidden = known.copy()
        hidden[targets[labelled & (folds == fold)]] = np.nan
        out[rows] = graph_features(graph, hidden)[targets[rows]]
    return out


def known_vector(graph: ContactGraph, labels: pl.DataFrame | None) -> FloatArray:
    """``known`` for ``graph`` from a frame of ``id``, ``label`` (1 fraud, 0 not); other nodes NaN."""
    known = np.full(graph.size, np.nan)
    if labels is None or not labels.height:
        return known
    labels = labels.select(pl.col("id").cast(pl.Utf8), pl.col("label").cast(pl.Float64)).drop_nulls()
    table = pl.DataFrame({"id": graph.nodes}).with_row_index("pos")
    hit = labels.join(table, on="id", how="inner")
    known[hit["pos"].cast(pl.Int64).to_numpy()] = hit["label"].to_numpy()
    return known
