"""The reference engine: the batch detection path as it was before it was made fast (git 4590351).

The one reference every engine is held to. ``events_frame`` builds the readable event frame of
canonical records and ``compute_features`` every declared feature at every event, with straightforward
Polars code (the conformance suite, ``test_conformance.py``, holds the production and streaming
engines to it); ``run`` reads records with the ingest reader and goes on to the scored frame and the
outputs (``test_fast_path.py`` holds ``run_detection`` to it). Two places where the original relied on
the unspecified order of an unstable sort are made explicit (and match the fast path): rules hit at the
same event are listed in policy order, and a number's typology in ``scores`` is that of its first event
(in event order) with its best score. The two measures that need state use their declarations in
``ringfence.detect.features`` (``sequential``, ``callback``), as every engine does.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import polars as pl

from ringfence.detect.events import IN, OUT, SMS_IN, SMS_OUT, Event
from ringfence.detect.features import (
    BASE_FEATURES,
    CROSS_FEATURES,
    FEATURE_NAMES,
    HANDSET_CELLS_CAP,
    KEY_ATTRIBUTES,
    MEASURES,
    NEW_CARD_DAYS,
    bridged,
    callback,
    derive_exprs,
    dialled_value_expr,
    handset_use,
    key_attributes,
    sequential,
    shared_handset,
)
from ringfence.detect.policy import VERDICTS, Policy
from ringfence.detect.sms_text import fraud_text
from ringfence.domain.numbers import classify, region_city, same_city
from ringfence.ingest import RecordKind, read_frame

Outputs = tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame, pl.DataFrame]  # flagged, hits, timeline, scores


def run(
    calls: Sequence[Path],
    policy: Policy,
    messages: Sequence[Path] = (),
    subscribers: Sequence[Path] = (),
    allowed_lateness_s: int = 3600,
) -> Outputs:
    call_frame, _ = read_frame(calls, RecordKind.CALLS)
    call_frame, _ = late_split(call_frame, "start_time", allowed_lateness_s)
    msg_frame = None
    if messages:
        msg_frame, _ = read_frame(messages, RecordKind.MESSAGES)
        msg_frame, _ = late_split(msg_frame, "send_time", allowed_lateness_s)
    subs_frame = read_frame(subscribers, RecordKind.SUBSCRIBERS)[0] if subscribers else None
    features = compute_features(events_frame(call_frame, msg_frame, subs_frame))
    return summarise(evaluate_policy(features, policy), features, policy)


def late_split(frame: pl.DataFrame, time_col: str, lateness_s: int) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Split records (in arrival order) into on-time and late: a record is late when it is older than
    the latest event time seen before it, minus the allowed lateness — the streaming engine's rule."""
    t = pl.col(time_col).dt.epoch("s")
    seen = t.cum_max().shift(1)
    late = (t < seen - lateness_s).fill_null(False)
    marked = frame.with_columns(late.alias("_late"))
    return marked.filter(~pl.col("_late")).drop("_late"), marked.filter(pl.col("_late")).drop("_late")


EVENT_SCHEMA: dict[str, pl.DataType] = {
    "key": pl.String(),
    "t": pl.Int64(),
    "seq": pl.String(),
    "role": pl.String(),
    "other": pl.String(),
    "duration": pl.Int64(),
    "origin": pl.String(),
    "imei": pl.String(),
    "cell": pl.String(),
    "region": pl.String(),
}


def _epoch(col: str) -> pl.Expr:
    return pl.col(col).dt.epoch("s")


def _local_hours(t: pl.Series, zone: str) -> pl.Series:
    """Hour of day in ``zone`` of each epoch second, from the standard library's zone rules (an
    implementation independent of the engines' Polars arithmetic)."""
    info = ZoneInfo(zone)
    hours = {s: datetime.fromtimestamp(s, info).hour for s in t.unique().to_list()}
    return t.replace_strict(hours, return_dtype=pl.Int32)


