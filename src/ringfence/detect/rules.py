"""The rule library: small single-purpose conditions over declared features, with stable ids.

Rules are data (``rules.toml``, or a file of the same shape): a rule is a list of clauses
``[feature, op, threshold]`` that must all hold, plus optional ``any`` clauses of which one must. The
same declaration yields a Polars expression (batch) and a Python predicate (streaming, explain), and
names exactly the feature values that a hit records as its evidence.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
import polars as pl

from ringfence.detect.features import FEATURE_NAMES
from ringfence.errors import ConfigError
from ringfence.tomlfile import read_toml

__all__ = ["Clause", "Rule", "RuleLibrary", "load_rules"]

Bools = npt.NDArray[np.bool_]
Floats = npt.NDArray[np.float64]

_OPS: dict[str, Callable[[float, float], bool]] = {
    ">=": operator.ge,
    "<=": operator.le,
    ">": operator.gt,
    "<": operator.lt,
    "==": operator.eq,
}


@dataclass(frozen=True)
class Clause:
    feature: str
    op: str
    threshold: float

    def holds(self, values: dict[str, float]) -> bool:
        v = values.get(self.feature)
        return v is not None and not math.isnan(v) and _OPS[self.op](v, self.threshold)

    def expr(self) -> pl.Expr:
        col = pl.col(self.feature).fill_nan(None)
        t = self.threshold
        compare = {">=": col >= t, "<=": col <= t, ">": col > t, "<": col < t, "==": col == t}[self.op]
        return compare.fill_null(False)

    def mask(self, values: Floats) -> Bools:
        """``expr`` on a column as floats (null as NaN): NaN compares false, as null does there."""
        out: Bools = _OPS[self.op](values, self.threshold)  # type: ignore[arg-type,assignment]
        return out

    def __str__(self) -> str:
        return f"{self.feature} {self.op} {self.threshold:g}"


@dataclass(frozen=True)
class Rule:
    id: str
    description: str
    all: tuple[Clause, ...]
    any: tuple[Clause, ...] = ()

    @property
    def exemption(self) -> bool:
        return self.id.startswith("X-")

    @property
    def features(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(c.feature for c in (*self.all, *self.any)))

    def fires(self, values: dict[str, float]) -> bool:
        if not all(c.holds(values) for c in self.all):
            return False
        return not self.any or any(c.holds(values) for c in self.any)

    def expr(self) -> pl.Expr:
        result = pl.lit(True)
        for c in self.all:
            result = result & c.expr()
        if self.any:
            alternatives = pl.lit(False)
            for c in self.any:
                alternatives = alternatives | c.expr()
            result = result & alternatives
        return result

    def mask(self, column: Callable[[str], Floats]) -> Bools:
        """``expr`` in NumPy (``column``: a feature's values as floats, null as NaN), for the many
        events of a batch without a frame per rule."""
        result: Bools | None = None
        for c in self.all:
            result = c.mask(column(c.feature)) if result is None else result & c.mask(column(c.feature))
        if self.any:
            alternatives = self.any[0].mask(column(self.any[0].feature))
            for c in self.any[1:]:
                alternatives = alternatives | c.mask(column(c.feature))
            result = alternatives if result is None else result & alternatives
        assert result is not None  # a rule has clauses
        return result

    def evidence(self, values: dict[str, float]) -> dict[str, float | None]:
        return {f: values.get(f) for f in self.features}


@dataclass(frozen=True)
class RuleLibrary:
    version: str
    rules: dict[str, Rule]
    source: str
    text: str = ""  # the library as written (a run keeps the rules it ran with)

    def __getitem__(self, rule_id: str) -> Rule:
        return self.rules[rule_id]


def _clauses(raw: object, where: str) -> tuple[Clause, ...]:
    if not isinstance(raw, list):
        raise ConfigError(f"{where}: clauses must be a list of [feature, op, threshold]")
    out = []
    for item in raw:
        if not (isinstance(item, list) and len(item) == 3):
            raise ConfigError(f"{where}: bad clause {item!r}; expected [feature, op, threshold]")
        feature, op, threshold = item
        if feature not in FEATURE_NAMES:
            raise ConfigError(f"{where}: unknown feature {feature!r}")
        if op not in _OPS:
            raise ConfigError(f"{where}: unknown operator {op!r} (use one of {', '.join(_OPS)})")
        if not isinstance(threshold, int | float):
            raise ConfigError(f"{where}: threshold {threshold!r} is not a number")
        out.append(Clause(feature, op, float(threshold)))
    return tuple(out)


def load_rules(path: Path | None = None) -> RuleLibrary:
    """The shipped rule library, or one read from ``path``."""
    doc = read_toml(path, "ringfence.detect", "rules.toml", "rules file")
    data, source = doc.data, doc.source
    rules: dict[str, Rule] = {}
    for raw in data.get("rule", []):
        rid = raw.get("id")
        if not rid or rid in rules:
            raise ConfigError(f"{source}: every rule needs a unique id (got {rid!r})")
        where = f"{source} rule {rid}"
        clauses = _clauses(raw.get("all", []), where)
        if not clauses and not raw.get("any"):
            raise ConfigError(f"{where}: no clauses")
        rules[rid] = Rule(rid, str(raw.get("description", "")), clauses, _clauses(raw.get("any", []), where))
    return RuleLibrary(str(data.get("version", "unversioned")), rules, source, doc.text)
