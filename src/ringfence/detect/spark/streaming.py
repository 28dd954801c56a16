"""The distributed continuous path: a Structured Streaming job over the landing directory (or a
Kafka topic) whose verdicts are ``detect``'s over the records landed so far.

Spark's file source tracks which landing files each micro-batch holds in the checkpoint directory
(``STATE/checkpoint``); a micro-batch

1. keeps each complete file (``watch``'s rule: no dotfiles, no temporary names) as
   ``STATE/records/<batch>-<name>`` (copied under a temporary name, then renamed: a batch re-run
   after a crash finds it there and copies nothing twice), then moves the original to
   ``LANDING/done/``;
2. decides over every kept file with the Spark engine, exactly as ``detect --engine spark`` over
   those files in that order (validation, duplicates across files, late records in arrival order:
   micro-batch, then name), and replaces ``STATE/flagged.csv`` and ``STATE/run/`` whole.

Spark commits the batch to its checkpoint only after step 2, so a killed job re-runs the batch: the
outputs are always those of the files kept. Each batch decides over all records kept so far, which
is what makes its verdicts ``detect``'s (a number's features run over its whole history, and the
cross-key features over every number's); its cost grows with the history kept — see
``docs/scale-out.md`` for the partitioned, retention-bounded layout a cluster runs.

With ``kafka`` the source is a topic of CSV lines (one record a message, the contract's columns in
order, the kind in the message key: ``calls`` or ``messages``); each micro-batch is kept as one CSV
file per kind and the rest is the same. It needs the ``spark-sql-kafka`` connector on the cluster's
classpath (``--packages org.apache.spark:spark-sql-kafka-0-10_2.13:<spark version>``).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F  # noqa: N812
from pyspark.sql.streaming.query import StreamingQuery

from ringfence.detect.policy import Policy
from ringfence.ingest import RecordKind
from ringfence.ingest.contract import CONTRACTS
from ringfence.ingest.reader import detect_kind
from ringfence.localtime import DEFAULT_TIMEZONE
from ringfence.services.watch import TEMPORARY_SUFFIXES

__all__ = ["KafkaSource", "StreamConfig", "decide_kept", "start_stream"]

#: The binaryFile source's fixed schema (a stream must be given it).
_BINARY_FILE = "path string, modificationTime timestamp, length long, content binary"

#: What a micro-batch is handed to (``foreachBatch``).
Handler = Callable[[DataFrame, int], None]


@dataclass(frozen=True)
class KafkaSource:
    bootstrap: str  # host:port,...
    topic: str


@dataclass(frozen=True)
class StreamConfig:
    state: Path
    policy: Policy
    landing: Path | None = None
    kafka: KafkaSource | None = None
    subscribers: Sequence[Path] = ()
    zone: str = DEFAULT_TIMEZONE
    allowed_lateness_s: int = 3600

    @property
    def records(self) -> Path:
        return self.state / "records"

    @property
    def checkpoint(self) -> Path:
        return self.state / "checkpoint"


def _complete(name: str) -> bool:
    return not name.startswith((".", "_")) and not name.endswith((*TEMPORARY_SUFFIXES, "~"))


def _keep(src: Path, target: Path) -> None:
    """``src`` as ``target``, whole or not at all."""
    if target.exists():
        return
    tmp = target.with_name(f".{target.name}.tmp")
    shutil.copyfile(src, tmp)
    with tmp.open("rb") as fh:
        os.fsync(fh.fileno())
    tmp.rename(target)


def _local_path(uri: str) -> Path:
    return Path(uri.removeprefix("file://").removeprefix("file:"))


def decide_kept(config: StreamConfig) -> None:
    """``detect --engine spark`` over every kept file: ``STATE/flagged.csv`` and ``STATE/run/``."""
    from ringfence.services.detect import detect_files

    files = sorted(p for p in config.records.iterdir() if _complete(p.name))
    calls = [p for p in files if detect_kind(p) is RecordKind.CALLS]
    sms = [p for p in files if detect_kind(p) is RecordKind.MESSAGES]
    if not calls:
        return
    detect_files(
        calls,
        config.policy,
        config.state / "flagged.csv",
        config.state / "run",
        config.zone,
        sms=sms,
        subscribers=config.subscribers,
        allowed_lateness_s=config.allowed_lateness_s,
        engine="spark",
    )


def _landing_batch(config: StreamConfig, landing: Path) -> Handler:
    def batch(frame: DataFrame, batch_id: int) -> None:
        paths = sorted({_local_path(r["path"]) for r in frame.select("path").collect()}, key=lambda p: p.name)
        done = landing / "done"
        done.mkdir(exist_ok=True)
        for path in paths:
            if not _complete(path.name) or path.parent.resolve() != landing.resolve():
                continue  # a temporary name, or a file in done/ (listed by a recursive source)
            _keep(path, config.records / f"{batch_id:08d}-{path.name}")
            if path.exists():
                path.rename(done / path.name)
        decide_kept(config)

    return batch


def _kafka_batch(config: StreamConfig) -> Handler:
    headers = {kind: ",".join(CONTRACTS[kind].names) for kind in (RecordKind.CALLS, RecordKind.MESSAGES)}

    def batch(frame: DataFrame, batch_id: int) -> None:
        rows = frame.select(F.col("key").cast("string"), F.col("value").cast("string")).collect()
        for kind, header in headers.items():
            lines = [r["value"] for r in rows if r["key"] == kind.value]
            target = config.records / f"{batch_id:08d}-kafka-{kind.value}.csv"
            if lines and not target.exists():
                tmp = target.with_name(f".{target.name}.tmp")
                tmp.write_text("\n".join([header, *lines]) + "\n", encoding="utf-8")
                tmp.rename(target)
        decide_kept(config)

    return batch


def start_stream(spark: SparkSession, config: StreamConfig, once: bool = False) -> StreamingQuery:
    """Start the job (``once``: process what is there, then stop — ``trigger(availableNow)``)."""
    config.records.mkdir(parents=True, exist_ok=True)
    spark.conf.set("spark.sql.files.ignoreMissingFiles", "true")  # moved to done/ by a batch re-run
    if config.kafka is not None:
        source = (
            spark.readStream.format("kafka")
            .option("kafka.bootstrap.servers", config.kafka.bootstrap)
            .option("subscribe", config.kafka.topic)
            .option("startingOffsets", "earliest")
            .load()
        )
        handler = _kafka_batch(config)
    elif config.landing is not None:
        config.landing.mkdir(parents=True, exist_ok=True)
        # Only the paths are read (the content column is pruned): files are read by the shared reader.
        source = (
            spark.readStream.format("binaryFile")
            .schema(_BINARY_FILE)
            .load(str(config.landing))
            .select("path")
        )
        handler = _landing_batch(config, config.landing)
    else:
        raise ValueError("a stream needs a landing directory or a Kafka source")
    writer = source.writeStream.foreachBatch(handler).option("checkpointLocation", str(config.checkpoint))
    writer = writer.trigger(availableNow=True) if once else writer.trigger(processingTime="10 seconds")
    return writer.start()