def _local_days(t: pl.Series, zone: str) -> pl.Series:
    """The local calendar day (days since 1970-01-01) in ``zone`` of each epoch second, from the
    standard library's zone rules."""
    info = ZoneInfo(zone)
    epoch = date(1970, 1, 1)
    days = {s: (datetime.fromtimestamp(s, info).date() - epoch).days for s in t.unique().to_list()}
    return t.replace_strict(days, return_dtype=pl.Int64)


def events_frame(
    calls: pl.DataFrame,
    messages: pl.DataFrame | None = None,
    subscribers: pl.DataFrame | None = None,
    zone: str = "Asia/Shanghai",
) -> pl.DataFrame:
    """Canonical records (see ``ringfence.ingest``) to the event frame, sorted by (key, t, seq);
    ``local_hour`` is the hour in ``zone``, ``day`` the calendar day there."""
    parts = [
        calls.select(
            pl.col("caller").alias("key"),
            _epoch("start_time").alias("t"),
            pl.col("call_id").alias("seq"),
            pl.lit(OUT).alias("role"),
            pl.col("callee").alias("other"),
            pl.col("duration_s").alias("duration"),
            "origin",
            pl.col("caller_imei").alias("imei"),
            pl.col("caller_cell").alias("cell"),
            pl.col("caller_region").alias("region"),
            pl.lit(False).alias("fraud_text"),
        ),
        calls.select(
            pl.col("callee").alias("key"),
            _epoch("start_time").alias("t"),
            pl.col("call_id").alias("seq"),
            pl.lit(IN).alias("role"),
            pl.col("caller").alias("other"),
            pl.col("duration_s").alias("duration"),
            "origin",
            pl.lit(None, pl.String).alias("imei"),
            pl.lit(None, pl.String).alias("cell"),
            pl.lit(None, pl.String).alias("region"),
            pl.lit(False).alias("fraud_text"),
        ),
    ]
    if messages is not None and messages.height:
        # Added with the measure ``sms_fraud`` (after the oracle was frozen): the same screening.
        messages = messages.with_columns(fraud_text(messages["text"], messages["origin"]))
        for role, key, other in ((SMS_OUT, "sender", "receiver"), (SMS_IN, "receiver", "sender")):
            parts.append(
                messages.select(
                    pl.col(key).alias("key"),
                    _epoch("send_time").alias("t"),
                    pl.col("sms_id").alias("seq"),
                    pl.lit(role).alias("role"),
                    pl.col(other).alias("other"),
                    pl.lit(0, pl.Int64).alias("duration"),
                    "origin",
                    pl.lit(None, pl.String).alias("imei"),
                    pl.col("sender_cell").alias("cell")
                    if role == SMS_OUT
                    else pl.lit(None, pl.String).alias("cell"),
                    pl.lit(None, pl.String).alias("region"),
                    pl.col("fraud_text") if role == SMS_OUT else pl.lit(False).alias("fraud_text"),
                )
            )
    events = pl.concat([p.cast(EVENT_SCHEMA) for p in parts])  # type: ignore[arg-type]
    events = _attach_subscriber_facts(events, subscribers)
    events = _acquaintance(events, subscribers)
    events = events.with_columns(
        _local_hours(events["t"], zone).alias("local_hour"), _local_days(events["t"], zone).alias("day")
    ).sort("key", "t", "seq")
    kid = _key_start("key").cum_sum().cast(pl.Int64) - 1
    return events.with_columns(kid.alias("kid")).with_columns(
        (pl.col("kid") * _KEY_SPREAD_T + pl.col("t")).alias("_kt")
    )


