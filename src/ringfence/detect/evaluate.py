"""How good were the verdicts? Precision and recall on fraud numbers at each verdict level, recall and
time-to-detect by typology, and the legitimate heavy callers a verdict would have hurt."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from ringfence.detect.policy import VERDICTS
from ringfence.domain.numbers import normalize

__all__ = ["FRAUD_ROLES", "LEGIT_ROLES", "Evaluation", "evaluate", "load_truth"]

FRAUD_ROLES = ("dialer", "sim_farm", "wangiri", "sms_fraud", "spoofing")
LEGIT_ROLES = ("courier", "call_centre", "ride_hailing", "school", "legit", "legit_heavy", "ordinary")


@dataclass(frozen=True)
class Evaluation:
    levels: pl.DataFrame  # min_verdict, flagged, tp, fp, fn, precision, recall
    typologies: pl.DataFrame  # typology, fraud, detected, recall, median_ttd_s, p90_ttd_s (at min level)
    legit_hits: pl.DataFrame  # number, role, verdict, score (legitimate numbers flagged at warn/block)
    min_verdict: str


def _canon(frame: pl.DataFrame, col: str = "number") -> pl.DataFrame:
    mapping = {n: normalize(n) for n in frame[col].drop_nulls().unique().to_list()}
    return frame.with_columns(pl.col(col).replace_strict(mapping, default=None, return_dtype=pl.String))


def load_truth(truth: pl.DataFrame, legit: pl.DataFrame | None = None) -> pl.DataFrame:
    """A truth table as ``number, is_fraud, typology, role`` from any of the shapes we meet:
    ``ringfence simulate``'s truth/numbers.csv (role), fraud_numbers.csv (typology) or a plain
    ``number, is_fraud`` list; legitimate heavy callers may come in a separate file."""
    t = truth
    if "role" not in t.columns:
        t = t.with_columns(pl.lit(None, pl.String).alias("role"))
    if "typology" not in t.columns:
        t = t.with_columns(pl.when(pl.col("role").is_in(FRAUD_ROLES)).then(pl.col("role")).alias("typology"))
    if "is_fraud" not in t.columns:
        t = t.with_columns(
            (pl.col("typology").is_not_null() & (pl.col("typology") != ""))
            | pl.col("role").is_in(FRAUD_ROLES)
        )
    if t.schema["is_fraud"] == pl.String:
        t = t.with_columns(
            pl.col("is_fraud").str.to_lowercase().is_in(["true", "1", "yes", "t"]).alias("is_fraud")
        )
    t = t.with_columns(
        pl.col("typology").replace("", None),
        pl.col("is_fraud").cast(pl.Boolean),
        pl.when(pl.col("role").is_null() & pl.col("is_fraud").cast(pl.Boolean))
        .then(pl.col("typology"))
        .otherwise(pl.col("role"))
        .alias("role"),
    ).select("number", "is_fraud", pl.col("typology").cast(pl.String), pl.col("role").cast(pl.String))
    if legit is not None:
        extra = legit.select(
            "number",
            pl.lit(False).alias("is_fraud"),
            pl.lit(None, pl.String).alias("typology"),
            pl.col("role") if "role" in legit.columns else pl.lit("legit").alias("role"),
        )
        t = pl.concat([t, extra])
    return _canon(t).unique("number", keep="first")


def _instant(frame: pl.DataFrame, name: str) -> pl.Expr:
    """A time column as an instant: typed (a result in memory) or ISO text with offset (a file)."""
    if isinstance(frame.schema[name], pl.Datetime):
        return pl.col(name)
    return pl.col(name).str.to_datetime("%Y-%m-%dT%H:%M:%S%z")


def evaluate(flagged: pl.DataFrame, truth: pl.DataFrame, min_verdict: str = "warn") -> Evaluation:
    flagged = _canon(flagged).with_columns(
        pl.col("verdict")
        .replace_strict({v: i + 1 for i, v in enumerate(VERDICTS)}, return_dtype=pl.Int8)
        .alias("level")
    )
    fraud = truth.filter(pl.col("is_fraud"))
    rows = []
    for i, v in enumerate(VERDICTS):
        hit = flagged.filter(pl.col("level") >= i + 1)
        tp = hit.join(fraud, on="number", how="semi").height
        fp = hit.height - tp
        fn = fraud.height - tp
        rows.append(
            {
                "min_verdict": v,
                "flagged": hit.height,
                "tp": tp,
                "fp": fp,
                "fn": fn,
                "precision": round(tp / hit.height, 4) if hit.height else 1.0,
                "recall": round(tp / fraud.height, 4) if fraud.height else 1.0,
            }
        )
    level = VERDICTS.index(min_verdict) + 1
    detected = flagged.filter(pl.col("level") >= level).select(
        "number",
        (_instant(flagged, "detected_at") - _instant(flagged, "first_seen"))
        .dt.total_seconds()
        .alias("ttd_s"),
    )
    by_typology = (
        fraud.join(detected, on="number", how="left")
        .group_by("typology")
        .agg(
            pl.len().alias("fraud"),
            pl.col("ttd_s").is_not_null().sum().alias("detected"),
            pl.col("ttd_s").median().alias("median_ttd_s"),
            pl.col("ttd_s").quantile(0.9).alias("p90_ttd_s"),
        )
        .with_columns((pl.col("detected") / pl.col("fraud")).round(4).alias("recall"))
        .sort("typology")
    )
    legit = truth.filter(~pl.col("is_fraud") & pl.col("role").is_not_null() & (pl.col("role") != "ordinary"))
    legit_hits = (
        flagged.filter(pl.col("level") >= 2)
        .join(legit, on="number", how="inner")
        .select("number", "role", "verdict", "score")
    )
    return Evaluation(pl.DataFrame(rows), by_typology, legit_hits, min_verdict)
