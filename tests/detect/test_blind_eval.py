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


def test_detect_runs_with_the_lateness_asked_for(tmp_path: Path) -> None:
    """Worlds whose feeds lag are measured with the lateness that keeps them (``--allowed-lateness``);
    without it, detect's own default."""
    root = tmp_path / "w-1"
    (root / "in").mkdir(parents=True)
    (root / "in" / "calls.csv").write_text(
        "call_id,caller,callee,start_time,duration_s,origin\n"
        "a,+8613800000001,+8613900000001,2026-11-02T10:00:00+08:00,30,intra\n"
        "b,+639170000001,+8613900000002,2026-11-02T07:30:00+08:00,0,international\n",
        encoding="utf-8",
    )
    (root / "in" / "subscribers.csv").write_text("number,activated_at\n+8613800000001,2020-01-01\n")
    blind_eval._detect(root, "kept", None, None, fresh=False, lateness="3h")
    blind_eval._detect(root, "default", None, None, fresh=False)
    kept = (root / "kept.run" / "run.json").read_text(encoding="utf-8")
    default = (root / "default.run" / "run.json").read_text(encoding="utf-8")
    assert '"late_records": 0' in kept
    assert '"late_records": 1' in default