def event_objects(frame: pl.DataFrame) -> list[Event]:
    """Rows of an event frame (``events_frame``) as the ``Event`` objects the streaming engine
    consumes."""
    cols = ("key", "t", "seq", "role", "other", "duration", "origin", "imei", "cell", "off_site")
    rest = ("card_age_days", "local_hour", "fraud_text", "holder_cards", "day", "owner")
    return [
        Event(k, t, s, r, o, d or 0, g or "intra", i, c, off, age, h, bool(f), n, day, w)
        for k, t, s, r, o, d, g, i, c, off, age, h, f, n, day, w in frame.select(*cols, *rest).iter_rows()
    ]


def _holders(subscribers: pl.DataFrame) -> pl.DataFrame:
    """(key, holder_cards, owner) by brute force: for each number (its first record), how many
    numbers' first records name the same identity with the same operator in the same home city; and
    the identity itself (``id:`` and its hash, null without one) for the holders of a handset."""
    firsts: dict[str, tuple[object, object, object]] = {}
    for row in subscribers.iter_rows(named=True):
        region = row.get("home_region")
        city = region_city(region) or region
        firsts.setdefault(row["number"], (row.get("id_hash"), row.get("operator"), city))
    counts = {
        n: None if holder[0] is None else sum(1 for other in firsts.values() if other == holder)
        for n, holder in firsts.items()
    }
    owners = [None if h[0] is None else f"id:{h[0]}" for h in firsts.values()]
    return pl.DataFrame(
        {"key": list(counts), "holder_cards": list(counts.values()), "owner": owners},
        schema={"key": pl.String, "holder_cards": pl.Int64, "owner": pl.String},
    )


def _attach_subscriber_facts(events: pl.DataFrame, subscribers: pl.DataFrame | None) -> pl.DataFrame:
    """Card age at the event, the holder's numbers and whether the caller is away from the number's
    home city."""
    keys = events.filter(pl.col("role") == OUT).select("key", "region").unique()
    homes = pl.DataFrame({"key": keys["key"].unique()}).with_columns(
        pl.col("key")
        .map_elements(lambda n: classify(n).home_region, return_dtype=pl.String)
        .alias("plan_home")
    )
    if subscribers is not None and subscribers.height:
        subs = subscribers.select(
            pl.col("number").alias("key"),
            pl.col("home_region").alias("sub_home"),
            pl.col("activated_at").dt.epoch("s").alias("activated"),
        ).unique("key")
        homes = homes.join(subs.select("key", "sub_home"), on="key", how="left")
        events = events.join(subs.select("key", "activated"), on="key", how="left")
        events = events.join(_holders(subscribers), on="key", how="left")
    else:
        homes = homes.with_columns(pl.lit(None, pl.String).alias("sub_home"))
        events = events.with_columns(
            pl.lit(None, pl.Int64).alias("activated"),
            pl.lit(None, pl.Int64).alias("holder_cards"),
            pl.lit(None, pl.String).alias("owner"),
        )
    homes = homes.select("key", pl.coalesce("sub_home", "plan_home").alias("home"))
    pairs = (
        keys.join(homes, on="key", how="left")
        .drop_nulls(["region", "home"])
        .select("region", "home")
        .unique()
    )
    verdicts = [same_city(r, h) for r, h in pairs.iter_rows()]
    pairs = pairs.with_columns(
        pl.Series("off", [None if v is None else not v for v in verdicts], dtype=pl.Boolean)
    )
    events = events.join(homes, on="key", how="left").join(
        pairs, left_on=["region", "home"], right_on=["region", "home"], how="left"
    )
    return events.with_columns(
        pl.when(pl.col("role") == OUT).then(pl.col("off")).alias("off_site"),
        ((pl.col("t") - pl.col("activated")) / 86_400).alias("card_age_days"),
    ).drop("off", "home", "activated", "region")


