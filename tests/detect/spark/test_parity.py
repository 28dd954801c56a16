"""The Spark engine against the local engine: every feature value, rule, score and verdict at every
event where a number acts, and the outputs of a whole run (flagged numbers, hits with their evidence,
timelines, scores).

Scenarios are the conformance suite's (ties, window edges, late records, zones with and without
daylight saving), a hand-built one aimed at the edges, and a simulated population.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from polars.testing import assert_frame_equal

from ringfence.detect.batch import ACTING
from ringfence.detect.codes import Codes
from ringfence.detect.columnar import FirstUseLog, Subscribers, featured_chunks, file_records, read_compact
from ringfence.detect.features import FEATURE_NAMES
from ringfence.detect.policy import Policy, load_policy
from ringfence.detect.replay import _Scored, run_detection
from ringfence.ingest import QuarantineFile, RecordKind, read_frame
from ringfence.simulate import messy
from tests.detect.conformance import DAY, LATENESS, NUMBERS, T0, Scenario, scenario_of, scenarios

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

# Spark starts a JVM per test process: in the slow set (make test-slow, CI).
pytestmark = pytest.mark.slow

POLICY = load_policy()
Row = dict[str, Any]


def _both(sc: Scenario, spark: SparkSession, policy: Policy) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Features, rules and verdicts at every acting event: (local, Spark), one row per event, in the
    same order, with the same columns."""
    from ringfence.detect.spark.engine import read_canonical, read_previous, write_canonical
    from ringfence.detect.spark.plan import col_of, event_frame, features_at
    from ringfence.detect.spark.verdicts import rule_col, scored_events

    with tempfile.TemporaryDirectory(prefix="spark-engine-parity-") as tmp:
        d = Path(tmp)
        sc.calls.write_parquet(d / "calls.parquet")
        sc.messages.write_parquet(d / "sms.parquet")
        codes = Codes()
        uses = FirstUseLog(codes)
        with QuarantineFile(d / "quarantine.csv") as sink:
            calls = read_compact(
                file_records([d / "calls.parquet"], RecordKind.CALLS, sink),
                codes,
                sink,
                LATENESS,
                each=uses.add,
            )
            messages = read_compact(
                file_records([d / "sms.parquet"], RecordKind.MESSAGES, sink), codes, sink, LATENESS
            )
        subs_frame = None
        if sc.subscribers is not None:
            sc.subscribers.write_parquet(d / "subs.parquet")
            subs_frame, _ = read_frame([d / "subs.parquet"], RecordKind.SUBSCRIBERS)
        subs = Subscribers.from_records(subs_frame, codes)
        chunks = featured_chunks(
            calls.frame,
            messages.frame,
            subs,
            codes,
            uses,
            lambda c: c,
            chunk_events=40,
            roles=ACTING,
            zone=sc.zone,
        )
        featured = pl.concat(chunks)
        featured = featured.with_columns(codes.decode(featured["key"]).alias("key"))
        local = _with_verdicts(featured, policy)

        layout = write_canonical(d / "canonical", calls.frame, messages.frame, subs, codes)
        c, m, s = read_canonical(spark, layout)
        events = event_frame(
            c, m if messages.frame.height else None, s, sc.zone, read_previous(spark, layout)
        )
        scored = scored_events(features_at(events), policy).toArrow()
    got = pl.from_arrow(scored)
    assert isinstance(got, pl.DataFrame)
    got = got.select(
        "key",
        "seq",
        "role",
        *(pl.col(col_of(n)).alias(n) for n in FEATURE_NAMES),
        *(pl.col(rule_col(r)).alias(f"rule.{r}") for r in policy.rule_ids),
        "score",
        pl.col("typology_ix").cast(pl.Int64),
        pl.col("level").cast(pl.Int8),
    )
    order = ["key", "seq", "role"]
    return local.sort(order), got.select(local.columns).sort(order)


def _with_verdicts(featured: pl.DataFrame, policy: Policy) -> pl.DataFrame:
    scored = _Scored.of(featured, policy)
    return scored.frame.select(
        "key",
        "seq",
        pl.col("role").cast(pl.String),
        *FEATURE_NAMES,
        *(pl.Series(f"rule.{r}", scored.fired[r]) for r in policy.rule_ids),
        pl.Series("score", scored.score),
        pl.Series("typology_ix", scored.typology.astype(np.int64)),
        pl.Series("level", scored.level),
    )


def assert_parity(local: pl.DataFrame, got: pl.DataFrame) -> None:
    """The same events, and at each the same value of every column (floats to the bit: both engines
    do the same operations in the same order)."""
    assert local.height == got.height, (local.height, got.height)
    assert local.select("key", "seq", "role").equals(got.select("key", "seq", "role"))
    for name in local.columns[3:]:
        a, b = local[name], got[name]
        if a.dtype.is_float() or b.dtype.is_float():
            a, b = a.cast(pl.Float64), b.cast(pl.Float64)
        same = (a == b) | (a.is_null() & b.is_null())
        bad = (~same.fill_null(False)).arg_true()
        assert bad.len() == 0, (name, local[bad[0]].row(0, named=True), got[bad[0]].row(0, named=True))


