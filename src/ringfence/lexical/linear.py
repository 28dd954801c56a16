"""A linear classifier over hashed character n-grams (plus optional dense features), saved as a small npz.

Shared by the SMS and URL classifiers. Training uses scikit-learn's logistic regression on the sparse
matrix from ``hashing.to_csr``; scoring uses ``hashing.gather_scores`` so it needs neither scikit-learn nor
a sparse matrix. Weights are stored as float16 (the models ship inside the package and must stay small;
the rounding changes scores by far less than any decision margin).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from ringfence.errors import ModelError
from ringfence.lexical.hashing import (
    HashedBatch,
    HashSpec,
    gather_scores,
    hash_batch,
    summed_weights,
    to_csr,
)

__all__ = ["LinearHashModel", "decisions", "fit_linear", "fit_tfidf_linear"]

FloatArray = npt.NDArray[np.float32]
_CHUNK = 2048


@dataclass
class LinearHashModel:
    """``classes[0]`` is the negative class of a binary model (one output column, sigmoid)."""

    spec: HashSpec
    classes: list[str]
    weights: FloatArray  # (dim + 1, n_out); the last row is the padding bucket and stays 0
    bias: FloatArray  # (n_out,)
    dense_weights: FloatArray = field(default_factory=lambda: np.zeros((0, 1), np.float32))
    dense_mean: FloatArray = field(default_factory=lambda: np.zeros(0, np.float32))
    dense_scale: FloatArray = field(default_factory=lambda: np.ones(0, np.float32))
    #: Squared IDF per bucket (``dim + 1`` rows, 0 for buckets never seen in training and for padding) of a
    #: TF-IDF model (``fit_tfidf_linear``): the weights already hold ``w * idf``, and each document is
    #: divided by its L2 norm over the n-grams training saw. ``None``: 1/sqrt(n-gram count) scaling.
    idf_sq: FloatArray | None = None

    @property
    def binary(self) -> bool:
        return bool(self.weights.shape[1] == 1)

    def decision(
        self, texts: Sequence[str], dense: FloatArray | None = None, second: Sequence[str] | None = None
    ) -> FloatArray:
        """Raw linear scores (n_docs, n_out), in input order.

        ``second``: a second view of each text (a model fitted with ``second_view``); the n-gram part is the
        mean of the two views' scores, as in training."""
        if second is not None:
            first = self.decision(texts, dense)
            other = self.decision(second)
            both: FloatArray = ((first + other) * 0.5).astype(np.float32)
            if dense is not None and self.dense_weights.shape[0]:
                both += (
                    0.5
                    * ((dense - self.dense_mean) / self.dense_scale).astype(np.float32)
                    @ self.dense_weights
                )
            return both
        n = len(texts)
        out = np.empty((n, self.weights.shape[1]), dtype=np.float32)
        if n == 0:
            return out
        # Similar lengths together keep the padded batch arrays small.
        order = np.argsort(np.fromiter(map(len, texts), dtype=np.int64, count=n), kind="stable")
        for start in range(0, n, _CHUNK):
            sel = order[start : start + _CHUNK]
            batch = hash_batch([texts[i] for i in sel], self.spec)
            if self.idf_sq is None:
                out[sel] = gather_scores(batch, self.weights)
            else:
                out[sel] = _tfidf_scores(batch, self.weights, self.idf_sq)
        out += self.bias
        if dense is not None and self.dense_weights.shape[0]:
            out += ((dense - self.dense_mean) / self.dense_scale).astype(np.float32) @ self.dense_weights
        return out

    def proba(
        self, texts: Sequence[str], dense: FloatArray | None = None, second: Sequence[str] | None = None
    ) -> FloatArray:
        """Class probabilities (n_docs, n_classes) in the order of ``classes``."""
        z = self.decision(texts, dense, second)
        if self.binary:
            p = 1.0 / (1.0 + np.exp(-z[:, 0]))
            pair: FloatArray = np.stack([1.0 - p, p], axis=1).astype(np.float32)
            return pair
        z = z - z.max(axis=1, keepdims=True)
        e = np.exp(z)
        soft: FloatArray = (e / e.sum(axis=1, keepdims=True)).astype(np.float32)
        return soft

    # ---------------------------------------------------------------------------------------- files
    def save(self, path: Path, meta: dict[str, Any] | None = None) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        arrays: dict[str, npt.NDArray[Any]] = {
            "weights": self.weights[:-1].astype(np.float16),
            "bias": self.bias.astype(np.float32),
            "dense_weights": self.dense_weights.astype(np.float32),
            "dense_mean": self.dense_mean.astype(np.float32),
            "dense_scale": self.dense_scale.astype(np.float32),
        }
        if self.idf_sq is not None:
            arrays["idf_sq"] = self.idf_sq[:-1].astype(np.float16)
        np.savez_compressed(path.with_suffix(".npz"), **arrays)  # type: ignore[arg-type]
        header = {"spec": self.spec.as_dict(), "classes": self.classes, **(meta or {})}
        path.with_suffix(".json").write_text(
            json.dumps(header, ensure_ascii=False, indent=2), encoding="utf-8"
        )

    @classmethod
    def load(cls, path: Path) -> LinearHashModel:
        npz, js = path.with_suffix(".npz"), path.with_suffix(".json")
        try:
            header = json.loads(js.read_text(encoding="utf-8"))
            with np.load(npz) as data:
                w = data["weights"].astype(np.float32)
                weights = np.vstack([w, np.zeros((1, w.shape[1]), np.float32)])
                model = cls(
                    spec=HashSpec(**header["spec"]),
                    classes=[str(c) for c in header["classes"]],
                    weights=weights,
                    bias=data["bias"].astype(np.float32),
                    dense_weights=data["dense_weights"].astype(np.float32),
                    dense_mean=data["dense_mean"].astype(np.float32),
                    dense_scale=data["dense_scale"].astype(np.float32),
                    idf_sq=(
                        np.append(data["idf_sq"].astype(np.float32), np.float32(0))
                        if "idf_sq" in data.files
                        else None
                    ),
                )
        except (OSError, KeyError, ValueError, TypeError, json.JSONDecodeError) as exc:
            raise ModelError(f"{path}: not a ringfence linear model ({exc})") from exc
        if weights.shape[0] != model.spec.dim + 1:
            raise ModelError(f"{path}: weights do not match the hash size")
        if model.idf_sq is not None and model.idf_sq.shape[0] != weights.shape[0]:
            raise ModelError(f"{path}: idf does not match the hash size")
        return model


