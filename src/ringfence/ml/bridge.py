"""From live call and SMS records to the Sichuan feature set, so the Sichuan-trained model scores them.

A number's voice records, as in the Sichuan ``voc`` table, are the calls where it is the caller (calltype
1, or 3 for a forwarded call) and the calls where it is the callee (calltype 2); its SMS records are the
messages it sent (1) and received (2). Hours and days are local time in the operator's zone
(``Settings.timezone``; China's UTC+08:00 by default, as in the Sichuan data). Features records
cannot give (app traffic, billing, counties) are left missing; ``ringfence.ml.columns`` lists them
and docs/model.md explains how scoring handles them.

The same call can reach us twice (a caller-side and a callee-side record): rows are de-duplicated on
``call_id`` and then on (caller, callee, start_time), messages on ``sms_id``.
"""

from __future__ import annotations

from typing import Final

import polars as pl

from ringfence.localtime import DEFAULT_TIMEZONE, local_wall_clock
from ringfence.ml.artifact import FraudModel
from ringfence.ml.columns import SICHUAN_FEATURES
from ringfence.ml.explain import contributions, top_reasons
from ringfence.ml.scoring import input_matrix

NUMBER: Final = "number"


def _col(frame: pl.DataFrame, name: str, dtype: pl.DataType) -> pl.Expr:
    return pl.col(name).cast(dtype) if name in frame.columns else pl.lit(None, dtype=dtype).alias(name)


def _local(frame: pl.DataFrame, name: str, zone: str) -> pl.Expr:
    """Local wall-clock time in ``zone`` of a UTC timestamp column (naive columns are taken as UTC)."""
    return local_wall_clock(pl.col(name), frame.schema[name], zone)


def _has(frame: pl.DataFrame | None, *names: str) -> bool:
    return frame is not None and frame.height > 0 and all(n in frame.columns for n in names)


def voice_records(calls: pl.DataFrame | None, zone: str = DEFAULT_TIMEZONE) -> pl.DataFrame:
    """Each call from both ends: number, opposite, calltype, local time, duration, imei, region."""
    schema: dict[str, pl.DataType] = {
        NUMBER: pl.Utf8(),
        "opposite": pl.Utf8(),
        "calltype": pl.Int64(),
        "local": pl.Datetime("us"),
        "dur": pl.Float64(),
        "imei": pl.Utf8(),
        "region": pl.Utf8(),
    }
    if calls is None or not _has(calls, "caller", "callee", "start_time"):
        return pl.DataFrame(schema=schema)
    if "call_id" in calls.columns:
        calls = calls.unique(subset=["call_id"], keep="first", maintain_order=True)
    calls = calls.unique(subset=["caller", "callee", "start_time"], keep="first", maintain_order=True)
    kind = _col(calls, "call_type", pl.Utf8()).fill_null("moc").str.to_lowercase()
    common = [
        _local(calls, "start_time", zone).cast(pl.Datetime("us")).alias("local"),
        _col(calls, "duration_s", pl.Float64()).alias("dur"),
    ]
    outgoing = calls.select(
        pl.col("caller").cast(pl.Utf8).alias(NUMBER),
        pl.col("callee").cast(pl.Utf8).alias("opposite"),
        pl.when(kind == "fwd").then(3).otherwise(1).cast(pl.Int64).alias("calltype"),
        *common,
        _col(calls, "caller_imei", pl.Utf8()).alias("imei"),
        _col(calls, "caller_region", pl.Utf8()).alias("region"),
    )
    incoming = calls.select(
        pl.col("callee").cast(pl.Utf8).alias(NUMBER),
        pl.col("caller").cast(pl.Utf8).alias("opposite"),
        pl.lit(2, dtype=pl.Int64).alias("calltype"),
        *common,
        pl.lit(None, dtype=pl.Utf8).alias("imei"),
        pl.lit(None, dtype=pl.Utf8).alias("region"),
    )
    return pl.concat([outgoing, incoming]).filter(pl.col(NUMBER).is_not_null()).select(list(schema))


