"""Policies turn rule hits into a score and a verdict, and are data (TOML) with a name and version.

Per typology, the score is the sum of the weights of the rules that fired, multiplied by the factor
of every modifier that fired (a fact that makes other evidence weigh more but convicts nobody on its
own: a new card), capped at 1, and scaled by the factor of every exemption that fired; a number's
score is its best typology's. Thresholds map scores to the ordered verdicts ``watch`` < ``warn`` <
``block``. The same declaration is evaluated vectorised
(batch replay) and per event (streaming, explain).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import numpy as np
import numpy.typing as npt
import polars as pl

from ringfence.detect.rules import RuleLibrary
from ringfence.errors import ConfigError
from ringfence.tomlfile import read_toml

__all__ = ["VERDICTS", "ModelSignal", "Policy", "Typology", "load_policy"]

VERDICTS = ("watch", "warn", "block")  # ordered; level 1..3, 0 = below watch


@dataclass(frozen=True)
class Typology:
    """Weights of the rules that make a case, factors of the exemptions that weaken it, and gates:
    when ``requires`` is given and none of those rules fired, the score is scaled by
    ``ungated_factor`` — how a number calls (dispersed, unanswered) only matters once it calls a lot
    or its card says something (new, virtual, moved, shared). ``gates`` are further such pairs
    (rules, factor), each applied on its own: a case may need two kinds of evidence, e.g. a dialer
    both a reason to look (volume, a new card) and a sign that it calls strangers."""

    id: str
    description: str
    weights: dict[str, float]
    exemptions: dict[str, float]
    requires: tuple[str, ...] = ()
    ungated_factor: float = 1.0
    modifiers: dict[str, float] = field(default_factory=dict)
    gates: tuple[tuple[tuple[str, ...], float], ...] = ()

    @cached_property
    def all_gates(self) -> tuple[tuple[tuple[str, ...], float], ...]:
        """Every gate in the order applied: ``requires`` first, then ``gates`` (built once: ``score``
        reads it at every event of the streaming engine)."""
        first = ((self.requires, self.ungated_factor),) if self.requires else ()
        return first + self.gates

    def score(self, fired: set[str]) -> float:
        s = sum(w for r, w in self.weights.items() if r in fired)
        for r, factor in self.modifiers.items():
            if r in fired:
                s *= factor
        s = min(1.0, s)
        for r, factor in self.exemptions.items():
            if r in fired:
                s *= factor
        for requires, factor in self.all_gates:
            if not any(r in fired for r in requires):
                s *= factor
        return s


@dataclass(frozen=True)
class ModelSignal:
    """How a policy uses the fraud-user model's score (``ringfence.ml``) beside its rules.

    The model scores a number from all its records in the run (as an operator's daily batch model
    would), so its evidence counts from the number's last record in the run, not from an earlier one.
    """

    source: str = "live"  # the shipped live-record model, or a model directory
    threshold: float = 0.9  # model score at or above which the signal fires
    weight: float = 0.3  # added to the number's best typology score when it fires
    min_calls: int = 20  # numbers that placed fewer calls are not scored


@dataclass(frozen=True)
class Policy:
    name: str
    version: str
    description: str
    thresholds: dict[str, float]
    typologies: tuple[Typology, ...]
    rules: RuleLibrary
    text: str  # the policy file as written (decisions keep it; diffs show it)
    model: ModelSignal | None = None

    @property
    def label(self) -> str:
        return f"{self.name}@{self.version}"

    @property
    def rule_ids(self) -> tuple[str, ...]:
        ids: dict[str, None] = {}
        for t in self.typologies:
            ids.update(dict.fromkeys(t.weights))
            ids.update(dict.fromkeys(t.modifiers))
            ids.update(dict.fromkeys(t.exemptions))
            for requires, _ in t.all_gates:
                ids.update(dict.fromkeys(requires))
        return tuple(ids)

    def level(self, score: float) -> int:
        return sum(score >= self.thresholds[v] for v in VERDICTS)

    # -- per event ------------------------------------------------------------------------------
    def score(self, fired: set[str]) -> tuple[float, str | None]:
        best, best_typology = 0.0, None
        for t in self.typologies:
            s = t.score(fired)
            if s > best:
                best, best_typology = s, t.id
        return best, best_typology

    # -- vectorised ------------------------------------------------------------------------------
    def typology_exprs(self) -> list[pl.Expr]:
        """One score column per typology (``score.<id>``) from boolean rule columns (``rule.<id>``)."""
        out = []
        for t in self.typologies:
            s = pl.lit(0.0)
            for r, w in t.weights.items():
                s = s + pl.col(f"rule.{r}").cast(pl.Float64) * w
            for r, factor in t.modifiers.items():
                s = s * pl.when(pl.col(f"rule.{r}")).then(factor).otherwise(1.0)
            s = pl.min_horizontal(s, pl.lit(1.0))
            for r, factor in t.exemptions.items():
                s = s * pl.when(pl.col(f"rule.{r}")).then(factor).otherwise(1.0)
            for requires, factor in t.all_gates:
                gate = pl.any_horizontal([pl.col(f"rule.{r}") for r in requires])
                s = s * pl.when(gate).then(1.0).otherwise(factor)
            out.append(s.alias(f"score.{t.id}"))
        return out

    def scores(self, fired: dict[str, npt.NDArray[np.bool_]], n: int) -> npt.NDArray[np.float64]:
        """``typology_exprs`` in NumPy, one row per typology (the same operations in the same order,
        so the same floats), from a boolean array per rule id."""
        # Adding 0.0 and multiplying by 1.0 leave a float as it is, so each term is applied in place
        # where its rule fired and skipped elsewhere: the same floats, without a temporary per term.
        out = np.zeros((len(self.typologies), n), dtype=np.float64)
        for i, t in enumerate(self.typologies):
            s = out[i]
            for r, w in t.weights.items():
                np.add(s, w, out=s, where=fired[r])
            for r, factor in t.modifiers.items():
                np.multiply(s, factor, out=s, where=fired[r])
            np.minimum(s, 1.0, out=s)
            for r, factor in t.exemptions.items():
                np.multiply(s, factor, out=s, where=fired[r])
            for requires, factor in t.all_gates:
                gate = np.logical_or.reduce([fired[r] for r in requires])
                np.multiply(s, factor, out=s, where=~gate)
        return out

    def verdicts(
        self, scores: npt.NDArray[np.float64]
    ) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.intp], npt.NDArray[np.int8]]:
        """``verdict_exprs`` in NumPy from ``scores``: the score, the index of the typology that
        names it (the first reaching it) and the verdict level."""
        score = scores.max(axis=0)
        # The first typology reaching the score: one contiguous pass per typology, last to first
        # (an argmax down the typology axis strides across rows and costs several times more).
        typology = np.zeros(len(score), dtype=np.intp)
        for i in range(len(scores) - 1, 0, -1):
            typology[scores[i] >= score] = i
        typology[scores[0] >= score] = 0
        level = np.zeros(len(score), dtype=np.int8)
        for v in VERDICTS:
            level += score >= self.thresholds[v]
        return score, typology, level

    def verdict_exprs(self) -> list[pl.Expr]:
        cols = [f"score.{t.id}" for t in self.typologies]
        score = pl.max_horizontal(cols)
        names = [t.id for t in self.typologies]
        # The first typology reaching the best score names the typology.
        typ = pl.lit(None, dtype=pl.String)
        for name in reversed(names):
            typ = pl.when(pl.col(f"score.{name}") >= score).then(pl.lit(name)).otherwise(typ)
        level = sum((score >= self.thresholds[v]).cast(pl.Int8) for v in VERDICTS)
        return [score.alias("score"), typ.alias("typology"), pl.lit(0, pl.Int8).add(level).alias("level")]


def _gates(raw: object, where: str) -> tuple[tuple[tuple[str, ...], float], ...]:
    """``gates = [{ requires = [...], factor = 0.5 }, ...]`` of a typology."""
    if not isinstance(raw, list):
        raise ConfigError(f"{where}: gates must be a list of {{ requires = [...], factor = ... }}")
    out = []
    for gate in raw:
        if not isinstance(gate, dict) or set(gate) != {"requires", "factor"}:
            raise ConfigError(f"{where}: each gate is {{ requires = [...], factor = ... }} (got {gate!r})")
        requires = tuple(str(r) for r in gate["requires"])
        factor = float(gate["factor"])
        if not requires or not 0 <= factor <= 1:
            raise ConfigError(f"{where}: a gate needs rules and a factor within [0, 1] (got {gate!r})")
        out.append((requires, factor))
    return tuple(out)


def load_policy(path: Path | None = None, rules: RuleLibrary | None = None) -> Policy:
    """The default policy, or one read from a TOML file; rule ids are checked against the library."""
    from ringfence.detect.rules import load_rules

    library = rules or load_rules()
    doc = read_toml(path, "ringfence.detect", "policies/default.toml", "policy")
    data, text = doc.data, doc.text
    source = "default policy" if path is None else doc.source
    thresholds = {v: float(data.get("thresholds", {}).get(v, -1)) for v in VERDICTS}
    if any(not 0 < thresholds[v] <= 1 for v in VERDICTS) or not (
        thresholds["watch"] <= thresholds["warn"] <= thresholds["block"]
    ):
        raise ConfigError(f"{source}: thresholds must be 0 < watch <= warn <= block <= 1 (got {thresholds})")
    typologies = []
    for tid, raw in dict(data.get("typology", {})).items():
        weights = {str(k): float(v) for k, v in dict(raw.get("rules", {})).items()}
        exemptions = {str(k): float(v) for k, v in dict(raw.get("exemptions", {})).items()}
        modifiers = {str(k): float(v) for k, v in dict(raw.get("modifiers", {})).items()}
        requires = tuple(str(r) for r in raw.get("requires", []))
        ungated = float(raw.get("ungated_factor", 1.0))
        if not 0 <= ungated <= 1:
            raise ConfigError(f"{source}: typology {tid} ungated_factor must be within [0, 1]")
        gates = _gates(raw.get("gates", []), f"{source}: typology {tid}")
        for rid in (*weights, *modifiers, *exemptions, *requires, *(r for g, _ in gates for r in g)):
            if rid not in library.rules:
                raise ConfigError(f"{source}: typology {tid} refers to unknown rule {rid}")
        for rid, f in exemptions.items():
            if not 0 <= f <= 1:
                raise ConfigError(f"{source}: exemption {rid} factor must be within [0, 1]")
        for rid, f in modifiers.items():
            if not 1 <= f <= 4:
                raise ConfigError(f"{source}: modifier {rid} factor must be within [1, 4]")
            if rid in weights:
                raise ConfigError(f"{source}: {rid} is both a weighted rule and a modifier of {tid}")
        typologies.append(
            Typology(
                tid, str(raw.get("description", "")), weights, exemptions, requires, ungated, modifiers, gates
            )
        )
    if not typologies:
        raise ConfigError(f"{source}: a policy needs at least one typology")
    model = None
    if "model" in data:
        raw_model = dict(data["model"])
        unknown = set(raw_model) - {"source", "threshold", "weight", "min_calls"}
        if unknown:
            raise ConfigError(f"{source}: unknown [model] keys {sorted(unknown)}")
        model = ModelSignal(
            source=str(raw_model.get("source", "live")),
            threshold=float(raw_model.get("threshold", 0.9)),
            weight=float(raw_model.get("weight", 0.3)),
            min_calls=int(raw_model.get("min_calls", 20)),
        )
        if not (0 < model.threshold <= 1 and 0 <= model.weight <= 1):
            raise ConfigError(f"{source}: [model] threshold must be in (0, 1] and weight in [0, 1]")
    return Policy(
        name=str(data.get("name", Path(source).stem)),
        version=str(data.get("version", "unversioned")),
        description=str(data.get("description", "")),
        thresholds=thresholds,
        typologies=tuple(typologies),
        rules=library,
        text=text,
        model=model,
    )
