"""Hashed character n-grams computed for a whole batch at once with NumPy, and linear models over them.

Character n-grams with a linear model are a strong, fast baseline for short texts in any script (no word
segmentation for Chinese, robust to misspelt URLs). Per-document Python n-gram loops (as in scikit-learn's
``HashingVectorizer``) cap throughput at a few thousand texts a second; here a batch becomes one
(documents x characters) code-point array, every n-gram is hashed with vectorised integer arithmetic, and a
linear score is a gather-and-sum over the weight table, so scoring runs at hundreds of thousands of texts a
second on one core. Training builds the identical features as a sparse matrix for scikit-learn.

Features: each n-gram occurrence counts 1, and a document's vector is divided by the square root of its
number of n-grams (a cheap length normalisation that keeps scoring a pure gather-sum).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy import sparse

__all__ = ["HashSpec", "HashedBatch", "hash_batch", "to_csr"]

_MIX1 = np.uint64(0x9E3779B97F4A7C15)
_MIX2 = np.uint64(0xBF58476D1CE4E5B9)
_MIX3 = np.uint64(0x94D049BB133111EB)
_S30 = np.uint64(30)
_S27 = np.uint64(27)
_S31 = np.uint64(31)


@dataclass(frozen=True, slots=True)
class HashSpec:
    """Which n-grams, how many hash buckets (``2**bits``) and how much of each text is read."""

    ngram_min: int = 1
    ngram_max: int = 3
    bits: int = 18
    max_len: int = 256

    @property
    def dim(self) -> int:
        return 1 << self.bits

    def as_dict(self) -> dict[str, int]:
        return {
            "ngram_min": self.ngram_min,
            "ngram_max": self.ngram_max,
            "bits": self.bits,
            "max_len": self.max_len,
        }


@dataclass(frozen=True, slots=True)
class HashedBatch:
    """Bucket ids of every n-gram of every document (``dim`` marks padding) and 1/sqrt(count) weights."""

    index: npt.NDArray[np.int64]  # (n_docs, n_slots)
    scale: npt.NDArray[np.float32]  # (n_docs,)
    dim: int


def _codepoints(texts: Sequence[str], max_len: int) -> tuple[npt.NDArray[np.uint64], npt.NDArray[np.int64]]:
    clipped = [t[:max_len] for t in texts]
    lengths = np.fromiter(map(len, clipped), dtype=np.int64, count=len(clipped))
    width = max(1, int(lengths.max(initial=1)))
    arr = np.array(clipped, dtype=f"<U{width}").view(np.uint32).reshape(len(clipped), width)
    return arr.astype(np.uint64), lengths


def hash_batch(texts: Sequence[str], spec: HashSpec) -> HashedBatch:
    """Hash every n-gram of every text (texts are used as given: normalise them first)."""
    n_docs = len(texts)
    if n_docs == 0:
        return HashedBatch(np.zeros((0, 1), np.int64), np.zeros(0, np.float32), spec.dim)
    cps, lengths = _codepoints(texts, spec.max_len)
    width = cps.shape[1]
    cps = cps + np.uint64(1)  # so that padding (0) differs from every character
    mask = np.uint64(spec.dim - 1)
    positions = np.arange(width, dtype=np.int64)
    blocks = []
    count = np.zeros(n_docs, dtype=np.int64)
    with np.errstate(over="ignore"):
        for n in range(spec.ngram_min, spec.ngram_max + 1):
            if n > width:
                break
            span = width - n + 1
            h = np.full((n_docs, span), np.uint64(n) * _MIX1, dtype=np.uint64)
            for k in range(n):
                h = (h ^ cps[:, k : k + span]) * _MIX2
                h ^= h >> _S27
            h ^= h >> _S30
            h *= _MIX3
            h ^= h >> _S31
            idx = (h & mask).astype(np.int64)
            valid = positions[:span][None, :] < (lengths - n + 1)[:, None]
            idx[~valid] = spec.dim
            blocks.append(idx)
            count += np.maximum(lengths - n + 1, 0)
    index = np.concatenate(blocks, axis=1) if blocks else np.full((n_docs, 1), spec.dim, np.int64)
    scale = (1.0 / np.sqrt(np.maximum(count, 1))).astype(np.float32)
    return HashedBatch(index, scale, spec.dim)


def to_csr(batch: HashedBatch) -> sparse.csr_matrix:
    """The batch as a (n_docs x dim) sparse matrix: the features a linear model is trained on."""
    n_docs, n_slots = batch.index.shape
    rows = np.repeat(np.arange(n_docs, dtype=np.int64), n_slots)
    cols = batch.index.ravel()
    keep = cols < batch.dim
    data = np.repeat(batch.scale, n_slots)[keep]
    m = sparse.csr_matrix((data, (rows[keep], cols[keep])), shape=(n_docs, batch.dim), dtype=np.float32)
    m.sum_duplicates()
    return m


def gather_scores(batch: HashedBatch, weights: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
    """``to_csr(batch) @ weights`` without building the matrix. ``weights`` has ``dim + 1`` rows (last 0)."""
    gathered = weights[batch.index]  # (n_docs, n_slots, n_out)
    summed: npt.NDArray[np.float32] = gathered.sum(axis=1, dtype=np.float32)
    return summed * batch.scale[:, None]
