"""Honest comparisons for the text and URL models: a plain baseline on the same split, and the figures.

Every evaluation that reports a figure for a shipped or trained pipeline reports the same figure for a
plain, well-known baseline trained and scored on the *same* split in the same run: character 1-3-gram
TF-IDF with a linear SVM (scikit-learn defaults). A pipeline that does not beat it has no reason to exist.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass

import numpy as np

__all__ = [
    "BASELINE_NAME",
    "FraudFigures",
    "Report",
    "char_svm_baseline",
    "fraud_figures",
    "report",
    "split_indices",
]

BASELINE_NAME = "char 1-3-gram TF-IDF + LinearSVC"


def char_svm_baseline(texts: Sequence[str], labels: Sequence[str]) -> Callable[[Sequence[str]], list[str]]:
    """Fit the plain baseline on raw texts; returns a predictor of labels."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import make_pipeline
    from sklearn.svm import LinearSVC

    pipe = make_pipeline(TfidfVectorizer(analyzer="char", ngram_range=(1, 3)), LinearSVC())
    pipe.fit(list(texts), list(labels))

    def predict(batch: Sequence[str]) -> list[str]:
        return [str(x) for x in pipe.predict(list(batch))] if len(batch) else []

    return predict


@dataclass(frozen=True)
class Report:
    """Per-class precision/recall/F1 and support, macro-F1 and accuracy of one set of predictions."""

    per_class: dict[str, dict[str, float]]
    macro_f1: float
    accuracy: float
    n: int

    def as_dict(self) -> dict[str, object]:
        return {
            "per_class": self.per_class,
            "macro_f1": self.macro_f1,
            "accuracy": self.accuracy,
            "n": self.n,
        }


def report(y_true: Sequence[str], y_pred: Sequence[str], classes: Sequence[str] | None = None) -> Report:
    """Figures over ``classes`` (default: the true labels present); macro-F1 over those classes."""
    t = np.asarray([str(x) for x in y_true])
    p = np.asarray([str(x) for x in y_pred])
    names = list(classes) if classes is not None else sorted(set(t.tolist()))
    per: dict[str, dict[str, float]] = {}
    for c in names:
        tp = float(((t == c) & (p == c)).sum())
        pred, true = float((p == c).sum()), float((t == c).sum())
        prec = tp / pred if pred else 0.0
        rec = tp / true if true else 0.0
        f1 = 2 * tp / (pred + true) if pred + true else 0.0
        per[c] = {"precision": prec, "recall": rec, "f1": f1, "support": true}
    present = [c for c in names if per[c]["support"] > 0]
    macro = float(np.mean([per[c]["f1"] for c in present])) if present else 0.0
    acc = float((t == p).mean()) if len(t) else 0.0
    return Report(per, macro, acc, len(t))


@dataclass(frozen=True)
class FraudFigures:
    """Fraud against the rest (any fraud label predicted for any fraud label counts), and how many
    marketing messages were called fraud: the figures an operator's alert queue lives by."""

    recall: float
    precision: float
    f1: float
    marketing: int  # marketing messages among the true labels
    marketing_called: int  # of them, predicted as a fraud label

    @property
    def marketing_called_fraud(self) -> float | None:
        """The share of marketing messages called fraud (None: there were none)."""
        return self.marketing_called / self.marketing if self.marketing else None


def fraud_figures(
    y_true: Sequence[str],
    y_pred: Sequence[str],
    fraud: Collection[str] = ("fraud",),
    marketing: Collection[str] = ("marketing",),
) -> FraudFigures:
    """``FraudFigures`` of one set of predictions (a figure with nothing to count is 0)."""
    t = [y in fraud for y in y_true]
    p = [x in fraud for x in y_pred]
    tp = sum(a and b for a, b in zip(t, p, strict=True))
    n_mkt = sum(y in marketing for y in y_true)
    called = sum(y in marketing and b for y, b in zip(y_true, p, strict=True))
    return FraudFigures(
        recall=tp / max(sum(t), 1),
        precision=tp / max(sum(p), 1),
        f1=2 * tp / max(sum(t) + sum(p), 1),
        marketing=n_mkt,
        marketing_called=called,
    )


def split_indices(
    keys: Sequence[str], labels: Sequence[str], test_share: float = 0.2
) -> tuple[list[int], list[int]]:
    """A deterministic, stratified train/test split: each row goes by a hash of its key, within its label.

    Rows are ordered by the hash inside each label and the first ``test_share`` of each label is the test
    set, so every class is in both parts (when it has two rows) whatever the data order."""
    by_label: dict[str, list[tuple[bytes, int]]] = {}
    for i, (k, y) in enumerate(zip(keys, labels, strict=True)):
        h = hashlib.blake2b(f"{k}\x00{i}".encode(), digest_size=8).digest()
        by_label.setdefault(str(y), []).append((h, i))
    train: list[int] = []
    test: list[int] = []
    for rows in by_label.values():
        rows.sort()
        n_test = round(len(rows) * test_share) if len(rows) >= 2 else 0
        n_test = min(max(n_test, 1 if len(rows) >= 2 else 0), len(rows) - 1) if rows else 0
        test.extend(i for _, i in rows[:n_test])
        train.extend(i for _, i in rows[n_test:])
    return sorted(train), sorted(test)
