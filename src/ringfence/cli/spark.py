"""``ringfence spark-stream``: the Structured Streaming job (``ringfence.detect.spark.streaming``)."""

from __future__ import annotations

from pathlib import Path

import typer

from ringfence.cli.ui import console, handle_errors

__all__ = ["spark_stream"]


@handle_errors
def spark_stream(
    state: Path = typer.Option(
        ..., "--state", help="State directory: Spark checkpoint, kept records, flagged.csv, run/."
    ),
    landing: Path | None = typer.Option(
        None, "--landing", help="Directory CDR files are delivered into (temporary name, then rename)."
    ),
    kafka_bootstrap: str | None = typer.Option(
        None, "--kafka-bootstrap", help="Kafka servers (host:port,...) instead of a landing directory."
    ),
    topic: str = typer.Option("ringfence-records", "--topic", help="Kafka topic of CSV record lines."),
    subscribers: list[Path] = typer.Option([], "--subscribers", "-s", help="Subscriber files."),
    policy: Path | None = typer.Option(None, "--policy", "-p", help="Policy TOML (default: shipped)."),
    rules: Path | None = typer.Option(None, "--rules", help="Rule library TOML (default: shipped)."),
    allowed_lateness: str = typer.Option("1h", "--allowed-lateness", help="As for detect."),
    once: bool = typer.Option(False, "--once", help="Process what is there now, then exit."),
    cores: int = typer.Option(2, "--cores", help="Local-mode threads (ignored under spark-submit)."),
) -> None:
    """Detect continuously on Spark: every micro-batch of landed files (or Kafka records) is kept in
    STATE/records and STATE/flagged.csv becomes what ``detect --engine spark`` gives over every record
    kept so far. Spark's checkpoint (STATE/checkpoint) makes a restart resume where it stopped.
    Needs the 'spark' extra and Java 17."""
    from ringfence.cli.detect import parse_duration
    from ringfence.detect.policy import load_policy
    from ringfence.detect.rules import load_rules
    from ringfence.detect.spark.session import local_session
    from ringfence.detect.spark.streaming import KafkaSource, StreamConfig, start_stream
    from ringfence.errors import ConfigError
    from ringfence.settings import Settings

    if (landing is None) == (kafka_bootstrap is None):
        raise ConfigError("give exactly one of --landing and --kafka-bootstrap")
    config = StreamConfig(
        state=state,
        policy=load_policy(policy, load_rules(rules)),
        landing=landing,
        kafka=KafkaSource(kafka_bootstrap, topic) if kafka_bootstrap else None,
        subscribers=subscribers,
        zone=Settings().timezone,
        allowed_lateness_s=parse_duration(allowed_lateness),
    )
    query = start_stream(local_session(cores=cores), config, once=once)
    console.print(f"streaming into {state}/flagged.csv (checkpoint {config.checkpoint})")
    query.awaitTermination()
