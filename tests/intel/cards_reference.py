"""The one-ID lookup as it was before the speed-up (commit 29a58ca): the oracle the faster plan must
match row for row (``test_cards_equivalence.py``). Not used by the application."""

# ruff: noqa
# mypy: ignore-errors

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import polars as pl

__all__ = ["FLAGS", "CardRules", "holder_report", "prepare"]

FLAGS = ("over_limit", "bulk_activation", "dormant_active", "many_provinces")

#: The subscriber columns the lookup reads (absent optional ones are null).
COLUMNS = ("number", "id_hash", "operator", "channel", "activated_at", "province", "home_region")
_UNKNOWN = "unknown"
_HOLDER = "_holder"  # the identity hash as text, beside the integer key the plan groups by
_SEED = 0x1D5EED


@dataclass(frozen=True, slots=True)
class CardRules:
    """Thresholds of the flags; defaults follow the regulatory limit and keep families unflagged."""

    per_operator_limit: int = 5
    bulk_cards: int = 6
    bulk_window: timedelta = timedelta(hours=72)
    channel_window: timedelta = timedelta(hours=1)
    channel_min: int = 10
    channel_factor: float = 5.0
    sleep: timedelta = timedelta(days=90)
    wake_calls: int = 30
    wake_window: timedelta = timedelta(hours=24)
    many_provinces: int = 4


def _us(delta: timedelta) -> str:
    return f"{int(delta.total_seconds() * 1_000_000)}us"


def prepare(frame: pl.LazyFrame | pl.DataFrame) -> pl.LazyFrame:
    """The lookup's columns of subscriber records: holders only, operator and region filled in."""
    lf = frame.lazy()
    names = lf.collect_schema().names()
    cols = [pl.col(c) if c in names else pl.lit(None, dtype=pl.String).alias(c) for c in COLUMNS]
    lf = lf.select(cols)
    if lf.collect_schema()["activated_at"] == pl.String:
        lf = lf.with_columns(pl.col("activated_at").cast(pl.Datetime("us", "UTC")))
    return lf.filter(pl.col("id_hash").is_not_null()).with_columns(
        pl.col("operator").fill_null(_UNKNOWN),
        pl.coalesce("province", "home_region").alias("region"),
    )


#: The holder's identity hash as text (and its greatest value, to see a key shared by two holders).
_TEXT = (pl.col(_HOLDER).min(), pl.col(_HOLDER).max().alias("_holder_max"))


def _operators(subs: pl.LazyFrame, rules: CardRules) -> pl.LazyFrame:
    """``cards, operators, over_limit`` per holder. With a handful of operators (the usual case) one
    group-by counts each operator's cards in its own column, far faster than joining strings per
    group; any number of operators works, more slowly."""
    limit = rules.per_operator_limit
    ops = sorted(subs.select(pl.col("operator").unique()).collect().to_series().to_list())
    if len(ops) <= 16:
        counts = subs.group_by("id_hash").agg(
            *_TEXT, *[(pl.col("operator") == op).sum().alias(f"_op{i}") for i, op in enumerate(ops)]
        )
        cols = [pl.col(f"_op{i}") for i in range(len(ops))]
        operators = pl.concat_str(
            [
                pl.when(c > 0).then(pl.lit(f"{op}:") + c.cast(pl.String))
                for c, op in zip(cols, ops, strict=True)
            ],
            separator=";",
            ignore_nulls=True,
        )
        over = pl.concat_str(
            [
                pl.when(c > limit).then(c.cast(pl.String) + pl.lit(f" cards at {op} (limit {limit})"))
                for c, op in zip(cols, ops, strict=True)
            ],
            separator=", ",
            ignore_nulls=True,
        )
        return counts.select(
            "id_hash",
            _HOLDER,
            "_holder_max",
            pl.sum_horizontal(cols).cast(pl.UInt32).alias("cards"),
            operators.alias("operators"),
            pl.when(over != "").then(over).alias("over_limit"),
        )
    per_op = subs.group_by("id_hash", "operator").agg(pl.len().alias("n"), *_TEXT)
    over_op = pl.col("n") > limit
    return (
        per_op.sort("id_hash", "operator")
        .group_by("id_hash")
        .agg(
            pl.col(_HOLDER).min(),
            pl.col("_holder_max").max(),
            pl.col("n").sum().alias("cards"),
            pl.concat_str("operator", pl.lit(":"), "n").str.join(";").alias("operators"),
            pl.concat_str(
                pl.col("n").filter(over_op).cast(pl.String),
                pl.lit(" cards at "),
                pl.col("operator").filter(over_op),
                pl.lit(f" (limit {limit})"),
            )
            .str.join(", ")
            .alias("over_limit"),
        )
        .with_columns(pl.when(pl.col("over_limit") != "").then("over_limit").alias("over_limit"))
    )


