"""The URL classifier: lexical model (hashed character n-grams + numeric and rule features) plus brand rules.

``UrlClassifier.classify`` returns, for each URL in input order, the malicious probability, the verdict and
the reasons. A model directory holds ``url.npz``/``url.json`` (weights, hash spec, threshold) and a
``MODEL_CARD.md``; the default model ships in the package (``ringfence/urls/models/default``).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from ringfence.errors import ModelError
from ringfence.lexical.batching import gc_paused
from ringfence.lexical.hashing import HashSpec
from ringfence.lexical.linear import LinearHashModel, fit_linear
from ringfence.ml.trees import TreeEnsemble
from ringfence.urls.batch import prepare_batch
from ringfence.urls.brands import BrandBook, default_brandbook
from ringfence.urls.features import NUMERIC_NAMES
from ringfence.urls.rules import FLAG_NAMES

__all__ = [
    "BENIGN_LABELS",
    "UrlClassifier",
    "UrlVerdict",
    "default_url_classifier",
    "load_url_classifier",
    "train_url_classifier",
]

#: Label values read as "not malicious" when training from a labelled CSV (case-insensitive).
BENIGN_LABELS = frozenset(
    {"benign", "legitimate", "legit", "good", "safe", "normal", "ham", "0", "false", "clean"}
)
DEFAULT_SPEC = HashSpec(ngram_min=3, ngram_max=5, bits=18, max_len=200)
DENSE_NAMES = (*NUMERIC_NAMES, *FLAG_NAMES)


@dataclass(frozen=True, slots=True)
class UrlVerdict:
    url: str
    score: float
    is_malicious: bool
    reasons: tuple[str, ...]

    @property
    def prediction(self) -> str:
        return "malicious" if self.is_malicious else "benign"


class UrlClassifier:
    """Two stages: a linear model over hashed n-grams of host and path, whose log-odds join the numeric
    and rule features in a small gradient-boosted tree model (LightGBM), plus fixed brand-rule weights.

    The trees capture what a linear model cannot (a long path is normal on a known host, suspicious on an
    IP); the n-gram stage gives them the string-level evidence. The second stage is trained on
    out-of-fold n-gram scores so that it does not learn to trust an over-fitted first stage.
    """

    def __init__(
        self,
        lexical: LinearHashModel,
        booster: TreeEnsemble,
        threshold: float = 0.5,
        book: BrandBook | None = None,
        card: str = "",
    ) -> None:
        if lexical.classes != ["benign", "malicious"]:
            raise ModelError(f"URL model classes must be ['benign', 'malicious'], got {lexical.classes}")
        self.lexical = lexical
        self.booster = booster
        self.threshold = threshold
        self.book = book or default_brandbook()
        self.card = card

    def with_brands(self, book: BrandBook) -> UrlClassifier:
        return UrlClassifier(self.lexical, self.booster, self.threshold, book, self.card)

    def _stage2(self, texts: list[str], dense: npt.NDArray[np.float32]) -> npt.NDArray[np.float64]:
        lex = self.lexical.decision(texts)[:, :1]
        return self.booster.predict_raw(np.hstack([dense, lex]))  # the trees' log-odds

    def classify(self, urls: Sequence[str]) -> list[UrlVerdict]:
        if not urls:
            return []
        with gc_paused():
            return self._classify(urls)

    def _classify(self, urls: Sequence[str]) -> list[UrlVerdict]:
        batch = prepare_batch(urls, self.book)
        z = self._stage2(batch.texts, batch.dense)
        score = 1.0 / (1.0 + np.exp(-(z + batch.extra)))
        out = []
        lexical = 1.0 / (1.0 + np.exp(-z))
        for i, (url, s, lex) in enumerate(zip(urls, score.tolist(), lexical.tolist(), strict=True)):
            hs = batch.hits(i)
            ranked = sorted(hs, key=lambda h: -abs(h.weight)) if len(hs) > 1 else hs
            reasons = [h.reason for h in ranked]
            if lex >= self.threshold:
                reasons.append(f"lexical model: looks like known malicious URLs (p={lex:.2f})")
            out.append(UrlVerdict(url, s, s >= self.threshold, tuple(reasons)))
        return out

    def save(self, directory: Path, meta: dict[str, Any] | None = None, card: str | None = None) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        self.lexical.save(
            directory / "url", {"threshold": self.threshold, "dense": list(DENSE_NAMES), **(meta or {})}
        )
        (directory / "trees.txt").write_text(self.booster.text, encoding="utf-8")
        (directory / "MODEL_CARD.md").write_text(card if card is not None else self.card, encoding="utf-8")


def load_url_classifier(directory: Path, book: BrandBook | None = None) -> UrlClassifier:
    if not (directory / "url.npz").is_file() or not (directory / "trees.txt").is_file():
        raise ModelError(f"{directory}: not a URL model directory (needs url.npz, url.json, trees.txt)")
    header = json.loads((directory / "url.json").read_text(encoding="utf-8"))
    if tuple(header.get("dense", ())) != DENSE_NAMES:
        raise ModelError(f"{directory}: model was built with other URL features; retrain it")
    card_path = directory / "MODEL_CARD.md"
    card = card_path.read_text(encoding="utf-8") if card_path.is_file() else ""
    booster = TreeEnsemble((directory / "trees.txt").read_text(encoding="utf-8"))  # LightGBM's file
    lexical = LinearHashModel.load(directory / "url")
    return UrlClassifier(lexical, booster, float(header.get("threshold", 0.5)), book, card)


_DEFAULT: UrlClassifier | None = None


def default_url_classifier() -> UrlClassifier:
    """The model shipped in the package (loaded once per process)."""
    global _DEFAULT  # noqa: PLW0603  (a lazily loaded, read-only process-wide model)
    if _DEFAULT is None:
        root = resources.files("ringfence.urls").joinpath("models/default")
        with resources.as_file(root) as path:
            _DEFAULT = load_url_classifier(Path(path))
    return _DEFAULT


def train_url_classifier(
    urls: Sequence[str],
    malicious: Sequence[bool],
    *,
    spec: HashSpec = DEFAULT_SPEC,
    c: float = 5.0,
    book: BrandBook | None = None,
    sample_weight: npt.NDArray[np.float64] | None = None,
    folds: int = 3,
    trees: int = 150,
    seed: int = 0,
) -> UrlClassifier:
    """Fit both stages on labelled URLs (``malicious`` True/False)."""
    import lightgbm as lgb

    book = book or default_brandbook()
    prepared = prepare_batch(urls, book)
    texts, dense = prepared.texts, prepared.dense
    y = np.asarray(malicious, dtype=bool)
    if y.all() or not y.any():
        raise ModelError("training URLs need both benign and malicious examples")
    labels = np.where(y, "malicious", "benign")
    weight = np.ones(len(y)) if sample_weight is None else np.asarray(sample_weight, dtype=np.float64)
    fold_of = np.random.default_rng(seed).integers(0, folds, size=len(y))
    oof = np.zeros(len(y), dtype=np.float32)
    for f in range(folds):
        fit_idx, out_idx = np.flatnonzero(fold_of != f), np.flatnonzero(fold_of == f)
        part = fit_linear(
            [texts[i] for i in fit_idx], labels[fit_idx].tolist(), spec, c=c, sample_weight=weight[fit_idx]
        )
        oof[out_idx] = part.decision([texts[i] for i in out_idx])[:, 0]
    lexical = fit_linear(texts, labels.tolist(), spec, c=c, sample_weight=weight)
    booster = lgb.LGBMClassifier(
        n_estimators=trees,
        num_leaves=31,
        learning_rate=0.1,
        subsample=0.8,
        subsample_freq=1,
        colsample_bytree=0.8,
        random_state=seed,
        n_jobs=1,
        verbose=-1,
    )
    booster.fit(np.hstack([dense, oof[:, None]]), y, sample_weight=weight)
    return UrlClassifier(lexical, TreeEnsemble(booster.booster_.model_to_string()), 0.5, book)
