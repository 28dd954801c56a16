"""Print a pipeline's figures beside the plain baseline's, both on the same held-out split.

Used by ``sms train``/``sms evaluate`` and ``url train``: every run that reports how good a trained
pipeline is also reports, in the same table, the baseline trained and scored on the identical rows.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.table import Table

from ringfence.cli.ui import console
from ringfence.lexical.evaluation import BASELINE_NAME, Report, report

__all__ = ["print_comparison"]


def print_comparison(
    y_true: Sequence[str],
    pipeline: Sequence[str],
    baseline: Sequence[str],
    *,
    n_train: int,
    what: str = "pipeline",
) -> tuple[Report, Report]:
    """Per-class and macro figures of both, and the one line saying which is better."""
    classes = sorted(set(y_true))
    mine, base = report(y_true, pipeline, classes), report(y_true, baseline, classes)
    table = Table(title=f"held-out split: {n_train:,} train / {len(y_true):,} test rows (same for both)")
    table.add_column("class")
    table.add_column("n", justify="right")
    for name in (what, "baseline"):
        for m in ("P", "R", "F1"):
            table.add_column(f"{name} {m}", justify="right")
    for c in classes:
        a, b = mine.per_class[c], base.per_class[c]
        table.add_row(
            c,
            f"{int(a['support'])}",
            *(f"{a[k]:.3f}" for k in ("precision", "recall", "f1")),
            *(f"{b[k]:.3f}" for k in ("precision", "recall", "f1")),
        )
    console.print(table)
    console.print(
        f"{what}: macro-F1 {mine.macro_f1:.4f}  accuracy {mine.accuracy:.4f}  (test n={mine.n:,})",
        soft_wrap=True,
    )
    console.print(
        f"baseline ({BASELINE_NAME}) on the same split: macro-F1 {base.macro_f1:.4f}  "
        f"accuracy {base.accuracy:.4f}  (test n={base.n:,})",
        soft_wrap=True,
    )
    verdict = "beats" if mine.macro_f1 > base.macro_f1 else "does NOT beat"
    console.print(
        f"{what} {verdict} the baseline (macro-F1 {mine.macro_f1 - base.macro_f1:+.4f})", soft_wrap=True
    )
    return mine, base
