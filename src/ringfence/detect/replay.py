"""Detection over recorded traffic, replayed in event time.

Records are read (validated, deduplicated, quarantined), late records are set aside, every declared
feature is computed at every event (batch engine), rules and the policy are evaluated at every call
or SMS a number *places*, and a number's verdict is the highest it reaches; ``detected_at`` is the event
time of the record at which it first reached that verdict.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from ringfence.detect.batch import compute_features, events_frame
from ringfence.detect.events import OUT, SMS_OUT
from ringfence.detect.features import FEATURE_NAMES
from ringfence.detect.policy import VERDICTS, Policy
from ringfence.ingest import QuarantineFile, ReadSummary, RecordKind, RecordReader, reasons
from ringfence.ingest.contract import CONTRACTS
from ringfence.ingest.validate import canonical_schema

__all__ = [
    "DetectionResult",
    "evaluate_policy",
    "late_split",
    "read_records",
    "run_detection",
    "verdict_name",
]

Progress = Callable[[str], None]


@dataclass
class DetectionResult:
    flagged: pl.DataFrame  # the flagged-numbers contract (+ typology, exemptions)
    hits: pl.DataFrame  # number, rule, event_time, seq, weight, evidence (JSON)
    timeline: pl.DataFrame  # number, event_time, seq, level, verdict, score, typology, rules, features (JSON)
    scores: pl.DataFrame  # every number that placed a call or SMS: max score, level, typology
    summaries: dict[str, ReadSummary] = field(default_factory=dict)
    late: int = 0
    events: int = 0


def verdict_name(level: int) -> str | None:
    return VERDICTS[level - 1] if level > 0 else None


def late_split(frame: pl.DataFrame, time_col: str, lateness_s: int) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Split records (in arrival order) into on-time and late: a record is late when it is older than
    the latest event time seen before it, minus the allowed lateness — the streaming engine's rule."""
    t = pl.col(time_col).dt.epoch("s")
    seen = t.cum_max().shift(1)
    late = (t < seen - lateness_s).fill_null(False)
    marked = frame.with_columns(late.alias("_late"))
    return marked.filter(~pl.col("_late")).drop("_late"), marked.filter(pl.col("_late")).drop("_late")


def read_records(
    paths: Sequence[Path],
    kind: RecordKind,
    quarantine: QuarantineFile | None,
    progress: Progress | None = None,
) -> tuple[pl.DataFrame, ReadSummary]:
    reader = RecordReader(list(paths), kind, quarantine)
    frames = []
    for frame in reader:
        frames.append(frame)
        if progress is not None:
            progress(f"read {reader.summary.accepted:,} {kind.value}")
    empty = pl.DataFrame(schema=canonical_schema(CONTRACTS[kind]))
    return (pl.concat(frames) if frames else empty), reader.summary


def _quarantine_late(
    late: pl.DataFrame, kind: RecordKind, sink: QuarantineFile | None, lateness_s: int
) -> None:
    if sink is None or late.height == 0:
        return
    contract = CONTRACTS[kind]
    reason = f"{reasons.LATE_RECORD}: more than {lateness_s} s older than records already seen"
    raw = late.select(
        pl.concat_str([pl.col(c).cast(pl.String).fill_null("") for c in contract.names], separator=",")
    ).to_series()
    sink.write("(detect)", kind.value, ((0, reason, r) for r in raw.to_list()))


def evaluate_policy(features: pl.DataFrame, policy: Policy) -> pl.DataFrame:
    """Rule columns, typology scores, score, typology and verdict level at every acting event."""
    acting = features.filter(pl.col("role").is_in([OUT, SMS_OUT]))
    rules = [policy.rules[r].expr().alias(f"rule.{r}") for r in policy.rule_ids]
    return (
        acting.with_columns(rules).with_columns(policy.typology_exprs()).with_columns(policy.verdict_exprs())
    )


