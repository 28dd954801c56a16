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
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from typing import TypeVar

import numpy as np
import numpy.typing as npt
import polars as pl

from ringfence.detect.acquaintance import acquaintance_from, previous_by_identity
from ringfence.detect.batch import (
    ACTING,
    ROLE,
    FirstUses,
    acting_only,
    card_age_days,
    cross_counts,
    features_at,
    first_cells,
    hash_order,
    mix64,
    second_uses,
    settled_handsets,
    unsettled,
)
from ringfence.detect.bridges import Bridges, bridged_calls
from ringfence.detect.codes import Codes
from ringfence.detect.events import IN, OUT, SMS_IN, SMS_OUT
from ringfence.detect.features import CROSS_FEATURES, NEW_CARD_DAYS
from ringfence.detect.holders import holder_cards, holder_of
from ringfence.detect.late_tally import LateTally
from ringfence.detect.numbering import plan_homes, region_cities
from ringfence.detect.sms_text import fraud_text
from ringfence.ingest import ReadSummary, RecordKind, RecordReader, reasons
from ringfence.ingest.contract import CONTRACTS
from ringfence.ingest.source import Format, Input, format_of
from ringfence.ingest.twins import TwinRecords
from ringfence.ingest.validate import LINE, RAW, code_column, csv_line
from ringfence.localtime import DEFAULT_TIMEZONE, local_day, local_hour
from ringfence.ports.records import QuarantineSink, RecordSource
from ringfence.sorting import positions

__all__ = [
    "CHUNK_EVENTS",
    "WORKERS",
    "FirstUseLog",
    "Observer",
    "Records",
    "featured_chunks",
    "file_records",
    "read_compact",
]

Progress = Callable[[str], None]

#: Events per chunk: bounds memory (~0.5 KB per event while a chunk is featured and scored). Half a
#: million cost ~12% less CPU than a million (the arrays sorted and searched stay closer to the cache).
CHUNK_EVENTS = 500_000

#: Rows per batch read from Parquet files.
PARQUET_BATCH_ROWS = 500_000

#: Chunks processed at a time (each holds ~0.6 KB per event while it is featured and scored).
WORKERS = 2

T = TypeVar("T")

ORIGIN = pl.Enum(["intra", "inter", "international", "unknown"])


@dataclass
class Records:
    """Compacted on-time records of one kind and what reading them did."""

    frame: pl.DataFrame
    summary: ReadSummary
    late: int = 0
    twins: int = 0  # the second record of a call both switches wrote (``ingest.twins``)
    late_tally: LateTally = field(default_factory=LateTally)


#: Why a twin is set aside (``ingest.twins``).
TWIN_REASON = (
    f"{reasons.TWIN_RECORD}: the other switch's record (moc/mtc) of a call already read: same caller,"
    " callee, start and duration"
)


@dataclass
class _LateSplit:
    """The late-record rule across batches: a record is late when it is older than the latest event
    time seen before it (in arrival order) minus the allowed lateness. ``texts``: the text as read of
    lines of the batch being split (``RecordReader(keep_lines)``), when batches carry ``_line``.

    Of the on-time call records, the second of a call's two switch records (``ingest.twins``) is set
    aside too: ``twins`` holds their text, as ``raw`` holds the late records'."""

    lateness_s: int
    texts: Callable[[pl.Series], list[str]] | None = None
    seen: int | None = None
    raw: list[str] = field(default_factory=list)
    twins: list[str] = field(default_factory=list)
    pairs: TwinRecords | None = None  # the keys a twin can still come for (made at the first call)
    tally: LateTally = field(default_factory=LateTally)  # how late the late records were, by origin

    def __setstate__(self, state: dict[str, object]) -> None:
        """A split checkpointed before twins were set aside finds them from the restart, and one from
        before late records were tallied tallies them from the restart."""
        self.__dict__.update({"twins": [], "pairs": None, "tally": LateTally(), **state})

    def _texts(self, gone: pl.DataFrame, names: Sequence[str]) -> list[str]:
        """The text as read of records set aside: carried by every row (``RecordReader(keep_raw)``),
        made for their lines (``keep_lines``), or (stored records) their fields as a line."""
        if RAW in gone.columns:
            return list(gone[RAW].to_list())
        if LINE in gone.columns and self.texts is not None:
            return self.texts(gone[LINE])
        return list(gone.select(csv_line(list(names))).to_series().to_list())

    def split(self, batch: pl.DataFrame, time_col: str, names: Sequence[str]) -> pl.DataFrame:
        t = pl.col(time_col).dt.epoch("s")
        before = t.cum_max().shift(1)
        if self.seen is not None:
            before = pl.max_horizontal(before, pl.lit(self.seen, dtype=pl.Int64))
        behind = batch.select((before - t).alias("behind")).to_series()
        late = (behind > self.lateness_s).fill_null(False)
        latest = batch.select(t.max()).item()
        if latest is not None:
            self.seen = latest if self.seen is None else max(self.seen, latest)
        # The text as read goes with a record set aside; the others are not held any longer than
        # the reader holds them.
        extra = [c for c in (RAW, LINE) if c in batch.columns]
        if late.any():
            gone = batch.filter(late)
            origins = gone["origin"].cast(pl.String).to_list() if "origin" in gone.columns else None
            self.tally.add(behind.filter(late).to_list(), origins or [None] * gone.height)
            self.raw.extend(self._texts(gone, names))
            batch = batch.filter(~late)
        if TwinRecords.applies(batch):
            if self.pairs is None:
                self.pairs = TwinRecords(self.lateness_s)
            twin = self.pairs.find(batch, time_col, self.seen)
            if twin.any():
                self.twins.extend(self._texts(batch.filter(twin), names))
                batch = batch.filter(~twin)
        return batch.drop(extra)


