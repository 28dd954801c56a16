"""Per-prediction explanations: contributions add up to the score, reasons name the biggest pushes."""

from __future__ import annotations

import numpy as np
import polars as pl

from ringfence.ml.config import TrainConfig
from ringfence.ml.explain import contributions, explain_frame, top_reasons
from ringfence.ml.scoring import input_matrix, score
from ringfence.ml.training import train


def test_contributions_sum_to_the_margin_and_reproduce_the_score(
    synthetic: tuple[pl.DataFrame, pl.DataFrame],
) -> None:
    table, edges = synthetic
    model = train(table, "phone_no_m", "label", edges, TrainConfig(num_rounds=40, num_threads=1)).model
    ids, matrix = input_matrix(model, table, "phone_no_m", edges)
    contrib = contributions(model, matrix)
    assert contrib.shape == (300, len(model.input_names) + 1)
    np.testing.assert_allclose(contrib.sum(axis=1), model.margins(matrix), atol=1e-6)
    frame = explain_frame(model, ids, matrix, "phone_no_m", k=2, with_contributions=True)
    scored = score(model, table, "phone_no_m", edges)
    np.testing.assert_allclose(frame["score"].to_numpy(), scored["score"].to_numpy(), atol=1e-9)
    assert frame["label_pred"].to_list() == scored["label_pred"].to_list()
    assert all(len(r.split("; ")) == 2 for r in frame["top_reasons"])
    assert "contrib_bias" in frame.columns
    assert f"contrib_{model.input_names[0]}" in frame.columns


def test_top_reasons_are_ordered_by_size_and_show_values() -> None:
    contrib = np.array([[0.1, -2.0, 0.5, 9.9], [0.0, 0.0, 0.3, 9.9]])
    matrix = np.array([[1.0, np.nan, 3.25, 0.0], [4.0, 5.0, 6.0, 0.0]])
    reasons = top_reasons(contrib, ("a", "b", "c"), matrix, k=2)
    assert reasons[0] == ["b=missing (-2.00)", "c=3.25 (+0.50)"]
    assert reasons[1][0] == "c=6 (+0.30)"
    assert top_reasons(contrib, ("a", "b", "c"), matrix, k=0) == [[], []]