def decisions(models: Sequence[LinearHashModel], texts: Sequence[str]) -> list[FloatArray]:
    """``[m.decision(texts) for m in models]`` for models of one ``HashSpec``, hashing each text once.

    The stacked SMS model reads the same rendering with two heads; hashing is most of a head's cost."""
    if not models:
        return []
    spec = models[0].spec
    if any(m.spec != spec for m in models):
        raise ModelError("decisions(): the models must share one HashSpec")
    n = len(texts)
    outs = [np.empty((n, m.weights.shape[1]), dtype=np.float32) for m in models]
    if n == 0:
        return outs
    order = np.argsort(np.fromiter(map(len, texts), dtype=np.int64, count=n), kind="stable")
    for start in range(0, n, _CHUNK):
        sel = order[start : start + _CHUNK]
        batch = hash_batch([texts[i] for i in sel], spec)
        for m, out in zip(models, outs, strict=True):
            if m.idf_sq is None:
                out[sel] = gather_scores(batch, m.weights)
            else:
                out[sel] = _tfidf_scores(batch, m.weights, m.idf_sq)
    for m, out in zip(models, outs, strict=True):
        out += m.bias
    return outs


def _tfidf_scores(
    batch: HashedBatch, weights: npt.NDArray[np.float32], idf_sq: npt.NDArray[np.float32]
) -> npt.NDArray[np.float32]:
    """Scores of L2-normalised TF-IDF vectors. The norm counts each occurrence once (exact for n-grams that
    occur once in a message, the usual case), so one gather gives it; n-grams unseen in training add nothing
    to it, or a message from a new domain would be shrunk towards the intercept by words the model never
    weighed."""
    summed = summed_weights(batch, weights)
    norm = np.sqrt(idf_sq[batch.index].sum(axis=1, dtype=np.float32))
    out: npt.NDArray[np.float32] = summed / np.maximum(norm, np.float32(1e-6))[:, None]
    return out


