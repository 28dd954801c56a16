"""One-ID lookup (一证通查): every card registered under an identity, with the flags that matter for
"cutting off the cards" (断卡).

Everything is one lazy Polars plan over subscriber records (canonical columns of the ``subscribers``
contract), so the same code serves a 10M-row file and the handful of cards the API reads for one holder.
Flags, each with its evidence written out so an analyst can check it:

``over_limit``
    more than ``per_operator_limit`` (5) cards at one operator — the regulatory limit per identity.
``bulk_activation``
    ``bulk_cards`` (6) or more cards of the holder activated within ``bulk_window`` (72 h) at any
    operators; or a card opened in a burst of its sales channel: cards for at least ``channel_min``
    (10) holders in one ``channel_window`` (1 h), and
    ``channel_factor`` (5) times the channel's mean per window over the period the records cover. The
    baseline is the channel's own, so a large online store is compared with itself and a card counter
    that opened cards for twenty straw men in an hour stands out. Holders, not cards, are counted: one
    holder's many cards are that holder's flag, not everyone's who shopped there that day. When the
    records carry dates only, channel bursts flag nobody: a burst's straw men and the ordinary customers
    of that day look the same.
``dormant_active``
    (with call records) a card silent for ``sleep`` (90 days) — since activation or since the call
    records start, whichever is later, or between two calls — that then places ``wake_calls`` (30)
    calls within ``wake_window`` (24 h).
``many_provinces``
    cards registered in ``many_provinces`` (4) or more provinces (``province``, else ``home_region``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import polars as pl

__all__ = ["FLAGS", "CardRules", "holder_report", "prepare"]

FLAGS = ("over_limit", "bulk_activation", "dormant_active", "many_provinces")

#: The columns of ``holder_report``.
REPORT_SCHEMA = {
    "id_hash": pl.String,
    "cards": pl.UInt32,
    "operators": pl.String,
    "flags": pl.String,
    "evidence": pl.String,
}
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


_ROW = "_row"  # the record a holder's key came from: its identity hash as text, fetched at the end
_CHECK = "_check"  # a second, independent hash of the identity hash: two texts under one key differ in it
_CHECK_SEED = 0xC4EC5
#: Up to this many operators are counted in one integer per holder (bits shared among them).
_MANY_OPERATORS = 16


def _operators_of(subs: pl.LazyFrame) -> list[str]:
    return sorted(subs.select(pl.col("operator").unique()).collect().to_series().to_list())


def _per_holder(subs: pl.LazyFrame, rules: CardRules, ops: list[str]) -> pl.DataFrame:
    """``cards, operators, over_limit`` per holder from one group-by of integers, with the record to
    take the holder's text from and the range of the check hash.

    With a handful of operators (the usual case) each card adds ``2**(bits*i)`` for its operator
    ``i`` to one sum, which holds every operator's count as long as no holder has ``2**bits`` cards
    (checked; else operators are grouped by name): one integer sum per group instead of a count per
    operator, and no strings in the group-by. Any number of operators works, more slowly."""
    limit = rules.per_operator_limit
    aggs: list[pl.Expr] = [
        pl.col(_ROW).first(),
        pl.col(_CHECK).min().alias("_check_min"),
        pl.col(_CHECK).max().alias("_check_max"),
        pl.len().alias("cards"),
    ]
    bits = min(64 // max(len(ops), 1), 32)
    packed = len(ops) <= _MANY_OPERATORS
    if packed:
        units = [1 << (bits * i) for i in range(len(ops))]
        unit = pl.col("operator").replace_strict(ops, units, return_dtype=pl.UInt64)
        aggs.append(unit.sum().alias("_packed"))
    per = subs.group_by("id_hash").agg(aggs).collect()
    if not packed or (per.height and per["cards"].max() >= 1 << bits):  # type: ignore[operator]
        texts = _operator_texts(subs, limit).collect()
        return per.drop("_packed", strict=False).join(texts, on="id_hash")
    # few distinct mixes of operators: each one's text is written once, then joined to its holders
    mixes = per.select(pl.col("_packed").unique())
    counts = [
        ((pl.col("_packed") // (1 << (bits * i))) % (1 << bits)).alias(f"_op{i}") for i in range(len(ops))
    ]
    cols = [pl.col(f"_op{i}") for i in range(len(ops))]
    operators = pl.concat_str(
        [pl.when(c > 0).then(pl.lit(f"{op}:") + c.cast(pl.String)) for c, op in zip(cols, ops, strict=True)],
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
    texts = mixes.with_columns(counts).select(
        "_packed", operators.alias("operators"), pl.when(over != "").then(over).alias("over_limit")
    )
    return per.join(texts, on="_packed", how="left").drop("_packed")


def _operator_texts(subs: pl.LazyFrame, limit: int) -> pl.LazyFrame:
    """``operators, over_limit`` per holder by grouping operator names (for many operators)."""
    per_op = subs.group_by("id_hash", "operator").agg(pl.len().alias("n"))
    over_op = pl.col("n") > limit
    return (
        per_op.sort("id_hash", "operator")
        .group_by("id_hash")
        .agg(
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
    # Channels are grouped by a 64-bit hash of their name (a second hash shows two names sharing one,
    # and then names are grouped): the usual rate counts cards (an upper bound of holders, a plain
    # count, not a distinct one).
    keyed = acts.with_columns(
        pl.col("channel").hash(seed=_SEED).alias("_ch"),
        pl.col("channel").hash(seed=_CHECK_SEED).alias("_ch2"),
    )
    usual = keyed.group_by("_ch").agg(
        (pl.len() / windows).alias("usual"),
        pl.col("_ch2").min().alias("lo"),
        pl.col("_ch2").max().alias("hi"),
    )
    usual_df = usual.collect()
    key = "_ch"
    if (usual_df["lo"] != usual_df["hi"]).any():
        key = "channel"
        usual_df = keyed.group_by(key).agg((pl.len() / windows).alias("usual")).collect()
    rates = usual_df.lazy().select(key, "usual")
    threshold = pl.max_horizontal(pl.lit(float(rules.channel_min)), rules.channel_factor * pl.col("usual"))
    # Cards bound holders from above, and a window of width W lies within two consecutive buckets of
    # width W (on any grid): only channels where two such buckets hold enough cards are worth counting
    # holders for (a cheap count; distinct holders per sliding window are not cheap).
    width = window // timedelta(microseconds=1)
    buckets = keyed.group_by(key, (at.dt.epoch("us") // width).alias("b")).agg(pl.len().alias("k"))
    following = buckets.select(key, (pl.col("b") - 1).alias("b"), pl.col("k").alias("k2"))
    candidates = (
        buckets.join(following, on=[key, "b"], how="left")
        .join(rates, on=key)
        .filter(pl.col("k") + pl.col("k2").fill_null(0) >= threshold)
        .select(key)
        .unique()
    )
    chosen = keyed.join(candidates, on=key, how="semi")
    windows_of = (
        chosen.select("channel", "activated_at", "id_hash")
        .sort("channel", "activated_at")
        .rolling("activated_at", period=_us(window), group_by="channel")
        .agg(pl.col("id_hash").n_unique().alias("n"))  # holders: one holder's many cards are its own flag
    )
    if key != "channel":
        windows_of = windows_of.join(chosen.select("channel", key).unique(), on="channel")
    return (
        windows_of.join(rates, on=key)
        .filter(pl.col("n") >= threshold)
        .select("channel", "activated_at", "n", "usual", pl.lit(window.total_seconds() / 3600).alias("hours"))
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
    if not prepared.height:  # every row quarantined, say: no holder
        return pl.LazyFrame(schema=REPORT_SCHEMA)
    subs = _keyed(prepared).lazy()
    ops = _operators_of(subs)
    per = _per_holder(subs, rules, ops)
    if (per["_check_min"] != per["_check_max"]).any():  # two identity hashes share a 64-bit key
        subs = prepared.with_columns(
            pl.lit(0, pl.UInt64).alias(_CHECK), pl.int_range(pl.len(), dtype=pl.Int64).alias(_ROW)
        ).lazy()
        per = _per_holder(subs, rules, ops)
    per = per.with_columns(prepared["id_hash"].gather(per[_ROW]).alias(_HOLDER))
    context = subs
    if channel_context is not None:
        more = prepare(channel_context).collect()
        context = more.with_columns(pl.col("id_hash").hash(seed=_SEED)).lazy()
    # only holders with enough cards can have them in enough provinces
    enough = per.lazy().filter(pl.col("cards") >= rules.many_provinces).select("id_hash")
    parts = [_holder_bursts(subs, rules), _regions(subs.join(enough, on="id_hash", how="semi"), rules)]
    if not _dated(context):
        # With dates only, the ordinary customers of a burst's day cannot be told from its straw men:
        # channel bursts are then left to the card-opening check's review, not pinned on holders.
        bursts = channel_bursts(context, rules, rules.channel_window).collect()
        if bursts.height:  # no burst, no holder to look for
            parts.append(_channel_flags(subs, bursts.lazy()))
    if calls is not None:
        parts.append(_dormant(subs, calls.lazy(), rules))
    out = per.lazy()
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
    base = out.select(pl.col(_HOLDER).alias("id_hash"), pl.col("cards").cast(pl.UInt32), "operators", *FLAGS)
    any_flag = pl.any_horizontal(pl.col(f).is_not_null() for f in FLAGS)
    # the texts are written for the few flagged holders only (a branch not taken still costs a pass)
    report = base.filter(any_flag).select(
        "id_hash", "cards", "operators", flags.alias("flags"), evidence.alias("evidence")
    )
    if not flagged_only:
        plain = base.filter(~any_flag).select(
            "id_hash", "cards", "operators", pl.lit("").alias("flags"), pl.lit("").alias("evidence")
        )
        report = pl.concat([report, plain])
    return _by_text(report.collect(), "id_hash").lazy()


def _by_text(frame: pl.DataFrame, column: str) -> pl.DataFrame:
    """``frame`` sorted by a text column of distinct values. Sorting a struct of the text and the row
    position costs about half of ``frame.sort(column)`` (which takes the slower arg-sort of strings)."""
    position = pl.int_range(pl.len(), dtype=pl.Int64).alias("_position")
    order = frame.select(pl.struct(column, position).sort().struct.field("_position")).to_series()
    return frame[order]


def _keyed(subs: pl.DataFrame) -> pl.DataFrame:
    """``id_hash`` replaced by a 64-bit hash of it, with a second, independent hash (``_check``) and
    the row number (``_row``). Grouping, joining and windowing by an integer instead of a 16+ character
    string halves the lookup's time, and taking each holder's text from one of its rows at the end
    (``_row``) costs less than carrying strings through a group-by. A collision of the key (about
    3e-6 among 10M holders) shows as two check hashes under one key, and ``holder_report`` then
    groups by the text itself."""
    return subs.with_columns(
        pl.col("id_hash").hash(seed=_SEED),
        pl.col("id_hash").hash(seed=_CHECK_SEED).alias(_CHECK),
        pl.int_range(pl.len(), dtype=pl.Int64).alias(_ROW),
    )
