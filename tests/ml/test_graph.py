"""Contact-graph features: exact values on a hand graph, and no label ever reaching its own row."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ringfence.ml import graph as g

NAN = np.nan


def _hand_graph() -> g.ContactGraph:
    # a - b - c - d, and e alone (only in the extra ids)
    edges = pl.DataFrame({"a": ["a", "b", "c", "c"], "b": ["b", "c", "d", "b"]})  # c-b is a duplicate
    return g.build_graph(edges, pl.Series(["a", "b", "e"]))


def _col(name: str) -> int:
    return g.GRAPH_FEATURES.index(name)


def test_graph_merges_duplicates_and_keeps_ids_only_seen_in_edges_or_features() -> None:
    graph = _hand_graph()
    assert sorted(graph.nodes.to_list()) == ["a", "b", "c", "d", "e"]
    assert graph.adjacency.nnz == 6  # three undirected edges, both directions
    degree = dict(zip(graph.nodes.to_list(), graph.degree().tolist(), strict=True))
    assert degree == {"a": 1.0, "b": 2.0, "c": 2.0, "d": 1.0, "e": 0.0}


def test_features_of_a_node_read_its_neighbours_and_two_hop_paths() -> None:
    graph = _hand_graph()
    labels = pl.DataFrame({"id": ["a", "c", "d", "zz-not-in-graph"], "label": [1, 0, 1, 1]})
    known = g.known_vector(graph, labels)
    b = graph.positions(pl.Series(["b"]))
    row = g.features_for(graph, known, b)[0]
    per_node = 1000 / 5
    assert row[_col("g_degree")] == pytest.approx(2 * per_node)
    assert row[_col("g_known_fraud")] == pytest.approx(1 * per_node)
    assert row[_col("g_known_normal")] == pytest.approx(1 * per_node)
    assert row[_col("g_fraud_share")] == pytest.approx(0.5)
    # two-hop paths from b that do not come back to b: only b-c-d, and d is fraud
    assert row[_col("g_two_hop_fraud")] == pytest.approx(1 * per_node**2)
    assert row[_col("g_two_hop_fraud_share")] == pytest.approx(1.0)
    # b's neighbours are a (fraud, clamped) and c (normal, clamped): propagation gives their mean
    assert row[_col("g_label_propagation")] == pytest.approx(0.5)
    assert 0 < row[_col("g_ppr_fraud_share")] < 1


def test_isolated_numbers_get_the_isolated_row_without_computation() -> None:
    graph = _hand_graph()
    known = g.known_vector(graph, pl.DataFrame({"id": ["a", "c"], "label": [1, 0]}))
    e = graph.positions(pl.Series(["e"]))
    computed = g.graph_features(graph, known)[e[0]]
    np.testing.assert_array_equal(computed, np.array(g.ISOLATED))
    np.testing.assert_array_equal(g.features_for(graph, known, e)[0], np.array(g.ISOLATED))
    empty = g.build_graph(None, pl.Series(["x", "y"]))
    rows = g.features_for(empty, np.full(2, np.nan), np.arange(2))
    np.testing.assert_array_equal(rows, np.array([g.ISOLATED, g.ISOLATED]))


def test_positions_of_an_unknown_id_is_an_error() -> None:
    with pytest.raises(KeyError):
        _hand_graph().positions(pl.Series(["nobody"]))


def test_a_known_target_is_scored_without_its_own_label() -> None:
    graph = _hand_graph()
    labels = pl.DataFrame({"id": ["a", "b", "c", "d"], "label": [1, 1, 0, 1]})
    known = g.known_vector(graph, labels)
    b = graph.positions(pl.Series(["b"]))
    hidden = known.copy()
    hidden[b] = np.nan
    np.testing.assert_allclose(
        g.features_for(graph, known, b), g.graph_features(graph, hidden)[b], equal_nan=True
    )


def test_folds_depend_on_row_order_and_seed_only() -> None:
    folds = g.fold_of(103, 5, 7)
    assert sorted(np.bincount(folds).tolist()) == [20, 20, 21, 21, 21]
    np.testing.assert_array_equal(folds, g.fold_of(103, 5, 7))
    assert not np.array_equal(folds, g.fold_of(103, 5, 8))


@st.composite
def _labelled_graphs(draw: st.DrawFn) -> tuple[pl.DataFrame, list[int], int]:
    n = draw(st.integers(3, 25))
    pairs = draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), min_size=1, max_size=80))
    labels = draw(st.lists(st.sampled_from([0, 1]), min_size=n, max_size=n))
    row = draw(st.integers(0, n - 1))
    edges = pl.DataFrame({"a": [f"n{i}" for i, _ in pairs], "b": [f"n{j}" for _, j in pairs]})
    return edges, labels, row


@settings(max_examples=60, deadline=None)
@given(case=_labelled_graphs(), folds=st.integers(2, 5), seed=st.integers(0, 3))
def test_changing_a_rows_own_label_never_changes_its_own_features(
    case: tuple[pl.DataFrame, list[int], int], folds: int, seed: int
) -> None:
    edges, labels, row = case
    ids = pl.Series([f"n{i}" for i in range(len(labels))])
    graph = g.build_graph(edges, ids)
    targets = graph.positions(ids)
    fold = g.fold_of(len(ids), folds, seed)
    known = np.full(graph.size, np.nan)
    known[targets] = labels
    flipped = known.copy()
    flipped[targets[row]] = 1 - flipped[targets[row]]
    before = g.features_for(graph, known, targets, fold)[row]
    after = g.features_for(graph, flipped, targets, fold)[row]
    np.testing.assert_array_equal(before, after)


@settings(max_examples=40, deadline=None)
@given(case=_labelled_graphs())
def test_scoring_an_unlabelled_number_ignores_labels_of_numbers_not_linked_to_it(
    case: tuple[pl.DataFrame, list[int], int],
) -> None:
    edges, labels, row = case
    ids = pl.Series([f"n{i}" for i in range(len(labels))])
    graph = g.build_graph(edges, ids, pl.Series(["far-away"]))
    known = np.full(graph.size, np.nan)
    known[graph.positions(ids)] = labels
    target = graph.positions(ids[row : row + 1])
    known[target] = np.nan
    far = graph.positions(pl.Series(["far-away"]))
    with_far = known.copy()
    with_far[far] = 1.0
    a = g.features_for(graph, known, target)
    b = g.features_for(graph, with_far, target)
    # neighbour, two-hop and propagation features never see an unlinked label (PageRank mass is
    # normalised over all seeds, so only its scale may move)
    np.testing.assert_allclose(a[:, :7], b[:, :7], equal_nan=True)