#: Columns whose digit strings validation codes on the way (``RecordReader(digit_codes)``).
CODED = {
    RecordKind.CALLS: ("caller", "callee", "caller_imei", "caller_cell"),
    RecordKind.MESSAGES: (),
    RecordKind.SUBSCRIBERS: (),
}


def _compact_calls(batch: pl.DataFrame, codes: Codes) -> pl.DataFrame:
    out = batch.select(
        pl.col("call_id").alias("seq"),
        pl.col("start_time").dt.epoch("s").alias("t"),
        pl.col("duration_s").cast(pl.Int32).alias("duration"),  # validated: 0..48 h
        pl.col("origin").cast(ORIGIN),
    )

    def encode(name: str) -> pl.Series:
        known = code_column(name)  # codes that validation already found (RecordReader(digit_codes))
        return codes.encode(batch[name], batch[known] if known in batch.columns else None)

    return out.with_columns(
        encode("caller").alias("caller"),
        encode("callee").alias("callee"),
        encode("caller_imei").alias("imei"),
        encode("caller_cell").alias("cell"),
        encode("caller_region").alias("region"),
    )


def _compact_messages(batch: pl.DataFrame, codes: Codes) -> pl.DataFrame:
    out = batch.select(
        pl.col("sms_id").alias("seq"),
        pl.col("send_time").dt.epoch("s").alias("t"),
        pl.col("origin").cast(ORIGIN),
        fraud_text(batch["text"], batch["origin"]),  # texts are screened here and then dropped
    )
    return out.with_columns(
        codes.encode(batch["sender"]).alias("sender"), codes.encode(batch["receiver"]).alias("receiver")
    )


#: Batches read ahead of the one being compacted.
_COMPACT_AHEAD = 2

#: Sees every on-time batch of validated records (canonical types) before it is compacted, in
#: arrival order: how the model signal, the presented numbers and the fake-base-station report work
#: from the very records the rules see, without reading the input again.
Observer = Callable[[RecordKind, pl.DataFrame], None]


def file_records(
    paths: Sequence[Input],
    kind: RecordKind,
    quarantine: QuarantineSink | None = None,
    *,
    split_as_read: bool = False,
) -> RecordReader:
    """A file source as detection reads it: validation also hands on the codes of the digit strings
    it parsed (``CODED``), and Parquet is read in bigger batches (there the quarantine's order, by
    line within a batch and batches in order, does not depend on the batch size). Batches carry the
    text of each row as read, for late records; ``split_as_read``: for a caller that splits them off
    batch by batch as it reads (``read_compact``), batches carry their lines instead, and the text is
    made for the late ones only."""
    late_split = kind is not RecordKind.SUBSCRIBERS  # late records are quarantined with their text
    reader = RecordReader(
        list(paths),
        kind,
        quarantine,
        digit_codes=CODED[kind],
        keep_raw=late_split and not split_as_read,
        keep_lines=late_split and split_as_read,
    )
    if all(format_of(p) is Format.PARQUET for p in paths):
        reader.batch_rows = PARQUET_BATCH_ROWS
    return reader


