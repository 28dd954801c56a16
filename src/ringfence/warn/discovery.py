"""Who fraud reached: likely victims found in call and SMS records, with the evidence behind each.

The records already say who a fraud number talked to. A person is *exposed* when the evidence is strong
enough that a warning helps more than it alarms: a long call with a flagged number or with a spoofed
caller (the script, the transfer instructions), a callback to a one-ring (wangiri) number, or weaker
signs that add up (an SMS with a link from the number, repeated contact, several fraud numbers, a call
to a bank soon after). Exposure decides *whether* to warn; vulnerability (age from ``birth_year``) and
recency only raise a person's rank, so an old contact of a still-active number is not dropped.

Pure Polars over canonical frames (as ``ringfence.ingest.reader.read_frame`` returns them); the time of
the run is passed in, never read from the clock.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import polars as pl

from ringfence.detect.bridges import bridge_pairs
from ringfence.detect.numbering import kinds
from ringfence.domain.numbers import DOMESTIC_KINDS

__all__ = ["SIGNALS", "WarnConfig", "contacts", "discover", "relayed_calls", "spoofed_calls"]

#: Signal names as they appear in ``reason`` (``;``-joined, strongest first).
SIGNALS = (
    "long_call",
    "spoofed_long_call",
    "wangiri_callback",
    "sms_link",
    "bank_call_after",
    "repeated_contact",
    "several_fraud_numbers",
    "answered_call",
    "via_relay",
    "elderly",
)

_DOMESTIC = [k.value for k in DOMESTIC_KINDS]
_LINK = r"(?i)(https?://|www\.|[a-z0-9-]+\.(?:com|cn|net|top|xyz|vip|cc|org|info|club|site|link|me)\b)"
_CN_MOBILE = r"^\+861\d{10}$"


@dataclass(frozen=True)
class WarnConfig:
    """Thresholds of the exposure rules. ``long_call_s`` is the length at which a call with a fraud
    number means someone listened to the script; a spoofed caller is already a forgery, so a shorter
    answered call (``spoofed_long_s``) is enough."""

    long_call_s: int = 420
    spoofed_long_s: int = 120
    one_ring_s: int = 5  # an incoming call this short (or unanswered) invites a callback
    callback_window_s: int = 3 * 86_400  # callback after the ring, to count as wangiri
    bank_window_s: int = 86_400  # a call to a bank this soon after fraud contact
    lookback_s: int | None = None  # only contacts this recent (None: the whole input)
    elderly_age: int = 60
    threshold: float = 0.5  # exposure needed to warn
    recency_half_life_s: int = 7 * 86_400
    bank_prefixes: tuple[str, ...] = ("955",)
    # an own subscriber who placed no call at home this near a gateway call presenting it is abroad
    home_window_s: int = 6 * 3_600
    # the verdicts of ``flagged`` whose contacts are warned (rows without a verdict always are): the
    # platform's (``detect-stored --warn``, a disposal). A ``watch`` number is one detection is not sure
    # of: over the 48 blind world seeds 92 % of the people warned about one had talked to a legitimate
    # number ...
    verdicts: tuple[str, ...] = ("warn", "block")
    # ... and a ``watch`` number's, only those who talked with it this long (0: never): a victim is
    # kept on the line for the script and the transfer; a customer rarely talks half an hour
    watch_long_call_s: int = 1_800


def _empty_contacts() -> pl.DataFrame:
    return pl.DataFrame(
        schema={
            "person": pl.String,
            "fraud_number": pl.String,
            "kind": pl.String,
            "time": pl.Datetime("us", "UTC"),
            "duration_s": pl.Int64,
            "ref": pl.String,
            "via": pl.String,
        }
    )


def relayed_calls(calls: pl.DataFrame, upstream: pl.Series) -> pl.DataFrame:
    """Calls a relay placed as the other half of a call from one of ``upstream`` that it — or a number that
    had used its handset before — had answered, the two ending together (``features.bridged``, found by
    ``detect.bridges`` as detection finds them): ``call_id, relay, person, start_time, duration_s, upstream,
    desk, desk_time``. A ring abroad never calls its victims itself; a relay desk or a card with forwarding
    set puts each call through, so the people it reached are the callees of the relay's bridging calls.
    ``desk``: the number that answered the call in (the relay itself, or another card of its handset), at
    ``desk_time``. Without ``caller_imei`` only calls bridged by the number that answered are found."""
    epoch = pl.col("start_time").dt.epoch("s")
    imei = (pl.col("caller_imei") if "caller_imei" in calls.columns else pl.lit(None, pl.String)).cast(
        pl.String
    )
    received = calls.filter(pl.col("caller").is_in(upstream.unique().implode())).select(
        pl.col("callee").alias("key"),
        epoch.alias("t"),
        pl.col("duration_s").alias("duration"),
        (pl.col("origin") == "international").alias("intl"),
        pl.col("caller").alias("other"),
    )
    # Only calls placed by a number that took such a call, or from a handset one of them used, can
    # bridge it: the rest of the records are never paired (nor held twice).
    desks = received["key"].unique().implode()
    uses = (
        calls.filter(pl.col("caller").is_in(desks))
        .select(imei.alias("group"), pl.col("caller").alias("key"), epoch.alias("first"))
        .drop_nulls("group")
        .group_by("group", "key")
        .agg(pl.col("first").min())
    )
    c = calls.filter(pl.col("caller").is_in(desks) | imei.is_in(uses["group"].unique().implode()))
    c = c.with_row_index("_row")
    placed = c.select(
        pl.col("caller").alias("key"),
        epoch.alias("t"),
        pl.col("duration_s").alias("duration"),
        imei.alias("imei"),
        pl.col("callee").alias("other"),
    )
    pairs = bridge_pairs(placed, received, uses).unique(["row", "up"])
    return pairs.join(c, left_on="row", right_on="_row").select(
        "call_id",
        pl.col("caller").alias("relay"),
        pl.col("callee").alias("person"),
        "start_time",
        "duration_s",
        pl.col("up").alias("upstream"),
        pl.col("at").alias("desk"),
        pl.from_epoch(pl.col("s"), "s").dt.replace_time_zone("UTC").alias("desk_time"),
    )


def _desks(relayed: pl.DataFrame) -> pl.DataFrame:
    """(``person``, ``fraud_number``) pairs where the person is a relay of the fraud number, not its
    victim: it put two of its calls through or more, or took two or more that were put through. Once
    is chance: a busy dialer's card on a cloned handset places calls that end within seconds of a
    call its victim took (a blind world's elderly subscriber would have gone unwarned)."""
    placed = relayed.group_by(pl.col("relay").alias("person"), "upstream").agg(
        pl.col("call_id").n_unique().alias("n")
    )
    took = relayed.group_by(pl.col("desk").alias("person"), "upstream").agg(
        pl.col("desk_time").n_unique().alias("n")
    )
    return (
        pl.concat([placed, took])
        .filter(pl.col("n") >= 2)
        .select("person", pl.col("upstream").alias("fraud_number"))
        .unique()
    )


def spoofed_calls(calls: pl.DataFrame) -> pl.DataFrame:
    """Calls through the international gateway presenting a domestic number (改号): the gateway never
    legitimately carries one, so the presented number is the fraud number of that call."""
    intl = calls.filter(pl.col("origin") == "international")
    if intl.is_empty():
        return intl
    callers = intl["caller"].unique().drop_nulls()
    kind = pl.DataFrame({"caller": callers, "_kind": kinds(callers)})
    return intl.join(kind, on="caller", how="left").filter(pl.col("_kind").is_in(_DOMESTIC)).drop("_kind")


def _abroad(spoofed: pl.DataFrame, home: pl.DataFrame, own: pl.Series, window_s: int) -> pl.DataFrame:
    """The gateway calls presenting one of the operator's own subscribers who placed no call on the
    domestic network within ``window_s`` either side: the subscriber is abroad. Every call an own
    subscriber places at home is in the records, so its absence says something; a forger presenting a
    local number does so while its owner goes on calling at home. (Another operator's subscriber is
    seen only when calling in: no such inference.)"""
    mine = spoofed.filter(pl.col("caller").is_in(own.implode()))
    if mine.is_empty():
        return mine
    placed = (
        home.filter(pl.col("caller").is_in(mine["caller"].unique().implode()))
        .select("caller", pl.col("start_time").alias("_home"))
        .sort("_home")
    )
    nearest = mine.sort("start_time").join_asof(
        placed,
        left_on="start_time",
        right_on="_home",
        by="caller",
        strategy="nearest",
        check_sortedness=False,  # (both sorted on the time above)
    )
    near = (pl.col("_home") - pl.col("start_time")).dt.total_seconds().abs() <= window_s
    return nearest.filter(~near.fill_null(False)).drop("_home")


def _not_acquainted(
    spoofed: pl.DataFrame,
    calls: pl.DataFrame,
    roaming: pl.Series | None,
    own: pl.Series | None = None,
    home_window_s: int = 0,
) -> pl.DataFrame:
    """Drop gateway calls that look like a subscriber abroad calling home: a number on the roaming
    list, an own subscriber (``own``) with no call at home within ``home_window_s`` of it (``_abroad``),
    a number the callee also talks to at home, or a +86 mobile that calls the same few people again
    and again (family). A forger picks presented numbers the callee does not know and rarely reuses
    one; official numbers and fixed lines have no such exception."""
    if spoofed.is_empty():
        return spoofed
    if roaming is not None:
        spoofed = spoofed.filter(~pl.col("caller").is_in(roaming.implode()))
    home = calls.filter(pl.col("origin") != "international")
    if own is not None and home_window_s > 0:
        abroad = _abroad(spoofed, home, own, home_window_s)
        spoofed = spoofed.join(abroad.select("call_id").unique(), on="call_id", how="anti")
    a = home.select(pl.col("caller").alias("_a"), pl.col("callee").alias("_b"))
    known = pl.concat([a, a.select(pl.col("_b").alias("_a"), pl.col("_a").alias("_b"))]).unique()
    spoofed = spoofed.join(known, left_on=["caller", "callee"], right_on=["_a", "_b"], how="anti")
    # (distinct callees counted from distinct pairs: ``n_unique`` inside a group-by miscounts strings
    # that canonicalisation scattered into a column, on Polars 2.1)
    distinct = spoofed.select("caller", "callee").unique().group_by("caller").agg(pl.len().alias("_k"))
    habit = (
        spoofed.group_by("caller")
        .agg(pl.len().alias("_n"))
        .join(distinct, on="caller")
        .filter(
            (pl.col("_k") <= 3)
            & (pl.col("_n") >= 2 * pl.col("_k"))
            & pl.col("caller").str.starts_with("+861")
        )
    )
    return spoofed.join(habit.select("caller"), on="caller", how="anti")


def contacts(
    calls: pl.DataFrame,
    sms: pl.DataFrame | None,
    fraud_numbers: pl.Series,
    cfg: WarnConfig,
    roaming: pl.Series | None = None,
    own: pl.Series | None = None,
    counted: pl.Series | None = None,
) -> pl.DataFrame:
    """Every record linking a person and a fraud number: ``person, fraud_number, kind, time,
    duration_s, ref``. Kinds: ``call_in`` (answered call from the number), ``ring`` (unanswered or
    one-ring call from it), ``callback`` (the person called it), ``spoofed`` (answered spoofed call),
    ``sms``/``sms_link`` (a message from it, with or without a link), ``relayed`` (a call a relay that
    is not flagged itself put through from it: ``via`` the relay; a flagged relay's call is its own
    ``call_in``). A relay is not a victim of the number whose calls it put through (``_desks``): a
    warning would reach the ring's own desk. ``own``: the operator's subscribers, whose calls through
    the gateway are not spoofed while they are abroad (``_abroad``). ``counted``: the fraud numbers
    whose every contact counts (default: all; a ``watch`` number's count only when long), so a call
    put through by a relay that is not one of them is the upstream number's."""
    fraud = fraud_numbers.unique().implode()
    parts = [_empty_contacts()]
    c = calls.select("call_id", "caller", "callee", "start_time", "duration_s", "origin")
    incoming = c.filter(pl.col("caller").is_in(fraud))
    parts.append(
        incoming.select(
            pl.col("callee").alias("person"),
            pl.col("caller").alias("fraud_number"),
            pl.when(pl.col("duration_s") > cfg.one_ring_s)
            .then(pl.lit("call_in"))
            .otherwise(pl.lit("ring"))
            .alias("kind"),
            pl.col("start_time").alias("time"),
            pl.col("duration_s").cast(pl.Int64),
            pl.col("call_id").alias("ref"),
        )
    )
    outgoing = c.filter(pl.col("callee").is_in(fraud))
    parts.append(
        outgoing.select(
            pl.col("caller").alias("person"),
            pl.col("callee").alias("fraud_number"),
            pl.lit("callback").alias("kind"),
            pl.col("start_time").alias("time"),
            pl.col("duration_s").cast(pl.Int64),
            pl.col("call_id").alias("ref"),
        )
    )
    answered = spoofed_calls(c).filter(pl.col("duration_s") > 0)
    # (a flagged number is presumed nobody abroad: a card forwarding a ring's calls carries them in
    # through the gateway under its own number, and places nothing at home)
    unflagged = None if own is None else own.filter(~own.is_in(fraud))
    spoofed = _not_acquainted(answered, c, roaming, unflagged, cfg.home_window_s)
    parts.append(
        spoofed.select(
            pl.col("callee").alias("person"),
            pl.col("caller").alias("fraud_number"),
            pl.lit("spoofed").alias("kind"),
            pl.col("start_time").alias("time"),
            pl.col("duration_s").cast(pl.Int64),
            pl.col("call_id").alias("ref"),
        )
    )
    relayed = relayed_calls(calls, fraud_numbers)
    desks = _desks(relayed)
    relayed = relayed.filter(~pl.col("relay").is_in(fraud if counted is None else counted.implode()))
    parts.append(
        relayed.select(
            "person",
            pl.col("upstream").alias("fraud_number"),
            pl.lit("relayed").alias("kind"),
            pl.col("start_time").alias("time"),
            pl.col("duration_s").cast(pl.Int64),
            pl.col("call_id").alias("ref"),
            pl.col("relay").alias("via"),
        )
    )
    if sms is not None and not sms.is_empty():
        text = pl.col("text") if "text" in sms.columns else pl.lit(None, pl.String)
        parts.append(
            sms.filter(pl.col("sender").is_in(fraud)).select(
                pl.col("receiver").alias("person"),
                pl.col("sender").alias("fraud_number"),
                pl.when(text.str.contains(_LINK).fill_null(False))
                .then(pl.lit("sms_link"))
                .otherwise(pl.lit("sms"))
                .alias("kind"),
                pl.col("send_time").alias("time"),
                pl.lit(0, pl.Int64).alias("duration_s"),
                pl.col("sms_id").alias("ref"),
            )
        )
    return (
        pl.concat(parts, how="diagonal_relaxed")
        .filter(pl.col("person").is_not_null() & (pl.col("person") != pl.col("fraud_number")))
        .join(desks, on=["person", "fraud_number"], how="anti")
    )


def _bank_calls(calls: pl.DataFrame, cfg: WarnConfig) -> pl.DataFrame:
    bank = pl.any_horizontal([pl.col("callee").str.starts_with(p) for p in cfg.bank_prefixes])
    return calls.filter(bank & (pl.col("callee").str.len_chars() <= 8)).select(
        pl.col("caller").alias("person"), pl.col("start_time").alias("bank_time")
    )


def discover(
    calls: pl.DataFrame,
    flagged: pl.DataFrame,
    now: datetime,
    sms: pl.DataFrame | None = None,
    subscribers: pl.DataFrame | None = None,
    cfg: WarnConfig | None = None,
    roaming: pl.Series | None = None,
) -> pl.DataFrame:
    """Likely victims, most at risk first: one row per person with ``number, risk, exposure, reason,
    fraud_number, category, detected_at, age, guardians, last_contact, evidence`` (JSON).

    ``flagged`` needs ``number`` (canonical) and may carry ``typology``, ``category`` and
    ``detected_at``; spoofed calls need no flag. ``subscribers`` (``number, birth_year, guardians``)
    restricts warnings to the operator's own subscribers and gives age and guardians; without it any
    Chinese mobile can be warned.
    """
    cfg = cfg or WarnConfig()
    flags = _flags(flagged, cfg)
    own = subscribers["number"] if subscribers is not None else None
    counted = flags.filter(~pl.col("_long_only"))["number"]
    recs = contacts(calls, sms, flags["number"], cfg, roaming, own, counted)
    if cfg.lookback_s is not None:
        recs = recs.filter(pl.col("time") >= pl.lit(now) - pl.duration(seconds=cfg.lookback_s))
    recs = recs.filter(pl.col("time") <= pl.lit(now))
    if subscribers is not None:
        recs = recs.filter(pl.col("person").is_in(subscribers["number"].implode()))
    else:
        recs = recs.filter(pl.col("person").str.contains(_CN_MOBILE))
    # (a number at ``watch`` is still a person to warn: detection is not sure of it)
    recs = recs.filter(~pl.col("person").is_in(counted.implode()))
    pairs = _pairs(recs, flags, cfg)
    if pairs.is_empty():
        return _empty_victims()
    people = _people(pairs, recs, calls, cfg)
    people = _vulnerability(people, subscribers, now, cfg)
    return _rank(people, now, cfg)


def _flags(flagged: pl.DataFrame, cfg: WarnConfig) -> pl.DataFrame:
    """The flags that warn (``cfg.verdicts``, and ``watch`` for the longest calls only: ``_long_only``)."""
    cols = flagged.columns
    verdict = pl.col("verdict").cast(pl.String) if "verdict" in cols else pl.lit(None, pl.String)
    chosen = verdict.is_null() | verdict.is_in(list(cfg.verdicts))
    watched = (verdict == "watch") & pl.lit(cfg.watch_long_call_s > 0)
    flagged = flagged.filter(chosen | watched.fill_null(False))
    return flagged.select(
        pl.col("number").cast(pl.String),
        (pl.col("typology") if "typology" in cols else pl.lit(None, pl.String))
        .cast(pl.String)
        .alias("typology"),
        (pl.col("category") if "category" in cols else pl.lit(None, pl.String))
        .cast(pl.String)
        .alias("category"),
        (pl.col("detected_at") if "detected_at" in cols else pl.lit(None, pl.Datetime("us", "UTC")))
        .cast(pl.Datetime("us", "UTC"))
        .alias("flag_time"),
        pl.lit(True).alias("_flagged"),
        (~chosen).fill_null(False).alias("_long_only"),
    ).unique("number", keep="first")


def _pairs(recs: pl.DataFrame, flags: pl.DataFrame, cfg: WarnConfig) -> pl.DataFrame:
    """One row per (person, fraud number): what passed between them."""
    k = pl.col("kind")
    answered_in = k.is_in(["call_in", "spoofed", "relayed"])
    first_ring = pl.col("time").filter(k == "ring").min()
    pairs = recs.group_by("person", "fraud_number").agg(
        pl.len().alias("contacts"),
        answered_in.sum().alias("answered"),
        pl.col("duration_s")
        .filter(k.is_in(["call_in", "callback", "relayed"]))
        .max()
        .fill_null(0)
        .alias("longest_s"),
        pl.col("duration_s").filter(k == "spoofed").max().fill_null(0).alias("spoofed_s"),
        (k == "sms_link").sum().alias("sms_links"),
        first_ring.alias("first_ring"),
        pl.col("time").filter(k == "callback").max().alias("last_callback"),
        pl.col("time").filter(k != "ring").min().alias("first_contact"),
        pl.col("time").max().alias("last_contact"),
        pl.col("ref").sort_by("duration_s", descending=True).first().alias("top_ref"),
        pl.col("via").drop_nulls().unique().sort().alias("relays"),
    )
    pairs = pairs.join(flags, left_on="fraud_number", right_on="number", how="left").filter(
        ~pl.col("_long_only").fill_null(False) | (pl.col("longest_s") >= cfg.watch_long_call_s)
    )
    # A callback to a missed call from a domestic number is ordinary (and a long one is a long call);
    # one to a one-ring number abroad is the wangiri trap (premium rates, then the script).
    wangiri = (pl.col("typology") == "wangiri").fill_null(False) | (
        ~pl.col("fraud_number").str.starts_with("+86")
        & pl.col("first_ring").is_not_null()
        & (pl.col("first_ring") < pl.col("last_callback"))
        & (pl.col("last_callback") - pl.col("first_ring") <= pl.duration(seconds=cfg.callback_window_s))
        & (pl.col("answered") == 0)
    )
    return pairs.with_columns(
        (pl.col("longest_s") >= cfg.long_call_s).alias("long_call"),
        (pl.col("spoofed_s") >= cfg.spoofed_long_s).alias("spoofed_long_call"),
        (wangiri & pl.col("last_callback").is_not_null()).alias("wangiri_callback"),
        pl.col("_flagged").is_null().alias("spoofed"),
    )


def _people(pairs: pl.DataFrame, recs: pl.DataFrame, calls: pl.DataFrame, cfg: WarnConfig) -> pl.DataFrame:
    """Per person: the signals and the exposure they add up to (before vulnerability)."""
    strength = (
        pl.col("long_call").cast(pl.Float64) * (0.6 + 0.2 * (pl.col("longest_s") / 1800.0).clip(0, 1))
        + pl.col("spoofed_long_call").cast(pl.Float64)
        * (0.6 + 0.2 * (pl.col("spoofed_s") / 1800.0).clip(0, 1))
        + pl.col("wangiri_callback").cast(pl.Float64) * 0.6
        + (pl.col("sms_links") > 0).cast(pl.Float64) * 0.2
        + (pl.col("answered") > 0).cast(pl.Float64) * 0.1
        + (pl.col("contacts") >= 3).cast(pl.Float64) * 0.1
    )
    pairs = pairs.with_columns(strength.alias("_strength"))
    evidence = pl.struct(
        "fraud_number",
        "contacts",
        "answered",
        "longest_s",
        "spoofed_s",
        "sms_links",
        "wangiri_callback",
        "spoofed",
        "relays",
        pl.col("first_contact").dt.strftime("%Y-%m-%dT%H:%M:%SZ"),
        pl.col("last_contact").dt.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "top_ref",
    )
    people = (
        # strongest first; ties to the latest contact, then the number: the same file every run
        pairs.sort(["_strength", "last_contact", "fraud_number"], descending=[True, True, False])
        .group_by("person", maintain_order=True)
        .agg(
            pl.col("fraud_number").first(),
            pl.col("typology").first(),
            pl.col("category").first(),
            pl.col("spoofed").first(),
            (pl.col("relays").list.len() > 0).first().alias("via_relay"),
            pl.col("flag_time").first(),
            pl.col("_strength").first().alias("_top"),
            pl.col("_strength").sum().alias("_sum"),
            pl.col("long_call").any(),
            pl.col("spoofed_long_call").any(),
            pl.col("wangiri_callback").any(),
            (pl.col("sms_links") > 0).any().alias("sms_link"),
            (pl.col("contacts") >= 3).any().alias("repeated_contact"),
            ((pl.col("answered") + pl.col("sms_links")) > 0).sum().alias("_engaged"),
            (pl.col("answered") > 0).any().alias("answered_call"),
            pl.col("longest_s").max(),
            pl.col("spoofed_s").max(),
            pl.col("first_contact").min(),
            pl.col("last_contact").max(),
            pl.col("first_contact")
            .filter(pl.col("_strength") == pl.col("_strength").max())
            .min()
            .alias("_key_time"),
            evidence.alias("_evidence"),
        )
    )
    # A call to a bank soon after the first engaged contact: money may be moving.
    bank = _bank_calls(calls, cfg).join(people.select("person", "first_contact"), on="person")
    bank = (
        bank.filter(
            (pl.col("bank_time") > pl.col("first_contact"))
            & (pl.col("bank_time") - pl.col("first_contact") <= pl.duration(seconds=cfg.bank_window_s))
        )
        .group_by("person")
        .agg(pl.col("bank_time").min())
    )
    people = people.join(bank, on="person", how="left").with_columns(
        pl.col("bank_time").is_not_null().alias("bank_call_after"),
        (pl.col("_engaged") >= 2).alias("several_fraud_numbers"),
    )
    exposure = (
        pl.col("_top")
        + 0.25 * (pl.col("_sum") - pl.col("_top"))
        + pl.col("bank_call_after").cast(pl.Float64) * 0.3
        + pl.col("several_fraud_numbers").cast(pl.Float64) * 0.1
    )
    return people.with_columns(exposure.clip(0, 1).alias("exposure"))


def _vulnerability(
    people: pl.DataFrame, subscribers: pl.DataFrame | None, now: datetime, cfg: WarnConfig
) -> pl.DataFrame:
    if subscribers is not None and "birth_year" in subscribers.columns:
        cols = [pl.col("number").alias("person"), pl.col("birth_year").cast(pl.Int64)]
        if "guardians" in subscribers.columns:
            cols.append(pl.col("guardians").cast(pl.String))
        info = subscribers.select(cols).unique("person", keep="first")
        people = people.join(info, on="person", how="left")
    else:
        people = people.with_columns(pl.lit(None, pl.Int64).alias("birth_year"))
    if "guardians" not in people.columns:
        people = people.with_columns(pl.lit(None, pl.String).alias("guardians"))
    age = pl.lit(now.year) - pl.col("birth_year")
    return people.with_columns(
        age.alias("age"),
        (age >= cfg.elderly_age).fill_null(False).alias("elderly"),
    )


def _rank(people: pl.DataFrame, now: datetime, cfg: WarnConfig) -> pl.DataFrame:
    vuln = pl.when(pl.col("age") >= 75).then(1.3).when(pl.col("elderly")).then(1.2).otherwise(1.0)
    since = (pl.lit(now) - pl.col("last_contact")).dt.total_seconds().clip(0)
    recency = 0.7 + 0.3 * (pl.lit(0.5) ** (since / cfg.recency_half_life_s))
    exposed = people.filter(pl.col("exposure") >= cfg.threshold).with_columns(
        (pl.col("exposure") * vuln).clip(0, 1).alias("_vulnerable_exposure")
    )
    reason = pl.concat_str(
        [pl.when(pl.col(s)).then(pl.lit(s)) for s in SIGNALS], separator=";", ignore_nulls=True
    )
    detected = pl.max_horizontal(pl.col("_key_time"), pl.col("flag_time"))
    out = exposed.with_columns(
        (pl.col("_vulnerable_exposure") * recency).round(4).alias("risk"),
        pl.col("exposure").round(4),
        reason.alias("reason"),
        detected.alias("detected_at"),
        pl.concat_str(
            pl.lit("["),
            pl.col("_evidence").list.eval(pl.element().struct.json_encode()).list.join(","),
            pl.lit("]"),
        ).alias("evidence"),
    )
    return (
        out.rename({"person": "number"})
        .select(_VICTIM_COLUMNS)
        .sort(["risk", "number"], descending=[True, False])
    )


_VICTIM_COLUMNS = [
    "number",
    "risk",
    "exposure",
    "reason",
    "fraud_number",
    "typology",
    "category",
    "spoofed",
    "detected_at",
    "age",
    "elderly",
    "guardians",
    "longest_s",
    "last_contact",
    "evidence",
]


def _empty_victims() -> pl.DataFrame:
    return pl.DataFrame(
        schema={
            "number": pl.String,
            "risk": pl.Float64,
            "exposure": pl.Float64,
            "reason": pl.String,
            "fraud_number": pl.String,
            "typology": pl.String,
            "category": pl.String,
            "spoofed": pl.Boolean,
            "detected_at": pl.Datetime("us", "UTC"),
            "age": pl.Int64,
            "elderly": pl.Boolean,
            "guardians": pl.String,
            "longest_s": pl.Int64,
            "last_contact": pl.Datetime("us", "UTC"),
            "evidence": pl.String,
        }
    )