# -- a hand-built scenario at the edges -----------------------------------------------------------------
def _call(i: int, caller: str, callee: str, t: int, duration: int = 0, **extra: Any) -> Row:
    return {
        "call_id": f"e{i:03d}",
        "caller": caller,
        "callee": callee,
        "start_time": t,
        "duration_s": duration,
        "origin": "international" if caller.startswith("+216") else "intra",
        "caller_imei": extra.get("imei"),
        "caller_cell": extra.get("cell"),
        "caller_region": extra.get("region"),
    }


def edge_scenario(zone: str) -> Scenario:
    """Ties at one second, events exactly on and just inside the 10 min / 1 h / 1 day edges, local
    midnight and 06:00 in Shanghai (16:00 and 22:00 UTC), sequential callees, a callback in the
    same second as the call it would answer and one a second later, a handset shared by three
    numbers, and cards exactly 30 days old."""
    a, b, c, d = NUMBERS[0], NUMBERS[1], NUMBERS[6], NUMBERS[8]
    midnight = T0 - 9 * 3600 + DAY  # 16:00 UTC: 00:00 in Shanghai
    calls: list[Row] = []
    times = [
        midnight - 1,
        midnight,
        midnight,  # a tie
        midnight,
        midnight + 600,  # exactly 10 min after: the window (t - 10 min, t] leaves midnight out
        midnight + 599,
        midnight + 3600,
        midnight + 6 * 3600 - 1,  # 05:59:59 in Shanghai
        midnight + 6 * 3600,  # 06:00:00
        midnight + DAY,
        midnight + DAY - 1,
    ]
    for i, t in enumerate(times):
        callee = NUMBERS[(i % 5) + 1]  # neighbours: sequential dialling
        calls.append(_call(i, a, callee, t, [0, 3, 45][i % 3], imei="861234567890123", cell="CD-0001"))
    calls.append(_call(20, b, a, midnight, 30))  # calls back in the same second: not a callback
    calls.append(_call(21, NUMBERS[2], a, midnight + 1, 30))  # a second later: a callback
    calls.append(_call(22, c, b, midnight + 5, 0, imei="861234567890123", region="成都"))
    calls.append(_call(23, d, b, midnight + 5, 0, imei="861234567890123", cell="CD-0001", region="广州"))
    for i in range(7):
        calls.append(_call(30 + i, NUMBERS[9], NUMBERS[i % 6], midnight + 7 * 3600 + 10 * i, 0))
    subscribers = [
        {"number": a, "activated_at": midnight - 30 * DAY, "home_region": "成都"},
        {"number": c, "activated_at": midnight - 2 * DAY, "home_region": None},
        {"number": d, "activated_at": midnight - 30 * DAY + 5, "home_region": "广州"},
    ]
    messages = [
        {
            "sms_id": f"s{i}",
            "sender": a,
            "receiver": NUMBERS[i % 4],
            "send_time": midnight + i * 1800,
            "text": "【公安局】您的银行卡涉嫌洗钱，请立即将资金转入安全账户，否则将被冻结。"
            if i % 2
            else None,
            "origin": "intra",
            "sender_cell": None,
        }
        for i in range(5)
    ]
    return scenario_of(calls, messages, subscribers, zone=zone)


@pytest.mark.parametrize("zone", ["Asia/Shanghai", "America/New_York"])
def test_edge_cases_same_features_and_verdicts(spark: SparkSession, zone: str) -> None:
    local, got = _both(edge_scenario(zone), spark, POLICY)
    assert local.height >= 25  # the events are there: a comparison of nothing proves nothing
    assert local["number.sum(callback)@all"].max() >= 1
    assert local["number.sum(sequential)@all"].max() > 0
    assert_parity(local, got)


@settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sc=scenarios())
def test_random_scenarios_same_features_and_verdicts(spark: SparkSession, sc: Scenario) -> None:
    local, got = _both(sc, spark, POLICY)
    assert_parity(local, got)


# -- a whole run ----------------------------------------------------------------------------------------
def test_a_messy_delivery_same_run(spark: SparkSession, population: Path, tmp_path: Path) -> None:
    """The simulated population as a messy feed delivers it (``tests/support/messy.py``: every number
    and time form, disorder, late and repeated records, broken rows, gzip and CRLF files): the same run,
    table for table (one Spark run of a whole population: the clean files' paths are a subset)."""
    rng = np.random.default_rng(5)
    files = {
        kind: messy.deliver(
            messy.messy(pl.read_csv(population / f"{kind}.csv", infer_schema=False), kind, rng),
            kind,
            tmp_path,
            4,
            rng,
        )
        for kind in messy.KINDS
    }
    inputs = (files["calls"], POLICY, files["messages"], [population / "subscribers.csv"])
    local, _ = run_detection(*inputs)
    got, _ = run_detection(*inputs, engine="spark")
    assert local.late > 0
    assert local.flagged.filter(pl.col("verdict").is_in(["warn", "block"])).height > 0
    for table in ("flagged", "hits", "timeline", "scores"):
        assert_frame_equal(getattr(got, table), getattr(local, table))
    assert (got.events, got.late) == (local.events, local.late)


def test_unknown_engine_is_refused(population: Path) -> None:
    from ringfence.errors import ConfigError

    with pytest.raises(ConfigError, match="unknown engine"):
        run_detection([population / "calls.csv"], POLICY, engine="flink")