def read_compact(
    source: RecordSource,
    codes: Codes,
    quarantine: QuarantineSink | None,
    lateness_s: int,
    progress: Progress | None = None,
    each: Callable[[pl.DataFrame], None] | None = None,
    observers: Sequence[Observer] = (),
) -> Records:
    """Read, split off late records (quarantined after the read, as ``late_record``) and compact
    calls or messages (``each`` sees every compacted batch, in order, in a helper thread;
    ``observers`` every on-time batch before compaction, in this thread)."""
    kind = source.kind
    contract = CONTRACTS[kind]
    assert contract.time_column is not None
    compact = _compact_calls if kind is RecordKind.CALLS else _compact_messages
    split = _LateSplit(lateness_s, source.raw_text if isinstance(source, RecordReader) else None)
    frames: list[pl.DataFrame] = []

    def compacted(batch: pl.DataFrame) -> pl.DataFrame:
        out = compact(batch, codes)
        if each is not None:
            each(out)
        return out

    # Batches are compacted in a helper thread of their own, one after the other (codes are handed
    # out in input order), while this thread decodes and deduplicates the next batch and the reader's
    # helper validates the one after: without it one core idled for a third of the read.
    with ThreadPoolExecutor(max_workers=1) as compactor:
        pending: deque[Future[pl.DataFrame]] = deque()
        for batch in source:
            on_time = split.split(batch, contract.time_column, contract.names)
            if on_time.height:
                pending.append(compactor.submit(compacted, on_time))
                for observe in observers:
                    observe(kind, on_time)
                while len(pending) > _COMPACT_AHEAD:  # bounds the batches held in memory
                    frames.append(pending.popleft().result())
            if progress is not None:
                progress(f"read {source.summary.accepted:,} {kind.value}")
        frames.extend(f.result() for f in pending)
    if quarantine is not None and split.raw:
        reason = f"{reasons.LATE_RECORD}: more than {lateness_s} s older than records already seen"
        quarantine.write("(detect)", kind.value, ((0, reason, r) for r in split.raw))
    if quarantine is not None and split.twins:
        quarantine.write("(detect)", kind.value, ((0, TWIN_REASON, r) for r in split.twins))
    empty = compact(_empty(kind), codes)
    frame = pl.concat(frames, rechunk=False) if frames else empty  # no copy
    return Records(frame, source.summary, len(split.raw), len(split.twins), split.tally)


def _empty(kind: RecordKind) -> pl.DataFrame:
    from ringfence.ingest.validate import canonical_schema

    return pl.DataFrame(schema=canonical_schema(CONTRACTS[kind]))


@dataclass
class Subscribers:
    """Per number code: its home region (as given), activation time (epoch seconds), the holder's
    numbers (``holders.holder_cards``) and the holder (``holders.holder_of``, as a code)."""

    # key (UInt64, ascending, unique), sub_home (String), activated, holder_cards (Int64), holder (UInt64)
    frame: pl.DataFrame
    #: (key, previous): the holder's earlier numbers by identity (``acquaintance.previous_by_identity``)
    previous: pl.DataFrame = field(
        default_factory=lambda: pl.DataFrame(schema={"key": pl.UInt64, "previous": pl.UInt64})
    )

    def activated_of(self, keys: pl.Series) -> pl.Series:
        """``activated`` of each key (null without a subscriber record), looked up in the
        subscribers (sorted by key when read) by ``_lookup``: a join would hash every subscriber
        again for each chunk of numbers."""
        return _lookup(self.frame, keys, "activated")

    @classmethod
    def from_records(cls, subscribers: pl.DataFrame | None, codes: Codes) -> Subscribers:
        if subscribers is None or subscribers.height == 0:
            schema = {
                "key": pl.UInt64,
                "sub_home": pl.String,
                "activated": pl.Int64,
                "holder_cards": pl.Int64,
                "holder": pl.UInt64,
            }
            return cls(pl.DataFrame(schema=schema))
        frame = subscribers.select(
            pl.col("home_region").alias("sub_home"),
            pl.col("activated_at").dt.epoch("s").alias("activated"),
        ).with_columns(codes.encode(subscribers["number"]).alias("key"))
        frame = frame.with_columns(
            subscribers[c] for c in ("id_hash", "operator") if c in subscribers.columns
        )
        previous = previous_by_identity(frame, number="key")
        counted = holder_cards(frame, number="key", region="sub_home")
        holder = holder_of(frame, number="key")
        holder = holder.with_columns(codes.encode(holder["holder"]))
        return cls(
            frame.unique("key", keep="first", maintain_order=True)
            .select("key", "sub_home", "activated")
            .join(counted, on="key", how="left")
            .join(holder, on="key", how="left")
            .sort("key"),
            previous.cast({"key": pl.UInt64, "previous": pl.UInt64}),
        )


