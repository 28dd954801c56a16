"""``ringfence watch``: continuous detection over a landing directory."""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING

import typer

from ringfence.cli.ui import console, err_console, handle_errors

if TYPE_CHECKING:
    from ringfence.ports.record_stream import RecordStream
    from ringfence.services.watch import WatchConfig, Watcher

__all__ = ["watch", "watch_kafka", "watch_nats"]


@handle_errors
def watch(
    landing: Path = typer.Option(
        ...,
        "--landing",
        help="Directory CDR files are delivered into (written under a temporary name, then renamed).",
    ),
    state: Path = typer.Option(
        ..., "--state", help="State directory: checkpoint, flagged.csv, quarantine/, status.json."
    ),
    subscribers: list[Path] = typer.Option(
        [],
        "--subscribers",
        "-s",
        help="Subscriber files (card age, home region); give the same ones at every start.",
    ),
    sms: bool = typer.Option(False, "--sms", help="Also take SMS files (recognised by their header)."),
    once: bool = typer.Option(False, "--once", help="Process the files there now, then exit."),
    poll: float = typer.Option(5.0, "--poll", help="Seconds between looks at the landing directory."),
    policy: Path | None = typer.Option(None, "--policy", "-p", help="Policy TOML (default: shipped)."),
    rules: Path | None = typer.Option(None, "--rules", help="Rule library TOML (default: shipped)."),
    allowed_lateness: str = typer.Option(
        "1h",
        "--allowed-lateness",
        help="Records older than the newest seen minus this are late (quarantined).",
    ),
    idle_expiry: str = typer.Option(
        "30d", "--idle-expiry", help="Forget the feature state of numbers idle this long (event time)."
    ),
    checkpoint_interval: float = typer.Option(
        10.0,
        "--checkpoint-interval",
        help="Seconds between checkpoints (0: after every file). Longer: faster, more re-read after a crash.",
    ),
    org: str | None = typer.Option(
        None,
        "--org",
        help="Also store escalated verdicts as this organisation's alerts (configured database).",
    ),
    engine: str = typer.Option(
        "columnar",
        "--engine",
        help="Incremental engine of a new state: columnar (batches, default) or stream (event by event, "
        "the earlier one; kept for a release). A state goes on with the engine it was built with.",
    ),
    batch_mb: float = typer.Option(
        16.0,
        "--batch-mb",
        min=0.0,
        help="Files waiting are taken together, up to this many MB of files per batch (one commit, one "
        "pass of the engine: a backlog goes through faster). 0: one file at a time.",
    ),
) -> None:
    """Detect continuously: pick up each complete CDR file in the landing directory once, feed the
    incremental engine in event time, commit every file or batch of waiting files (a SIGKILL loses
    nothing and counts nothing twice), keep STATE/flagged.csv current (the format of ``detect``) and
    move files to done/ (or failed/ with a reason). Stops cleanly on SIGTERM or Ctrl-C."""
    from ringfence.cli.detect import parse_duration
    from ringfence.detect.policy import load_policy
    from ringfence.detect.rules import load_rules
    from ringfence.services.watch import WatchConfig, Watcher
    from ringfence.settings import Settings

    live = load_policy(policy, load_rules(rules))
    config = WatchConfig(
        landing=landing,
        state=state,
        policy=live,
        zone=Settings().timezone,
        subscribers=subscribers,
        sms=sms,
        allowed_lateness_s=parse_duration(allowed_lateness),
        idle_expiry_s=parse_duration(idle_expiry),
        checkpoint_s=checkpoint_interval,
        engine=engine,
        batch_bytes=int(batch_mb * (1 << 20)),
    )
    platform = None
    if org is not None:
        from ringfence.bootstrap import build_platform

        platform = build_platform()
    stop = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        err_console.print(f"signal {signum}: finishing the current file or batch, then stopping")
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    try:
        watcher = Watcher(
            config,
            store=platform.store if platform is not None else None,
            org=org,
            progress=lambda text: err_console.print(text, highlight=False),
        )
        watcher.run(once=once, poll_s=poll, stop=stop)
    finally:
        if platform is not None:
            platform.close()
    status = watcher.status()
    console.print(
        f"files: {status['files']} processed, {status['failed']} failed; "
        f"flagged numbers: [bold]{state / 'flagged.csv'}[/]"
    )
    _late_advice(watcher)