def _tfidf_matrix(batch: HashedBatch, idf: npt.NDArray[np.float64]) -> Any:
    """The training matrix matching ``_tfidf_scores``: counts times IDF over the per-occurrence norm."""
    from scipy import sparse

    counts = (sparse.diags(1.0 / batch.scale.astype(np.float64)) @ to_csr(batch)).tocsr()
    weighted = (counts @ sparse.diags(idf)).tocsr()
    norm = np.sqrt(np.asarray((counts @ sparse.diags(idf**2)).sum(axis=1)).ravel())
    return (sparse.diags(1.0 / np.maximum(norm, 1e-6)) @ weighted).tocsr()


def fit_tfidf_linear(
    texts: Sequence[str],
    labels: Sequence[str],
    spec: HashSpec,
    *,
    c: float = 10.0,
    class_weight: str | None = None,
    max_iter: int = 300,
    sample_weight: npt.NDArray[np.float64] | None = None,
    svm: bool = False,
) -> LinearHashModel:
    """Logistic regression on L2-normalised TF-IDF of hashed n-grams (smooth IDF over the training texts).

    The second head of the shipped SMS model: IDF down-weights the n-grams every message has, which carries
    better to text from other sources than raw counts do; logistic regression keeps its output a
    probability that can be averaged with the other head's.

    ``svm=True`` fits scikit-learn's ``LinearSVC`` (squared hinge, one-vs-rest) instead: with ``c=1`` and
    no weights this is the plain char-n-gram TF-IDF + LinearSVC baseline over hashed n-grams, a head whose
    margins a stacker can weigh beside the others so that the stack starts from the baseline's view."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.svm import LinearSVC

    classes = sorted(set(labels))
    if len(classes) < 2:
        raise ModelError(f"need at least two classes to train, got {classes}")
    batch = hash_batch(list(texts), spec)
    df = np.bincount(to_csr(batch).indices, minlength=spec.dim).astype(np.float64)
    idf = np.log((1.0 + len(texts)) / (1.0 + df)) + 1.0
    idf[df == 0] = 0.0
    clf: Any = (
        LinearSVC(C=c, class_weight=class_weight, max_iter=max(max_iter, 1000), random_state=0)
        if svm
        else LogisticRegression(C=c, class_weight=class_weight, max_iter=max_iter, tol=1e-4)
    )
    # Only the buckets seen in training carry a weight (the others are 0 in every row, so the penalty
    # keeps their weights at 0): fitting on those columns alone is the same model, and the solver's cost
    # per iteration no longer grows with the 2^bits table (2^19 x classes weights for the plain head).
    used = np.flatnonzero(df > 0)
    clf.fit(_tfidf_matrix(batch, idf)[:, used], np.asarray(labels), sample_weight=sample_weight)
    coef = np.zeros((spec.dim, clf.coef_.shape[0]), np.float32)
    coef[used] = (clf.coef_ * idf[None, used]).astype(np.float32).T
    idf_sq = np.append(idf**2, 0.0).astype(np.float32)
    return LinearHashModel(
        spec=spec,
        classes=[str(c) for c in clf.classes_],
        weights=np.ascontiguousarray(np.vstack([coef, np.zeros((1, coef.shape[1]), np.float32)])),
        bias=clf.intercept_.astype(np.float32),
        idf_sq=idf_sq,
    )


def fit_linear(
    texts: Sequence[str],
    labels: Sequence[str],
    spec: HashSpec,
    *,
    dense: FloatArray | None = None,
    c: float = 10.0,
    class_weight: str | None = "balanced",
    max_iter: int = 200,
    sample_weight: npt.NDArray[np.float64] | None = None,
    second_view: Sequence[str] | None = None,
) -> LinearHashModel:
    """Logistic regression on hashed n-grams (+ standardised dense features). Labels come from the data.

    ``second_view``: another rendering of each text (e.g. the raw text beside the normalised one); the
    n-gram features are the mean of both views' (score with ``decision(..., second=...)``)."""
    from scipy import sparse
    from sklearn.linear_model import LogisticRegression

    classes = sorted(set(labels))
    if len(classes) < 2:
        raise ModelError(f"need at least two classes to train, got {classes}")
    x = to_csr(hash_batch(list(texts), spec))
    if second_view is not None:
        x = ((x + to_csr(hash_batch(list(second_view), spec))) * 0.5).tocsr()
    mean = np.zeros(0, np.float32)
    scale = np.ones(0, np.float32)
    if dense is not None and dense.shape[1]:
        mean = dense.mean(axis=0).astype(np.float32)
        scale = (dense.std(axis=0) + 1e-6).astype(np.float32)
        x = sparse.hstack([x, sparse.csr_matrix((dense - mean) / scale)], format="csr")
    # Fit on the columns that occur (the others are 0 in every row and keep weight 0; see fit_tfidf_linear).
    used = np.flatnonzero(np.diff(x.tocsc().indptr) > 0)
    clf = LogisticRegression(C=c, class_weight=class_weight, max_iter=max_iter, tol=1e-4)
    clf.fit(x[:, used], np.asarray(labels), sample_weight=sample_weight)
    coef = np.zeros((clf.coef_.shape[0], x.shape[1]), np.float32)  # (n_out, dim [+ n_dense])
    coef[:, used] = clf.coef_
    n_dense = 0 if dense is None else dense.shape[1]
    hashed = coef[:, : spec.dim].T
    weights = np.vstack([hashed, np.zeros((1, hashed.shape[1]), np.float32)])
    dense_w = coef[:, spec.dim :].T if n_dense else np.zeros((0, coef.shape[0]), np.float32)
    return LinearHashModel(
        spec=spec,
        classes=[str(c) for c in clf.classes_],
        weights=np.ascontiguousarray(weights),
        bias=clf.intercept_.astype(np.float32),
        dense_weights=np.ascontiguousarray(dense_w),
        dense_mean=mean,
        dense_scale=scale,
    )