def sms_records(messages: pl.DataFrame | None, zone: str = DEFAULT_TIMEZONE) -> pl.DataFrame:
    """Each message from both ends: number, opposite, calltype (1 sent, 2 received), local time."""
    schema: dict[str, pl.DataType] = {
        NUMBER: pl.Utf8(),
        "opposite": pl.Utf8(),
        "calltype": pl.Int64(),
        "local": pl.Datetime("us"),
    }
    if messages is None or not _has(messages, "sender", "receiver", "send_time"):
        return pl.DataFrame(schema=schema)
    if "sms_id" in messages.columns:
        messages = messages.unique(subset=["sms_id"], keep="first", maintain_order=True)
    local = _local(messages, "send_time", zone).cast(pl.Datetime("us")).alias("local")
    sent = messages.select(
        pl.col("sender").cast(pl.Utf8).alias(NUMBER),
        pl.col("receiver").cast(pl.Utf8).alias("opposite"),
        pl.lit(1, dtype=pl.Int64).alias("calltype"),
        local,
    )
    received = messages.select(
        pl.col("receiver").cast(pl.Utf8).alias(NUMBER),
        pl.col("sender").cast(pl.Utf8).alias("opposite"),
        pl.lit(2, dtype=pl.Int64).alias("calltype"),
        local,
    )
    return pl.concat([sent, received]).filter(pl.col(NUMBER).is_not_null())


def _mode(records: pl.DataFrame, key: str, name: str, count_name: str) -> pl.DataFrame:
    """Most frequent value of ``key`` per number (ties: the smallest value) and how often it occurs."""
    return (
        records.group_by(NUMBER, key)
        .agg(pl.len().alias("_n"))
        .sort([NUMBER, "_n", key], descending=[False, True, False])
        .group_by(NUMBER, maintain_order=True)
        .first()
        .select(
            NUMBER, pl.col(key).cast(pl.Float64).alias(name), pl.col("_n").cast(pl.Float64).alias(count_name)
        )
    )


def _voice_features(records: pl.DataFrame) -> pl.DataFrame:
    v = records.with_columns(pl.col("local").dt.hour().alias("hour"), pl.col("local").dt.day().alias("day"))
    dur = pl.col("dur")
    base = v.group_by(NUMBER).agg(
        pl.len().cast(pl.Float64).alias("opposite_count"),
        pl.col("opposite").drop_nulls().n_unique().cast(pl.Float64).alias("opposite_unique"),
        (pl.col("calltype") == 1).sum().cast(pl.Float64).alias("voccalltype1"),
        pl.col("imei").drop_nulls().n_unique().cast(pl.Float64).alias("imeis"),
        pl.col("region").drop_nulls().n_unique().cast(pl.Float64).alias("city_name_call"),
        dur.mean().alias("call_dur_mean"),
        dur.median().alias("call_dur_median"),
        dur.max().alias("call_dur_max"),
        dur.min().alias("call_dur_min"),
        pl.col("calltype").n_unique().cast(pl.Float64).alias("calltype_id_unique"),
        pl.col("hour").n_unique().cast(pl.Float64).alias("voc_hour_nunique"),
        pl.col("day").n_unique().cast(pl.Float64).alias("voc_day_nunique"),
    )
    base = base.with_columns(
        (pl.col("voccalltype1") / pl.col("opposite_count")).alias("voc_calltype1"),
        pl.when(pl.col("imeis") > 0).then(pl.col("imeis")).otherwise(None).alias("imeis"),
        pl.col("city_name_call").alias("city_name_nunique"),
    )
    pairs = (
        v.filter(pl.col("opposite").is_not_null())
        .group_by(NUMBER, "opposite")
        .agg(pl.len().cast(pl.Float64).alias("_n"), dur.sum().alias("_s"))
        .group_by(NUMBER)
        .agg(
            pl.col("_n").mean().alias("phone2opposite_mean"),
            pl.col("_n").median().alias("phone2opposite_median"),
            pl.col("_n").max().alias("phone2opposite_max"),
            pl.col("_s").mean().alias("phone2oppo_sum_mean"),
            pl.col("_s").median().alias("phone2oppo_sum_median"),
            pl.col("_s").max().alias("phone2oppo_sum_max"),
        )
    )
    hour = _mode(v, "hour", "voc_hour_mode", "voc_hour_mode_count")
    day = _mode(v, "day", "voc_day_mode", "voc_day_mode_count")
    return (
        base.join(pairs, on=NUMBER, how="left")
        .join(hour, on=NUMBER, how="left")
        .join(day, on=NUMBER, how="left")
    )