def _new_state(state: Path) -> bool:
    """Whether the state directory holds nothing yet (no snapshot, no log): a durable consumer that has
    already acknowledged records must then not be bound to (``NatsRecordStream`` refuses it), nor a
    consumer group that has committed offsets (``KafkaRecordStream``)."""
    from ringfence.services.watch import CHECKPOINT, LOG

    return not any((state / name).exists() for name in (CHECKPOINT, LOG))


def _consume(
    config: WatchConfig, open_source: Callable[[], RecordStream], org: str | None, batch: int, once: bool
) -> None:
    """What every broker watch shares: the optional store, clean stop on SIGTERM/Ctrl-C (the current
    batch finishes and is checkpointed), the consumer loop, closing, and the closing summary."""
    from ringfence.services.stream_watch import StreamConsumer
    from ringfence.services.watch import Watcher

    platform = None
    if org is not None:
        from ringfence.bootstrap import build_platform

        platform = build_platform()
    stop = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        err_console.print(f"signal {signum}: finishing the current batch, then stopping")
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    source = open_source()
    try:
        watcher = Watcher(config, store=platform.store if platform is not None else None, org=org)
        consumer = StreamConsumer(
            watcher, source, batch=batch, progress=lambda text: err_console.print(text, highlight=False)
        )
        consumer.run(once=once, stop=stop)
    finally:
        source.close()
        if platform is not None:
            platform.close()
    console.print(
        f"records: {watcher.state.records}; dead-lettered: {consumer.dead}; redelivered: "
        f"{consumer.redelivered}; flagged numbers: [bold]{config.state / 'flagged.csv'}[/]"
    )
    _late_advice(watcher)


def _late_advice(watcher: Watcher) -> None:
    """``detect``'s advice when many records were set aside as late (``late_tally.hint``), over what
    this state has read since it began."""
    from ringfence.detect.late_tally import hint

    det = watcher.state.detection
    taken = sum(n for kind, n in watcher.state.records.items() if kind != "subscribers")
    advice = hint(det.late_tally(), taken + det.late, watcher.config.allowed_lateness_s)
    if advice is not None:
        err_console.print(f"[yellow]{advice}[/]")


@handle_errors
def watch_nats(
    server: str = typer.Option("nats://127.0.0.1:4222", "--server", help="NATS server URL."),
    state: Path = typer.Option(..., "--state", help="State directory: checkpoint, flagged.csv, quarantine/."),
    stream: str = typer.Option("CDR", "--stream", help="JetStream stream (created if missing)."),
    prefix: str = typer.Option(
        "cdr", "--prefix", help="Subjects: PREFIX.calls, PREFIX.messages; dead letters on PREFIX.dead.<kind>."
    ),
    durable: str = typer.Option("ringfence-watch", "--durable", help="Durable consumer name."),
    subscribers: list[Path] = typer.Option(
        [], "--subscribers", "-s", help="Subscriber files (card age, home region); the same at every start."
    ),
    sms: bool = typer.Option(False, "--sms", help="Also take SMS records (PREFIX.messages)."),
    once: bool = typer.Option(False, "--once", help="Consume what is in the stream, then exit."),
    batch: int = typer.Option(5000, "--batch", help="Records per transaction (and per fetch)."),
    ack_wait: float = typer.Option(
        60.0, "--ack-wait", help="Seconds before a fetched record not acknowledged is delivered again."
    ),
    max_ack_pending: int = typer.Option(
        20_000, "--max-ack-pending", help="Records in flight at most (back-pressure on the broker)."
    ),
    policy: Path | None = typer.Option(None, "--policy", "-p", help="Policy TOML (default: shipped)."),
    allowed_lateness: str = typer.Option(
        "1h",
        "--allowed-lateness",
        help="Records older than the newest seen minus this are late (quarantined).",
    ),
    org: str | None = typer.Option(
        None,
        "--org",
        help="Also store escalated verdicts as this organisation's alerts (configured database).",
    ),
) -> None:
    """Detect continuously over NATS JetStream: at-least-once delivery, each record counted once
    (by its id), malformed records dead-lettered with their reasons, a checkpoint per batch, acknowledged
    only after it (a SIGKILL loses nothing and counts nothing twice). Stops cleanly on SIGTERM or Ctrl-C."""
    from ringfence.adapters.nats_stream import NatsRecordStream
    from ringfence.cli.detect import parse_duration
    from ringfence.detect.policy import load_policy
    from ringfence.services.watch import WatchConfig
    from ringfence.settings import Settings

    config = WatchConfig(
        landing=None,
        state=state,
        policy=load_policy(policy),
        zone=Settings().timezone,
        subscribers=subscribers,
        sms=sms,
        allowed_lateness_s=parse_duration(allowed_lateness),
        source=f"nats:{stream}",
    )
    new_state = _new_state(state)
    _consume(
        config,
        lambda: NatsRecordStream(
            server,
            stream,
            prefix,
            durable,
            ack_wait_s=ack_wait,
            max_ack_pending=max_ack_pending,
            new_state=new_state,
        ),
        org=org,
        batch=batch,
        once=once,
    )


