"""The blind-world measurement (``blind_eval``) counts what a reader of the flagged file would."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from tests.detect import blind_eval


def _world(root: Path, tag: str, flagged: list[tuple[str, str, int]]) -> None:
    (root / "in").mkdir(parents=True)
    (root / "in" / "truth.csv").write_text(
        "number,population,is_fraud\n13800000001,dialer,1\n13800000002,dialer,1\n13800000003,agent,0\n",
        encoding="utf-8",
    )
    pl.DataFrame(
        {
            "number": [n for n, _, _ in flagged],
            "verdict": [v for _, v, _ in flagged],
            "time_to_detect_s": [s for _, _, s in flagged],
            "number_e164": [f"+86{n}" for n, _, _ in flagged],
        }
    ).write_csv(root / f"{tag}.csv")


def test_legitimate_and_fraud_numbers_at_warn_or_block_are_counted_against_the_truth(tmp_path: Path) -> None:
    _world(
        tmp_path / "w-1",
        "a",
        [("13800000001", "block", 60), ("13800000002", "watch", 30), ("13800000003", "warn", 10)],
    )
    frame = blind_eval.evaluate(tmp_path, ["w"], [1], "a")
    summary = blind_eval._summary(frame).row(0, named=True)
    assert (summary["legit"], summary["fraud"], summary["fraud_total"]) == (1, 1, 2)
    assert summary["precision"] == 0.5
    assert summary["median_ttd_s"] == 60  # the fraud number's, not the legitimate one's


def test_a_number_the_truth_does_not_know_counts_as_legitimate(tmp_path: Path) -> None:
    _world(tmp_path / "w-1", "a", [("13900000009", "warn", 5)])
    frame = blind_eval.evaluate(tmp_path, ["w"], [1], "a")
    summary = blind_eval._summary(frame).row(0, named=True)
    assert (summary["legit"], summary["fraud"]) == (1, 0)
