"""Evaluation pictures: PNG files and the terminal chart."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ringfence.ml.plots import console_pr_chart, reliability, write_pngs


def _scores() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(0)
    y = (rng.random(400) < 0.3).astype(np.int64)
    s = np.clip(rng.normal(0.25 + 0.5 * y, 0.15), 0, 1)
    return y, s


def test_pngs_are_written(tmp_path: Path) -> None:
    y, s = _scores()
    written = write_pngs(tmp_path, y, s, 0.5, importance={"sms_count": 10.0, "opposite_count": 5.0})
    assert [p.name for p in written] == ["pr_curve.png", "roc_curve.png", "calibration.png", "importance.png"]
    for path in written:
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_reliability_bins_cover_every_score() -> None:
    y, s = _scores()
    mean_score, observed, count = reliability(y, s, bins=5)
    assert count.sum() == 400
    assert np.all((observed >= 0) & (observed <= 1))
    assert np.all(np.diff(mean_score) > 0)


def test_console_chart_is_text() -> None:
    y, s = _scores()
    text = console_pr_chart(y, s, threshold=0.45, width=10)
    lines = text.splitlines()
    assert "precision" in lines[0]
    assert len(lines) == 11  # header, 0.1 … 0.9 and the model threshold
    assert lines[5].strip().startswith("0.450")
    assert lines[5].endswith("<- threshold")
    last = lines[-1].split()
    assert last[0] == "0.900"