@dataclass
class VocabTfidfModel:
    """The plain baseline itself (character 1-3-gram TF-IDF + ``LinearSVC``, scikit-learn defaults) as a
    head: its vocabulary, IDF, weights and intercepts, scored through scikit-learn's own vectoriser, so
    that its decisions are the baseline's (a hashed copy differs on 1-2 % of rows by bucket collisions).
    ``classes[0]`` is the negative class of a binary model (one margin column)."""

    classes: list[str]
    vocabulary: list[str]
    idf: npt.NDArray[np.float64]
    coef: npt.NDArray[np.float64]  # (n_features, n_out)
    bias: npt.NDArray[np.float64]  # (n_out,)
    _vectoriser: Any = field(default=None, repr=False, compare=False)

    @property
    def weights(self) -> npt.NDArray[np.float64]:
        return self.coef

    @property
    def binary(self) -> bool:
        return bool(self.coef.shape[1] == 1)

    def _vec(self) -> Any:
        if self._vectoriser is None:
            from sklearn.feature_extraction.text import TfidfVectorizer

            vec = TfidfVectorizer(
                analyzer="char", ngram_range=(1, 3), vocabulary={g: i for i, g in enumerate(self.vocabulary)}
            )
            vec.idf_ = self.idf
            self._vectoriser = vec
        return self._vectoriser

    def decision(self, texts: Sequence[str]) -> FloatArray:
        """The SVM margins (n_docs, n_out), as the baseline's ``decision_function``."""
        if not len(texts):
            return np.zeros((0, self.coef.shape[1]), np.float32)
        out: FloatArray = np.asarray(self._vec().transform(list(texts)) @ self.coef + self.bias).astype(
            np.float32
        )
        return out

    def proba(self, texts: Sequence[str]) -> FloatArray:
        """Softmax (sigmoid for two classes) of the margins: for ranking, not calibrated."""
        z = self.decision(texts)
        if self.binary:
            p = 1.0 / (1.0 + np.exp(-z[:, 0]))
            pair: FloatArray = np.stack([1.0 - p, p], axis=1).astype(np.float32)
            return pair
        e = np.exp(z - z.max(axis=1, keepdims=True))
        soft: FloatArray = (e / e.sum(axis=1, keepdims=True)).astype(np.float32)
        return soft

    def save(self, path: Path, meta: dict[str, Any] | None = None) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(
            path.with_suffix(".npz"),
            idf=self.idf.astype(np.float64),
            coef=self.coef.astype(np.float32),
            bias=self.bias.astype(np.float64),
        )
        header = {"kind": "vocab_tfidf_svm", "classes": self.classes, "vocabulary": self.vocabulary}
        path.with_suffix(".json").write_text(
            json.dumps({**header, **(meta or {})}, ensure_ascii=False), encoding="utf-8"
        )

    @classmethod
    def load(cls, path: Path) -> VocabTfidfModel:
        try:
            header = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
            with np.load(path.with_suffix(".npz")) as data:
                model = cls(
                    classes=[str(c) for c in header["classes"]],
                    vocabulary=[str(g) for g in header["vocabulary"]],
                    idf=data["idf"].astype(np.float64),
                    coef=data["coef"].astype(np.float64),
                    bias=data["bias"].astype(np.float64),
                )
        except (OSError, KeyError, ValueError, TypeError, json.JSONDecodeError) as exc:
            raise ModelError(f"{path}: not a ringfence vocabulary model ({exc})") from exc
        if not (len(model.vocabulary) == model.idf.shape[0] == model.coef.shape[0]):
            raise ModelError(f"{path}: vocabulary, IDF and weights do not match")
        return model


