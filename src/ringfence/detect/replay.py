"""Detection over recorded traffic, replayed in event time.

Records are read (validated, deduplicated, quarantined), late records are set aside, every declared
feature is computed at every event (batch engine), rules and the policy are evaluated at every call
or SMS a number *places*, and a number's verdict is the highest it reaches; ``detected_at`` is the event
time of the record at which it first reached that verdict.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import numpy.typing as npt
import polars as pl

from ringfence.detect.batch import ACTING, _run_max, _starts
from ringfence.detect.codes import Codes
from ringfence.detect.columnar import (
    FirstUseLog,
    Observer,
    Subscribers,
    featured_chunks,
    file_records,
    read_compact,
)
from ringfence.detect.features import FEATURE_NAMES
from ringfence.detect.late_tally import LateTally
from ringfence.detect.policy import VERDICTS, Policy
from ringfence.errors import ConfigError
from ringfence.ingest import ReadSummary, RecordKind
from ringfence.localtime import DEFAULT_TIMEZONE
from ringfence.ports.records import QuarantineSink, RecordSource

__all__ = ["ENGINES", "DetectionResult", "Inputs", "run_detection", "verdict_name"]

#: ``local``: the chunked Polars engine (``columnar``); ``spark``: ``ringfence.detect.spark``.
ENGINES = ("local", "spark")

Progress = Callable[[str], None]


@dataclass
class DetectionResult:
    """What a run decided, keyed by canonical number, times as UTC instants (``ringfence.detect.
    exports`` writes them as the data contract's files, in a time zone)."""

    flagged: pl.DataFrame  # number, score, verdict, rules, first_seen, detected_at, typology, exemptions, ...
    hits: pl.DataFrame  # number, rule, event_time, seq, weight, evidence (JSON)
    timeline: pl.DataFrame  # number, event_time, seq, level, verdict, score, typology, rules, features (JSON)
    scores: pl.DataFrame  # every number that placed a call or SMS: max score, level, typology
    summaries: dict[str, ReadSummary] = field(default_factory=dict)
    late: int = 0
    events: int = 0
    twins: int = 0  # call records set aside as the other switch's record of a call (``ingest.twins``)
    late_tally: LateTally = field(default_factory=LateTally)  # how late the late records were, by origin


def verdict_name(level: int) -> str | None:
    return VERDICTS[level - 1] if level > 0 else None


def _utc(col: str) -> pl.Expr:
    """Epoch seconds as a UTC time: results carry instants; exports write them in a time zone."""
    return pl.from_epoch(pl.col(col), time_unit="s").dt.replace_time_zone("UTC")


def _verdict(level_col: str) -> pl.Expr:
    return pl.col(level_col).replace_strict(
        {i + 1: v for i, v in enumerate(VERDICTS)}, default=None, return_dtype=pl.String
    )


def _fired_list(policy: Policy, positive: bool) -> pl.Expr:
    ids = [r for r in policy.rule_ids if policy.rules[r].exemption != positive]
    parts = [pl.when(pl.col(f"rule.{r}")).then(pl.lit(r)) for r in ids]
    return pl.concat_str(parts, separator=";", ignore_nulls=True) if parts else pl.lit("")


@dataclass
class _Partial:
    """What one chunk of keys contributes to a result (keys as the chunk has them)."""

    scores: pl.DataFrame
    flagged: pl.DataFrame
    hits: pl.DataFrame
    timeline: pl.DataFrame


def _rule_weights(policy: Policy) -> dict[str, float]:
    return {r: max((t.weights.get(r, 0.0) for t in policy.typologies), default=0.0) for r in policy.rule_ids}


@dataclass
class _Scored:
    """The acting events of a chunk (``frame``: features with ``key``, ``t``, ``seq``, ``role``,
    ``first_t``) and what the policy makes of each, as NumPy arrays: ``evaluate_policy`` without a
    frame of rule and score columns, which only the few reported rows need (``at``)."""

    frame: pl.DataFrame
    policy: Policy
    fired: dict[str, npt.NDArray[np.bool_]]
    score: npt.NDArray[np.float64]
    typology: npt.NDArray[np.intp]
    level: npt.NDArray[np.int8]

    @classmethod
    def of(cls, features: pl.DataFrame, policy: Policy) -> _Scored:
        acting = features["role"].is_in(list(ACTING))
        if not acting.all():
            features = features.filter(acting)
        columns: dict[str, npt.NDArray[np.float64]] = {}

        def column(name: str) -> npt.NDArray[np.float64]:
            if name not in columns:
                columns[name] = features[name].cast(pl.Float64).to_numpy()
            return columns[name]

        fired = {r: policy.rules[r].mask(column) for r in policy.rule_ids}
        score, typology, level = policy.verdicts(policy.scores(fired, features.height))
        return cls(features, policy, fired, score, typology, level)

    def at(self, rows: npt.NDArray[np.int64], columns: Sequence[str]) -> pl.DataFrame:
        """``rows`` of the frame's ``columns`` with the columns ``evaluate_policy`` adds but typology
        scores (gathered at these rows only)."""
        names = pl.Series([t.id for t in self.policy.typologies], dtype=pl.String)
        return self.frame.select(columns)[rows].with_columns(
            *(pl.Series(f"rule.{r}", self.fired[r][rows], dtype=pl.Boolean) for r in self.policy.rule_ids),
            pl.Series("score", self.score[rows], dtype=pl.Float64),
            names.gather(self.typology[rows]).alias("typology"),
            pl.Series("level", self.level[rows], dtype=pl.Int8),
        )


def _reduce(scored: _Scored) -> _Partial:
    """Per number: best score and level, the event where it first reached its verdict, the first
    event at which each rule fired (with the values it read), and the events where the verdict rose.

    ``scored``: the acting events, each key's together and in event order, with ``first_t`` (when
    the key first acted: placed a call or sent an SMS).
    """
    policy = scored.policy
    n = scored.frame.height
    starts = _starts(scored.frame, ["key"])
    seg = np.flatnonzero(starts)
    counts = np.diff(np.append(seg, n))
    pos = np.arange(n)
    level = scored.level
    score = scored.score

    def first_where(mask: npt.NDArray[np.bool_]) -> npt.NDArray[np.int64]:
        """Per key, the first row where ``mask`` holds (``n`` where it never does)."""
        if not n:
            return np.zeros(0, dtype=np.int64)
        return np.minimum.reduceat(np.where(mask, pos, n), seg)

    run = np.cumsum(starts)

    def first_rows(mask: npt.NDArray[np.bool_]) -> npt.NDArray[np.int64]:
        """Per key where ``mask`` ever holds, the first row where it does (work in the rows where
        it holds: rule hits are rare)."""
        rows = np.flatnonzero(mask)
        keys = run[rows]
        first = np.ones(len(rows), dtype=bool)
        first[1:] = keys[1:] != keys[:-1]
        return rows[first]

    max_level = np.maximum.reduceat(level, seg) if n else level
    max_score = np.maximum.reduceat(score, seg) if n else score
    top = first_where(score == np.repeat(max_score, counts))
    scores = scored.at(top, ["key"]).select(
        "key",
        pl.Series("max_score", max_score, dtype=pl.Float64),
        pl.Series("max_level", max_level, dtype=pl.Int8),
        "typology",
    )
    flagged_key = max_level >= 1
    reached = first_where(level == np.repeat(max_level, counts))[flagged_key]
    flagged = scored.at(reached, ["key", "first_t", "t"]).select(
        "key",
        pl.Series("max_score", max_score[flagged_key], dtype=pl.Float64),
        "level",
        _fired_list(policy, True).alias("rules"),
        "first_t",
        "t",
        "typology",
        _fired_list(policy, False).alias("exemptions"),
    )
    # Rule hits of flagged numbers: the first event at which each rule fired, with its evidence.
    mine = np.repeat(flagged_key, counts)
    weights = _rule_weights(policy)
    hit_frames = []
    found = [first_rows(scored.fired[rid] & mine) for rid in policy.rule_ids]
    # Every rule's rows are gathered at once and each rule reads its slice: a gather per rule was
    # most of the Polars calls of a chunk's reduction.
    read = list(dict.fromkeys(f for rid in policy.rule_ids for f in policy.rules[rid].features))
    taken = scored.frame.select("key", "t", "seq", *read)[np.concatenate([np.zeros(0, np.int64), *found])]
    start = 0
    for i, (rid, rows) in enumerate(zip(policy.rule_ids, found, strict=True)):
        rule = policy.rules[rid]
        evidence = pl.struct([pl.col(f).alias(f) for f in rule.features]).struct.json_encode()
        part = taken.slice(start, len(rows))
        start += len(rows)
        hit_frames.append(
            part.select(
                "key",
                pl.lit(i, pl.Int32).alias("rule_ix"),
                pl.lit(rid).alias("rule"),
                "t",
                "seq",
                pl.lit(weights.get(rid, 0.0)).alias("weight"),
                evidence.alias("evidence"),
            )
        )
    if not hit_frames:  # a policy without rules
        hit_frames.append(
            scored.frame.clear().select(
                "key",
                pl.lit(0, pl.Int32).alias("rule_ix"),
                pl.lit("").alias("rule"),
                "t",
                "seq",
                pl.lit(0.0).alias("weight"),
                pl.lit("").alias("evidence"),
            )
        )
    hits = pl.concat(hit_frames)
    # Timeline: the events at which a flagged number's verdict level rose.
    best = _run_max(level, starts)
    before = np.zeros(n, dtype=best.dtype)
    before[1:] = best[:-1]
    before[starts] = 0
    rises = np.flatnonzero(mine & (level == best) & (best > before))
    feature_cols = [f for f in FEATURE_NAMES if f in scored.frame.columns]
    timeline = scored.at(rises, ["key", "t", "seq", "role", *feature_cols]).select(
        "key",
        "t",
        "seq",
        "role",
        "level",
        _verdict("level").alias("verdict"),
        pl.col("score").round(4),
        "typology",
        _fired_list(policy, True).alias("rules"),
        _fired_list(policy, False).alias("exemptions"),
        pl.struct([pl.col(f) for f in feature_cols]).struct.json_encode().alias("features"),
    )
    return _Partial(scores, flagged, hits, timeline)


Numbers = Callable[[pl.Series], pl.Series]


def flagged_rows(frame: pl.DataFrame, score: pl.Expr, verdict: pl.Expr) -> pl.DataFrame:
    """``DetectionResult.flagged`` from a number's best ``score``, its ``verdict`` name, ``rules``,
    ``first_t`` and ``t`` (when it reached the verdict), ``typology`` and ``exemptions``: one shape
    for every engine, so the files they write compare byte for byte."""
    return frame.select(
        "number",
        score.round(4).alias("score"),
        verdict.alias("verdict"),
        "rules",
        _utc("first_t").alias("first_seen"),
        _utc("t").alias("detected_at"),
        "typology",
        "exemptions",
        (pl.col("t") - pl.col("first_t")).alias("time_to_detect_s"),
    ).sort("score", "number", descending=[True, False])


def _assemble(parts: Sequence[_Partial], numbers: Numbers | None = None) -> DetectionResult:
    """Partial results of chunks to the outputs: keys as numbers, times as local time, sorted."""

    def gather(frames: list[pl.DataFrame]) -> pl.DataFrame:
        frame = pl.concat(frames)
        if numbers is not None:
            frame = frame.with_columns(numbers(frame["key"]).alias("key"))
        return frame.rename({"key": "number"})

    flagged = flagged_rows(gather([p.flagged for p in parts]), pl.col("max_score"), _verdict("level"))
    hits = (
        gather([p.hits for p in parts])
        .sort("number", "t", "rule_ix")
        .select("number", "rule", _utc("t").alias("event_time"), "seq", "weight", "evidence")
    )
    timeline = (
        gather([p.timeline for p in parts])
        .sort("number", "t", "seq", "role")
        .with_columns(_utc("t").alias("event_time"))
        .select(
            "number",
            "event_time",
            "seq",
            "level",
            "verdict",
            "score",
            "typology",
            "rules",
            "exemptions",
            "features",
        )
    )
    scores = (
        gather([p.scores for p in parts])
        .sort("number")
        .select(
            "number",
            pl.col("max_score").round(4).alias("score"),
            pl.col("max_level").alias("level"),
            "typology",
        )
    )
    return DetectionResult(flagged, hits, timeline, scores)


Inputs = RecordSource | Sequence[Path]


def _source(records: Inputs, kind: RecordKind, quarantine: QuarantineSink | None) -> RecordSource:
    """Files become a reader as detection reads them; a source is taken as it is."""
    if isinstance(records, Sequence):
        return file_records(records, kind, quarantine, split_as_read=True)
    return records


def run_detection(
    calls: Inputs,
    policy: Policy,
    messages: Inputs | None = None,
    subscribers: Inputs | None = None,
    quarantine: QuarantineSink | None = None,
    allowed_lateness_s: int = 3600,
    progress: Progress | None = None,
    shadow: Policy | None = None,
    observers: Sequence[Observer] = (),
    zone: str = DEFAULT_TIMEZONE,
    engine: str = "local",
) -> tuple[DetectionResult, DetectionResult | None]:
    """Read, replay and decide. Returns the live result and, if a draft policy is given, its shadow.

    Each input is read once (files are read with ``file_records``, whose quarantine is
    ``quarantine``; a ``RecordSource`` brings its own); ``observers`` see every on-time batch.
    Records are compacted as they are read and keys are processed in chunks (``ringfence.detect.
    columnar``) in bounded memory; hours of day are local to ``zone``; the reference engine in the
    tests computes the same on the whole input at once. ``engine="spark"``: the records read are
    decided by Spark (``ringfence.detect.spark``) instead, with the same results.
    """
    if engine not in ENGINES:
        raise ConfigError(f"unknown engine {engine!r} (use one of {', '.join(ENGINES)})")
    codes = Codes()
    uses = FirstUseLog(codes)
    summaries: dict[str, ReadSummary] = {}
    call_records = read_compact(
        _source(calls, RecordKind.CALLS, quarantine),
        codes,
        quarantine,
        allowed_lateness_s,
        progress,
        each=uses.add,
        observers=observers,
    )
    summaries["calls"] = call_records.summary
    late, tally = call_records.late, call_records.late_tally
    msg_frame = _compact_empty_messages(codes)
    if messages:
        msg_records = read_compact(
            _source(messages, RecordKind.MESSAGES, quarantine),
            codes,
            quarantine,
            allowed_lateness_s,
            progress,
            observers=observers,
        )
        summaries["messages"] = msg_records.summary
        late += msg_records.late
        tally = tally.merged(msg_records.late_tally)
        msg_frame = msg_records.frame
    subs_frame = None
    if subscribers:
        subs_source = _source(subscribers, RecordKind.SUBSCRIBERS, quarantine)
        frames = list(subs_source)
        subs_frame = pl.concat(frames) if frames else None
        summaries["subscribers"] = subs_source.summary
    if progress is not None:
        progress("computing features")
    policies = [policy] if shadow is None else [policy, shadow]
    subs = Subscribers.from_records(subs_frame, codes)

    def decide(chunk: pl.DataFrame) -> list[_Partial]:
        return [_reduce(_Scored.of(chunk, p)) for p in policies]

    def report(done: int, total: int) -> None:
        if progress is not None:
            progress(f"features and rules: {done}/{total} chunks of numbers")

    if engine == "spark":
        from ringfence.detect.spark.engine import decide as spark_decide

        if progress is not None:
            progress("features and rules: Spark")
        parts = spark_decide(call_records.frame, msg_frame, subs, codes, policies, zone)
        results = [_assemble([p]) for p in parts]
    else:
        per_chunk = featured_chunks(
            call_records.frame, msg_frame, subs, codes, uses, decide, progress=report, zone=zone
        )
        results = [_assemble([c[i] for c in per_chunk], codes.decode) for i in range(len(policies))]
    result = results[0]
    result.summaries, result.late, result.twins = summaries, late, call_records.twins
    result.late_tally = tally
    result.events = 2 * (call_records.frame.height + msg_frame.height)
    return result, (results[1] if shadow is not None else None)


def _compact_empty_messages(codes: Codes) -> pl.DataFrame:
    from ringfence.detect.columnar import _compact_messages, _empty

    return _compact_messages(_empty(RecordKind.MESSAGES), codes)