def _holder_bursts(subs: pl.LazyFrame, rules: CardRules) -> pl.LazyFrame:
    """Holders with ``bulk_cards`` activations inside one ``bulk_window``: the largest such run."""
    timed = subs.filter(pl.col("activated_at").is_not_null())
    many = timed.group_by("id_hash").agg(pl.len().alias("k")).filter(pl.col("k") >= rules.bulk_cards)
    runs = (
        timed.join(many.select("id_hash"), on="id_hash", how="semi")
        .select("id_hash", "activated_at")
        .sort("id_hash", "activated_at")
        .rolling("activated_at", period=_us(rules.bulk_window), group_by="id_hash")
        .agg(pl.len().alias("run"), pl.col("activated_at").min().alias("first"))
        .filter(pl.col("run") >= rules.bulk_cards)
        .sort("run", descending=True)
        .group_by("id_hash")
        .first()
    )
    hours = rules.bulk_window.total_seconds() / 3600
    return runs.select(
        "id_hash",
        pl.format(
            "{} cards activated from {} to {} (within {}h)",
            "run",
            pl.col("first").dt.strftime("%Y-%m-%dT%H:%MZ"),
            pl.col("activated_at").dt.strftime("%Y-%m-%dT%H:%MZ"),
            pl.lit(f"{hours:g}"),
        ).alias("holder_bulk"),
    )


def _dated(subs: pl.LazyFrame) -> bool:
    """Whether activation times are dates only (nearly all at one time of day: midnight in the feed's
    zone, which in UTC may be 16:00): then a channel's window is a day, or every shop's ordinary day
    would look like a burst at midnight."""
    at = pl.col("activated_at")
    of_day = at.dt.epoch("s") % 86_400
    share = subs.filter(at.is_not_null()).select((of_day == of_day.mode().first()).mean())
    value = share.collect().item()
    return value is not None and value >= 0.99


def channel_window(subs: pl.LazyFrame, rules: CardRules) -> timedelta:
    """The width of a channel's burst window: a day when activation times are dates only."""
    return max(rules.channel_window, timedelta(days=1)) if _dated(subs) else rules.channel_window


def channel_bursts(subs: pl.LazyFrame, rules: CardRules, window: timedelta | None = None) -> pl.LazyFrame:
    """Sales-channel bursts, one row per activation that closes a burst window:
    ``channel, activated_at`` (the window's end), ``n`` (holders given cards in the window), ``usual``
    (the channel's cards per window over the whole period the records cover)."""
    window = window or channel_window(subs, rules)  # given when the caller knew it already
    acts = subs.filter(pl.col("channel").is_not_null() & pl.col("activated_at").is_not_null()).select(
        "channel", "activated_at", "id_hash"
    )
    at = pl.col("activated_at")
    span = acts.select((at.max() - at.min()).dt.total_microseconds() / (window / timedelta(microseconds=1)))
    windows = pl.max_horizontal(span.collect().item() or 0.0, 1.0)
    # the usual rate counts cards (an upper bound of holders, and a plain count, not a distinct one)
    usual = acts.group_by("channel").agg((pl.len() / windows).alias("usual"))
    threshold = pl.max_horizontal(pl.lit(float(rules.channel_min)), rules.channel_factor * pl.col("usual"))
    # Cards bound holders from above, and a window of width W lies within two consecutive buckets of
    # width W: only channels where two such buckets hold enough cards are worth counting holders for
    # (a cheap hash count; distinct holders per sliding window are not cheap).
    buckets = acts.group_by("channel", pl.col("activated_at").dt.truncate(_us(window)).alias("b")).agg(
        pl.len().alias("k")
    )
    following = buckets.select("channel", (pl.col("b") - window).alias("b"), pl.col("k").alias("k2"))
    candidates = (
        buckets.join(following, on=["channel", "b"], how="left")
        .join(usual, on="channel")
        .filter(pl.col("k") + pl.col("k2").fill_null(0) >= threshold)
        .select("channel")
        .unique()
    )
    return (
        acts.join(candidates, on="channel", how="semi")
        .sort("channel", "activated_at")
        .rolling("activated_at", period=_us(window), group_by="channel")
        .agg(pl.col("id_hash").n_unique().alias("n"))  # holders: one holder's many cards are its own flag
        .join(usual, on="channel")
        .filter(pl.col("n") >= threshold)
        .with_columns(pl.lit(window.total_seconds() / 3600).alias("hours"))
    )


