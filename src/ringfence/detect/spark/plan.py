"""Every declared feature at every event where a number acts, as Spark DataFrame operations.

Input: the canonical on-time records (``calls``: seq, t, duration, origin, caller, callee, imei,
cell, region; ``messages``: seq, t, origin, fraud_text, sender, receiver; ``subscribers``: number,
sub_home, activated, holder_cards, holder — times epoch seconds; ``holder``: ``holders.holder_of``).
Records become events (``detect/events.py``); features are window functions partitioned by number:

* ``sum`` over a window: a range frame ``(t - window, t]`` on event time (a range frame includes
  every event of the same second: the tie-inclusive semantics of ``features.py``); ``all``: from the
  key's first event;
* ``max``: the same frames with ``max``;
* ``distinct``: a running count of the first event (by ``(t, seq, role)``) of each (key, value)
  pair where the measure holds;
* the stateful measures (``sequential``, ``callback``) and the cross-key features (numbers per
  handset, new cards per cell) by the definitions in ``features.py``: their functions are applied to
  Spark columns where they are written generically, and the few steps that are not are named here;
* ``known`` and ``tied`` (``detect.acquaintance``): the same per-pair first counting seconds
  (``known_from``, ``tied_from``) as joins over the calls, in ``_acquaintance``.

The feature list is generated from ``BASE_FEATURES``/``DERIVED``/``CROSS_FEATURES``/``KEY_ATTRIBUTES``
and checked against ``FEATURE_NAMES``: a declaration this plan does not know (a new aggregation, a new
stateful measure, a new cross-key feature) raises ``SparkCompileError`` before anything runs.
"""

from __future__ import annotations

from collections.abc import Iterator

import polars as pl
import pyarrow as pa
from pyspark.sql import Column, DataFrame, Window
from pyspark.sql import functions as F  # noqa: N812

from ringfence.detect.events import IN, OUT, ROLES, SMS_IN, SMS_OUT
from ringfence.detect.features import (
    BASE_FEATURES,
    BRIDGE_MIN_S,
    BRIDGE_WINDOW_S,
    CARD_FACTS,
    CROSS_FEATURES,
    DERIVED,
    FEATURE_NAMES,
    HANDSET_CELLS_CAP,
    KEY_ATTRIBUTES,
    MEASURES,
    NEW_CARD_DAYS,
    bridged,
    callback,
    sequential,
    shared_handset,
)
from ringfence.detect.spark.measures import SparkCompileError, stateless_measures
from ringfence.localtime import DEFAULT_TIMEZONE, check_zone, fixed_offset_s

__all__ = ["ACTING_COLUMNS", "col_of", "event_frame", "features_at", "unknown_declarations"]

STATEFUL = ("sequential", "callback", "known", "tied", "shared_handset", "bridged", "bridged_intl")
CROSS = (
    "handset.numbers",
    "cell.new_cards",
    "handset.repeat_numbers",
    "handset.cells",
    "handset.holders",
    "relayed.reach",
)
#: The columns the cross-key values travel in (``x0``… in ``CROSS``'s order: ``features_at`` reads them).
_CROSS_COLUMNS = tuple(f"x{i}" for i in range(len(CROSS)))
AGGS = ("sum", "max", "distinct")
_ACTING = (OUT, SMS_OUT)

#: Safe Spark column names for the declared names (which hold dots, brackets and ``@``).
_SAFE: dict[str, str] = {name: f"f{i}" for i, name in enumerate(FEATURE_NAMES)}
#: What ``features_at`` returns beside the features.
ACTING_COLUMNS = ("key", "t", "seq", "role", "role_ix", "first_t")


def col_of(feature: str) -> str:
    """The Spark column that holds a declared feature."""
    return _SAFE[feature]