def _acquaintance(events: pl.DataFrame, subscribers: pl.DataFrame | None) -> pl.DataFrame:
    """``known`` and ``tied`` (``ringfence.detect.acquaintance``) at every placed call by a new card,
    by brute force over the calls: who had been in contact with whom, and since when."""
    placed = events.filter(pl.col("role") == OUT).select("key", "other", "t", "imei").rows()
    contact: dict[tuple[str, str], int] = {}  # (a, b) -> first call between them, either way
    called_by: dict[tuple[str, str], int] = {}  # (a, b) -> first call from b to a
    first_out: dict[tuple[str, str], int] = {}
    first_use: dict[tuple[str, str], int] = {}  # (imei, number) -> first call placed from it
    for k, o, t, imei in placed:
        if k != o:
            for pair in ((k, o), (o, k)):
                contact[pair] = min(t, contact.get(pair, t))
            called_by[(o, k)] = min(t, called_by.get((o, k), t))
        first_out[(k, o)] = min(t, first_out.get((k, o), t))
        if imei is not None and handset_use(o):
            first_use[(imei, k)] = min(t, first_use.get((imei, k), t))
    by_id: dict[str, list[str]] = {}
    if subscribers is not None and "id_hash" in subscribers.columns:
        subs = subscribers.unique("number", keep="first", maintain_order=True)
        rows = [r for r in subs.select("number", "id_hash", "activated_at").rows() if None not in r]
        for n, h, a in rows:
            by_id[n] = [m for m, g, b in rows if g == h and b < a]

    def previous(k: str, t: int) -> set[str]:
        out = set(by_id.get(k, []))
        for (imei, n), since in first_use.items():
            if n == k and since <= t:
                out |= {p for (i, p), first in first_use.items() if i == imei and p != k and first < since}
        return out

    def known(k: str, y: str, t: int) -> bool:
        return any(called_by.get((p, y), t) < t for p in previous(k, t))

    def tied(k: str, y: str, t: int) -> bool:
        return any(
            z not in (k, y) and a < t and contact.get((z, y), t) < t
            for (c, z), a in first_out.items()
            if c == k
        )

    flags = []
    for k, o, t, age in events.select("key", "other", "t", "card_age_days").rows():
        new = age is not None and age < NEW_CARD_DAYS and k != o
        flags.append((new and known(k, o, t), new and tied(k, o, t)))
    is_out = (events["role"] == OUT).to_list()
    return events.with_columns(
        pl.Series("known", [f[0] and p for f, p in zip(flags, is_out, strict=True)], dtype=pl.Boolean),
        pl.Series("tied", [f[1] and p for f, p in zip(flags, is_out, strict=True)], dtype=pl.Boolean),
    )


def _run_end(key: str = "kid") -> pl.Expr:
    """True on the last row of each (key, t) run of a frame sorted by key, t."""
    last_of_key = (pl.col(key) != pl.col(key).shift(-1)).fill_null(True)
    return last_of_key | (pl.col("t") != pl.col("t").shift(-1)).fill_null(True)


def _tie_last(expr: pl.Expr, key: str = "kid") -> pl.Expr:
    """The value after the last event of the same key at the same second (tie-inclusive): taken
    from the run's last row and copied backwards over the run (frame sorted by key, t)."""
    return pl.when(_run_end(key)).then(expr).backward_fill()


def _key_start(key: str = "kid") -> pl.Expr:
    return (pl.col(key) != pl.col(key).shift(1)).fill_null(True)


def _seg_cum_sum(expr: pl.Expr, key: str = "kid") -> pl.Expr:
    """Cumulative sum restarting at every key (frame sorted by key): the global running sum minus
    its value just before the key's first row. No group-by, one pass."""
    total = expr.cum_sum()
    before = pl.when(_key_start(key)).then(total - expr).forward_fill()
    return total - before


# Keys are spread this far apart on a combined axis so that one global rolling window or running
# maximum never reaches across two keys (seconds: ~3,000 years; values: far above any count).
_KEY_SPREAD_T = 10**11
_KEY_SPREAD_V = 10**9


def _seg_rolling_sum(expr: pl.Expr, window_s: int, key: str = "kid") -> pl.Expr:
    """Sum over (t - window, t] within the key: a global rolling sum on a combined key/time axis."""
    return expr.rolling_sum_by("_kt", window_size=f"{window_s}i")


