"""``detect --engine spark``: the records ``detect`` read, decided by Spark.

Reading stays the one reader every engine shares (validation, deduplication by record id, late
records split off in arrival order, quarantine, the observers of the model signal and the presented
forms): those are decisions about *which* records count and must not differ between engines. The
records that count are written once as the canonical Parquet layout (``calls/``, ``messages/``,
``subscribers/`` with numbers as strings and times as epoch seconds), which Spark reads partitioned
by number; on a cluster that layout is what the validating ingest writes and the Spark job reads.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import polars as pl
from pyspark.sql import DataFrame, SparkSession

from ringfence.detect.codes import Codes
from ringfence.detect.columnar import Subscribers
from ringfence.detect.policy import Policy
from ringfence.detect.replay import _Partial
from ringfence.detect.spark.plan import event_frame, features_at
from ringfence.detect.spark.session import ENGINE_CONF, local_session
from ringfence.detect.spark.verdicts import partial
from ringfence.localtime import DEFAULT_TIMEZONE

__all__ = ["Canonical", "decide", "read_canonical", "read_previous", "write_canonical"]


@dataclass(frozen=True)
class Canonical:
    """The canonical layout under one directory."""

    root: Path

    @property
    def calls(self) -> Path:
        return self.root / "calls"

    @property
    def messages(self) -> Path:
        return self.root / "messages"

    @property
    def subscribers(self) -> Path:
        return self.root / "subscribers"

    @property
    def previous(self) -> Path:
        """(key, previous): the holders' earlier numbers by identity (``Subscribers.previous``)."""
        return self.root / "previous"


def write_canonical(
    root: Path, calls: pl.DataFrame, messages: pl.DataFrame, subs: Subscribers, codes: Codes
) -> Canonical:
    """Compacted records (``columnar.read_compact``) as the canonical layout: codes back to strings."""
    layout = Canonical(root)
    for path in (layout.calls, layout.messages, layout.subscribers, layout.previous):
        path.mkdir(parents=True, exist_ok=True)
    calls.select(
        pl.col("seq").cast(pl.String),
        "t",
        pl.col("duration").cast(pl.Int32),
        pl.col("origin").cast(pl.String),
        *(codes.decode(calls[c]).alias(c) for c in ("caller", "callee", "imei", "cell", "region")),
    ).write_parquet(layout.calls / "part-0.parquet")
    messages.select(
        pl.col("seq").cast(pl.String),
        "t",
        pl.col("origin").cast(pl.String),
        pl.col("fraud_text").cast(pl.Boolean),
        codes.decode(messages["sender"]).alias("sender"),
        codes.decode(messages["receiver"]).alias("receiver"),
    ).write_parquet(layout.messages / "part-0.parquet")
    subs.frame.select(
        codes.decode(subs.frame["key"]).alias("number"),
        pl.col("sub_home").cast(pl.String),
        "activated",
        "holder_cards",
        codes.decode(subs.frame["holder"]).alias("holder"),
    ).write_parquet(layout.subscribers / "part-0.parquet")
    subs.previous.select(
        codes.decode(subs.previous["key"]).alias("key"),
        codes.decode(subs.previous["previous"]).alias("previous"),
    ).write_parquet(layout.previous / "part-0.parquet")
    return layout


def read_canonical(spark: SparkSession, layout: Canonical) -> tuple[DataFrame, DataFrame, DataFrame]:
    """The layout's three record tables (calls, messages, subscribers)."""
    return (
        spark.read.parquet(str(layout.calls)),
        spark.read.parquet(str(layout.messages)),
        spark.read.parquet(str(layout.subscribers)),
    )


def read_previous(spark: SparkSession, layout: Canonical) -> DataFrame:
    """The layout's earlier numbers of each holder (``event_frame``'s ``previous``)."""
    return spark.read.parquet(str(layout.previous))


def decide(
    calls: pl.DataFrame,
    messages: pl.DataFrame,
    subs: Subscribers,
    codes: Codes,
    policies: Sequence[Policy],
    zone: str = DEFAULT_TIMEZONE,
    spark: SparkSession | None = None,
) -> list[_Partial]:
    """Per policy, what the run reports (keys: the numbers as strings), computed by Spark."""
    session = spark or local_session()
    for key, value in ENGINE_CONF.items():
        session.conf.set(key, value)
    with tempfile.TemporaryDirectory(prefix="ringfence-spark-") as tmp:
        layout = write_canonical(Path(tmp), calls, messages, subs, codes)
        c, m, s = read_canonical(session, layout)
        events = event_frame(c, m if messages.height else None, s, zone, read_previous(session, layout))
        features = features_at(events).cache()
        try:
            return [partial(features, p) for p in policies]
        finally:
            features.unpersist()
