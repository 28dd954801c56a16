"""Rules and the policy compiled to Spark columns, and the reduction of a run to what it reports.

Rules (``rules.py``) and the policy (``policy.py``) are data; each clause, rule, typology score and
verdict becomes a column, with the operations of the local engine in the same order (so the same
floats). Per number, Spark then selects the few events a run reports — the first event reaching its
best score and its verdict, the first event at which each rule fired, and the events at which its
verdict rose — and only those rows reach the driver, where the local engine's reduction
(``replay._reduce``) turns them into flagged numbers, hits with their evidence and timelines. On those
rows it gives what it gives on all of a number's events: each row it reads is the first of its kind.
"""

from __future__ import annotations

import numpy as np
import polars as pl
from pyspark.sql import Column, DataFrame, Window
from pyspark.sql import functions as F  # noqa: N812

from ringfence.detect.features import FEATURE_NAMES
from ringfence.detect.policy import VERDICTS, Policy
from ringfence.detect.replay import _Partial, _reduce, _Scored
from ringfence.detect.rules import Clause, Rule
from ringfence.detect.spark.plan import ACTING_COLUMNS, col_of

__all__ = ["partial", "rule_col", "scored_events"]


def rule_col(rule_id: str) -> str:
    return f"rule_{rule_id.replace('-', '_')}"


def _clause(c: Clause) -> Column:
    """``Clause.holds``: a null or NaN value never holds (Spark orders NaN above every number, so
    NaN is excluded explicitly)."""
    v = F.col(col_of(c.feature)).cast("double")
    t = F.lit(c.threshold)
    compare = {">=": v >= t, "<=": v <= t, ">": v > t, "<": v < t, "==": v == t}[c.op]
    return F.when(v.isNull() | F.isnan(v), F.lit(False)).otherwise(compare)


def _rule(rule: Rule) -> Column:
    result = F.lit(True)
    for c in rule.all:
        result = result & _clause(c)
    if rule.any:
        alternatives = F.lit(False)
        for c in rule.any:
            alternatives = alternatives | _clause(c)
        result = result & alternatives
    return result


def scored_events(features: DataFrame, policy: Policy) -> DataFrame:
    """The acting events with a boolean column per rule of the policy (``rule_col``), ``score``,
    ``typology_ix`` (index into ``policy.typologies``) and ``level`` (``Policy.scores`` and
    ``Policy.verdicts``, operation for operation)."""
    fired = F.col
    frame = features.withColumns({rule_col(r): _rule(policy.rules[r]) for r in policy.rule_ids})
    scores: list[Column] = []
    for t in policy.typologies:
        s = F.lit(0.0)
        for r, w in t.weights.items():
            s = s + F.when(fired(rule_col(r)), F.lit(w)).otherwise(F.lit(0.0))
        for r, factor in t.modifiers.items():
            s = s * F.when(fired(rule_col(r)), F.lit(factor)).otherwise(F.lit(1.0))
        s = F.least(s, F.lit(1.0))
        for r, factor in t.exemptions.items():
            s = s * F.when(fired(rule_col(r)), F.lit(factor)).otherwise(F.lit(1.0))
        for requires, factor in t.all_gates:
            gate = F.lit(False)
            for r in requires:
                gate = gate | fired(rule_col(r))
            s = s * F.when(gate, F.lit(1.0)).otherwise(F.lit(factor))
        scores.append(s)
    names = [f"_s{i}" for i in range(len(scores))]
    frame = frame.withColumns(dict(zip(names, scores, strict=True)))
    score = F.greatest(*[F.col(n) for n in names]) if len(names) > 1 else F.col(names[0])
    frame = frame.withColumn("score", score)
    typology = F.lit(None).cast("int")
    for i in reversed(range(len(names))):  # the first typology reaching the best score names it
        typology = F.when(F.col(names[i]) >= F.col("score"), F.lit(i)).otherwise(typology)
    level = F.lit(0)
    for v in VERDICTS:
        level = level + (F.col("score") >= F.lit(policy.thresholds[v])).cast("int")
    return frame.withColumns({"typology_ix": typology, "level": level.cast("byte")}).drop(*names)


def _reported(scored: DataFrame, policy: Policy) -> DataFrame:
    """The rows a run reports (see the module docstring), per number."""
    by_key = Window.partitionBy("key")
    in_order = by_key.orderBy("t", "seq", "role_ix")
    rn = F.col("_rn")
    frame = scored.withColumn("_rn", F.row_number().over(in_order)).withColumns(
        {
            "_max_score": F.max("score").over(by_key),
            "_max_level": F.max("level").over(by_key),
            "_best": F.max("level").over(in_order.rowsBetween(Window.unboundedPreceding, 0)),
        }
    )
    frame = frame.withColumns(
        {
            "_top": F.min(F.when(F.col("score") == F.col("_max_score"), rn)).over(by_key),
            "_reach": F.min(F.when(F.col("level") == F.col("_max_level"), rn)).over(by_key),
            "_before": F.coalesce(F.lag("_best").over(in_order), F.lit(0)),
            **{
                f"_first_{i}": F.min(F.when(F.col(rule_col(r)), rn)).over(by_key)
                for i, r in enumerate(policy.rule_ids)
            },
        }
    )
    flagged = F.col("_max_level") >= 1
    wanted = (rn == F.col("_reach")) | (
        (F.col("level") == F.col("_best")) & (F.col("_best") > F.col("_before"))
    )
    for i in range(len(policy.rule_ids)):
        wanted = wanted | (rn == F.col(f"_first_{i}"))
    keep = (rn == F.col("_top")) | (flagged & wanted)
    return frame.where(keep).drop(*[c for c in frame.columns if c.startswith("_")])


def partial(features: DataFrame, policy: Policy) -> _Partial:
    """What the run reports under ``policy`` (keys are the numbers), from Spark's verdicts."""
    rows = _reported(scored_events(features, policy), policy).toArrow()
    frame = pl.from_arrow(rows)
    assert isinstance(frame, pl.DataFrame)
    frame = frame.sort("key", "t", "seq", "role_ix")
    fired = {r: frame[rule_col(r)].to_numpy().astype(bool) for r in policy.rule_ids}
    score = frame["score"].to_numpy().astype(np.float64)
    typology = frame["typology_ix"].fill_null(0).to_numpy().astype(np.intp)
    level = frame["level"].to_numpy().astype(np.int8)
    renamed = frame.select(*ACTING_COLUMNS, *(pl.col(col_of(n)).alias(n) for n in FEATURE_NAMES))
    return _reduce(_Scored(renamed, policy, fired, score, typology, level))