def _channel_flags(subs: pl.LazyFrame, bursts: pl.LazyFrame) -> pl.LazyFrame:
    """Holders with a card opened inside a burst window of its channel (the first window end at or
    after the card, if the card is within that window)."""
    cards = (
        subs.filter(pl.col("channel").is_not_null() & pl.col("activated_at").is_not_null())
        .select("id_hash", "channel", "activated_at")
        .sort("activated_at")
    )
    ends = bursts.select(
        "channel", "activated_at", pl.col("activated_at").alias("end"), "n", "usual", "hours"
    ).sort("activated_at")
    hit = cards.join_asof(
        ends, on="activated_at", by="channel", strategy="forward", check_sortedness=False
    ).filter(
        pl.col("end").is_not_null()
        & ((pl.col("end") - pl.col("activated_at")).dt.total_microseconds() < pl.col("hours") * 3.6e9)
    )
    text = pl.format(
        "channel {} opened cards for {} holders in {}h up to {} (usually {} per {}h)",
        "channel",
        "n",
        "hours",
        pl.col("end").dt.strftime("%Y-%m-%dT%H:%MZ"),
        pl.col("usual").round(2),
        "hours",
    )
    return (
        hit.select("id_hash", text.alias("t"))
        .unique()
        .sort("id_hash", "t")
        .group_by("id_hash")
        .agg(pl.col("t").str.join(", ").alias("channel_bulk"))
    )


def _dormant(subs: pl.LazyFrame, calls: pl.LazyFrame, rules: CardRules) -> pl.LazyFrame:
    """Cards silent for ``sleep`` that then place ``wake_calls`` calls within ``wake_window``."""
    names = calls.collect_schema().names()
    outgoing = calls
    if "call_type" in names:
        outgoing = outgoing.filter(pl.col("call_type").fill_null("moc") == "moc")
    outgoing = outgoing.select(pl.col("caller").alias("number"), pl.col("start_time").alias("t"))
    start = outgoing.select(pl.col("t").min().alias("calls_start"))
    cards = subs.select("number", "id_hash", "activated_at")
    timed = (
        outgoing.join(cards, on="number", how="inner")
        .join(start, how="cross")
        .sort("number", "t")
        .with_columns(
            pl.col("t")
            .shift(1)
            .over("number")
            .fill_null(pl.max_horizontal("activated_at", "calls_start"))
            .alias("prev")
        )
    )
    wakes = timed.filter(pl.col("t") - pl.col("prev") >= rules.sleep).select(
        "number", "id_hash", pl.col("t").alias("woke"), "prev"
    )
    woke = (
        wakes.join(timed.select("number", "t"), on="number")
        .filter((pl.col("t") >= pl.col("woke")) & (pl.col("t") < pl.col("woke") + rules.wake_window))
        .group_by("number", "id_hash", "woke", "prev")
        .agg(pl.len().alias("n"))
        .filter(pl.col("n") >= rules.wake_calls)
    )
    text = pl.format(
        "{} silent {} days, then {} calls from {}",
        "number",
        (pl.col("woke") - pl.col("prev")).dt.total_days(),
        "n",
        pl.col("woke").dt.strftime("%Y-%m-%dT%H:%MZ"),
    )
    return (
        woke.select("id_hash", text.alias("t"))
        .sort("id_hash", "t")
        .group_by("id_hash")
        .agg(pl.col("t").str.join(", ").alias("dormant_active"))
    )