# -- the chunked pass ---------------------------------------------------------------------------------
class FirstUseLog:
    """The first and second time each key used each handset, kept while calls are read (one small
    group-by per batch, merged now and then), so that no pass over all calls is needed later.

    ``codes`` are those of the calls' ``callee``: a call to a number written without a country code
    — a service or short code — is no use of the handset (``features.handset_use``)."""

    MERGE_ROWS = 2_000_000
    CELL_PARTS = 64
    #: (cell, handset) pairs taken in before they are merged (and each handset's cut to its first cells)
    CELL_MERGE_ROWS = 200_000

    def __init__(self, codes: Codes) -> None:
        self._codes = codes
        self._parts: list[pl.DataFrame] = []
        self._cell_parts: list[pl.DataFrame] = []
        self._cell_rows = self._cells_merged = 0
        #: handsets (``key``) with all their cells, as the last merge found them (``settled_handsets``)
        self._full = pl.DataFrame(schema={"key": pl.UInt64, "_last": pl.Int64})
        self._rows = self._merged = 0
        self.t_min: int | None = None
        self.t_max: int | None = None

    def add(self, calls: pl.DataFrame) -> None:
        """A batch of compacted calls."""
        if not calls.height:
            return
        lo, hi = int(calls["t"].min()), int(calls["t"].max())  # type: ignore[arg-type]
        self.t_min = lo if self.t_min is None else min(self.t_min, lo)
        self.t_max = hi if self.t_max is None else max(self.t_max, hi)
        calls = calls.filter(self._codes.plus(calls["callee"]))
        uses = calls.lazy().select(pl.col("imei").alias("group"), pl.col("caller").alias("key"), "t")
        self._parts.append(_first_uses(uses, second=True, in_order=calls["t"].is_sorted()))
        # The cells a handset was used in (one group-by on both: a phone on the move is in several),
        # only as many as ``handset.cells`` counts to: once a handset has them, only a call before
        # the latest of their first uses (a late record) can still change which they are.
        places = calls.select(pl.col("cell").alias("group"), pl.col("imei").alias("key"), "t").drop_nulls()
        places = unsettled(places, self._full, "key", "t")
        part = places.group_by("group", "key").agg(pl.col("t").min().alias("first"))
        self._cell_parts.append(part)
        self._cell_rows += part.height
        # A pair is kept once per part: merged when the rows taken in since the last merge are as
        # many as it left (geometric, so linear in total; stop 48 compared all the rows with it, so
        # once 200k pairs were kept every batch merged them all again: 10M calls, 13 s).
        if len(self._cell_parts) > self.CELL_PARTS or self._cell_rows > max(
            self.CELL_MERGE_ROWS, 2 * self._cells_merged
        ):
            merged = self._merged_cells()
            self._cell_parts = [merged]
            self._cell_rows = self._cells_merged = merged.height
            self._full = settled_handsets(merged, "key")
        self._rows += self._parts[-1].height
        if self._rows > max(self.MERGE_ROWS, 2 * self._merged):  # geometric: linear in total
            self._parts = [self._merge()]
            self._rows = self._merged = self._parts[0].height

    def _merge(self) -> pl.DataFrame:
        """The parts as one: the first two uses of a pair are the first two of its parts' first two."""
        if not self._parts:
            return pl.DataFrame(
                schema={"group": pl.UInt64, "key": pl.UInt64, "first": pl.Int64, "second": pl.Int64}
            )
        parts = pl.concat(self._parts).lazy()
        uses = pl.concat(
            [
                parts.select("group", "key", pl.col("first").alias("t")),
                parts.select("group", "key", pl.col("second").alias("t")).drop_nulls("t"),
            ]
        )
        return _first_uses(uses, second=True)

    def handset_cells(self) -> pl.DataFrame:
        """Distinct (``group``: handset, ``key``: cell) with the ``first`` time the handset was
        used in the cell, for each handset its ``HANDSET_CELLS_CAP`` cells of the earliest first
        uses (of cells first used at the same second, any): all ``handset.cells`` counts, which
        stop there."""
        if not self._cell_parts:
            return pl.DataFrame(schema={"group": pl.UInt64, "key": pl.UInt64, "first": pl.Int64})
        merged = self._merged_cells()
        return merged.select(pl.col("key").alias("group"), pl.col("group").alias("key"), "first")

    def _merged_cells(self) -> pl.DataFrame:
        """The parts of (cell, handset) first uses as one, each handset's first cells only."""
        merged = pl.concat(self._cell_parts).group_by("group", "key").agg(pl.col("first").min())
        return first_cells(merged, "key", "group").select("group", "key", "first")

    def first_and_second(self) -> tuple[pl.DataFrame, pl.DataFrame]:
        """Distinct (``group``, ``key``) with the ``first`` time, and those used twice or more with
        the second use as ``first`` (``batch.second_uses``), from one merge of the parts."""
        merged = self._merge()
        return merged.select("group", "key", "first"), second_uses(merged)


def _first_uses(uses: pl.LazyFrame, second: bool = False, in_order: bool = False) -> pl.DataFrame:
    """Distinct (``group``, ``key``) of ``uses`` (null groups ignored) with the ``first`` time, and
    with ``second`` the time of the pair's second use (null if used once; the first's if used twice
    in its first second).

    Most keys use one group (handset, cell) at a time, so the pairs are found by grouping on the key
    alone (an integer, twice as fast as two), and only the keys seen in several groups are grouped by
    both. ``in_order``: the uses are in time order (a file of calls as a switch writes it), so a
    group's first two rows are its first two uses, read without a search or a sort per group."""
    uses = uses.drop_nulls("group")
    if in_order:
        times = [pl.col("t").first().alias("first")]
        if second:
            times.append(pl.col("t").get(1, null_on_oob=True).alias("second"))
    else:
        times = [pl.col("t").min().alias("first")]
        if second:
            times.append(pl.col("t").sort().get(1, null_on_oob=True).alias("second"))  # 3x bottom_k's speed
    columns = [pl.col("_lo").alias("group"), "key", *(t.meta.output_name() for t in times)]
    by_key = (
        uses.group_by("key")
        .agg(pl.col("group").min().alias("_lo"), pl.col("group").max().alias("_hi"), *times)
        .collect()
    )
    single = by_key["_lo"] == by_key["_hi"]
    if single.all():
        return by_key.select(columns)
    pairs = by_key.filter(single).select(columns)
    several = by_key.filter(~single)["key"].implode()
    rest = uses.filter(pl.col("key").is_in(several)).group_by("group", "key").agg(*times).collect()
    return pl.concat([pairs, rest])