def _seg_cum_max(expr: pl.Expr, key: str = "kid") -> pl.Expr:
    """Running maximum within the key (values are non-negative and below ``_KEY_SPREAD_V``)."""
    offset = pl.col(key).cast(pl.Float64) * _KEY_SPREAD_V
    return (expr + offset).cum_max() - offset


def _stateful_measures(ev: pl.DataFrame) -> pl.DataFrame:
    # The previous placed call's callee within the key: shift, block at key starts with a sentinel so
    # the fill never crosses into another key, fill forward.
    out_callee = pl.when(pl.col("role") == OUT).then(pl.col("other"))
    shifted = pl.when(_key_start()).then(pl.lit("")).otherwise(out_callee.shift(1))
    ev = ev.with_columns(shifted.forward_fill().alias("_prev_callee"))
    ev = ev.with_columns(
        pl.when(pl.col("_prev_callee") == "").then(None).otherwise("_prev_callee").alias("_prev_callee")
    )
    other, previous = pl.col("other"), pl.col("_prev_callee")
    hit = sequential(
        dialled_value_expr(other),
        other.str.len_chars(),
        dialled_value_expr(previous),
        previous.str.len_chars(),
    )
    ev = ev.with_columns(((pl.col("role") == OUT) & hit).fill_null(False).alias("sequential")).drop(
        "_prev_callee"
    )
    # Callbacks: the first call from Y to X that calls back X's first call to Y.
    first_out = (
        ev.filter(pl.col("role") == OUT).group_by("key", "other").agg(pl.col("t").min().alias("_first"))
    )
    marks = (
        ev.filter(pl.col("role") == IN)
        .select("key", "other", "t", "seq")
        .join(first_out, on=["key", "other"], how="inner")
        .filter(callback(pl.col("t"), pl.col("_first")))
        .sort("key", "other", "t", "seq")
        .group_by("key", "other", maintain_order=True)
        .first()
        .select("key", "seq", pl.lit(True).alias("callback"))
    )
    ev = ev.join(
        marks.with_columns(pl.lit(IN).alias("role")),
        on=["key", "seq", "role"],
        how="left",
        maintain_order="left",
    )
    ev = ev.with_columns(pl.col("callback").fill_null(False))
    # Bridged calls: every placed call joined with every call its key received, kept where
    # ``features.bridged`` holds (no window, no search: the definition as written) ...
    placed_calls = ev.filter(pl.col("role") == OUT).select(
        "key", "seq", "t", "duration", pl.col("other").alias("_to")
    )
    received_calls = ev.filter(pl.col("role") == IN).select(
        "key",
        pl.col("t").alias("_rt"),
        pl.col("duration").alias("_rd"),
        (pl.col("origin") == "international").alias("_ri"),
        pl.col("other").alias("_up"),
    )
    # ... and every call received by a number that had placed a call from the placed call's handset
    # (a use of it: ``handset_use``) in an earlier second.
    users = (
        ev.filter((pl.col("role") == OUT) & pl.col("imei").is_not_null() & handset_use(pl.col("other")))
        .group_by("imei", "key")
        .agg(pl.col("t").min().alias("_first"))
    )
    from_handset = (
        placed_calls.join(ev.filter(pl.col("role") == OUT).select("key", "seq", "imei"), on=["key", "seq"])
        .filter(pl.col("imei").is_not_null())
        .join(users.rename({"key": "_user"}), on="imei", how="inner")
        .filter(pl.col("_first") < pl.col("t"))
        .join(received_calls.rename({"key": "_user"}), on="_user", how="inner")
        .select("key", "seq", "t", "duration", "_to", "_rt", "_rd", "_ri", "_up")
    )
    same_number = placed_calls.join(received_calls, on="key", how="inner")
    halves = pl.concat([same_number.select(from_handset.columns), from_handset]).filter(
        bridged(pl.col("t"), pl.col("duration"), pl.col("_rt"), pl.col("_rd"))
    )
    legs = halves.group_by("key", "seq").agg(
        pl.lit(True).alias("bridged"), pl.col("_ri").fill_null(False).any().alias("bridged_intl")
    )
    # The relays' reach: the caller of a call from abroad bridged reached the bridging call's callee,
    # from the next second on; counted at every call the caller places.
    reach = (
        halves.filter(pl.col("_ri").fill_null(False))
        .group_by("_up", "_to")
        .agg((pl.col("t").min() + 1).alias("_from"))
    )
    reached = (
        placed_calls.select("key", "seq", "t")
        .join(reach.rename({"_up": "key"}), on="key", how="inner")
        .filter(pl.col("_from") <= pl.col("t"))
        .group_by("key", "seq")
        .agg(pl.len().cast(pl.Int64).alias("relayed.reach"))
    )
    legs = legs.join(reached, on=["key", "seq"], how="full", coalesce=True)
    ev = ev.join(
        legs.with_columns(pl.lit(OUT).alias("role")),
        on=["key", "seq", "role"],
        how="left",
        maintain_order="left",
    )
    return ev.with_columns(
        pl.col("bridged").fill_null(False),
        pl.col("bridged_intl").fill_null(False),
        pl.col("relayed.reach").fill_null(0),
    )


