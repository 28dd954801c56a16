"""Measures compiled from their Polars declarations: each computes on Spark what Polars computes, and
a declaration the compiler does not know is refused, never approximated."""

from __future__ import annotations

from typing import TYPE_CHECKING

import polars as pl
import pytest

from ringfence.detect.events import IN, OUT, SMS_OUT
from ringfence.detect.features import MEASURES

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

# Spark starts a JVM per test process: in the slow set (make test-slow, CI).
pytestmark = pytest.mark.slow

EVENTS = pl.DataFrame(
    {
        "role": [OUT, OUT, OUT, IN, IN, SMS_OUT, OUT, OUT],
        "duration": [0, 5, 120, 30, 0, 0, 9, 10],
        "local_hour": [0, 5, 6, 23, 2, 1, 3, 7],
        "off_site": [None, True, False, None, True, None, True, None],
        "origin": ["intra", "international", "international", "inter", "intra", "unknown", "inter", "intra"],
        "fraud_text": [False, False, False, False, False, True, False, False],
    }
)


def test_every_stateless_measure_matches_polars(spark: SparkSession) -> None:
    from ringfence.detect.spark.measures import stateless_measures

    compiled = stateless_measures()
    assert set(compiled) == {n for n, m in MEASURES.items() if m.expr is not None}
    got = (
        spark.createDataFrame(EVENTS.to_pandas())
        .select(*(c.alias(n) for n, c in compiled.items()))
        .toPandas()
    )
    for name, measure in MEASURES.items():
        if measure.expr is None:
            continue
        assert measure.expr is not None
        want = EVENTS.select(measure.expr.fill_null(0).cast(pl.Int64).alias(name)).to_series().to_list()
        assert got[name].to_list() == want, name


@pytest.mark.parametrize(
    "expr",
    [
        pl.col("duration").log(),
        pl.col("origin").str.len_chars() > 3,
        pl.col("duration").shift(1),
        pl.col("duration") / 2,
    ],
    ids=["log", "len_chars", "shift", "true_divide"],
)
def test_unknown_nodes_are_refused(spark: SparkSession, expr: pl.Expr) -> None:
    from ringfence.detect.spark.measures import SparkCompileError, compile_expr

    with pytest.raises(SparkCompileError, match="measure m"):
        compile_expr(expr, "measure m")


def test_shipped_declarations_all_compile_and_a_new_kind_is_refused(
    spark: SparkSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ringfence.detect.features import BASE_FEATURES, Feature
    from ringfence.detect.spark import plan
    from ringfence.detect.spark.measures import SparkCompileError

    assert plan.unknown_declarations() == []
    monkeypatch.setattr(plan, "BASE_FEATURES", (*BASE_FEATURES, Feature("median", "talk_s")))
    assert plan.unknown_declarations() == ["number.median(talk_s)@all: aggregation 'median'"]
    events = spark.createDataFrame([], "key string")
    with pytest.raises(SparkCompileError, match="aggregation 'median'"):
        plan.features_at(events)