def is_vocab_model(path: Path) -> bool:
    """Whether ``path`` (.json/.npz pair) holds a ``VocabTfidfModel``."""
    try:
        with path.with_suffix(".json").open(encoding="utf-8") as f:
            return '"kind": "vocab_tfidf_svm"' in f.read(64)
    except OSError:
        return False


def fit_vocab_tfidf_svm(texts: Sequence[str], labels: Sequence[str]) -> VocabTfidfModel:
    """The plain baseline (``ringfence.lexical.evaluation.char_svm_baseline``'s recipe) as a head."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.svm import LinearSVC

    classes = sorted(set(labels))
    if len(classes) < 2:
        raise ModelError(f"need at least two classes to train, got {classes}")
    vec = TfidfVectorizer(analyzer="char", ngram_range=(1, 3))
    try:
        x = vec.fit_transform(list(texts))
    except ValueError as exc:  # every text empty
        raise ModelError(f"nothing to learn from: {exc}") from exc
    clf = LinearSVC(random_state=0).fit(x, np.asarray(labels))
    vocab = sorted(vec.vocabulary_, key=vec.vocabulary_.__getitem__)
    return VocabTfidfModel(
        classes=[str(c) for c in clf.classes_],
        vocabulary=vocab,
        idf=np.asarray(vec.idf_, np.float64),
        coef=np.ascontiguousarray(clf.coef_.T.astype(np.float64)),
        bias=np.asarray(clf.intercept_, np.float64),
        _vectoriser=vec,
    )