@handle_errors
def watch_kafka(
    servers: str = typer.Option(
        "127.0.0.1:9092", "--servers", help="Kafka bootstrap servers (host:port,...)."
    ),
    state: Path = typer.Option(..., "--state", help="State directory: checkpoint, flagged.csv, quarantine/."),
    prefix: str = typer.Option(
        "cdr", "--prefix", help="Topics: PREFIX.calls, PREFIX.messages; dead letters on PREFIX.dead.<kind>."
    ),
    group: str = typer.Option(
        "ringfence-watch", "--group", help="Consumer group (one watcher per group: the state is one process)."
    ),
    config: list[str] = typer.Option(
        [],
        "--config",
        "-X",
        help="A librdkafka setting KEY=VALUE for the consumer and the dead-letter producer "
        "(security.protocol, sasl.mechanism, ssl.ca.location, ...); repeatable.",
    ),
    subscribers: list[Path] = typer.Option(
        [], "--subscribers", "-s", help="Subscriber files (card age, home region); the same at every start."
    ),
    sms: bool = typer.Option(False, "--sms", help="Also take SMS records (PREFIX.messages)."),
    once: bool = typer.Option(
        False, "--once", help="Consume until every partition's committed offset is at its end, then exit."
    ),
    batch: int = typer.Option(5000, "--batch", help="Records per transaction (and per consume call)."),
    prefetch_kb: int = typer.Option(
        65_536,
        "--prefetch-kb",
        help="Client prefetch queue bound in KiB (back-pressure: the rest waits in Kafka).",
    ),
    policy: Path | None = typer.Option(None, "--policy", "-p", help="Policy TOML (default: shipped)."),
    allowed_lateness: str = typer.Option(
        "1h",
        "--allowed-lateness",
        help="Records older than the newest seen minus this are late (quarantined).",
    ),
    org: str | None = typer.Option(
        None,
        "--org",
        help="Also store escalated verdicts as this organisation's alerts (configured database).",
    ),
) -> None:
    """Detect continuously over Kafka: offsets committed only after each batch's checkpoint (at least
    once; a SIGKILL loses nothing, and redelivered records are known by their id and counted once),
    malformed records produced to the dead-letter topic with their reasons. Tested over the Kafka wire
    protocol against librdkafka's own broker (see docs/operation.md). Stops cleanly on SIGTERM or Ctrl-C."""
    from ringfence.adapters.kafka_stream import (
        KafkaRecordStream,
        kafka_clients,
        kafka_consumer,
        rejoin_after,
    )
    from ringfence.cli.detect import parse_duration
    from ringfence.detect.policy import load_policy
    from ringfence.services.watch import WatchConfig
    from ringfence.settings import Settings

    settings: dict[str, str | int] = {}
    for item in config:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise typer.BadParameter(f"--config takes KEY=VALUE, not {item!r}")
        settings[key.strip()] = value.strip()
    watch_config = WatchConfig(
        landing=None,
        state=state,
        policy=load_policy(policy),
        zone=Settings().timezone,
        subscribers=subscribers,
        sms=sms,
        allowed_lateness_s=parse_duration(allowed_lateness),
        source=f"kafka:{prefix}",
    )

    new_state = _new_state(state)

    def open_source() -> KafkaRecordStream:
        consumer, producer = kafka_clients(servers, group, settings, prefetch_kb=prefetch_kb)
        # SMS without --sms: dead-lettered. The probe only asks for the group's committed offsets.
        return KafkaRecordStream(
            consumer,
            producer,
            prefix,
            new_state=new_state,
            probe=kafka_consumer(servers, group, settings, prefetch_kb=prefetch_kb) if new_state else None,
            reopen=lambda: kafka_consumer(servers, group, settings, prefetch_kb=prefetch_kb),
            rejoin_s=rejoin_after(settings),
            notice=lambda text: err_console.print(text, highlight=False, markup=False),
        )

    _consume(watch_config, open_source, org=org, batch=batch, once=once)