def unknown_declarations() -> list[str]:
    """Declarations the plan cannot compile (empty when it can compile them all)."""
    problems = []
    for f in BASE_FEATURES:
        if f.agg not in AGGS:
            problems.append(f"{f.name}: aggregation {f.agg!r}")
        if f.measure not in MEASURES:
            problems.append(f"{f.name}: measure {f.measure!r} is not declared")
        elif MEASURES[f.measure].expr is None and f.measure not in STATEFUL:
            problems.append(f"{f.name}: stateful measure {f.measure!r} has no Spark plan")
        if f.agg == "distinct" and f.value not in ("other", "imei", "cell", "day"):
            problems.append(f"{f.name}: distinct over {f.value!r}")
        if f.key != "number":
            problems.append(f"{f.name}: key {f.key!r}")
    problems.extend(f"cross-key feature {c!r} has no Spark plan" for c in CROSS_FEATURES if c not in CROSS)
    planned = {
        *(f.name for f in BASE_FEATURES),
        *CROSS_FEATURES,
        *(f"number.max({c})@all" for c in CROSS_FEATURES),
        "number.card_age_days",
        *CARD_FACTS,
        *KEY_ATTRIBUTES,
        *(d.name for d in DERIVED),
    }
    problems.extend(f"feature {n!r} has no Spark plan" for n in FEATURE_NAMES if n not in planned)
    return problems


def _check() -> None:
    problems = unknown_declarations()
    if problems:
        raise SparkCompileError("the Spark engine cannot compile: " + "; ".join(problems))


# -- events ------------------------------------------------------------------------------------------
def _role_ix(role: str) -> Column:
    return F.lit(ROLES.index(role)).cast("int")


def _local_hour(t: Column, zone: str) -> Column:
    """``localtime.local_hour`` in Spark: the fixed offset when the zone has one, else the zone's
    rules (the session's time zone is UTC, so ``hour`` reads the shifted wall clock)."""
    offset = fixed_offset_s(zone)
    if offset is not None:
        return F.floor(F.pmod(t + F.lit(offset), F.lit(86_400)) / 3600).cast("int")
    check_zone(zone)
    return F.hour(F.from_utc_timestamp(F.timestamp_seconds(t), zone)).cast("int")


def _local_day(t: Column, zone: str) -> Column:
    """``localtime.local_day`` in Spark: days since 1970-01-01 of the local date."""
    offset = fixed_offset_s(zone)
    if offset is not None:
        return F.floor((t + F.lit(offset)) / 86_400).cast("long")
    check_zone(zone)
    local = F.to_date(F.from_utc_timestamp(F.timestamp_seconds(t), zone))
    return F.datediff(local, F.lit("1970-01-01").cast("date")).cast("long")


def _card_age(t: Column, activated: Column) -> Column:
    """``batch.card_age_days``: the difference as a double times the reciprocal of a day."""
    return (t - activated).cast("double") * F.lit(1.0 / 86_400)


def _first_uses(uses: DataFrame) -> DataFrame:
    """Distinct (``group``, ``key``) with the ``first`` time (null groups ignored)."""
    return uses.where(F.col("group").isNotNull()).groupBy("group", "key").agg(F.min("t").alias("first"))


def _count_by(queries: DataFrame, pairs: DataFrame, name: str) -> DataFrame:
    """For every query (``seq``, ``group``, ``t``): the number of pairs of its group first used at
    or before ``t`` (an as-of count: pairs and queries in one frame ordered by time, pairs weighing
    1; a range frame takes every row of the same second, so a first use at ``t`` counts)."""
    rows = queries.select("seq", "group", "t", F.lit(0).alias("w")).unionByName(
        pairs.select(
            F.lit(None).cast("string").alias("seq"), "group", F.col("first").alias("t"), F.lit(1).alias("w")
        )
    )
    window = Window.partitionBy("group").orderBy("t").rangeBetween(Window.unboundedPreceding, 0)
    return (
        rows.withColumn(name, F.sum("w").over(window).cast("long")).where(F.col("w") == 0).select("seq", name)
    )


