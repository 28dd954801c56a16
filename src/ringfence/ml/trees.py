"""LightGBM models scored without importing LightGBM until a process scores in bulk.

LightGBM trains the models and writes them (``Booster.model_to_string``); this module reads that text
and walks the trees with NumPy. The reason is the import: ``import lightgbm`` also imports scikit-learn
and pandas, 0.9 s on this project's machines, and every ``detect`` or ``watch`` that screened an SMS
with a link paid it before its first text (measured: both waited 1.1–1.4 s on a simulated week, and
``detect`` took 0.8–1.0 s less without it). The walk is 2–3 times slower per row than LightGBM's own
loop (about 12 µs more per row of the shipped URL model), so a process that has scored
``NATIVE_AFTER_ROWS`` rows (screening in bulk) or that has imported LightGBM anyway goes on with
``lightgbm.Booster``; the scores are the same (``tests/ml/test_trees.py`` holds the
walk to ``Booster.predict`` on models and inputs of every kind it accepts).

The walk covers what the shipped models use — numerical splits with LightGBM's handling of missing
values and zeros, one output — and refuses anything else (categorical splits, linear trees, several
classes) with a clear error.
"""

from __future__ import annotations

import sys
import threading
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from ringfence.errors import ModelError

__all__ = ["NATIVE_AFTER_ROWS", "TreeEnsemble"]

#: Rows walked in NumPy before LightGBM is imported for the rest. The import (0.9 s) is worth about
#: 75,000 rows of the walk's extra cost (~12 µs a row), but a process that has scored 20,000 rows is
#: screening in bulk, where the cost per row counts for more than a second once: with 75,000,
#: ``bench_text``'s SMS screener (its messages' links walked for five rounds) went from 20,125 to 19,255
#: messages per CPU-second. A simulated week through ``detect`` scores 1,736 links (texts are screened
#: once per process), so it never imports LightGBM.
NATIVE_AFTER_ROWS = 20_000

#: LightGBM's ``decision_type`` bits (``include/LightGBM/tree.h``) and its zero band.
_CATEGORICAL, _DEFAULT_LEFT = 1, 2
_MISSING_ZERO, _MISSING_NAN = 1, 2
_ZERO = float(np.float32(1e-35))  # kZeroThreshold, a float widened to double


def _numbers(text: str, dtype: type[np.generic]) -> npt.NDArray[np.generic]:
    return np.array(text.split(), dtype=dtype) if text else np.zeros(0, dtype=dtype)


@dataclass(frozen=True)
class _Tree:
    feature: npt.NDArray[np.int64]
    threshold: npt.NDArray[np.float64]
    decision: npt.NDArray[np.int64]
    left: npt.NDArray[np.int64]
    right: npt.NDArray[np.int64]
    leaves: npt.NDArray[np.float64]


def _parse_tree(block: dict[str, str]) -> _Tree:
    if int(block.get("num_cat", "0")):
        raise ModelError("tree model: categorical splits are not supported")
    if int(block.get("is_linear", "0")):
        raise ModelError("tree model: linear trees are not supported")
    leaves = _numbers(block["leaf_value"], np.float64).astype(np.float64)
    if int(block["num_leaves"]) == 1:
        empty = np.zeros(0, dtype=np.int64)
        return _Tree(empty, np.zeros(0), empty, empty, empty, leaves)
    decision = _numbers(block["decision_type"], np.int64).astype(np.int64)
    if (decision & _CATEGORICAL).any():
        raise ModelError("tree model: categorical splits are not supported")
    return _Tree(
        _numbers(block["split_feature"], np.int64).astype(np.int64),
        _numbers(block["threshold"], np.float64).astype(np.float64),
        decision,
        _numbers(block["left_child"], np.int64).astype(np.int64),
        _numbers(block["right_child"], np.int64).astype(np.int64),
        leaves,
    )


def _lightgbm_loaded() -> bool:
    return "lightgbm" in sys.modules


