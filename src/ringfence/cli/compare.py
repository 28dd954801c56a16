"""Print a pipeline's figures beside the plain baseline's, both on the same held-out split.

Used by ``sms train``/``sms evaluate`` and ``url train``: every run that reports how good a trained
pipeline is also reports, in the same table, the baseline trained and scored on the identical rows.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from rich.table import Table

from ringfence.cli.ui import console
from ringfence.lexical.evaluation import BASELINE_NAME, Report, fraud_figures, report

__all__ = ["print_comparison"]


def print_comparison(
    y_true: Sequence[str],
    pipeline: Sequence[str],
    baseline: Sequence[str],
    *,
    n_train: int,
    what: str = "pipeline",
    fraud_labels: Collection[str] = (),
    marketing_labels: Collection[str] = (),
) -> tuple[Report, Report]:
    """Per-class and macro figures of both, and the one line saying which is better.

    With ``fraud_labels``, also fraud precision/recall/F1 (any fraud label predicted for any fraud label
    counts) and, with ``marketing_labels``, the share of marketing messages called fraud: the figures an
    operator's alert queue lives by."""
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
    fraud = set(fraud_labels)
    if fraud:
        for name, pred in ((what, pipeline), ("baseline", baseline)):
            console.print(
                f"{name}: {_fraud_line(y_true, pred, fraud, set(marketing_labels))}", soft_wrap=True
            )
    diff = mine.macro_f1 - base.macro_f1
    verdict = "beats" if diff > 0 else ("ties with" if diff == 0 else "does NOT beat")
    console.print(f"{what} {verdict} the baseline (macro-F1 {diff:+.4f})", soft_wrap=True)
    return mine, base


def _fraud_line(y_true: Sequence[str], pred: Sequence[str], fraud: set[str], marketing: set[str]) -> str:
    f = fraud_figures(y_true, pred, fraud, marketing)
    line = f"fraud precision {f.precision:.3f}  recall {f.recall:.3f}  F1 {f.f1:.3f}"
    if f.marketing_called_fraud is not None:
        share = f.marketing_called_fraud
        line += f"  marketing called fraud {share:.1%} ({f.marketing_called}/{f.marketing})"
    return line
