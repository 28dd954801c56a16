"""Detection at operator scale: compact records, cross-key features once, then keys in chunks.

Records are compacted batch by batch as they are read: numbers, handsets, cells and regions become
exact integer codes (``ringfence.detect.codes``), times epoch seconds, and only what detection reads
is kept, so 10M call records take well under 1 GB. Late records are split off in arrival order with
the streaming engine's rule, carried across batches.

Every feature but two is a function of one key's events, and so is everything a run reports about a
number, so keys are processed in chunks (by a hash of the key): a chunk's events are built, sorted,
featured (at the events where a number acts), scored and reduced to its flagged numbers, hits,
timelines and scores before the next chunk starts. Memory is bounded by the chunk, and time grows
linearly with the records. The two cross-key features (numbers per handset, new cards per cell) are
computed over all placed calls first.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import polars as pl

from ringfence.detect.batch import (
    ACTING,
    ROLE,
    cross_features,
    features_at,
    local_hour,
    off_site_pairs,
)
from ringfence.detect.codes import Codes
from ringfence.detect.events import IN, OUT, SMS_IN, SMS_OUT
from ringfence.detect.features import CROSS_FEATURES, NEW_CARD_DAYS
from ringfence.detect.numbering import plan_homes
from ringfence.ingest import QuarantineFile, ReadSummary, RecordKind, RecordReader, reasons
from ringfence.ingest.contract import CONTRACTS

__all__ = ["CHUNK_EVENTS", "Records", "chunks", "read_compact"]

Progress = Callable[[str], None]

#: Events per chunk: bounds memory (~0.5 KB per event while a chunk is featured and scored).
CHUNK_EVENTS = 2_500_000

ORIGIN = pl.Enum(["intra", "inter", "international", "unknown"])


@dataclass
class Records:
    """Compacted on-time records of one kind and what reading them did."""

    frame: pl.DataFrame
    summary: ReadSummary
    late: int = 0


@dataclass
class _LateSplit:
    """The late-record rule across batches: a record is late when it is older than the latest event
    time seen before it (in arrival order) minus the allowed lateness."""

    lateness_s: int
    seen: int | None = None
    raw: list[str] = field(default_factory=list)

    def split(self, batch: pl.DataFrame, time_col: str, names: Sequence[str]) -> pl.DataFrame:
        t = pl.col(time_col).dt.epoch("s")
        before = t.cum_max().shift(1)
        if self.seen is not None:
            before = pl.max_horizontal(before, pl.lit(self.seen, dtype=pl.Int64))
        late = batch.select((t < before - self.lateness_s).fill_null(False)).to_series()
        latest = batch.select(t.max()).item()
        if latest is not None:
            self.seen = latest if self.seen is None else max(self.seen, latest)
        if not late.any():
            return batch
        raw = batch.filter(late).select(
            pl.concat_str([pl.col(c).cast(pl.String).fill_null("") for c in names], separator=",")
        )
        self.raw.extend(raw.to_series().to_list())
        return batch.filter(~late)


def _digits(col: str) -> list[pl.Expr]:
    """A number as an integer and its length (for sequential dialling)."""
    return [
        pl.col(col).str.strip_chars_start("+").cast(pl.Int64, strict=False).alias("other_val"),
        pl.col(col).str.len_chars().alias("other_len"),
    ]


def _compact_calls(batch: pl.DataFrame, codes: Codes) -> pl.DataFrame:
    out = batch.select(
        pl.col("call_id").alias("seq"),
        pl.col("start_time").dt.epoch("s").alias("t"),
        *_digits("callee"),
        pl.col("duration_s").alias("duration"),
        pl.col("origin").cast(ORIGIN),
    )
    return out.with_columns(
        codes.encode(batch["caller"]).alias("caller"),
        codes.encode(batch["callee"]).alias("callee"),
        codes.encode(batch["caller_imei"]).alias("imei"),
        codes.encode(batch["caller_cell"]).alias("cell"),
        codes.encode(batch["caller_region"]).alias("region"),
    )


def _compact_messages(batch: pl.DataFrame, codes: Codes) -> pl.DataFrame:
    out = batch.select(
        pl.col("sms_id").alias("seq"),
        pl.col("send_time").dt.epoch("s").alias("t"),
        pl.col("origin").cast(ORIGIN),
    )
    return out.with_columns(
        codes.encode(batch["sender"]).alias("sender"), codes.encode(batch["receiver"]).alias("receiver")
    )


def read_compact(
    paths: Sequence[Path],
    kind: RecordKind,
    codes: Codes,
    quarantine: QuarantineFile | None,
    lateness_s: int,
    progress: Progress | None = None,
) -> Records:
    """Read, validate, split off late records (quarantined after the read, as ``late_record``) and
    compact calls or messages."""
    contract = CONTRACTS[kind]
    assert contract.time_column is not None
    compact = _compact_calls if kind is RecordKind.CALLS else _compact_messages
    reader = RecordReader(list(paths), kind, quarantine)
    split = _LateSplit(lateness_s)
    frames = []
    for batch in reader:
        on_time = split.split(batch, contract.time_column, contract.names)
        if on_time.height:
            frames.append(compact(on_time, codes))
        if progress is not None:
            progress(f"read {reader.summary.accepted:,} {kind.value}")
    if quarantine is not None and split.raw:
        reason = f"{reasons.LATE_RECORD}: more than {lateness_s} s older than records already seen"
        quarantine.write("(detect)", kind.value, ((0, reason, r) for r in split.raw))
    empty = compact(_empty(kind), codes)
    frame = pl.concat(frames) if frames else empty
    return Records(frame, reader.summary, len(split.raw))


def _empty(kind: RecordKind) -> pl.DataFrame:
    from ringfence.ingest.validate import canonical_schema

    return pl.DataFrame(schema=canonical_schema(CONTRACTS[kind]))


@dataclass
class Subscribers:
    """Per number code: its home region (as given) and activation time (epoch seconds)."""

    frame: pl.DataFrame  # key (UInt64), sub_home (String), activated (Int64)

    @classmethod
    def from_records(cls, subscribers: pl.DataFrame | None, codes: Codes) -> Subscribers:
        if subscribers is None or subscribers.height == 0:
            return cls(pl.DataFrame(schema={"key": pl.UInt64, "sub_home": pl.String, "activated": pl.Int64}))
        frame = subscribers.select(
            pl.col("home_region").alias("sub_home"),
            pl.col("activated_at").dt.epoch("s").alias("activated"),
        ).with_columns(codes.encode(subscribers["number"]).alias("key"))
        return cls(
            frame.unique("key", keep="first", maintain_order=True).select("key", "sub_home", "activated")
        )


# -- the chunked pass ---------------------------------------------------------------------------------
def _with_cross_features(calls: pl.DataFrame, subs: Subscribers) -> pl.DataFrame:
    """Adds ``handset.numbers`` and ``cell.new_cards`` to every call (as seen by its caller)."""
    activated = (
        calls.select(pl.col("caller").alias("key"))
        .join(subs.frame.select("key", "activated"), on="key", how="left", maintain_order="left")
        .get_column("activated")
    )
    age = (calls["t"] - activated) / 86_400
    placed = calls.select(
        pl.col("caller").alias("key"),
        "t",
        "imei",
        "cell",
        (age.is_not_null() & (age < NEW_CARD_DAYS)).alias("new_card"),
    )
    cross = cross_features(placed)
    return calls.with_columns(cross[name].cast(pl.UInt32) for name in CROSS_FEATURES)


def _part(col: str, k: int) -> pl.Expr:
    return (pl.col(col).hash(seed=7) % k).cast(pl.UInt32)


_PART = "_part"


def _chunk_events(
    calls: pl.DataFrame,
    messages: pl.DataFrame,
    k: int,
    c: int,
    codes: Codes,
    subs: Subscribers,
    homes_cache: dict[tuple[int, str], bool | None],
) -> pl.DataFrame:
    """All events of the keys in chunk ``c``, sorted by (key, t, seq, role)."""
    placed = calls.filter(_part("caller", k) == c).select(
        pl.col("caller").alias("key"),
        "t",
        "seq",
        pl.lit(OUT, ROLE).alias("role"),
        pl.col("callee").alias("other"),
        "other_val",
        "other_len",
        "duration",
        "origin",
        "imei",
        "region",
        *(pl.col(name).cast(pl.Int64) for name in CROSS_FEATURES),
    )
    placed = _with_off_site(placed, codes, subs, homes_cache)
    parts = [
        placed,
        calls.filter(_part("callee", k) == c).select(
            pl.col("callee").alias("key"),
            "t",
            "seq",
            pl.lit(IN, ROLE).alias("role"),
            pl.col("caller").alias("other"),
            "duration",
            "origin",
        ),
    ]
    if messages.height:
        for role, key, other in ((SMS_OUT, "sender", "receiver"), (SMS_IN, "receiver", "sender")):
            parts.append(
                messages.filter(_part(key, k) == c).select(
                    pl.col(key).alias("key"),
                    "t",
                    "seq",
                    pl.lit(role, ROLE).alias("role"),
                    pl.col(other).alias("other"),
                    pl.lit(0, pl.Int64).alias("duration"),
                    "origin",
                )
            )
    ev = pl.concat(parts, how="diagonal").sort("key", "t", "seq", "role")
    if subs.frame.height:
        ev = ev.join(subs.frame.select("key", "activated"), on="key", how="left", maintain_order="left")
        age = (pl.col("t") - pl.col("activated")) / 86_400
    else:
        age = pl.lit(None, pl.Float64)
    return ev.with_columns(
        age.alias("card_age_days"),
        local_hour(pl.col("t")).alias("local_hour"),
        *(pl.col(name).fill_null(0) for name in CROSS_FEATURES),
    )


def _with_off_site(
    placed: pl.DataFrame, codes: Codes, subs: Subscribers, cache: dict[tuple[int, str], bool | None]
) -> pl.DataFrame:
    """``off_site`` of placed calls: the caller's region is known and not the number's home city
    (the subscriber's home region, else the numbering plan's)."""
    keys = placed.select(pl.col("key").unique())
    homes = keys.join(subs.frame.select("key", "sub_home"), on="key", how="left").with_columns(
        plan_homes(codes.decode(keys["key"])).alias("plan_home")
    )
    homes = homes.select("key", pl.coalesce("sub_home", "plan_home").alias("home"))
    placed = placed.join(homes, on="key", how="left", maintain_order="left")
    pairs = placed.select("region", "home").drop_nulls().unique()
    known = [cache.get(p, ...) for p in pairs.iter_rows()]
    missing = pairs.filter(pl.Series([v is ... for v in known], dtype=pl.Boolean))
    if missing.height:
        judged = off_site_pairs(missing, codes.decode)
        for region, home, off in judged.iter_rows():
            cache[(region, home)] = off
    table = pairs.with_columns(pl.Series("off_site", [cache[p] for p in pairs.iter_rows()], dtype=pl.Boolean))
    return placed.join(table, on=["region", "home"], how="left", maintain_order="left").drop("home", "region")


def chunks(
    calls: pl.DataFrame,
    messages: pl.DataFrame,
    subs: Subscribers,
    codes: Codes,
    chunk_events: int = CHUNK_EVENTS,
) -> Iterator[pl.DataFrame]:
    """For each chunk of keys: every feature at every event where a number acts, with the event's
    ``key``, ``t``, ``seq`` and ``role`` (keys together, in event order)."""
    events = 2 * (calls.height + messages.height)
    k = max(1, math.ceil(events / chunk_events))
    calls = _with_cross_features(calls, subs)
    cache: dict[tuple[int, str], bool | None] = {}
    for c in range(k):
        ev = _chunk_events(calls, messages, k, c, codes, subs, cache)
        acting = np.flatnonzero(ev["role"].is_in(list(ACTING)).to_numpy())
        feats = features_at(ev, acting, numbers=codes.decode)
        ids = ev.select("key", "t", "seq", "role")[acting]
        del ev
        yield pl.concat([ids, feats], how="horizontal")