def _local(col: str) -> pl.Expr:
    return (
        pl.from_epoch(pl.col(col), time_unit="s")
        .dt.replace_time_zone("UTC")
        .dt.convert_time_zone("Asia/Shanghai")
        .dt.strftime("%Y-%m-%dT%H:%M:%S+08:00")
    )


def _verdict(level_col: str) -> pl.Expr:
    return pl.col(level_col).replace_strict(
        {i + 1: v for i, v in enumerate(VERDICTS)}, default=None, return_dtype=pl.String
    )


def _fired_list(policy: Policy, positive: bool) -> pl.Expr:
    ids = [r for r in policy.rule_ids if policy.rules[r].exemption != positive]
    parts = [pl.when(pl.col(f"rule.{r}")).then(pl.lit(r)) for r in ids]
    return pl.concat_str(parts, separator=";", ignore_nulls=True) if parts else pl.lit("")


def summarise(scored: pl.DataFrame, features: pl.DataFrame, policy: Policy) -> DetectionResult:
    """From scored events to the flagged list, rule hits with evidence, and verdict timelines."""
    first_seen = features.group_by("key").agg(pl.col("t").min().alias("first_t"))
    per_number = scored.group_by("key").agg(
        pl.col("level").max().alias("max_level"), pl.col("score").max().alias("max_score")
    )
    scored = scored.join(per_number, on="key", how="left")
    with_level = scored.filter(pl.col("level") >= 1)
    detection = (
        with_level.filter(pl.col("level") == pl.col("max_level"))
        .sort("key", "t", "seq")
        .group_by("key", maintain_order=True)
        .first()
    )
    detection = detection.with_columns(
        _fired_list(policy, True).alias("rules"), _fired_list(policy, False).alias("exemptions")
    ).join(first_seen, on="key", how="left")
    flagged = detection.select(
        pl.col("key").alias("number"),
        pl.col("max_score").round(4).alias("score"),
        _verdict("level").alias("verdict"),
        "rules",
        _local("first_t").alias("first_seen"),
        _local("t").alias("detected_at"),
        "typology",
        "exemptions",
        (pl.col("t") - pl.col("first_t")).alias("time_to_detect_s"),
    ).sort("score", "number", descending=[True, False])

    # Rule hits: for each flagged number, the first event at which each rule fired, with the values
    # of the features it reads — one pass: the first firing row per (number, rule) by group, then a
    # gather of those rows.
    flagged_keys = flagged["number"].implode()
    mine = scored.filter(pl.col("key").is_in(flagged_keys)).sort("key", "t", "seq").with_row_index("_i")
    weights = {
        r: max((t.weights.get(r, 0.0) for t in policy.typologies), default=0.0) for r in policy.rule_ids
    }
    firsts = mine.group_by("key").agg(
        [pl.col("_i").filter(pl.col(f"rule.{r}")).first().alias(r) for r in policy.rule_ids]
    )
    hit_frames = []
    for rid in policy.rule_ids:
        rows = firsts[rid].drop_nulls()
        if rows.len() == 0:
            continue
        rule = policy.rules[rid]
        picked = mine[rows.to_list()]
        evidence = pl.struct([pl.col(f).alias(f) for f in rule.features]).struct.json_encode()
        hit_frames.append(
            picked.select(
                pl.col("key").alias("number"),
                pl.lit(rid).alias("rule"),
                _local("t").alias("event_time"),
                "seq",
                pl.lit(weights.get(rid, 0.0)).alias("weight"),
                evidence.alias("evidence"),
            )
        )
    hits = (
        pl.concat(hit_frames).sort("number", "event_time")
        if hit_frames
        else pl.DataFrame(
            schema={
                "number": pl.String,
                "rule": pl.String,
                "event_time": pl.String,
                "seq": pl.String,
                "weight": pl.Float64,
                "evidence": pl.String,
            }
        )
    )
    # Timeline: the events at which a flagged number's verdict level rose.
    rises = mine.with_columns(pl.col("level").cum_max().over("key").alias("_best")).filter(
        (pl.col("level") == pl.col("_best"))
        & (pl.col("_best") > pl.col("_best").shift(1).over("key").fill_null(0))
    )
    feature_cols = [f for f in FEATURE_NAMES if f in rises.columns]
    timeline = rises.select(
        pl.col("key").alias("number"),
        _local("t").alias("event_time"),
        "seq",
        "level",
        pl.col("level").map_elements(lambda lv: VERDICTS[lv - 1], return_dtype=pl.String).alias("verdict"),
        pl.col("score").round(4),
        "typology",
        _fired_list(policy, True).alias("rules"),
        _fired_list(policy, False).alias("exemptions"),
        pl.struct([pl.col(f) for f in feature_cols]).struct.json_encode().alias("features"),
    )
    scores = per_number.join(
        scored.sort("score", descending=True).group_by("key").first().select("key", "typology"), on="key"
    ).select(
        pl.col("key").alias("number"),
        pl.col("max_score").round(4).alias("score"),
        pl.col("max_level").alias("level"),
        "typology",
    )
    return DetectionResult(flagged, hits, timeline, scores)