@dataclass
class _Cross:
    """First uses of handsets and (by new cards) of cells, over all placed calls."""

    handsets: FirstUses
    cells: FirstUses
    acquaintance: pl.DataFrame  # key, other, known_from, tied_from (``detect.acquaintance``)
    repeats: FirstUses  # second uses of handsets (``handset.repeat_numbers``)
    places: FirstUses  # cells of handsets (``handset.cells``)
    holders: FirstUses  # holders of handsets' numbers (``handset.holders``)
    reach: FirstUses | None = None  # people relays put a number's calls through to (``relayed.reach``)

    @classmethod
    def of(
        cls,
        calls: pl.DataFrame,
        log: FirstUseLog,
        subs: Subscribers,
        handset_firsts: tuple[pl.DataFrame, pl.DataFrame] | None = None,
    ) -> _Cross:
        """``handset_firsts``: ``log.first_and_second()``, when the caller has it already."""
        t_min, t_max = log.t_min or 0, log.t_max or 0
        handset_uses, repeat_uses = handset_firsts or log.first_and_second()
        handsets = FirstUses(handset_uses, t_min, t_max)
        # Only cards activated less than NEW_CARD_DAYS before the first call can be new in a call.
        recent = subs.frame.filter(pl.col("activated") > t_min - NEW_CARD_DAYS * 86_400 - 1)
        fresh_calls = calls.filter(pl.col("caller").is_in(recent["key"].implode()))
        # A card is new for its first NEW_CARD_DAYS: its first call in a cell is a new-card call
        # exactly when it has any there, so the first new-card use of a cell is the first use.
        firsts = _first_uses(
            fresh_calls.lazy().select(pl.col("cell").alias("group"), pl.col("caller").alias("key"), "t")
        ).join(recent.select("key", "activated"), on="key", how="inner")
        age = card_age_days(pl.col("first"), pl.col("activated"))
        fresh = firsts.filter(age.is_not_null() & (age < NEW_CARD_DAYS))
        # Only cards that can be new at a call are asked whether they call their own people.
        acquaintance = acquaintance_from(
            calls.select("caller", "callee", "t"), recent["key"], subs.previous, handset_uses
        )
        return cls(
            handsets,
            FirstUses(fresh, t_min, t_max),
            acquaintance,
            FirstUses(repeat_uses, t_min, t_max),
            FirstUses(log.handset_cells(), t_min, t_max),
            FirstUses(holder_uses(handset_uses, subs), t_min, t_max),
        )


def _bridges(calls: pl.DataFrame, handset_uses: pl.DataFrame) -> Bridges:
    """``bridged`` and ``bridged_intl`` of every call, as its caller placed it, and the relays'
    reach (``detect.bridges``): worked out over all calls at once, since a relay's two halves may be
    on two numbers' chunks, and its reach is its caller's."""
    placed = calls.select(
        pl.col("caller").alias("key"), "t", "duration", "imei", pl.col("callee").alias("other")
    )
    received = calls.select(  # (``bridged_calls`` leaves out the calls too short to be either half)
        pl.col("callee").alias("key"),
        "t",
        "duration",
        (pl.col("origin") == "international").alias("intl"),
        pl.col("caller").alias("other"),
    )
    return bridged_calls(placed, received, handset_uses)


def holder_uses(handset_uses: pl.DataFrame, subs: Subscribers) -> pl.DataFrame:
    """Of the first uses of handsets (``group``) by numbers (``key``), the first use by each holder
    (``key``: the holder's code, ``Subscribers``; a number without one is its own): the earliest of
    its numbers' first uses."""
    holder = _lookup(subs.frame, handset_uses["key"], "holder")
    return (
        handset_uses.with_columns(holder.fill_null(handset_uses["key"]).alias("key"))
        .group_by("group", "key")
        .agg(pl.col("first").min())
    )


def _part(col: str, k: int) -> pl.Expr:
    """The chunk of a key: a hash of its code."""
    return (pl.col(col).hash(seed=7) % k).cast(pl.UInt32).alias(f"_{col}_part")


def _card_facts(frame: pl.DataFrame, subs: Subscribers) -> pl.DataFrame:
    """``card_age_days`` and ``holder_cards`` at every event (null without a subscriber record)."""
    if not subs.frame.height:
        return frame.with_columns(
            pl.lit(None, pl.Float64).alias("card_age_days"), pl.lit(None, pl.Int64).alias("holder_cards")
        )
    frame = frame.with_columns(
        subs.activated_of(frame["key"]), _lookup(subs.frame, frame["key"], "holder_cards")
    )
    return frame.with_columns(card_age_days(pl.col("t"), pl.col("activated")).alias("card_age_days")).drop(
        "activated"
    )


