"""SIGN inputs and the logistic head that reads them: per-user features and their graph propagations.

SIGN (Rossi et al. 2020) feeds a simple learner [X, S X, S² X]: the features, their degree-normalised
neighbour average and the average of that, with S = D^-1/2 A D^-1/2 the symmetric-normalised contact
graph. No label is read, so the inputs cannot leak one. X is sign-log transformed (counts are
heavy-tailed) and standardised on the training rows; a missing value sits at the training mean and a
flag per feature that had missing training values says it was missing (flags are not propagated).

Isolated numbers get a self loop, so S X = X for them: a number in no edge, or every number when no
graph is given, reads its own values at every hop, in training and in scoring alike. Only numbers with
a feature row take part: the graph is restricted to them, so a node known only from the edges neither
dilutes its neighbours' averages nor needs a value.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from ringfence.errors import ModelError

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


def signed_log(matrix: FloatArray) -> FloatArray:
    """sign(x) · log(1 + |x|), written as a copy of the sign onto log1p(|x|): the same floats (a
    product by ±1 is exact) in one new array instead of four (fresh memory is slow to touch on a VM).
    """
    out = np.abs(matrix, dtype=np.float64)  # the one new array: the rest is written over it
    np.log1p(out, out=out)
    return np.copysign(out, matrix, out=out)


def hop_names(features: tuple[str, ...], hops: int) -> tuple[str, ...]:
    """Input names of the propagated columns: ``hop1__<f>`` (neighbours' standardised f), ``hop2__<f>``."""
    return tuple(f"hop{k}__{f}" for k in range(1, hops + 1) for f in features)


def propagation_matrix(adjacency: Any, has_row: npt.NDArray[np.bool_] | None = None) -> Any:
    """D^-1/2 A D^-1/2 over the nodes with ``has_row`` (others cut off), isolated nodes with a self loop.

    SciPy is imported here, not with the module: the model's artifact imports this module, and
    ``detect`` loads the artifact's code on every run, model or not (scipy.sparse is ~0.16 s).
    """
    import scipy.sparse as sp

    a = sp.csr_matrix(adjacency, dtype=np.float64)
    if has_row is not None and not has_row.all():
        keep = sp.diags(has_row.astype(np.float64))
        a = sp.csr_matrix(keep @ a @ keep)
    degree = np.asarray(a.sum(axis=1), dtype=np.float64).ravel()
    lonely = degree == 0
    a = sp.csr_matrix(a + sp.diags(lonely.astype(np.float64)))
    r = sp.diags(1.0 / np.sqrt(np.where(lonely, 1.0, degree)))
    s = sp.csr_matrix(r @ a @ r)
    s.sort_indices()  # the edge order (from a parallel join) must not change the sums' rounding
    return s


def propagate(s: Any, z: FloatArray, hops: int) -> list[FloatArray]:
    """[S z, S² z, …] up to ``hops``."""
    out: list[FloatArray] = []
    current = z
    for _ in range(hops):
        current = np.asarray(s @ current, dtype=np.float64)
        out.append(current)
    return out


@dataclass(frozen=True)
class Standardiser:
    """Sign-log, then standardise with training means and scales; missing -> 0 (the mean) plus flags."""

    mean: FloatArray
    scale: FloatArray
    flagged: IntArray  # feature positions that get a missing flag

    @classmethod
    def fit(cls, raw: FloatArray) -> Standardiser:
        v = signed_log(raw)
        seen = ~np.isnan(v)
        with warnings.catch_warnings():  # a feature never seen in training: mean 0, scale 1
            warnings.simplefilter("ignore", RuntimeWarning)
            mean = np.nan_to_num(np.nanmean(v, axis=0))
            sd = np.nan_to_num(np.nanstd(v, axis=0))
        flagged = np.flatnonzero((~seen).any(axis=0)).astype(np.int64)
        return cls(mean=mean, scale=np.where(sd > 0, sd, 1.0), flagged=flagged)

    def z(self, raw: FloatArray) -> FloatArray:
        v = signed_log(raw)
        v -= self.mean
        v /= self.scale
        # ``nan_to_num``: missing at the mean (0), infinities at the largest floats; it looks for each
        # kind in its own pass, and infinities are rare, so they are only looked for when there are any.
        np.copyto(v, 0.0, where=np.isnan(v))
        if not np.isfinite(v).all():
            np.nan_to_num(v, copy=False)
        return v

    def flags(self, raw: FloatArray) -> FloatArray:
        return np.isnan(raw[:, self.flagged]).astype(np.float64)


@dataclass(frozen=True)
class SignHead:
    """A logistic model on [z, S z, …, S^hops z, flags]; the committee of the fold heads (mean weights).

    It reads the model's input matrix: the raw per-user features in the first ``width`` columns (z and
    flags are computed here) and the propagated z columns after them, ``hop_names`` order.
    """

    standardiser: Standardiser
    hops: int
    coef: FloatArray
    intercept: float

    @property
    def width(self) -> int:
        return len(self.standardiser.mean)

    def design(self, matrix: FloatArray) -> FloatArray:
        w = self.width
        raw = matrix[:, :w]
        return np.hstack(
            [self.standardiser.z(raw), matrix[:, w : w * (self.hops + 1)], self.standardiser.flags(raw)]
        )

    def decision(self, matrix: FloatArray) -> FloatArray:
        """``design(matrix) @ coef + intercept``, block by block: the design (a copy of every input,
        transposed into row order) cost more than the product when scoring millions of numbers."""
        w = self.width
        inputs = w * (self.hops + 1)
        raw = matrix[:, :w]
        out = self.standardiser.z(raw) @ self.coef[:w]
        if self.hops:
            out += matrix[:, w:inputs] @ self.coef[w:inputs]
        if len(self.standardiser.flagged):
            out += self.standardiser.flags(raw) @ self.coef[inputs:]
        out += self.intercept
        return np.asarray(out, dtype=np.float64)

    def contributions(self, matrix: FloatArray) -> FloatArray:
        """(rows, inputs + 1): coefficient × design value, a feature's missing flag added to its own
        column, the intercept last; they sum to ``decision``."""
        w = self.width
        inputs = w * (self.hops + 1)
        terms = self.design(matrix) * self.coef
        out = np.zeros((len(matrix), inputs + 1))
        out[:, :inputs] = terms[:, :inputs]
        out[:, self.standardiser.flagged] += terms[:, inputs:]
        out[:, -1] = self.intercept
        return out

    def as_dict(self) -> dict[str, Any]:
        return {
            "hops": self.hops,
            "mean": self.standardiser.mean.tolist(),
            "scale": self.standardiser.scale.tolist(),
            "missing_flags": self.standardiser.flagged.tolist(),
            "coef": self.coef.tolist(),
            "intercept": self.intercept,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any], width: int) -> SignHead:
        standardiser = Standardiser(
            mean=np.asarray(data["mean"], dtype=np.float64),
            scale=np.asarray(data["scale"], dtype=np.float64),
            flagged=np.asarray(data["missing_flags"], dtype=np.int64),
        )
        head = cls(
            standardiser=standardiser,
            hops=int(data["hops"]),
            coef=np.asarray(data["coef"], dtype=np.float64),
            intercept=float(data["intercept"]),
        )
        expected = width * (head.hops + 1) + len(standardiser.flagged)
        if len(standardiser.mean) != width or len(standardiser.scale) != width or len(head.coef) != expected:
            raise ModelError(f"the linear head has {len(head.coef)} weights, {expected} expected")
        if len(standardiser.flagged) and (
            standardiser.flagged.min() < 0 or standardiser.flagged.max() >= width
        ):
            raise ModelError("the linear head flags a feature position out of range")
        return head