def _cross_features(ev: pl.DataFrame) -> pl.DataFrame:
    """Numbers per handset, numbers that used it twice, cells it was used in, the holders of its
    numbers and new cards per cell,
    seen at each placed call, and the largest value each number has met so far."""
    placed = pl.col("role") == OUT
    ev = ev.with_row_index("_row")
    # A pair's second use: its second call from the handset in (t, seq) order (ties see each other).
    second = pl.int_range(pl.len()).over("imei", "key") == 1
    handset = (
        ev.filter(placed & pl.col("imei").is_not_null() & handset_use(pl.col("other")))
        .select("_row", "imei", "t", "seq", "key", "cell", "owner")
        .sort("imei", "t", "seq")
        .with_columns(
            pl.struct("imei", "key").is_first_distinct().cast(pl.Int64).alias("_new"),
            second.cast(pl.Int64).alias("_again"),
            (pl.struct("imei", "cell").is_first_distinct() & pl.col("cell").is_not_null())
            .cast(pl.Int64)
            .alias("_place"),
            pl.struct("imei", pl.coalesce("owner", "key"))
            .is_first_distinct()
            .cast(pl.Int64)
            .alias("_holder"),
        )
        .with_columns(
            _tie_last(_seg_cum_sum(pl.col("_new"), "imei"), "imei").alias("handset.numbers"),
            _tie_last(_seg_cum_sum(pl.col("_again"), "imei"), "imei").alias("handset.repeat_numbers"),
            pl.min_horizontal(
                _tie_last(_seg_cum_sum(pl.col("_place"), "imei"), "imei"), HANDSET_CELLS_CAP
            ).alias("handset.cells"),
            _tie_last(_seg_cum_sum(pl.col("_holder"), "imei"), "imei").alias("handset.holders"),
        )
        .select("_row", "handset.numbers", "handset.repeat_numbers", "handset.cells", "handset.holders")
    )
    new_card = pl.col("card_age_days").is_not_null() & (pl.col("card_age_days") < NEW_CARD_DAYS)
    cell = (
        ev.filter(placed & pl.col("cell").is_not_null() & new_card)
        .select("_row", "cell", "t", "seq", "key")
        .sort("cell", "t", "seq")
        .with_columns(pl.struct("cell", "key").is_first_distinct().cast(pl.Int64).alias("_new"))
        .with_columns(_tie_last(_seg_cum_sum(pl.col("_new"), "cell"), "cell").alias("cell.new_cards"))
        .select("_row", "cell.new_cards")
    )
    ev = ev.join(handset, on="_row", how="left").join(cell, on="_row", how="left").sort("_row")
    for name in CROSS_FEATURES:  # every cross-key feature is worked out above
        ev = ev.with_columns(pl.col(name).fill_null(0))
        ev = ev.with_columns(
            _tie_last(_seg_cum_max(pl.col(name).cast(pl.Float64))).alias(f"number.max({name})@all")
        )
    return ev.drop("_row")


