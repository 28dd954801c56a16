"""The fraud-user model as one more piece of evidence in a detection run.

When a policy has a ``[model]`` section, the numbers that placed enough calls are scored by the
fraud-user model (``ringfence.ml.bridge``: the Sichuan per-user features computed from the run's
records). A score at or above the threshold adds the signal ``M-FRAUD-USER`` (weight added to the
number's best typology score); a number it lifts to a new verdict reaches it at its last record in the
run, because the model needed all of them. Every scored number gets ``model_score`` in the flagged list.
"""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl

from ringfence.detect.policy import VERDICTS, ModelSignal, Policy
from ringfence.detect.replay import DetectionResult
from ringfence.ingest import RecordKind
from ringfence.localtime import DEFAULT_TIMEZONE
from ringfence.ml.artifact import FraudModel

__all__ = ["MODEL_RULE", "ModelRecords", "apply_model_signal"]

MODEL_RULE = "M-FRAUD-USER"


def _load(signal: ModelSignal) -> FraudModel:
    from ringfence.ml.default import load_default

    if signal.source == "live":
        return load_default("live")
    if signal.source == "full":
        return load_default("full")
    return FraudModel.load(Path(signal.source))


class ModelRecords:
    """An observer of detection's read (``run_detection(observers=...)``) that keeps the records the
    model scores: the very records the rules saw, late ones excluded, without reading the input again."""

    def __init__(self) -> None:
        self._frames: dict[RecordKind, list[pl.DataFrame]] = {RecordKind.CALLS: [], RecordKind.MESSAGES: []}

    def __call__(self, kind: RecordKind, batch: pl.DataFrame) -> None:
        if kind in self._frames:
            self._frames[kind].append(batch)

    def frame(self, kind: RecordKind) -> pl.DataFrame | None:
        frames = self._frames[kind]
        return pl.concat(frames) if frames else None


def apply_model_signal(
    result: DetectionResult,
    policy: Policy,
    calls: pl.DataFrame | None,
    messages: pl.DataFrame | None = None,
    zone: str = DEFAULT_TIMEZONE,
) -> DetectionResult:
    """``result`` with the model's evidence added (``calls``/``messages``: the records the run read;
    ``zone``: the local time its hour and day features follow)."""
    signal = policy.model
    if signal is None or calls is None or calls.height == 0:
        return result
    from ringfence.ml.bridge import score_records

    call_frame, msg_frame = calls, messages
    activity = call_frame.group_by(pl.col("caller").alias("number")).agg(
        pl.len().alias("placed"),
        pl.col("start_time").min().alias("first"),
        pl.col("start_time").max().alias("last"),
    )
    eligible = activity.filter(pl.col("placed") >= signal.min_calls)
    if eligible.height == 0:
        return result
    scored = score_records(call_frame, msg_frame, _load(signal), numbers=eligible["number"], zone=zone)
    scored = scored.join(eligible, on="number", how="left").join(
        result.scores.select("number", pl.col("score").alias("rule_score"), "typology"),
        on="number",
        how="left",
    )
    fires = pl.col("score") >= signal.threshold
    combined = pl.min_horizontal(
        pl.col("rule_score").fill_null(0.0) + pl.when(fires).then(signal.weight).otherwise(0.0), pl.lit(1.0)
    )
    level = sum((combined >= policy.thresholds[v]).cast(pl.Int8) for v in VERDICTS)
    scored = scored.with_columns(combined.alias("combined"), pl.lit(0, pl.Int8).add(level).alias("new_level"))
    names = {i + 1: v for i, v in enumerate(VERDICTS)}
    flagged = result.flagged.join(
        scored.select(
            "number",
            pl.col("score").alias("model_score"),
            "combined",
            "new_level",
            "last",
            "first",
            pl.col("typology").alias("model_typology"),
        ),
        on="number",
        how="left",
    )
    old_level = pl.col("verdict").replace_strict({v: k for k, v in names.items()}, return_dtype=pl.Int8)
    raised = pl.col("new_level").fill_null(0) > old_level
    fired = pl.col("model_score").fill_null(0.0) >= signal.threshold
    flagged = flagged.with_columns(
        pl.when(raised).then(pl.col("combined")).otherwise(pl.col("score")).round(4).alias("score"),
        pl.when(raised)
        .then(pl.col("new_level").replace_strict(names, return_dtype=pl.String))
        .otherwise(pl.col("verdict"))
        .alias("verdict"),
        pl.when(fired)
        .then(pl.col("rules") + pl.lit(f";{MODEL_RULE}"))
        .otherwise(pl.col("rules"))
        .alias("rules"),
        pl.when(raised).then(pl.col("last")).otherwise(pl.col("detected_at")).alias("detected_at"),
    )
    newly = scored.filter(
        (pl.col("new_level") >= 1) & ~pl.col("number").is_in(result.flagged["number"].implode())
    ).select(
        "number",
        pl.col("combined").round(4).alias("score"),
        pl.col("new_level").replace_strict(names, return_dtype=pl.String).alias("verdict"),
        pl.lit(MODEL_RULE).alias("rules"),
        pl.col("first").alias("first_seen"),
        pl.col("last").alias("detected_at"),
        pl.col("typology").fill_null("dialer"),
        pl.lit("").alias("exemptions"),
        (pl.col("last") - pl.col("first")).dt.total_seconds().alias("time_to_detect_s"),
        pl.col("score").alias("model_score"),
    )
    keep = [*result.flagged.columns, "model_score"]
    flagged = pl.concat([flagged.select(keep), newly.select(keep)], how="vertical_relaxed")
    hits = scored.filter(fires).select(
        "number",
        pl.lit(MODEL_RULE).alias("rule"),
        pl.col("last").alias("event_time"),
        pl.lit("").alias("seq"),
        pl.lit(signal.weight).alias("weight"),
        pl.struct(pl.col("score").alias("model_score"), pl.col("top_reasons"))
        .map_elements(lambda r: json.dumps(r, ensure_ascii=False), return_dtype=pl.String)
        .alias("evidence"),
    )
    hits = hits.filter(pl.col("number").is_in(flagged["number"].implode())).sort("number")
    return DetectionResult(
        flagged.sort("score", "number", descending=[True, False]),
        pl.concat([result.hits, hits.select(result.hits.columns)], how="vertical_relaxed"),
        result.timeline,
        result.scores,
        result.summaries,
        result.late,
        result.events,
        result.twins,
    )