def _sorted(ev: pl.DataFrame) -> pl.DataFrame:
    """Events of each key together, by (t, seq, role) within the key: ordered by the integer
    columns first, and only the few runs of one key at one second ordered by their string ids.

    Keys come in the order of a hash of their code (no step needs them in code order, only
    together), so one value sort does the work of a two-column argsort: events are put in time
    order first (cheap, they nearly are), then grouped by ``hash_order``, which keeps that order
    within a group. A hash prefix shared by two keys is detected, and the exact sort used then."""
    ev = ev.rechunk()
    key, t = ev["key"].to_numpy(), ev["t"].to_numpy()
    by_t = np.argsort(t, kind="stable")
    grouped, h = hash_order(mix64(key[by_t].astype(np.uint64)))
    order = by_t[grouped]
    k, tt = key[order], t[order]
    if ((h[1:] == h[:-1]) & (k[1:] != k[:-1])).any():
        order = np.lexsort((t, key))
        k, tt = key[order], t[order]
    tied = np.zeros(len(order), dtype=bool)
    same = (k[1:] == k[:-1]) & (tt[1:] == tt[:-1])
    tied[1:] |= same
    tied[:-1] |= same
    rows = np.flatnonzero(tied)
    if len(rows):
        run = np.cumsum(~np.append(False, same)[rows])  # one id per run of ties, rising with position
        sub = ev.select("seq", "role")[order[rows]].with_columns(
            pl.Series("_run", run), pl.Series("_i", order[rows])
        )
        order[rows] = sub.sort("_run", "seq", "role", "_i")["_i"].to_numpy()
    return ev[order]


class _Parts:
    """The rows of each chunk's keys in each key column (``_{col}_part``), in input order: one
    stable sort per column for all chunks, where selecting each chunk by a filter reads every record
    once per chunk (time growing with records × chunks)."""

    def __init__(
        self,
        calls: pl.DataFrame,
        messages: pl.DataFrame,
        k: int,
        kept: Mapping[str, npt.NDArray[np.bool_]] | None = None,
    ) -> None:
        """``kept``: of a column, the rows to keep (the others are in no chunk)."""
        self._rows: dict[str, list[npt.NDArray[np.int64]]] = {}
        for frame, cols in ((calls, ("caller", "callee")), (messages, ("sender", "receiver"))):
            for col in cols:
                part = frame[f"_{col}_part"].to_numpy()
                if k <= np.iinfo(np.uint16).max:
                    part = part.astype(np.uint16)  # a stable sort of 16-bit values is a radix sort
                mask = None if kept is None else kept.get(col)
                rows = None if mask is None else np.flatnonzero(mask)
                if rows is not None:
                    part = part[rows]
                order = np.argsort(part, kind="stable")
                if rows is not None:
                    order = rows[order]
                bounds = np.cumsum(np.bincount(part, minlength=k))[:-1]
                self._rows[col] = np.split(order, bounds)

    def rows(self, frame: pl.DataFrame, col: str, c: int, columns: Sequence[str]) -> pl.LazyFrame:
        """``columns`` of the rows of ``frame`` whose ``col`` is in chunk ``c``. Selected first, then
        gathered eagerly: a lazy ``pl.all().gather`` gathers every column of the frame whatever is
        selected after it (10× the work per chunk, and chunks grow in number with the records — the
        cause of ``detect``'s time growing faster than its input)."""
        return frame.select(columns)[self._rows[col][c]].lazy()


_PLACED_COLUMNS = (
    "caller",
    "t",
    "seq",
    "callee",
    "duration",
    "origin",
    "imei",
    "cell",
    "region",
    "bridged",
    "bridged_intl",
)
_RECEIVED_COLUMNS = ("callee", "t", "seq", "caller", "duration", "origin")
_MESSAGE_COLUMNS = ("sender", "receiver", "t", "seq", "origin", "fraud_text")