def compute_features(events: pl.DataFrame) -> pl.DataFrame:
    """Every declared feature at every event (the frame ``events_frame`` returns)."""
    ev = _cross_features(_stateful_measures(events))
    ev = ev.with_columns(
        [m.expr.cast(pl.Float64).alias(f"m.{name}") for name, m in MEASURES.items() if m.expr is not None]
        + [
            pl.col("sequential").cast(pl.Float64).alias("m.sequential"),
            pl.col("callback").cast(pl.Float64).alias("m.callback"),
            pl.col("known").cast(pl.Float64).alias("m.known"),
            pl.col("tied").cast(pl.Float64).alias("m.tied"),
            pl.col("bridged").cast(pl.Float64).alias("m.bridged"),
            pl.col("bridged_intl").cast(pl.Float64).alias("m.bridged_intl"),
            ((pl.col("role") == OUT) & shared_handset(pl.col("handset.numbers")))
            .cast(pl.Float64)
            .alias("m.shared_handset"),
        ]
    )
    exprs: list[pl.Expr] = []
    for f in BASE_FEATURES:
        m = pl.col(f"m.{f.measure}")
        if f.agg == "sum" and f.window is None:
            value = _seg_cum_sum(m)
        elif f.agg == "sum":
            assert f.window is not None
            value = _seg_rolling_sum(m, f.window)
        elif f.agg == "max":
            value = _seg_cum_max(m)
        elif f.agg == "distinct":
            assert f.value is not None
            counted = pl.col(f.value).is_not_null() & (m > 0)
            # (key, value) pairs as one 64-bit hash: first occurrences found on integers, not strings.
            pair = pl.when(counted).then(pl.col("kid").hash(seed=1) ^ pl.col(f.value).hash(seed=2))
            first = (counted & pair.is_first_distinct()).cast(pl.Float64)
            value = _seg_cum_sum(first)
        else:  # pragma: no cover - declarations are validated by tests
            raise ValueError(f.agg)
        exprs.append(_tie_last(value).alias(f.name))
    ev = ev.with_columns(exprs)
    ev = ev.with_columns(
        pl.col("card_age_days").alias("number.card_age_days"),
        pl.col("holder_cards").cast(pl.Float64).alias("number.holder_cards"),
    )
    keys = ev.select("key").unique()
    attrs = pl.DataFrame(
        [{"key": k, **key_attributes(k)} for k in keys["key"].to_list()],
        schema={"key": pl.String, **dict.fromkeys(KEY_ATTRIBUTES, pl.Float64)},
    )
    ev = ev.join(attrs, on="key", how="left", maintain_order="left")
    return ev.with_columns(derive_exprs())


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


def summarise(
    scored: pl.DataFrame, features: pl.DataFrame, policy: Policy
) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """From scored events to the flagged list, rule hits with evidence, and verdict timelines."""
    acting = features.filter(pl.col("role").is_in(["out", "sms_out"]))
    first_seen = acting.group_by("key").agg(pl.col("t").min().alias("first_t"))
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
        pl.concat(hit_frames).sort("number", "event_time", maintain_order=True)
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
        scored.sort("key", "t", "seq", "role")
        .sort("score", descending=True, maintain_order=True)
        .group_by("key", maintain_order=True)
        .first()
        .select("key", "typology"),
        on="key",
    ).select(
        pl.col("key").alias("number"),
        pl.col("max_score").round(4).alias("score"),
        pl.col("max_level").alias("level"),
        "typology",
    )
    return flagged, hits, timeline, scores.sort("number")