def _sms_features(records: pl.DataFrame) -> pl.DataFrame:
    m = records.with_columns(pl.col("local").dt.hour().alias("hour"), pl.col("local").dt.day().alias("day"))
    base = m.group_by(NUMBER).agg(
        pl.len().cast(pl.Float64).alias("sms_count"),
        pl.col("opposite").drop_nulls().n_unique().cast(pl.Float64).alias("sms_nunique"),
        (pl.col("calltype") == 2).sum().cast(pl.Float64).alias("calltype_2"),
        pl.col("hour").n_unique().cast(pl.Float64).alias("hour_nunique"),
        pl.col("day").n_unique().cast(pl.Float64).alias("day_nunique"),
    )
    base = base.with_columns(
        pl.when(pl.col("sms_nunique") > 0)
        .then(pl.col("sms_count") / pl.col("sms_nunique"))
        .alias("sms_rate"),
        (pl.col("calltype_2") / pl.col("sms_count")).alias("calltype_rate"),
    )
    hour = _mode(m, "hour", "hour_mode", "hour_mode_count")
    day = _mode(m, "day", "day_mode", "day_mode_count")
    return base.join(hour, on=NUMBER, how="left").join(day, on=NUMBER, how="left")


def sichuan_features(
    calls: pl.DataFrame | None,
    messages: pl.DataFrame | None,
    numbers: pl.Series | list[str] | None = None,
    zone: str = DEFAULT_TIMEZONE,
) -> pl.DataFrame:
    """One row per number: ``number`` and every Sichuan feature (Float64; missing where not derivable).

    ``numbers`` defaults to the numbers that originated a call or a message (callers and senders): a
    number seen only as a recipient has a one-sided, partial history. Numbers without any record get a
    row of missing values, as Sichuan users without voice or SMS records have.
    """
    voice = voice_records(calls, zone)
    sms = sms_records(messages, zone)
    if numbers is None:
        origin = pl.concat(
            [voice.filter(pl.col("calltype") != 2)[NUMBER], sms.filter(pl.col("calltype") == 1)[NUMBER]]
        )
        wanted = origin.unique(maintain_order=True)
    else:
        wanted = pl.Series(NUMBER, list(numbers), dtype=pl.Utf8).unique(maintain_order=True)
    frame = pl.DataFrame({NUMBER: wanted.rename(NUMBER).cast(pl.Utf8)})
    voice = voice.join(frame, on=NUMBER, how="semi")
    sms = sms.join(frame, on=NUMBER, how="semi")
    frame = frame.join(_voice_features(voice), on=NUMBER, how="left", maintain_order="left")
    frame = frame.join(_sms_features(sms), on=NUMBER, how="left", maintain_order="left")
    return frame.select(
        NUMBER,
        *[
            pl.col(f).cast(pl.Float64) if f in frame.columns else pl.lit(None, dtype=pl.Float64).alias(f)
            for f in SICHUAN_FEATURES
        ],
    )


def score_records(
    calls: pl.DataFrame | None,
    messages: pl.DataFrame | None,
    model: FraudModel | None = None,
    numbers: pl.Series | list[str] | None = None,
    reasons: int = 3,
    zone: str = DEFAULT_TIMEZONE,
) -> pl.DataFrame:
    """``number``, ``score``, ``label_pred`` and ``top_reasons`` (list of text) for live records.

    The default model is the shipped live-record variant (trained only on derivable features, no graph);
    a model that also uses non-derivable or graph features sees them as missing (LightGBM's native
    missing-value branches), which measurably costs accuracy (docs/model.md).
    """
    if model is None:
        from ringfence.ml.default import load_default

        model = load_default("live")
    table = sichuan_features(calls, messages, numbers, zone)
    schema: dict[str, pl.DataType] = {
        NUMBER: pl.Utf8(),
        "score": pl.Float64(),
        "label_pred": pl.Int8(),
        "top_reasons": pl.List(pl.Utf8),
    }
    if table.height == 0:
        return pl.DataFrame(schema=schema)
    _, matrix = input_matrix(model, table, NUMBER)
    contrib = contributions(model, matrix)
    scores = model.calibration.apply(contrib.sum(axis=1))
    return pl.DataFrame(
        {
            NUMBER: table[NUMBER],
            "score": scores,
            "label_pred": (scores >= model.threshold).astype("int8"),
            "top_reasons": top_reasons(contrib, model.input_names, matrix, reasons),
        },
        schema=schema,
    )
