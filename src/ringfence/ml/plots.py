"""Evaluation pictures: PNG files for the model card and a small text chart for a terminal.

matplotlib runs on the Agg backend (no display needed); plotext draws the console chart.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


def precision_recall(labels: IntArray, scores: FloatArray) -> tuple[FloatArray, FloatArray, FloatArray]:
    """(precision, recall, thresholds) as scikit-learn computes them."""
    from sklearn.metrics import precision_recall_curve

    p, r, t = precision_recall_curve(labels, scores)
    return np.asarray(p, dtype=np.float64), np.asarray(r, dtype=np.float64), np.asarray(t, dtype=np.float64)


def reliability(
    labels: IntArray, scores: FloatArray, bins: int = 10
) -> tuple[FloatArray, FloatArray, IntArray]:
    """Per equal-width score bin: mean score, observed fraud share, count (empty bins dropped)."""
    edges = np.linspace(0.0, 1.0, bins + 1)
    which = np.clip(np.digitize(scores, edges[1:-1]), 0, bins - 1)
    mean_score, observed, count = [], [], []
    for b in range(bins):
        mask = which == b
        if mask.any():
            mean_score.append(float(scores[mask].mean()))
            observed.append(float(labels[mask].mean()))
            count.append(int(mask.sum()))
    return np.asarray(mean_score), np.asarray(observed), np.asarray(count, dtype=np.int64)


def _figure() -> Any:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def write_pngs(
    directory: Path,
    labels: IntArray,
    scores: FloatArray,
    threshold: float,
    *,
    importance: dict[str, float],
    title: str = "held-out numbers",
) -> list[Path]:
    """pr_curve.png, roc_curve.png, calibration.png and importance.png in ``directory``."""
    from sklearn.metrics import roc_curve

    plt = _figure()
    directory.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []

    precision, recall, cut = precision_recall(labels, scores)
    fig, ax = plt.subplots(figsize=(5, 4.2), dpi=100)
    ax.plot(recall, precision, color="#1f4e79")
    at = int(np.searchsorted(cut, threshold)) if len(cut) else 0
    if len(cut):
        ax.scatter(
            [recall[at]], [precision[at]], color="#c00000", zorder=3, label=f"threshold {threshold:.3f}"
        )
        ax.legend(loc="lower left")
    ax.set(xlabel="recall (fraud)", ylabel="precision (fraud)", title=f"Precision-recall, {title}")
    ax.set_xlim(0, 1.01)
    ax.set_ylim(0, 1.01)
    ax.grid(alpha=0.3)
    written.append(_save(fig, directory / "pr_curve.png"))

    fpr, tpr, _ = roc_curve(labels, scores)
    fig, ax = plt.subplots(figsize=(5, 4.2), dpi=100)
    ax.plot(fpr, tpr, color="#1f4e79")
    ax.plot([0, 1], [0, 1], color="grey", linestyle=":")
    ax.set(xlabel="false-positive rate", ylabel="true-positive rate", title=f"ROC, {title}")
    ax.grid(alpha=0.3)
    written.append(_save(fig, directory / "roc_curve.png"))

    mean_score, observed, count = reliability(labels, scores)
    fig, ax = plt.subplots(figsize=(5, 4.2), dpi=100)
    ax.plot([0, 1], [0, 1], color="grey", linestyle=":", label="perfect calibration")
    ax.plot(mean_score, observed, marker="o", color="#1f4e79", label="model")
    for x, y, c in zip(mean_score, observed, count, strict=True):
        ax.annotate(str(c), (x, y), textcoords="offset points", xytext=(4, -10), fontsize=7, color="grey")
    ax.set(xlabel="mean predicted fraud probability", ylabel="observed fraud share", title="Calibration")
    ax.legend(loc="upper left")
    ax.grid(alpha=0.3)
    written.append(_save(fig, directory / "calibration.png"))

    top = list(importance.items())[:20][::-1]
    fig, ax = plt.subplots(figsize=(6, 5.5), dpi=100)
    ax.barh([k for k, _ in top], [v for _, v in top], color="#1f4e79")
    ax.set(xlabel="total gain", title="Feature importance (final model)")
    ax.tick_params(axis="y", labelsize=8)
    written.append(_save(fig, directory / "importance.png"))
    return written


def _save(fig: Any, path: Path) -> Path:
    fig.tight_layout()
    fig.savefig(path)
    import matplotlib.pyplot as plt

    plt.close(fig)
    return path


def _bar(value: float, width: int) -> str:
    eighths = round(max(0.0, min(1.0, value)) * width * 8)
    full, part = divmod(eighths, 8)
    return ("█" * full + ("▏▎▍▌▋▊▉"[part - 1] if part else "")).ljust(width)


def console_pr_chart(
    labels: IntArray, scores: FloatArray, threshold: float | None = None, width: int = 20
) -> str:
    """Precision and recall at a ladder of thresholds as text bars, for people at a terminal.

    Plain text (no plotting library) so it renders the same in any terminal and in CI logs.
    """
    y = np.asarray(labels).astype(bool)
    s = np.asarray(scores, dtype=np.float64)
    ladder = sorted(
        {*np.round(np.arange(0.1, 0.91, 0.1), 2).tolist(), *([round(threshold, 3)] if threshold else [])}
    )
    lines = [f"{'threshold':>9}  {'precision':<{width + 7}}  recall"]
    for t in ladder:
        flagged = s >= t
        tp = float(np.sum(flagged & y))
        precision = tp / flagged.sum() if flagged.any() else 1.0
        recall = tp / y.sum() if y.any() else 0.0
        mark = " <- threshold" if threshold is not None and abs(t - round(threshold, 3)) < 1e-9 else ""
        lines.append(
            f"{t:>9.3f}  {_bar(precision, width)} {precision:.3f}  {_bar(recall, width)} {recall:.3f}{mark}"
        )
    return "\n".join(lines)