class TreeEnsemble:
    """The trees of a one-output LightGBM model (binary or regression), scored by the walk until
    LightGBM pays for its import (module docstring).

    For the walk, the trees are flat arrays: every node of every tree numbered once, a leaf as a
    negative number. Rows walk all trees at once, one level per step, and a (row, tree) pair leaves
    the walk when it reaches a leaf, so a step costs what is still walking: 70–90 ms for 5,000 rows of
    the shipped URL model's 150 trees, where LightGBM takes 30 ms (and 0.9 s to import)."""

    def __init__(self, text: str, native_after_rows: int = NATIVE_AFTER_ROWS) -> None:
        """``native_after_rows``: rows walked before LightGBM scores the rest (0: at once; a negative
        number: never, unless LightGBM is imported already)."""
        self.text = text  # what ``save`` writes back: the model file as LightGBM wrote it
        self.native_after_rows = native_after_rows
        self.walked = 0  # rows scored by the walk so far
        self._native: Any = None  # the ``lightgbm.Booster`` of ``text``, once it scores
        self._lock = threading.Lock()
        header, blocks = self._blocks(text)
        if int(header.get("num_class", "1")) != 1 or int(header.get("num_tree_per_iteration", "1")) != 1:
            raise ModelError("tree model: only models with one output are supported")
        self.n_features = int(header["max_feature_idx"]) + 1
        trees = [_parse_tree(b) for b in blocks]
        self.n_trees = len(trees)
        split = [t for t in trees if len(t.feature)]
        self.constant = float(sum(t.leaves[0] for t in trees if not len(t.feature)))
        node_at = np.cumsum([0] + [len(t.feature) for t in split], dtype=np.int64)
        leaf_at = np.cumsum([0] + [len(t.leaves) for t in split], dtype=np.int64)

        def child(values: npt.NDArray[np.int64], i: int) -> npt.NDArray[np.int64]:
            # an inner node: its flat number; a leaf ``~k``: ``~(flat number of the leaf)``
            out: npt.NDArray[np.int64] = np.where(values >= 0, values + node_at[i], ~(~values + leaf_at[i]))
            return out

        def joined(parts: list[npt.NDArray[Any]], dtype: type[np.generic]) -> npt.NDArray[Any]:
            return np.concatenate(parts).astype(dtype) if parts else np.zeros(0, dtype=dtype)

        self._roots = node_at[:-1].astype(np.int64)
        self._feature = joined([t.feature for t in split], np.int64)
        self._threshold = joined([t.threshold for t in split], np.float64)
        decision = joined([t.decision for t in split], np.int64)
        self._left_default = (decision & _DEFAULT_LEFT) != 0
        self._missing = (decision >> 2) & 3
        self._left = joined([child(t.left, i) for i, t in enumerate(split)], np.int64)
        self._right = joined([child(t.right, i) for i, t in enumerate(split)], np.int64)
        self._leaves = joined([t.leaves for t in split], np.float64)

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state["_native"], state["_lock"] = None, None  # the process's own
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._lock = threading.Lock()

    @staticmethod
    def _blocks(text: str) -> tuple[dict[str, str], list[dict[str, str]]]:
        """The header's ``key=value`` lines and each ``Tree=`` block's (up to ``end of trees``)."""
        body = text.split("end of trees", 1)[0]
        parts = body.split("\nTree=")
        if not parts[0].lstrip().startswith("tree"):
            raise ModelError("not a LightGBM text model")

        def fields(part: str) -> dict[str, str]:
            return dict(line.split("=", 1) for line in part.splitlines() if "=" in line)

        return fields(parts[0]), [fields(p) for p in parts[1:]]

    def predict_raw(self, x: npt.ArrayLike) -> npt.NDArray[np.float64]:
        """The model's raw score (log-odds for a binary model) of each row of ``x``, as
        ``lightgbm.Booster.predict(x, raw_score=True)`` gives it."""
        data = np.asarray(x, dtype=np.float64)
        if data.ndim != 2 or data.shape[1] != self.n_features:
            raise ModelError(
                f"tree model: expected rows of {self.n_features} features, got shape {data.shape}"
            )
        native = self._booster(data.shape[0])
        if native is not None:
            return np.asarray(native.predict(data, num_threads=1, raw_score=True), dtype=np.float64)
        return self.walk(data)

    def _booster(self, rows: int) -> Any:
        """LightGBM's booster when it is to score these ``rows``; None: walk them (and count them)."""
        with self._lock:
            if self._native is None:
                loaded = _lightgbm_loaded()
                due = 0 <= self.native_after_rows <= self.walked + rows
                if not (loaded or due):
                    self.walked += rows
                    return None
                import lightgbm as lgb

                self._native = lgb.Booster(model_str=self.text)
            return self._native

    def walk(self, data: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        """``predict_raw`` in NumPy (``data``: rows of ``n_features`` doubles)."""
        n = data.shape[0]
        total = np.full(n, self.constant)
        if not n or not len(self._roots):
            return total
        flat = np.ascontiguousarray(data).ravel()
        row = np.repeat(np.arange(n, dtype=np.int64), len(self._roots))
        node = np.tile(self._roots, n)
        careful = bool((self._missing != 0).any() or np.isnan(flat).any())
        while len(node):
            value = flat[row * self.n_features + self._feature[node]]
            left = self._decide(value, node) if careful else value <= self._threshold[node]
            node = np.where(left, self._left[node], self._right[node])
            leaf = node < 0
            if leaf.any():
                total += np.bincount(row[leaf], weights=self._leaves[~node[leaf]], minlength=n)
                walking = ~leaf
                row, node = row[walking], node[walking]
        return total

    def _decide(self, value: npt.NDArray[np.float64], node: npt.NDArray[np.int64]) -> npt.NDArray[np.bool_]:
        """LightGBM's ``NumericalDecision``: a missing value is 0 unless the split has a side for
        missing values (``NaN``), and a zero (or missing) value takes the split's default side when
        the split treats zeros as missing."""
        missing = self._missing[node]
        nan = np.isnan(value)
        value = np.where(nan & (missing != _MISSING_NAN), 0.0, value)
        special = ((missing == _MISSING_ZERO) & (np.abs(value) <= _ZERO)) | ((missing == _MISSING_NAN) & nan)
        return np.where(special, self._left_default[node], value <= self._threshold[node])
