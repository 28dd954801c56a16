"""SIGN inputs: propagation on a hand graph, isolated numbers, standardisation and the head's arithmetic."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

from ringfence.errors import ModelError
from ringfence.ml import graph as g
from ringfence.ml.blend import propagated_inputs
from ringfence.ml.sign import SignHead, Standardiser, hop_names, propagate, propagation_matrix, signed_log


def _adjacency(n: int, pairs: list[tuple[int, int]]) -> object:
    ids = pl.Series([f"n{i}" for i in range(n)])
    edges = pl.DataFrame({"a": [f"n{i}" for i, _ in pairs], "b": [f"n{j}" for _, j in pairs]})
    graph = g.build_graph(edges, ids)
    order = graph.positions(ids)
    return graph.adjacency[order][:, order]


def test_propagation_is_symmetric_normalised_and_leaves_isolated_nodes_alone() -> None:
    # 0 - 1 - 2, and 3 alone
    s = propagation_matrix(_adjacency(4, [(0, 1), (1, 2)]))
    values = np.array([[1.0], [0.0], [3.0], [7.0]])
    np.testing.assert_allclose((s @ values).ravel(), [0.0, (1 + 3) / np.sqrt(2), 0.0, 7.0])
    two = propagate(s, values, 2)
    assert len(two) == 2
    np.testing.assert_allclose(two[1], s @ (s @ values))


def test_nodes_without_a_row_are_cut_off() -> None:
    # 0 - 1 - 2 with no row for 2: 0 and 1 only see each other, 2 is left alone
    s = propagation_matrix(_adjacency(3, [(0, 1), (1, 2)]), np.array([True, True, False]))
    np.testing.assert_allclose((s @ np.array([1.0, 2.0, 5.0])), [2.0, 1.0, 5.0])


def test_standardiser_uses_training_rows_and_flags_missing_values() -> None:
    raw = np.array([[0.0, 1.0], [np.e - 1, np.nan], [2 * (np.e - 1), 3.0]])
    st = Standardiser.fit(raw)
    v = signed_log(raw)
    np.testing.assert_allclose(st.mean, [np.mean(v[:, 0]), np.nanmean(v[:, 1])])
    assert st.flagged.tolist() == [1]
    z = st.z(raw)
    assert z[1, 1] == 0.0  # missing sits at the mean
    np.testing.assert_allclose(z.mean(axis=0), [0.0, 0.0], atol=1e-12)
    np.testing.assert_allclose(st.flags(raw).ravel(), [0.0, 1.0, 0.0])
    # a feature never seen in training: mean 0, scale 1, no error
    blank = Standardiser.fit(np.array([[1.0, np.nan], [2.0, np.nan]]))
    assert blank.mean[1] == 0.0
    assert blank.scale[1] == 1.0


def test_isolated_numbers_read_their_own_values_at_every_hop() -> None:
    raw = np.array([[1.0, 5.0], [2.0, 1.0], [4.0, 0.5]])
    st = Standardiser.fit(raw)
    ids = pl.Series(["a", "b", "c"])
    without, facts = propagated_inputs(st, 2, None, ids, raw)
    np.testing.assert_allclose(without, np.hstack([st.z(raw), st.z(raw)]))
    assert facts == {}
    edges = pl.DataFrame({"a": ["a"], "b": ["b"]})
    with_graph, facts = propagated_inputs(st, 2, edges, ids, raw)
    np.testing.assert_allclose(with_graph[2], without[2])  # "c" is in no edge
    np.testing.assert_allclose(with_graph[0, :2], st.z(raw)[1])  # "a" sees "b" (both degree 1)
    assert facts == {"nodes": 3, "edges": 1}
    assert propagated_inputs(st, 0, edges, ids, raw)[0].shape == (3, 0)


def test_context_rows_are_neighbours_and_edge_only_ids_are_left_out() -> None:
    raw = np.array([[1.0], [3.0]])
    st = Standardiser.fit(raw)
    edges = pl.DataFrame({"a": ["a", "a"], "b": ["ctx", "ghost"]})
    alone, _ = propagated_inputs(st, 1, edges, pl.Series(["a"]), raw[:1])
    np.testing.assert_allclose(alone, st.z(raw[:1]))  # "ctx" and "ghost" have no row: "a" is isolated
    joined, _ = propagated_inputs(st, 1, edges, pl.Series(["a"]), raw[:1], pl.Series(["ctx"]), raw[1:])
    np.testing.assert_allclose(joined, st.z(raw[1:]))


def test_head_contributions_sum_to_its_decision_and_survive_json() -> None:
    rng = np.random.default_rng(0)
    raw = rng.lognormal(size=(20, 3))
    raw[::4, 1] = np.nan
    st = Standardiser.fit(raw)
    matrix = np.hstack([raw, rng.normal(size=(20, 6))])
    head = SignHead(st, 2, rng.normal(size=3 * 3 + 1), 0.3)
    contrib = head.contributions(matrix)
    assert contrib.shape == (20, 10)
    np.testing.assert_allclose(contrib.sum(axis=1), head.decision(matrix))
    back = SignHead.from_dict(head.as_dict(), 3)
    np.testing.assert_allclose(back.decision(matrix), head.decision(matrix))
    with pytest.raises(ModelError, match="weights"):
        SignHead.from_dict(head.as_dict() | {"coef": [0.0]}, 3)
    assert hop_names(("x", "y"), 2) == ("hop1__x", "hop1__y", "hop2__x", "hop2__y")