def _cities(frame: DataFrame, source: str, target: str) -> DataFrame:
    """``region_city`` of the column ``source`` (on the executors, with the local engine's code)."""
    from ringfence.detect.numbering import region_cities as polars_cities

    def convert(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        for batch in batches:
            df = pl.from_arrow(batch)
            assert isinstance(df, pl.DataFrame)
            out = df.with_columns(polars_cities(df[source]).alias(target))
            yield from out.to_arrow().to_batches()

    schema = f"{', '.join(f'`{c}` {t}' for c, t in frame.dtypes)}, `{target}` string"
    return frame.mapInArrow(convert, schema)


def _homes(callers: DataFrame) -> DataFrame:
    """The home city of every calling number: the subscriber's home region, else the numbering
    plan's (``columnar._Places``)."""
    from ringfence.detect.numbering import plan_homes

    def plan(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        for batch in batches:
            df = pl.from_arrow(batch)
            assert isinstance(df, pl.DataFrame)
            yield from df.with_columns(plan_homes(df["key"]).alias("plan_home")).to_arrow().to_batches()

    keys = callers.select("key", "sub_home").mapInArrow(plan, "key string, sub_home string, plan_home string")
    homes = keys.select("key", F.coalesce("sub_home", "plan_home").alias("home_region"))
    return _cities(homes, "home_region", "_home").select("key", "_home")


def _key_attributes(keys: DataFrame) -> DataFrame:
    """``features.key_attributes`` of every key (``numbering.key_attribute_frame``, on the executors)."""
    from ringfence.detect.numbering import key_attribute_frame

    names = list(KEY_ATTRIBUTES)

    def attrs(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        for batch in batches:
            df = pl.from_arrow(batch)
            assert isinstance(df, pl.DataFrame)
            out = key_attribute_frame(df["key"], df["key"]).rename({n: col_of(n) for n in names})
            yield from out.to_arrow().to_batches()

    schema = "key string, " + ", ".join(f"{col_of(n)} double" for n in names)
    return keys.mapInArrow(attrs, schema)


def event_frame(
    calls: DataFrame,
    messages: DataFrame | None,
    subscribers: DataFrame,
    zone: str = DEFAULT_TIMEZONE,
    previous: DataFrame | None = None,
) -> DataFrame:
    """The events of ``detect/events.py`` with every column a measure reads: ``key``, ``t``,
    ``seq``, ``role``, ``role_ix`` (the role's place in ``ROLES``: the tie order), ``other``,
    ``duration``, ``origin``, ``imei``, ``off_site``, ``card_age_days``, ``holder_cards``,
    ``local_hour``, ``day``, ``fraud_text`` and the cross-key values at placed calls. ``previous``:
    (``key``, ``previous``), the holders' earlier numbers by identity
    (``acquaintance.previous_by_identity``); none: no identities."""
    _check()
    subs = subscribers.select(
        F.col("number").alias("key"),
        "sub_home",
        "activated",
        F.col("holder_cards").cast("long"),
        F.col("holder").cast("string"),
    )
    calls = calls.join(
        subs.select(F.col("key").alias("caller"), "activated", "sub_home", "holder_cards"),
        on="caller",
        how="left",
    ).withColumn("card_age_days", _card_age(F.col("t"), F.col("activated")))
    new_card = F.col("card_age_days").isNotNull() & (F.col("card_age_days") < NEW_CARD_DAYS)
    # Numbers per handset: first uses of every handset by every caller (``features.handset_use``: a
    # call to a service or short code is none), counted at those same calls.
    handset_calls = calls.where(F.col("imei").isNotNull() & F.col("callee").startswith("+")).select(
        "seq", F.col("imei").alias("group"), F.col("caller").alias("key"), "t"
    )
    handsets = _first_uses(handset_calls)
    handset_counts = _count_by(handset_calls, handsets, "x0")
    # Numbers that used a handset twice: the second use of every (handset, caller) pair (two uses in
    # one second: that second).
    nth = F.row_number().over(Window.partitionBy("group", "key").orderBy("t"))
    seconds = (
        handset_calls.withColumn("_n", nth)
        .where(F.col("_n") == 2)
        .select("group", "key", F.col("t").alias("first"))
    )
    repeat_counts = _count_by(handset_calls, seconds, "x2")
    # Cells of a handset: the first use of every (handset, cell) pair by a call that uses the handset.
    places = _first_uses(
        calls.where(
            F.col("imei").isNotNull() & F.col("cell").isNotNull() & F.col("callee").startswith("+")
        ).select(F.col("imei").alias("group"), F.col("cell").alias("key"), "t")
    )
    place_counts = _count_by(handset_calls, places, "x3").withColumn(
        "x3", F.least("x3", F.lit(HANDSET_CELLS_CAP))
    )
    # Holders of a handset's numbers: the first use of every (handset, holder) pair, the earliest of its
    # numbers' first uses (a number without an identity is its own holder).
    owners = (
        handsets.join(subs.select("key", "holder"), on="key", how="left")
        .select("group", F.coalesce("holder", "key").alias("key"), "first")
        .groupBy("group", "key")
        .agg(F.min("first").alias("first"))
    )
    owner_counts = _count_by(handset_calls, owners, "x4")
    # New cards per cell: first uses of every cell by a card, counted when the card was new then.
    cell_firsts = _first_uses(
        calls.where(F.col("activated").isNotNull()).select(
            F.col("cell").alias("group"), F.col("caller").alias("key"), "t"
        )
    ).join(subs.select("key", "activated"), on="key")
    age = _card_age(F.col("first"), F.col("activated"))
    fresh = cell_firsts.where(age.isNotNull() & (age < NEW_CARD_DAYS))
    cell_counts = _count_by(
        calls.where(F.col("cell").isNotNull() & new_card).select("seq", F.col("cell").alias("group"), "t"),
        fresh,
        "x1",
    )
    # Off-site: the caller's region (as a city) against the number's home city.
    homes = _homes(calls.select(F.col("caller").alias("key"), "sub_home").distinct())
    regions = _cities(calls.where(F.col("region").isNotNull()).select("region").distinct(), "region", "_here")
    known_tied = _acquaintance(calls, subs, handsets, previous)
    bridges, reach = _bridges(calls, handsets)
    # The relays' reach, counted at each call a number places (an as-of count by caller).
    reach_counts = _count_by(calls.select("seq", F.col("caller").alias("group"), "t"), reach, "x5")
    placed = (
        calls.join(handset_counts, on="seq", how="left")
        .join(cell_counts, on="seq", how="left")
        .join(repeat_counts, on="seq", how="left")
        .join(place_counts, on="seq", how="left")
        .join(owner_counts, on="seq", how="left")
        .join(reach_counts, on="seq", how="left")
        .join(known_tied, on=["caller", "callee"], how="left")
        .join(bridges, on="seq", how="left")
        .join(homes.withColumnRenamed("key", "caller"), on="caller", how="left")
        .join(F.broadcast(regions), on="region", how="left")
        .select(
            F.col("caller").alias("key"),
            "t",
            "seq",
            F.lit(OUT).alias("role"),
            _role_ix(OUT).alias("role_ix"),
            F.col("callee").alias("other"),
            F.col("duration").cast("long").alias("duration"),
            "origin",
            "imei",
            "cell",
            F.when(
                F.col("_here").isNotNull() & F.col("_home").isNotNull(), F.col("_here") != F.col("_home")
            ).alias("off_site"),
            "card_age_days",
            "holder_cards",
            F.lit(False).alias("fraud_text"),
            *_CROSS_COLUMNS,  # zero where a call is none of theirs: below, with the other events'
            F.coalesce(new_card & (F.col("known_from") <= F.col("t")), F.lit(False))
            .cast("long")
            .alias("known"),
            F.coalesce(new_card & (F.col("tied_from") <= F.col("t")), F.lit(False))
            .cast("long")
            .alias("tied"),
            "bridged",
            "bridged_intl",
        )
    )
    parts = [
        calls.select(
            F.col("callee").alias("key"),
            "t",
            "seq",
            F.lit(IN).alias("role"),
            _role_ix(IN).alias("role_ix"),
            F.col("caller").alias("other"),
            F.col("duration").cast("long").alias("duration"),
            "origin",
        )
    ]
    if messages is not None:
        for role, key, other in ((SMS_OUT, "sender", "receiver"), (SMS_IN, "receiver", "sender")):
            parts.append(
                messages.select(
                    F.col(key).alias("key"),
                    "t",
                    "seq",
                    F.lit(role).alias("role"),
                    _role_ix(role).alias("role_ix"),
                    F.col(other).alias("other"),
                    F.lit(0).cast("long").alias("duration"),
                    "origin",
                    (F.col("fraud_text") if role == SMS_OUT else F.lit(False)).alias("fraud_text"),
                )
            )
    others = parts[0]
    for p in parts[1:]:
        others = others.unionByName(p, allowMissingColumns=True)
    others = (
        others.join(subs.select("key", "activated", "holder_cards"), on="key", how="left")
        .select("*", _card_age(F.col("t"), F.col("activated")).alias("card_age_days"))
        .drop("activated")
    )
    events = placed.unionByName(others, allowMissingColumns=True)
    return events.withColumns(
        {
            "local_hour": _local_hour(F.col("t"), zone),
            "day": _local_day(F.col("t"), zone),
            "fraud_text": F.coalesce("fraud_text", F.lit(False)),
            **{x: F.coalesce(x, F.lit(0)).cast("long") for x in _CROSS_COLUMNS},
            "known": F.coalesce("known", F.lit(0)).cast("long"),
            "tied": F.coalesce("tied", F.lit(0)).cast("long"),
            "bridged": F.coalesce("bridged", F.lit(0)).cast("long"),
            "bridged_intl": F.coalesce("bridged_intl", F.lit(0)).cast("long"),
        }
    )


def _bridges(calls: DataFrame, handsets: DataFrame) -> tuple[DataFrame, DataFrame]:
    """(``seq``, ``bridged``, ``bridged_intl``) of the placed calls that bridge a received call
    (``features.bridged``): one of the caller's own, or one of a number that had placed a call from
    this call's handset (``handsets``: its first uses) in an earlier second; and the relays' reach
    (``group``: the caller of a call from abroad bridged, ``key``: the callee of the call bridging
    it, ``first``: the second after that call started, as ``detect.bridges.REACH_SCHEMA``). A
    received call and a placed call that can bridge it start at most ``BRIDGE_WINDOW_S`` apart, so
    they meet in one minute bucket or the next: an equi-join on (link, bucket) rather than a range
    join per link."""
    minute = F.lit(BRIDGE_WINDOW_S)
    received = calls.where(F.col("duration") >= BRIDGE_MIN_S).select(
        F.col("callee").alias("_number"),
        F.col("t").alias("_rt"),
        F.col("duration").cast("long").alias("_rd"),
        F.coalesce(F.col("origin") == "international", F.lit(False)).alias("_ri"),
        F.col("caller").alias("_up"),
    )
    own = received.select(
        F.concat(F.lit("n"), F.col("_number")).alias("_link"),
        "_rt",
        "_rd",
        "_ri",
        "_up",
        F.lit(None).cast("long").alias("_since"),
    )
    on_handset = received.join(
        handsets.select(
            F.col("key").alias("_number"), F.col("group").alias("_h"), F.col("first").alias("_since")
        ),
        on="_number",
    ).select(F.concat(F.lit("h"), F.col("_h")).alias("_link"), "_rt", "_rd", "_ri", "_up", "_since")
    halves = own.unionByName(on_handset).withColumn(
        "_bucket", F.explode(F.array(F.floor(F.col("_rt") / minute), F.floor(F.col("_rt") / minute) + 1))
    )
    legs = calls.where(F.col("duration") >= BRIDGE_MIN_S).select(
        "seq", "t", F.col("duration").cast("long").alias("duration"), "caller", "callee", "imei"
    )
    placed = (
        legs.select("seq", "t", "duration", "callee", F.concat(F.lit("n"), F.col("caller")).alias("_link"))
        .unionByName(
            legs.where(F.col("imei").isNotNull()).select(
                "seq", "t", "duration", "callee", F.concat(F.lit("h"), F.col("imei")).alias("_link")
            )
        )
        .withColumn("_bucket", F.floor(F.col("t") / minute))
    )
    hit = _bridged(F.col("t"), F.col("duration"), F.col("_rt"), F.col("_rd")) & (
        F.col("_since").isNull() | (F.col("_since") < F.col("t"))
    )
    pairs = placed.join(halves, on=["_link", "_bucket"]).where(hit)
    flags = pairs.groupBy("seq").agg(
        F.lit(1).cast("long").alias("bridged"),
        F.max(F.col("_ri").cast("long")).alias("bridged_intl"),
    )
    reach = (
        pairs.where(F.col("_ri"))
        .groupBy(F.col("_up").alias("group"), F.col("callee").alias("key"))
        .agg((F.min("t") + 1).alias("first"))
    )
    return flags, reach


_NEVER = -(2**62)  # as ``acquaintance``: a previous number by identity counts from the start


def _acquaintance(
    calls: DataFrame, subs: DataFrame, handsets: DataFrame, previous: DataFrame | None
) -> DataFrame:
    """``acquaintance.acquaintance_from`` as joins: per (``caller``, ``callee``) pair of a card with an
    activation time, ``known_from`` and ``tied_from`` (null: never). Cards without one are never new,
    so their pairs are not asked (the local engine asks fewer still; the values it asks agree)."""
    pairs = calls.select("caller", "callee", "t")
    wanted = subs.where(F.col("activated").isNotNull()).select(F.col("key").alias("caller")).distinct()
    first_out = (
        pairs.join(wanted, on="caller", how="left_semi")
        .groupBy(F.col("caller").alias("key"), F.col("callee").alias("other"))
        .agg(F.min("t").alias("first"))
    )
    callees = first_out.select(F.col("other").alias("a")).distinct()
    both = pairs.select(F.col("caller").alias("a"), F.col("callee").alias("b"), "t").unionByName(
        pairs.select(F.col("callee").alias("a"), F.col("caller").alias("b"), "t")
    )
    contacts = (
        both.join(callees, on="a", how="left_semi")
        .where(F.col("a") != F.col("b"))
        .groupBy("a", "b")
        .agg(F.min("t").alias("tb"))
    )
    tied = (
        first_out.where(F.col("other") != F.col("key"))
        .join(contacts, first_out["other"] == contacts["a"])
        .where(F.col("b") != F.col("key"))
        .groupBy("key", F.col("b").alias("other"))
        .agg(F.min(F.greatest("first", "tb") + 1).alias("tied_from"))
    )
    uses = handsets.select("group", "key", "first")
    mine = uses.join(wanted.withColumnRenamed("caller", "key"), on="key", how="left_semi")
    theirs = uses.select("group", F.col("key").alias("key_p"), F.col("first").alias("first_p"))
    by_handset = (
        mine.join(theirs, on="group")
        .where((F.col("key_p") != F.col("key")) & (F.col("first_p") < F.col("first")))
        .select("key", F.col("key_p").alias("previous"), F.col("first").cast("long").alias("since"))
    )
    prev = by_handset
    if previous is not None:
        by_identity = previous.join(
            wanted.withColumnRenamed("caller", "key"), on="key", how="left_semi"
        ).select("key", "previous", F.lit(_NEVER).cast("long").alias("since"))
        prev = by_identity.unionByName(by_handset)
    prev = prev.groupBy("key", "previous").agg(F.min("since").alias("since"))
    callers_of = (
        pairs.where(F.col("caller") != F.col("callee"))
        .join(prev.select(F.col("previous").alias("callee")).distinct(), on="callee", how="left_semi")
        .groupBy(F.col("callee").alias("a"), F.col("caller").alias("b"))
        .agg(F.min("t").alias("tb"))
    )
    known = (
        prev.join(callers_of, prev["previous"] == callers_of["a"])
        .where(F.col("b") != F.col("key"))
        .groupBy("key", F.col("b").alias("other"))
        .agg(F.min(F.greatest("since", F.col("tb") + 1)).alias("known_from"))
    )
    return (
        first_out.select("key", "other")
        .join(known, on=["key", "other"], how="left")
        .join(tied, on=["key", "other"], how="left")
        .select(F.col("key").alias("caller"), F.col("other").alias("callee"), "known_from", "tied_from")
    )


# -- features -----------------------------------------------------------------------------------------
def _dialled(number: Column) -> Column:
    """``features.dialled_value``: the digits without leading ``+`` as a 64-bit integer, else null
    (out of range: null, as a failed cast is with ANSI mode off)."""
    digits = F.regexp_replace(number, r"^\++", "")
    return F.when(digits.rlike(r"^-?[0-9]+$"), digits.cast("long"))


class _Integer:
    """A Spark integer column with the arithmetic ``features.sequential`` applies to its values
    (Spark columns have no ``abs()``), so that the declared function itself is what runs."""

    def __init__(self, col: Column) -> None:
        self.col = col

    def __sub__(self, other: _Integer) -> _Integer:
        return _Integer(self.col - other.col)

    def __abs__(self) -> Column:
        return F.abs(self.col)

    def __ne__(self, other: object) -> Column:  # type: ignore[override]
        assert isinstance(other, _Integer)
        return self.col != other.col

    def __eq__(self, other: object) -> Column:  # type: ignore[override]
        assert isinstance(other, _Integer)
        return self.col == other.col

    __hash__ = None  # type: ignore[assignment]


def _sequential(value: Column, length: Column, previous: Column, previous_length: Column) -> Column:
    """``features.sequential`` on Spark columns."""
    try:
        out = sequential(_Integer(value), length, _Integer(previous), previous_length)  # type: ignore[call-overload]
    except (TypeError, AttributeError, AssertionError) as exc:
        raise SparkCompileError(f"features.sequential cannot be applied to Spark columns ({exc})") from exc
    if not isinstance(out, Column):
        raise SparkCompileError("features.sequential did not give a Spark column")
    return out


def _callback(t: Column, first_called: Column) -> Column:
    """``features.callback`` on Spark columns."""
    out = callback(t, first_called)  # type: ignore[call-overload]
    if not isinstance(out, Column):
        raise SparkCompileError("features.callback did not give a Spark column")
    return out


def _shared_handset(numbers: Column) -> Column:
    """``features.shared_handset`` on a Spark column."""
    out = shared_handset(numbers)  # type: ignore[call-overload]
    if not isinstance(out, Column):
        raise SparkCompileError("features.shared_handset did not give a Spark column")
    return out


def _bridged(t: Column, duration: Column, received: Column, received_duration: Column) -> Column:
    """``features.bridged`` on Spark columns."""
    out = bridged(t, duration, received, received_duration)  # type: ignore[call-overload]
    if not isinstance(out, Column):
        raise SparkCompileError("features.bridged did not give a Spark column")
    return out


def features_at(events: DataFrame) -> DataFrame:
    """Every declared feature (columns ``col_of(name)``) at every event where a number acts, with
    ``ACTING_COLUMNS``."""
    _check()
    order = ["t", "seq", "role_ix"]
    by_key = Window.partitionBy("key")
    running = by_key.orderBy("t").rangeBetween(Window.unboundedPreceding, 0)
    in_order = by_key.orderBy(*order)
    ev = events.withColumns(stateless_measures())

    # Event order as one comparable value: "first by (t, seq, role)" is a minimum over it, which
    # needs no sort of its own (a window without ORDER BY) and shares the partitioning of its pair.
    pos = F.struct("t", "seq", "role_ix")
    placed_call = F.col("role") == OUT

    # sequential: a placed call against the key's previous placed call (in event order): the last
    # placed call before it (a struct, so that a callee that is not a number still counts as one).
    dialled = F.struct(_dialled(F.col("other")).alias("v"), F.length("other").alias("l"))
    previous = F.last(F.when(placed_call, dialled), ignorenulls=True).over(
        in_order.rowsBetween(Window.unboundedPreceding, -1)
    )
    ev = ev.withColumns({"_now": dialled, "_prev": previous})
    hit = _sequential(F.col("_now.v"), F.col("_now.l"), F.col("_prev.v"), F.col("_prev.l"))
    ev = ev.withColumn("sequential", (placed_call & F.coalesce(hit, F.lit(False))).cast("long"))

    # callback: the first call from Y to X after X first called Y.
    pair = Window.partitionBy("key", "other")
    first_out = F.min(F.when(placed_call, F.col("t"))).over(pair)
    ev = ev.withColumn(
        "_cb", F.coalesce((F.col("role") == IN) & _callback(F.col("t"), first_out), F.lit(False))
    )
    first_cb = F.min(F.when(F.col("_cb"), pos)).over(pair)
    ev = ev.withColumn(
        "callback", (F.col("_cb") & F.col("other").isNotNull() & (pos == first_cb)).cast("long")
    )

    # shared_handset: a placed call from a handset that had carried three numbers by then (x0 is the
    # cross feature handset.numbers, 0 where the call is no use of a known handset).
    placed_shared = placed_call & _shared_handset(F.coalesce(F.col("x0"), F.lit(0)))
    ev = ev.withColumn("shared_handset", placed_shared.cast("long"))

    # distinct: first sightings of (key, value) where the measure holds.
    firsts: dict[tuple[str, str], str] = {}
    for f in BASE_FEATURES:
        if f.agg == "distinct":
            assert f.value is not None
            name = f"_d{len(firsts)}"
            firsts[(f.measure, f.value)] = name
            held = F.col(f.measure) > 0
            first = F.min(F.when(held, pos)).over(Window.partitionBy("key", f.value))
            ev = ev.withColumn(name, (held & F.col(f.value).isNotNull() & (pos == first)).cast("long"))

    feats: dict[str, Column] = {}
    for f in BASE_FEATURES:
        frame = running if f.window is None else by_key.orderBy("t").rangeBetween(-(f.window - 1), 0)
        if f.agg == "sum":
            value = F.sum(f.measure).over(frame)
        elif f.agg == "max":
            value = F.max(f.measure).over(frame)
        else:
            assert f.value is not None
            value = F.sum(firsts[(f.measure, f.value)]).over(frame)
        feats[col_of(f.name)] = value.cast("double")
    for name, x in zip(CROSS, _CROSS_COLUMNS, strict=True):
        feats[col_of(name)] = F.col(x)
        feats[col_of(f"number.max({name})@all")] = F.max(x).over(running).cast("double")
    feats[col_of("number.card_age_days")] = F.col("card_age_days")
    feats[col_of("number.holder_cards")] = F.col("holder_cards").cast("double")
    feats["first_t"] = F.min(F.when(F.col("role").isin(*_ACTING), F.col("t"))).over(by_key)
    ev = ev.withColumns(feats).where(F.col("role").isin(*_ACTING))

    attrs = _key_attributes(ev.select("key").distinct())
    ev = ev.join(attrs, on="key", how="left")
    derived: dict[str, Column] = {}
    for d in DERIVED:
        num, den = F.col(col_of(d.numerator)), F.col(col_of(d.denominator))
        ratio = F.when(den > 0, num / den).otherwise(F.lit(0.0))
        derived[col_of(d.name)] = (
            F.when(den > 0, 1.0 - ratio).otherwise(F.lit(0.0)) if d.complement else ratio
        )
    ev = ev.withColumns(derived)
    return ev.select(*ACTING_COLUMNS, *(col_of(n) for n in FEATURE_NAMES))