def _chunk_events(
    calls: pl.DataFrame,
    messages: pl.DataFrame,
    c: int,
    codes: Codes,
    subs: Subscribers,
    cross: _Cross,
    places: Callable[[], _Places],
    zone: str,
    parts: _Parts,
) -> pl.DataFrame:
    """All events of the keys in chunk ``c``, sorted by (key, t, seq, role); ``places`` gives the
    cities once they are worked out (only off-site needs them); ``local_hour`` and ``day`` are in ``zone``;
    ``parts``: the rows of each chunk, found once for all chunks."""
    # Only the columns used are gathered (and literals made for the chunk's rows).
    placed = (
        parts.rows(calls, "caller", c, _PLACED_COLUMNS)
        .select(
            pl.col("caller").alias("key"),
            "t",
            "seq",
            pl.lit(OUT, ROLE).alias("role"),
            pl.col("callee").alias("other"),
            pl.col("duration").cast(pl.Int64),
            "origin",
            "imei",
            "cell",
            "region",
            pl.lit(False).alias("fraud_text"),  # only a sent SMS can be a scam text
            "bridged",
            "bridged_intl",
        )
        .collect()
    )
    placed = _card_facts(pl.concat([placed, codes.digits(placed["other"])], how="horizontal"), subs)
    new_card = pl.col("card_age_days").is_not_null() & (pl.col("card_age_days") < NEW_CARD_DAYS)
    counts = cross_counts(
        placed.select("key", "t", "imei", "cell", new_card.alias("new_card")).with_columns(
            codes.plus(placed["other"]).alias("handset_use")
        ),
        cross.handsets,
        cross.cells,
        cross.repeats,
        cross.places,
        cross.holders,
    )
    placed = pl.concat([placed, counts], how="horizontal")
    if cross.reach is not None:
        reach = cross.reach.count(placed["key"], placed["t"].to_numpy())
        placed = placed.with_columns(pl.Series("relayed.reach", reach, dtype=pl.Int64))
    placed = _with_acquaintance(placed, cross.acquaintance, new_card)
    placed = _with_off_site(placed, places())
    others = [
        parts.rows(calls, "callee", c, _RECEIVED_COLUMNS)
        .select(
            pl.col("callee").alias("key"),
            "t",
            "seq",
            pl.lit(IN, ROLE).alias("role"),
            pl.col("caller").alias("other"),
            pl.col("duration").cast(pl.Int64),
            "origin",
        )
        .collect(),
    ]
    if messages.height:
        for role, key, other in ((SMS_OUT, "sender", "receiver"), (SMS_IN, "receiver", "sender")):
            others.append(
                parts.rows(messages, key, c, _MESSAGE_COLUMNS)
                .select(
                    pl.col(key).alias("key"),
                    "t",
                    "seq",
                    pl.lit(role, ROLE).alias("role"),
                    pl.col(other).alias("other"),
                    pl.lit(0, pl.Int64).alias("duration"),
                    "origin",
                    pl.col("fraud_text") if role == SMS_OUT else pl.lit(False).alias("fraud_text"),
                )
                .collect()
            )
    ev = pl.concat([placed, _card_facts(pl.concat(others, how="diagonal"), subs)], how="diagonal")
    return _sorted(ev).with_columns(
        local_hour(pl.col("t"), zone).alias("local_hour"),
        local_day(pl.col("t"), zone).alias("day"),
        *(pl.col(name).fill_null(0) for name in CROSS_FEATURES),
    )


def _with_acquaintance(placed: pl.DataFrame, table: pl.DataFrame, new_card: pl.Expr) -> pl.DataFrame:
    """``known`` and ``tied`` of placed calls: the pair's first counting second has come, and the
    card is new at the call."""
    placed = placed.join(table, on=["key", "other"], how="left", maintain_order="left")
    return placed.with_columns(
        (new_card & (pl.col("known_from") <= pl.col("t"))).fill_null(False).alias("known"),
        (new_card & (pl.col("tied_from") <= pl.col("t"))).fill_null(False).alias("tied"),
    ).drop("known_from", "tied_from")


@dataclass
class _Places:
    """The home city of every calling number (the subscriber's home region, else the numbering
    plan's) and the city of every caller region, as small integers (one per city): worked out once
    per run, since every chunk would otherwise classify its numbers and name its cities again."""

    homes: pl.DataFrame  # key (UInt64, ascending), _home (Int32)
    regions: pl.Series  # region codes (UInt64) ...
    region_cities: pl.Series  # ... and their cities (Int32, null when unknown)

    @classmethod
    def of(cls, calls: pl.DataFrame, codes: Codes, subs: Subscribers) -> _Places:
        keys = calls.select(pl.col("caller").unique().alias("key"))
        homes = keys.join(subs.frame.select("key", "sub_home"), on="key", how="left").with_columns(
            plan_homes(codes.decode(keys["key"])).alias("plan_home")
        )
        home_cities = region_cities(homes.select(pl.coalesce("sub_home", "plan_home")).to_series())
        regions = calls["region"].drop_nulls().unique()
        cities_of_regions = region_cities(codes.decode(regions))
        names = pl.concat([home_cities, cities_of_regions]).drop_nulls().unique().sort()
        ids = pl.Series(range(len(names)), dtype=pl.Int32)

        def city_ids(cities: pl.Series) -> pl.Series:
            return cities.replace_strict(names, ids, default=None, return_dtype=pl.Int32)

        return cls(
            homes.select("key", city_ids(home_cities).alias("_home")).sort("key"),
            regions,
            city_ids(cities_of_regions),
        )

    def home_of(self, keys: pl.Series) -> pl.Series:
        """``_home`` of each key (every calling number has a row; null where no city is known),
        looked up in the key-sorted homes by ``_lookup``."""
        return _lookup(self.homes, keys, "_home")


def _with_off_site(placed: pl.DataFrame, places: _Places) -> pl.DataFrame:
    """``off_site`` of placed calls: the caller's region is known and not the number's home city,
    as ``same_city`` decides (both reduced to a city once per run, in ``_Places``)."""
    placed = placed.with_columns(places.home_of(placed["key"]))
    placed = placed.with_columns(
        pl.col("region")
        .replace_strict(places.regions, places.region_cities, default=None, return_dtype=pl.Int32)
        .alias("_here")
    )
    off = pl.when(pl.col("_here").is_not_null() & pl.col("_home").is_not_null()).then(
        pl.col("_here") != pl.col("_home")
    )
    return placed.with_columns(off.alias("off_site")).drop("_here", "_home", "region")


