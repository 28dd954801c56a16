"""The Structured Streaming job over a landing directory: after each run, ``STATE/flagged.csv`` is
byte for byte what ``detect`` writes over the files delivered so far; a restart resumes from the
checkpoint and counts no file twice."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl
import pytest

from ringfence.detect.policy import load_policy
from ringfence.services.detect import detect_files

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

# Spark starts a JVM per test process: in the slow set (make test-slow, CI).
pytestmark = pytest.mark.slow

POLICY = load_policy()


def _deliver(frame: pl.DataFrame, landing: Path, name: str) -> None:
    """Written under a temporary name, then renamed (as a mediation system delivers)."""
    tmp = landing / f"{name}.part"
    frame.write_csv(tmp)
    tmp.rename(landing / name)


def _detect(files: list[Path], sms: list[Path], out: Path) -> bytes:
    detect_files(files, POLICY, out, out.with_suffix(".run"), "Asia/Shanghai", sms=sms)
    return out.read_bytes()


def test_landing_stream_gives_detects_verdicts(spark: SparkSession, population: Path, tmp_path: Path) -> None:
    from ringfence.detect.spark.streaming import StreamConfig, start_stream

    calls = pl.read_csv(population / "calls.csv", infer_schema=False)
    messages = pl.read_csv(population / "messages.csv", infer_schema=False)
    third = calls.height // 3
    parts = {
        "calls-000.csv": calls[:third],
        "calls-001.csv": calls[third : 2 * third],
        "calls-002.csv": calls[2 * third :],
    }
    reference = tmp_path / "reference"
    reference.mkdir()
    for name, frame in parts.items():
        frame.write_csv(reference / name)
    messages.write_csv(reference / "messages-000.csv")

    landing, state = tmp_path / "landing", tmp_path / "state"
    landing.mkdir()
    _deliver(parts["calls-000.csv"], landing, "calls-000.csv")
    _deliver(parts["calls-001.csv"], landing, "calls-001.csv")
    _deliver(messages, landing, "messages-000.csv")
    (landing / "calls-002.csv.part").write_text("call_id,caller\n", encoding="utf-8")  # still being written
    config = StreamConfig(state=state, policy=POLICY, landing=landing)
    start_stream(spark, config, once=True).awaitTermination()

    first = [reference / "calls-000.csv", reference / "calls-001.csv"]
    sms = [reference / "messages-000.csv"]
    assert (state / "flagged.csv").read_bytes() == _detect(first, sms, tmp_path / "first.csv")
    assert sorted(p.name for p in (landing / "done").iterdir()) == [
        "calls-000.csv",
        "calls-001.csv",
        "messages-000.csv",
    ]

    # The rest arrives; a new job resumes from the checkpoint.
    (landing / "calls-002.csv.part").unlink()
    _deliver(parts["calls-002.csv"], landing, "calls-002.csv")
    start_stream(spark, config, once=True).awaitTermination()
    everything = [*first, reference / "calls-002.csv"]
    flagged = (state / "flagged.csv").read_bytes()
    assert flagged == _detect(everything, sms, tmp_path / "all.csv")
    assert flagged.count(b"\n") > 1  # numbers were flagged: the comparison is not of two empty files
    kept = sorted(p.name.split("-", 1)[1] for p in config.records.iterdir())
    assert kept == ["calls-000.csv", "calls-001.csv", "calls-002.csv", "messages-000.csv"]  # each once