def _regions(subs: pl.LazyFrame, rules: CardRules) -> pl.LazyFrame:
    regional = subs.filter(pl.col("region").is_not_null())
    many = (
        regional.group_by("id_hash")
        .agg(pl.col("region").n_unique().alias("k"))
        .filter(pl.col("k") >= rules.many_provinces)
    )
    return (
        regional.join(many.select("id_hash"), on="id_hash", how="semi")
        .group_by("id_hash")
        .agg(pl.col("region").unique().sort().alias("r"))
        .select(
            "id_hash",
            pl.format("cards in {} provinces: {}", pl.col("r").list.len(), pl.col("r").list.join(", ")).alias(
                "many_provinces"
            ),
        )
    )


def holder_report(
    subscribers: pl.LazyFrame | pl.DataFrame,
    calls: pl.LazyFrame | pl.DataFrame | None = None,
    rules: CardRules | None = None,
    flagged_only: bool = False,
    channel_context: pl.LazyFrame | pl.DataFrame | None = None,
) -> pl.LazyFrame:
    """``id_hash, cards, operators, flags, evidence`` per holder (lazy; collect it, or sink it).

    ``subscribers``: subscriber records (canonical types); ``calls``: call records, for the dormant
    card flag; ``channel_context``: more subscriber records of the same channels, when ``subscribers``
    are only some holders' cards (the API's one holder) and the channels' baselines need the rest.
    """
    rules = rules or CardRules()
    prepared = prepare(subscribers).collect()  # read once, whatever the branches below do
    subs = _keyed(prepared).lazy()
    ops = _operators(subs, rules).collect()
    if (ops["_holder_max"] != ops[_HOLDER]).any():  # two identity hashes share a 64-bit key
        subs = prepared.with_columns(pl.col("id_hash").alias(_HOLDER)).lazy()
        ops = _operators(subs, rules).collect()
    out = ops.drop("_holder_max").lazy()
    context = subs
    if channel_context is not None:
        more = prepare(channel_context).collect()
        context = more.with_columns(pl.col("id_hash").hash(seed=_SEED)).lazy()
    parts = [_holder_bursts(subs, rules), _regions(subs, rules)]
    if not _dated(context):
        # With dates only, the ordinary customers of a burst's day cannot be told from its straw men:
        # channel bursts are then left to the card-opening check's review, not pinned on holders.
        parts.append(_channel_flags(subs, channel_bursts(context, rules, rules.channel_window)))
    if calls is not None:
        parts.append(_dormant(subs, calls.lazy(), rules))
    for part in parts:
        out = out.join(part, on="id_hash", how="left")
    names = out.collect_schema().names()
    for missing in ("dormant_active", "channel_bulk"):
        if missing not in names:
            out = out.with_columns(pl.lit(None, dtype=pl.String).alias(missing))
    bulk = pl.concat_str(["holder_bulk", "channel_bulk"], separator="; ", ignore_nulls=True)
    out = out.with_columns(pl.when(bulk != "").then(bulk).alias("bulk_activation"))
    flags = pl.concat_str(
        [pl.when(pl.col(f).is_not_null()).then(pl.lit(f)) for f in FLAGS], separator=";", ignore_nulls=True
    )
    evidence = pl.concat_str(
        [pl.when(pl.col(f).is_not_null()).then(pl.lit(f"{f}: ") + pl.col(f)) for f in FLAGS],
        separator=" | ",
        ignore_nulls=True,
    )
    report = out.select(
        pl.col(_HOLDER).alias("id_hash"),
        "cards",
        "operators",
        flags.alias("flags"),
        evidence.alias("evidence"),
    )
    if flagged_only:
        report = report.filter(pl.col("flags") != "")
    return report.sort("id_hash")


def _keyed(subs: pl.DataFrame) -> pl.DataFrame:
    """``id_hash`` replaced by a 64-bit hash of it, the text kept as ``_holder``. Grouping, joining and
    windowing by an integer instead of a 16+ character string halves the lookup's time; the text is
    carried through ``_operators`` to the output. A collision (about 3e-6 among 10M holders) shows as
    two texts under one key there, and ``holder_report`` then counts by the text itself."""
    return subs.with_columns(pl.col("id_hash").alias(_HOLDER), pl.col("id_hash").hash(seed=_SEED))