def _lookup(table: pl.DataFrame, keys: pl.Series, column: str) -> pl.Series:
    """``column`` of ``table`` (sorted by its unique ``key``) at each of ``keys``, null where a key
    is not in it: a left join's result, found by ``positions`` (hashing a table no larger than a few
    times the keys asked; a binary search of a larger one, rather than hash it for every chunk)."""
    sorted_keys = table["key"].to_numpy()
    asked = keys.to_numpy()
    if not len(sorted_keys):
        return pl.Series(column, [None] * len(asked), dtype=table.schema[column])
    at = positions(sorted_keys, asked)
    found = pl.Series("_found", at >= 0)
    value = table[column].gather(np.maximum(at, 0))
    return pl.DataFrame([value, found]).select(pl.when("_found").then(column).alias(column)).to_series()


def featured_chunks(
    calls: pl.DataFrame,
    messages: pl.DataFrame,
    subs: Subscribers,
    codes: Codes,
    uses: FirstUseLog,
    then: Callable[[pl.DataFrame], T],
    chunk_events: int | None = None,
    workers: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    roles: Sequence[str] = ACTING,
    zone: str = DEFAULT_TIMEZONE,
) -> list[T]:
    """For each chunk of keys, every feature at every event where a number acts (with the event's
    ``key``, ``t``, ``seq`` and ``role``; keys together, in event order), passed to ``then``; its
    results in chunk order. ``workers`` chunks are processed at a time (the work is in Polars and
    NumPy, which release the GIL). ``roles``: of the events featured (the conformance suite: all);
    ``zone``: the local time of ``local_hour`` (night activity)."""
    # Where only acting events are featured (every run but the conformance suite's), what a number
    # that never acts received is read by nothing: its events are left out of the chunks (calls to
    # other operators' numbers, to services, to victims who never call: on a random network half
    # the events).
    kept: dict[str, npt.NDArray[np.bool_]] | None = None
    received = calls.height + messages.height
    if acting_only(roles):
        actors = pl.concat([calls["caller"], messages["sender"]]).unique().implode()
        kept = {
            col: frame.select(pl.col(col).is_in(actors).fill_null(False)).to_series().to_numpy()
            for frame, col in ((calls, "callee"), (messages, "receiver"))
        }
        received = int(kept["callee"].sum()) + int(kept["receiver"].sum())
    events = calls.height + messages.height + received
    k = max(1, math.ceil(events / (chunk_events or CHUNK_EVENTS)))
    workers = workers or WORKERS
    if k > 1:  # a whole number of rounds: three chunks on two workers left one working alone
        k = math.ceil(k / workers) * workers
    # The cities of numbers and regions are mostly Python (the numbering plan, once per distinct
    # prefix): worked out beside the rest, which chunks only need once their calls are selected.
    with ThreadPoolExecutor(max_workers=2) as aside:
        places = aside.submit(_Places.of, calls, codes, subs)
        firsts = uses.first_and_second()
        bridging = aside.submit(_bridges, calls, firsts[0])  # beside the other cross-number steps
        cross = _Cross.of(calls, uses, subs, firsts)
        bridges = bridging.result()
        calls = calls.with_columns(
            pl.Series("bridged", bridges.bridged), pl.Series("bridged_intl", bridges.bridged_intl)
        )
        # A pair counts from the second after its bridged call started: up to one past the last call.
        cross.reach = FirstUses(bridges.reach, uses.t_min or 0, (uses.t_max or 0) + 1)
        # One contiguous buffer per column: each chunk gathers its rows from every column it reads,
        # and a gather over a frame of many batches (as read) costs more the more batches it has.
        calls = calls.with_columns(_part("caller", k), _part("callee", k)).rechunk()
        messages = messages.with_columns(_part("sender", k), _part("receiver", k)).rechunk()

        parts = _Parts(calls, messages, k, kept)

        def one(c: int) -> T:
            ev = _chunk_events(calls, messages, c, codes, subs, cross, places.result, zone, parts)
            acting = np.flatnonzero(ev["role"].is_in(list(roles)).to_numpy())
            feats = features_at(ev, acting, numbers=codes.decode)
            ids = ev.select("key", "t", "seq", "role")[acting]
            del ev
            return then(pl.concat([ids, feats], how="horizontal"))

        if workers <= 1 or k == 1:
            out = []
            for c in range(k):
                out.append(one(c))
                if progress is not None:
                    progress(c + 1, k)
            return out
        with ThreadPoolExecutor(max_workers=workers) as pool:
            futures = [pool.submit(one, c) for c in range(k)]
            for done, f in enumerate(as_completed(futures), 1):
                f.result()
                if progress is not None:
                    progress(done, k)
            return [f.result() for f in futures]
