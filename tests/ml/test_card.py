"""Model-card provenance: file facts and the SOURCE notes beside a dataset."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import polars as pl

from ringfence.ml.card import provenance, render, source_notes
from ringfence.ml.config import TrainConfig
from ringfence.ml.training import train


def test_source_notes_read_dataset_repo_and_licence(tmp_path: Path) -> None:
    (tmp_path / "SOURCE-demo.txt").write_text(
        "Dataset: Demo fraud table\nRepo:    https://example.org/demo\n"
        "License: Apache-2.0; upstream data\n         described as CC0\nFiles:\n  a.csv  rows\n",
        encoding="utf-8",
    )
    (tmp_path / "features.csv").write_text("id,x\n1,2\n", encoding="utf-8")
    notes = source_notes(tmp_path)
    assert notes == [
        {
            "note": "SOURCE-demo.txt",
            "dataset": "Demo fraud table",
            "repo": "https://example.org/demo",
            "license": "Apache-2.0; upstream data described as CC0",
        }
    ]
    facts = provenance(tmp_path / "features.csv", None)
    assert facts["features"]["sha256"] == hashlib.sha256(b"id,x\n1,2\n").hexdigest()
    assert facts["features"]["bytes"] == 9


def test_card_without_evaluation_or_sources_says_so(synthetic: tuple[pl.DataFrame, pl.DataFrame]) -> None:
    table, _ = synthetic
    model = train(table, "phone_no_m", "label", None, TrainConfig(num_rounds=20, live_only=True)).model
    text = render(model, None, [])
    assert "live-record variant" in text
    assert "not recorded" in text
    assert "No hand-over evaluation recorded yet" in text
    assert "approximations (outgoing calls only)" in text


def test_paired_lines_call_a_tie_a_tie() -> None:
    from ringfence.ml.card import paired_lines

    def runs(diffs: list[float]) -> list[dict[str, Any]]:
        return [
            {"auc": 0.95 + d, "macro_f1": 0.9 - d, "baseline": {"auc": 0.95, "macro_f1": 0.9}} for d in diffs
        ]

    ahead = paired_lines(runs([0.010, 0.012, 0.011, 0.009]))
    assert "ahead, by the two-standard-error rule" in ahead[0]  # AUC clearly up
    assert "behind, by the two-standard-error rule" in ahead[1]  # macro-F1 clearly down
    mixed = paired_lines(runs([0.010, -0.011, 0.012, -0.009]))
    assert all("tied, by the two-standard-error rule" in line for line in mixed)
    assert "model ahead in 2 of 4" in mixed[0]
    assert paired_lines(runs([0.01])) == []  # one split: no spread, no claim