def run_detection(
    calls: Sequence[Path],
    policy: Policy,
    messages: Sequence[Path] = (),
    subscribers: Sequence[Path] = (),
    quarantine: QuarantineFile | None = None,
    allowed_lateness_s: int = 3600,
    progress: Progress | None = None,
    shadow: Policy | None = None,
) -> tuple[DetectionResult, DetectionResult | None]:
    """Read, replay and decide. Returns the live result and, if a draft policy is given, its shadow."""
    summaries: dict[str, ReadSummary] = {}
    call_frame, summaries["calls"] = read_records(calls, RecordKind.CALLS, quarantine, progress)
    call_frame, late_calls = late_split(call_frame, "start_time", allowed_lateness_s)
    _quarantine_late(late_calls, RecordKind.CALLS, quarantine, allowed_lateness_s)
    late = late_calls.height
    msg_frame = None
    if messages:
        msg_frame, summaries["messages"] = read_records(messages, RecordKind.MESSAGES, quarantine, progress)
        msg_frame, late_msgs = late_split(msg_frame, "send_time", allowed_lateness_s)
        _quarantine_late(late_msgs, RecordKind.MESSAGES, quarantine, allowed_lateness_s)
        late += late_msgs.height
    subs_frame = None
    if subscribers:
        subs_frame, summaries["subscribers"] = read_records(
            subscribers, RecordKind.SUBSCRIBERS, quarantine, progress
        )
    if progress is not None:
        progress("computing features")
    events = events_frame(call_frame, msg_frame, subs_frame)
    features = compute_features(events)
    if progress is not None:
        progress("evaluating rules")
    result = summarise(evaluate_policy(features, policy), features, policy)
    result.summaries, result.late, result.events = summaries, late, events.height
    shadow_result = summarise(evaluate_policy(features, shadow), features, shadow) if shadow else None
    return result, shadow_result


def write_run(result: DetectionResult, run_dir: Path, policy: Policy, meta: dict[str, object]) -> None:
    run_dir.mkdir(parents=True, exist_ok=True)
    result.flagged.write_csv(run_dir / "flagged.csv")
    result.hits.write_csv(run_dir / "hits.csv")
    result.timeline.write_csv(run_dir / "timeline.csv")
    result.scores.write_parquet(run_dir / "scores.parquet")
    (run_dir / "policy.toml").write_text(policy.text, encoding="utf-8")
    info = {
        "policy": {"name": policy.name, "version": policy.version, "rules_version": policy.rules.version},
        "records": {k: v.as_dict() for k, v in result.summaries.items()},
        "late_records": result.late,
        "events": result.events,
        "flagged": result.flagged.group_by("verdict").len().to_dicts(),
        **meta,
    }
    (run_dir / "run.json").write_text(
        json.dumps(info, indent=2, ensure_ascii=False, default=str), encoding="utf-8"
    )
