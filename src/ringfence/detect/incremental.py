"""Incremental detection (``ringfence watch``): records in batch by batch, ``detect``'s verdicts out.

Two engines share the record handling here (``Detection``): ``ColumnarDetection`` (the default) over
``detect/columnar_stream.py``, which features each released batch column-wise against carried
per-number frames and keeps verdicts as frames; and ``IncrementalDetection``, the earlier engine over
the streaming features, described below, kept selectable (``ENGINES``) for a release.

``ringfence watch`` feeds batches of validated records here as they arrive. Late records are split
off per kind in arrival order with the rule ``read_compact`` applies (``columnar._LateSplit``), the
on-time ones become events (the facts ``columnar`` attaches: card age, off-site, local hour, scam
text) and go to ``StreamingFeatures``, which processes a second once no on-time record of any kind
can still arrive for it. The policy is evaluated at every acting event as it is processed, and each
number keeps only what ``replay._reduce`` reports about it: its best score and level, the event at
which it first reached that level, and the first event at which each rule fired. The whole state is
plain Python objects, pickled as a checkpoint (``ringfence.services.watch``).

Over the same records in the same arrival order, ``result()`` is ``ringfence detect``'s flagged
list: the conformance suite holds the streaming features to the batch ones, and the reduction here
is the batch one done event by event in the batch order ``(t, seq, role)``.
"""

from __future__ import annotations

import copy
import functools
import json
import math
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
import polars as pl

from ringfence.detect.acquaintance import previous_numbers
from ringfence.detect.batch import ACTING, card_age_days
from ringfence.detect.columnar import _LateSplit
from ringfence.detect.columnar_stream import ColumnarFeatures, Packed, _shallow
from ringfence.detect.events import IN, OUT, ROLES, SMS_IN, SMS_OUT, Event
from ringfence.detect.holders import holder_cards, holder_of
from ringfence.detect.late_tally import LateTally
from ringfence.detect.numbering import plan_homes, region_cities
from ringfence.detect.policy import VERDICTS, Policy
from ringfence.detect.replay import flagged_rows
from ringfence.detect.sms_text import fraud_text
from ringfence.detect.stream import Evaluated, StreamingFeatures
from ringfence.errors import DataContractError
from ringfence.ingest import RecordKind
from ringfence.ingest.contract import CONTRACTS
from ringfence.ingest.validate import code_column
from ringfence.localtime import DEFAULT_TIMEZONE, local_day, local_hour

__all__ = [
    "ENGINES",
    "REC",
    "ColumnarDetection",
    "Detection",
    "IncrementalDetection",
    "NumberVerdict",
    "on_time_facts",
]

#: Calling numbers whose home city is kept between batches (~100 B each).
_HOME_CACHE = 2_000_000
_HOMES_SCHEMA = {"caller": pl.String, "_home": pl.String}
_HOME_CODES_SCHEMA = {"caller": pl.UInt64, "_home": pl.String}
#: The column that ties the events ``Detection.facts`` made to their records (a row number).
REC = "_rec"
_MAX_HIT_CHUNKS = 64
#: Rules (the first, in the policy's order) whose hits are also kept as bits of a number's verdict row
#: (``hit``): a batch learns which of them fired before for its numbers from the verdict rows it reads
#: anyway. The hits of later rules are looked up among the hits kept.
_HIT_BITS = 64

_REACHED = ("rules", "typology", "exemptions")  # what a number reached its level with
_ROLE_ORDER = {r: i for i, r in enumerate(ROLES)}
_TIME = {RecordKind.CALLS: "start_time", RecordKind.MESSAGES: "send_time"}


@dataclass(slots=True)
class NumberVerdict:
    """What a run reports about one number, kept up to date event by event."""

    first_t: int  # when the number first acted
    last_t: int  # when it last acted (idle numbers below watch expire by it)
    max_score: float = 0.0
    level: int = 0
    reached: tuple[int, str, str, str] | None = None  # (t, rules, typology, exemptions) at the level
    hits: dict[str, tuple[int, str, float, str]] = field(default_factory=dict)  # rule -> t, seq, w, evidence

    def __reduce__(self) -> tuple[type[NumberVerdict], tuple[object, ...]]:
        """Pickled as its fields (one per number in every checkpoint; the dataclass default is slow)."""
        return (
            NumberVerdict,
            (self.first_t, self.last_t, self.max_score, self.level, self.reached, self.hits),
        )


#: The columns of a call that each coded column of its events (``columnar_stream._CODED``) is read
#: from: for the caller's event and the callee's (None: null).
_CALL_CODED: dict[str, tuple[str, str | None]] = {
    "key": ("caller", "callee"),
    "other": ("callee", "caller"),
    "imei": ("caller_imei", None),
    "cell": ("caller_cell", None),
}


def _known_codes(calls: pl.DataFrame) -> tuple[list[pl.Series], list[pl.Series]]:
    """The codes validation found for the numbers, handsets and cells of calls (``code_column``;
    null where not found), as the columns of the caller's events and of the callee's (where the
    batch has them: read by ``file_records``): the engine codes only the values they lack
    (``Codes.encode(known)``), as ``detect`` does, instead of every string again (0.13 s a million
    calls)."""
    sent, taken = [], []
    for column, (caller_side, callee_side) in _CALL_CODED.items():
        sources = [caller_side] if callee_side is None else [caller_side, callee_side]
        if all(code_column(c) in calls.columns for c in sources):
            name = code_column(column)
            sent.append(calls[code_column(caller_side)].alias(name))
            taken.append(
                pl.repeat(None, calls.height, dtype=pl.UInt64, eager=True).alias(name)
                if callee_side is None
                else calls[code_column(callee_side)].alias(name)
            )
    return sent, taken


def on_time_facts(facts: pl.DataFrame, records: int, kept: pl.Series) -> pl.DataFrame:
    """The events of ``facts`` (of a frame of ``records`` records, ``Detection.facts``) whose
    record is among ``kept`` (row numbers, ``_rec``, of the records that go on)."""
    if len(kept) == records:
        return facts
    keep = np.zeros(records, dtype=bool)
    keep[kept.to_numpy()] = True
    return facts.filter(pl.Series(keep).gather(facts[REC]))


def _epoch(col: str) -> pl.Expr:
    return pl.col(col).dt.epoch("s")


class Detection:
    """What both incremental engines share: the late-record split per kind, the release point, the
    events of a batch of records (with the facts ``columnar`` attaches) and the flagged table."""

    #: How the engine is named in settings (``WatchConfig.engine``).
    ENGINE = ""

    def __init__(
        self,
        policy: Policy,
        allowed_lateness_s: int = 3600,
        kinds: Sequence[RecordKind] = (RecordKind.CALLS,),
        zone: str = DEFAULT_TIMEZONE,
    ) -> None:
        self.zone = zone  # the operator's local time: night hours
        if policy.model is not None:
            raise DataContractError(
                f"policy {policy.label} has a model signal, which scores numbers over a whole run; "
                "continuous detection runs policies of rules only"
            )
        self.policy = policy
        self.lateness = allowed_lateness_s
        # One late-record rule per kind expected (a kind not yet seen holds every second back: its
        # first records may be as old as the oldest on-time call).
        self.splits = {k: _LateSplit(allowed_lateness_s) for k in kinds}
        self._homes: dict[str, str | None] = {}  # subscriber home region of a number
        self._activated: dict[str, int] = {}  # activation time of a number's card (epoch seconds)
        self._holders: dict[str, int] = {}  # numbers of the card's holder (``holders.holder_cards``)
        self._owners: dict[str, str] = {}  # the card's holder, its identity (``holders.holder_of``)
        # A calling number's home city, once worked out, by its text and by its code (caches).
        self._home_table = pl.DataFrame(schema=_HOMES_SCHEMA)
        self._home_codes = pl.DataFrame(schema=_HOME_CODES_SCHEMA)
        self._homes_lock = threading.Lock()  # events may be made in a reading thread (``facts``)
        self._weights = {
            r: max((t.weights.get(r, 0.0) for t in policy.typologies), default=0.0) for r in policy.rule_ids
        }
        self._positive = [r for r in policy.rule_ids if not policy.rules[r].exemption]
        self._negative = [r for r in policy.rule_ids if policy.rules[r].exemption]
        self.events = 0
        self.late = 0
        self.twins = 0  # records set aside as the other switch's record of a call (``ingest.twins``)
        self._swept: int | None = None  # the idle mark of the last expiry sweep

    def attach_subscribers(self, subscribers: pl.DataFrame | None) -> None:
        """Subscriber facts (home region, activation, the holder's numbers): given at every start,
        never checkpointed."""
        self._homes, self._activated, self._holders, self._owners = {}, {}, {}, {}
        self._home_table = pl.DataFrame(schema=_HOMES_SCHEMA)
        self._home_codes = pl.DataFrame(schema=_HOME_CODES_SCHEMA)
        if subscribers is not None and subscribers.height:
            subs = subscribers.unique("number", keep="first", maintain_order=True)
            self._homes = dict(zip(subs["number"], subs["home_region"], strict=True))
            activated = subs.select(_epoch("activated_at")).to_series()
            self._activated = dict(zip(subs["number"], activated, strict=True))
            counted = holder_cards(subs).drop_nulls("holder_cards")
            self._holders = dict(zip(counted["number"], counted["holder_cards"], strict=True))
            owned = holder_of(subs).drop_nulls("holder")
            self._owners = dict(zip(owned["number"], owned["holder"], strict=True))
        self._set_previous(previous_numbers(subscribers))

    def _set_previous(self, pairs: list[tuple[str, str]]) -> None:
        raise NotImplementedError

    def __getstate__(self) -> dict[str, object]:
        state = dict(self.__dict__)
        state["_homes"], state["_activated"], state["_holders"], state["_owners"] = {}, {}, {}, {}
        state["_home_table"] = pl.DataFrame(schema=_HOMES_SCHEMA)
        state["_home_codes"] = pl.DataFrame(schema=_HOME_CODES_SCHEMA)
        del state["_homes_lock"]
        return state

    def __setstate__(self, state: dict[str, object]) -> None:
        # Checkpoints of earlier builds hold the home cities as a dict (or nothing), and a dict of the
        # cities of regions: caches (``region_city`` keeps its own).
        state.pop("_home_cities", None)
        state.pop("_cities", None)
        caches = {
            "_holders": {},  # a checkpoint of an earlier build: subscribers are attached at start
            "_owners": {},
            "_home_table": pl.DataFrame(schema=_HOMES_SCHEMA),
            "_home_codes": pl.DataFrame(schema=_HOME_CODES_SCHEMA),
            "twins": 0,  # a checkpoint from before twins were set aside
        }
        self.__dict__.update(caches | state)
        self._homes_lock = threading.Lock()

    # -- records in ---------------------------------------------------------------------------------
    def split_late(self, kind: RecordKind, batch: pl.DataFrame) -> pl.DataFrame:
        """Records of a kind not expected are refused (``DataContractError``).

        The on-time records of a batch (read with their text, ``RecordReader(keep_raw)``); the
        late ones wait in ``self.splits[kind].raw`` for the caller to quarantine."""
        if kind not in self.splits:
            raise DataContractError(f"{kind.value} records were not expected")
        contract = CONTRACTS[kind]
        assert contract.time_column is not None
        return self.splits[kind].split(batch, contract.time_column, contract.names)

    def take_late(self) -> dict[RecordKind, list[str]]:
        """The text of the records found late since the last call, by kind."""
        out = {k: s.raw for k, s in self.splits.items() if s.raw}
        for s in self.splits.values():
            s.raw = []
        self.late += sum(len(v) for v in out.values())
        return out

    def late_tally(self) -> LateTally:
        """How late the records set aside as late since the first start (or since a checkpoint of a
        build that did not tally them) were, by origin; records behind the release point (``watch``)
        are counted in ``late`` only."""
        tally = LateTally()
        for split in self.splits.values():
            tally = tally.merged(split.tally)
        return tally

    def take_twins(self) -> dict[RecordKind, list[str]]:
        """The text of the records found to be twins since the last call (the other switch's record
        of a call already read: ``ingest.twins``), by kind."""
        out = {k: s.twins for k, s in self.splits.items() if s.twins}
        for s in self.splits.values():
            s.twins = []
        self.twins += sum(len(v) for v in out.values())
        return out

    @property
    def release_point(self) -> int | None:
        """Seconds before this cannot receive an on-time record of any kind expected (None: until
        every kind has been seen, any second still can)."""
        marks = [s.seen - self.lateness for s in self.splits.values() if s.seen is not None]
        return min(marks) if marks and len(marks) == len(self.splits) else None

    def _caller_homes(self, calls: pl.DataFrame) -> pl.Series:
        """The home city of each call's caller. The numbering plan is asked only about callers no
        earlier batch had (most callers call again, file after file); what it said is kept in a
        bounded table, rebuilt after a restart, by the caller's code where validation found one for
        every caller (``code_column``: an exact integer, so the distinct callers and the lookup are
        integer work; as text they took a third of a second per million calls), else by its text.
        A frame, not a dict: looking up every caller of a batch in a dict cost 0.1 s per 100k
        callers (9 s of a 10M-call ``watch``), and the lookup is a join."""
        code = code_column("caller")
        by_code = code in calls.columns and not calls[code].null_count()
        callers = calls[code] if by_code else calls["caller"]
        with self._homes_lock:
            table = self._home_codes if by_code else self._home_table
            if table.height > _HOME_CACHE:
                table = table.clear()
            distinct = callers.unique()
            new = distinct.filter(~distinct.is_in(table["caller"].implode()))
            if len(new):
                numbers = new
                if by_code:  # the text of each new caller, for the numbering plan
                    firsts = (
                        pl.DataFrame({"caller": callers, "number": calls["caller"]})
                        .filter(pl.col("caller").is_in(new.implode()))
                        .unique("caller", keep="first", maintain_order=True)
                    )
                    new, numbers = firsts["caller"], firsts["number"]
                regions = plan_homes(numbers)
                if self._homes:  # a subscriber's home region, where given, before the numbering plan's
                    subscribed = self._homes
                    regions = pl.Series(
                        [
                            subscribed.get(n) or p
                            for n, p in zip(numbers.to_list(), regions.to_list(), strict=True)
                        ],
                        dtype=pl.String,
                    )
                homes = pl.DataFrame({"caller": new, "_home": region_cities(regions)}, schema=table.schema)
                table = pl.concat([table, homes])
            if by_code:
                self._home_codes = table
            else:
                self._home_table = table
        return callers.to_frame("caller").join(table, on="caller", how="left", maintain_order="left")["_home"]

    def _calls(self, calls: pl.DataFrame) -> pl.DataFrame:
        # Home and current city once per distinct caller and region: the homes joined to the calls,
        # the cities of the few regions looked up (a join cost twice as much).
        home = self._caller_homes(calls)
        here = region_cities(calls["caller_region"].cast(pl.String)).alias("_here")
        known = pl.col("_here").is_not_null() & pl.col("_home").is_not_null()
        off = (
            pl.DataFrame([here, home])
            .select(pl.when(known).then(pl.col("_here") != pl.col("_home")).alias("off_site"))
            .to_series()
        )
        tag = [c for c in (REC,) if c in calls.columns]  # the record each event is of (``facts``)
        base = calls.select(
            _epoch("start_time").alias("t"),
            pl.col("call_id").alias("seq"),
            pl.col("duration_s").cast(pl.Int64).alias("duration"),
            pl.col("origin").cast(pl.String),
            *tag,
        )
        out = pl.concat(
            [base, calls.select("caller", "callee", "caller_imei", "caller_cell"), off.to_frame()],
            how="horizontal",
        ).select(
            pl.col("caller").alias("key"),
            "t",
            "seq",
            pl.lit(OUT).alias("role"),
            pl.col("callee").alias("other"),
            "duration",
            "origin",
            pl.col("caller_imei").cast(pl.String).alias("imei"),
            pl.col("caller_cell").cast(pl.String).alias("cell"),
            pl.col("off_site").cast(pl.Boolean),
            pl.lit(False).alias("fraud_text"),
            *tag,
        )
        received = pl.concat([base, calls.select("caller", "callee")], how="horizontal").select(
            pl.col("callee").alias("key"),
            "t",
            "seq",
            pl.lit(IN).alias("role"),
            pl.col("caller").alias("other"),
            "duration",
            "origin",
            pl.lit(None, pl.String).alias("imei"),
            pl.lit(None, pl.String).alias("cell"),
            pl.lit(None, pl.Boolean).alias("off_site"),
            pl.lit(False).alias("fraud_text"),
            *tag,
        )
        sent, taken = _known_codes(calls)
        return self._facts(pl.concat([out.hstack(sent), received.hstack(taken)]))

    def _messages(self, messages: pl.DataFrame) -> pl.DataFrame:
        tag = [c for c in (REC,) if c in messages.columns]
        base = messages.select(
            _epoch("send_time").alias("t"),
            pl.col("sms_id").alias("seq"),
            pl.col("origin").cast(pl.String),
            "sender",
            "receiver",
            fraud_text(messages["text"], messages["origin"]).alias("fraud_text"),
            *tag,
        )
        parts = [
            base.select(
                pl.col(key).alias("key"),
                "t",
                "seq",
                pl.lit(role).alias("role"),
                pl.col(other).alias("other"),
                pl.lit(0, pl.Int64).alias("duration"),
                "origin",
                pl.lit(None, pl.String).alias("imei"),
                pl.lit(None, pl.String).alias("cell"),
                pl.lit(None, pl.Boolean).alias("off_site"),
                pl.col("fraud_text") if role == SMS_OUT else pl.lit(False).alias("fraud_text"),
                *tag,
            )
            for role, key, other in ((SMS_OUT, "sender", "receiver"), (SMS_IN, "receiver", "sender"))
        ]
        return self._facts(pl.concat(parts))

    def _facts(self, events: pl.DataFrame) -> pl.DataFrame:
        """Card age (as the batch engine computes it, bit for bit), the holder's numbers, the holder
        and the local hour and day."""
        if self._activated or self._holders or self._owners:
            keys = events["key"].unique().to_list()
            facts = pl.DataFrame(
                {
                    "key": keys,
                    "activated": [self._activated.get(k) for k in keys],
                    "holder_cards": [self._holders.get(k) for k in keys],
                    "holder": [self._owners.get(k) for k in keys],
                },
                schema={
                    "key": pl.String,
                    "activated": pl.Int64,
                    "holder_cards": pl.Int64,
                    "holder": pl.String,
                },
            )
            events = events.join(facts, on="key", how="left", maintain_order="left")
        else:  # no subscribers: no card has an age (a key per event probed for nothing, otherwise)
            events = events.with_columns(
                pl.lit(None, pl.Int64).alias("activated"),
                pl.lit(None, pl.Int64).alias("holder_cards"),
                pl.lit(None, pl.String).alias("holder"),
            )
        return events.with_columns(
            card_age_days(pl.col("t"), pl.col("activated")).alias("card_age_days"),
            local_hour(pl.col("t"), self.zone).alias("local_hour"),
            local_day(pl.col("t"), self.zone).alias("day"),
        ).drop("activated")

    @staticmethod
    def _events(frame: pl.DataFrame) -> list[Event]:
        cols = ("key", "t", "seq", "role", "other", "duration", "origin", "imei", "cell", "off_site")
        rest = ("card_age_days", "local_hour", "fraud_text", "holder_cards", "day", "holder")
        return [
            Event(k, t, s, r, o, d or 0, g or "intra", i, c, off, age, h, bool(f), n, day, w)
            for k, t, s, r, o, d, g, i, c, off, age, h, f, n, day, w in frame.select(*cols, *rest).iter_rows()
        ]

    # -- results ----------------------------------------------------------------------------------
    def flagged(self) -> pl.DataFrame:
        """The flagged numbers as ``DetectionResult.flagged`` (canonical numbers, UTC instants)."""
        return _flagged(self._flagged_rows())

    def _flagged_rows(self) -> pl.DataFrame:
        raise NotImplementedError

    def hits(self) -> pl.DataFrame:
        raise NotImplementedError

    def verdict_count(self) -> int:
        """Numbers with verdict state kept."""
        raise NotImplementedError

    def active_numbers(self) -> int:
        """Numbers with feature state kept."""
        raise NotImplementedError

    def buffered_events(self) -> int:
        """Events waiting for their second to be released."""
        raise NotImplementedError

    def push(
        self, kind: RecordKind, on_time: pl.DataFrame, facts: pl.DataFrame | None = None, release: bool = True
    ) -> list[Event]:
        """Feed on-time records; returns the events the engine could not merge any longer.
        ``facts``: their events as ``facts`` made them (else they are made here). ``release=False``:
        records split with these are still to be pushed, so nothing is released yet."""
        raise NotImplementedError

    def facts(self, kind: RecordKind, records: pl.DataFrame) -> pl.DataFrame:
        """The events of ``records`` (two per call or SMS, with the facts the engine reads: home and
        current city, card age, local hour, scam text), each with ``_rec``, its record's row in
        ``records``. Reads only what is fixed for the run (subscribers, the zone; the home cities
        are a cache under a lock), so a reading thread makes them for the next file while the
        engine takes the one before (``Watcher.take_many``); ``on_time_facts`` keeps those of the
        records that pass the late-record rule and the duplicates."""
        return self._made(kind, records.with_row_index(REC))

    def facts_of(self, kind: RecordKind, frames: Sequence[pl.DataFrame]) -> list[pl.DataFrame]:
        """``facts`` of each of ``frames``, made in one pass where they share a schema (a batch's
        files of one kind: each pass costs some 20 ms of small frame operations whatever its size)."""
        if len(frames) < 2 or any(f.schema != frames[0].schema for f in frames[1:]):
            return [self.facts(kind, f) for f in frames]
        offsets = np.cumsum([0, *(f.height for f in frames)])
        events = self.facts(kind, pl.concat(frames, rechunk=False))
        part = np.searchsorted(offsets, events[REC].to_numpy(), side="right") - 1
        events = events.with_columns(
            (pl.col(REC) - pl.Series(offsets[part], dtype=pl.UInt32)).alias(REC),
            pl.Series("_part", part, dtype=pl.Int64),
        )
        parts = events.partition_by("_part", maintain_order=True, as_dict=True, include_key=False)
        empty = events.clear().drop("_part")
        return [parts.get((i,), empty) for i in range(len(frames))]

    def _events_of(self, kind: RecordKind, on_time: pl.DataFrame, facts: pl.DataFrame | None) -> pl.DataFrame:
        return facts if facts is not None else self._made(kind, on_time)

    def _made(self, kind: RecordKind, records: pl.DataFrame) -> pl.DataFrame:
        return self._calls(records) if kind is RecordKind.CALLS else self._messages(records)

    def fork(self) -> Detection:
        raise NotImplementedError

    def finish(self) -> None:
        raise NotImplementedError

    def expire(self, idle_s: int) -> int:
        raise NotImplementedError

    def _sweep(self, idle_s: int) -> int | None:
        """The idle mark of an expiry sweep due now (None: not yet; at most one per hour of event
        time, since a sweep reads every number)."""
        mark = self.release_point
        if mark is None:
            return None
        before = mark - idle_s
        if self._swept is not None and before < self._swept + 3600:
            return None
        self._swept = before
        return before


class IncrementalDetection(Detection):
    """Records in (batch by batch, in arrival order), the flagged numbers out at any time: the
    streaming engine, event by event (``ringfence.detect.stream``)."""

    ENGINE = "stream"

    def __init__(
        self,
        policy: Policy,
        allowed_lateness_s: int = 3600,
        kinds: Sequence[RecordKind] = (RecordKind.CALLS,),
        zone: str = DEFAULT_TIMEZONE,
    ) -> None:
        super().__init__(policy, allowed_lateness_s, kinds, zone)
        self.engine = StreamingFeatures(allowed_lateness_s, roles=ACTING)
        self.numbers: dict[str, NumberVerdict] = {}

    def _set_previous(self, pairs: list[tuple[str, str]]) -> None:
        self.engine.set_previous(pairs)

    def verdict_count(self) -> int:
        return len(self.numbers)

    def active_numbers(self) -> int:
        return self.engine.active_keys

    def buffered_events(self) -> int:
        return self.engine.buffered

    def push(
        self, kind: RecordKind, on_time: pl.DataFrame, facts: pl.DataFrame | None = None, release: bool = True
    ) -> list[Event]:
        """Feed on-time records; returns the events the engine could not merge any longer.
        ``release=False``: more records split with them are still to come (``release_point`` already
        counts them), so nothing is released yet."""
        frame = self._events_of(kind, on_time, facts)
        behind = self.engine.add(self._events(frame))
        mark = self.release_point
        if mark is not None and release:
            self._decide(self.engine.release(mark))
        return behind

    def fork(self) -> IncrementalDetection:
        """A copy to ``finish`` for a provisional result while this one keeps waiting for records
        within the allowed lateness (only what the buffered events can change is copied)."""
        other = copy.copy(self)
        other.engine = self.engine.fork()
        other.numbers = dict(self.numbers)
        for k in self.engine.buffered_keys():
            if k in self.numbers:
                other.numbers[k] = copy.deepcopy(self.numbers[k])
        return other

    def finish(self) -> None:
        """End of input (on a copy, for a provisional result): process everything buffered."""
        self._decide(self.engine.release(None))

    def expire(self, idle_s: int) -> int:
        """Forget numbers idle for ``idle_s`` of event time (flagged numbers keep their verdict, but
        their features start afresh if they come back). A sweep reads every number, so it runs at
        most once per hour of event time."""
        before = self._sweep(idle_s)
        if before is None:
            return 0
        gone = self.engine.expire(before)
        idle = [n for n, v in self.numbers.items() if v.last_t < before and v.level == 0]
        for n in idle:
            del self.numbers[n]
        return gone

    # -- decisions --------------------------------------------------------------------------------
    def _decide(self, evaluated: Sequence[Evaluated]) -> None:
        """The policy at every acting event, in the batch engine's order, folded into ``numbers``."""
        self.events += len(evaluated)
        acting = [ev for ev in evaluated if ev.event.role in ACTING]
        if not acting:
            return
        acting.sort(key=lambda ev: (ev.event.t, ev.event.seq, _ROLE_ORDER[ev.event.role]))
        n = len(acting)
        columns: dict[str, npt.NDArray[np.float64]] = {}
        nan = math.nan

        def column(name: str) -> npt.NDArray[np.float64]:
            if name not in columns:  # a feature an event lacks (card age without a subscriber) is NaN
                columns[name] = np.fromiter((ev.features.get(name, nan) for ev in acting), np.float64, n)
            return columns[name]

        policy = self.policy
        fired = {r: policy.rules[r].mask(column) for r in policy.rule_ids}
        score, typology, level = policy.verdicts(policy.scores(fired, n))
        rows_fired = np.zeros(n, dtype=bool)
        for mask in fired.values():
            rows_fired |= mask
        names = [t.id for t in policy.typologies]
        for i, ev in enumerate(acting):
            e = ev.event
            v = self.numbers.get(e.key)
            if v is None:
                v = self.numbers[e.key] = NumberVerdict(first_t=e.t, last_t=e.t)
            v.last_t = e.t
            if not rows_fired[i]:
                continue
            s, lv = float(score[i]), int(level[i])
            v.max_score = max(v.max_score, s)
            if lv > v.level:
                here = [r for r in policy.rule_ids if fired[r][i]]
                v.level = lv
                v.reached = (
                    e.t,
                    ";".join(r for r in self._positive if r in here),
                    names[int(typology[i])],
                    ";".join(r for r in self._negative if r in here),
                )
            for r in policy.rule_ids:
                if fired[r][i] and r not in v.hits:
                    evidence = {f: ev.features.get(f) for f in policy.rules[r].features}
                    v.hits[r] = (e.t, e.seq, self._weights.get(r, 0.0), json.dumps(evidence))

    def _flagged_rows(self) -> pl.DataFrame:
        rows = [(n, v) for n, v in self.numbers.items() if v.level >= 1 and v.reached is not None]
        return pl.DataFrame(
            {
                "number": [n for n, _ in rows],
                "score": [v.max_score for _, v in rows],
                "verdict": [VERDICTS[v.level - 1] for _, v in rows],
                "rules": [v.reached[1] for _, v in rows if v.reached],
                "first_t": [v.first_t for _, v in rows],
                "t": [v.reached[0] for _, v in rows if v.reached],
                "typology": [v.reached[2] for _, v in rows if v.reached],
                "exemptions": [v.reached[3] for _, v in rows if v.reached],
            },
            schema={
                "number": pl.String,
                "score": pl.Float64,
                "verdict": pl.String,
                "rules": pl.String,
                "first_t": pl.Int64,
                "t": pl.Int64,
                "typology": pl.String,
                "exemptions": pl.String,
            },
        )

    def hits(self) -> pl.DataFrame:
        """The first firing of each rule for the flagged numbers (``DetectionResult.hits``)."""
        rows = [
            (n, r, t, seq, w, evidence)
            for n, v in self.numbers.items()
            if v.level >= 1
            for r, (t, seq, w, evidence) in v.hits.items()
        ]
        return _hits(
            pl.DataFrame(
                rows,
                schema={
                    "number": pl.String,
                    "rule": pl.String,
                    "t": pl.Int64,
                    "seq": pl.String,
                    "weight": pl.Float64,
                    "evidence": pl.String,
                },
                orient="row",
            )
        )


def _hits(frame: pl.DataFrame) -> pl.DataFrame:
    """Hit rows (``number``, ``rule``, ``t``, ``seq``, ``weight``, ``evidence``) as
    ``DetectionResult.hits``."""
    return frame.sort("number", "t", "rule").select(
        "number", "rule", _utc("t").alias("event_time"), "seq", "weight", "evidence"
    )


def _flagged(frame: pl.DataFrame) -> pl.DataFrame:
    """Verdict rows (``number``, ``score``, ``verdict``, ``rules``, ``first_t``, ``t``, ``typology``,
    ``exemptions``) as ``DetectionResult.flagged``."""
    return flagged_rows(frame, pl.col("score"), pl.col("verdict"))


def _utc(col: str) -> pl.Expr:
    return pl.from_epoch(pl.col(col), time_unit="s").dt.replace_time_zone("UTC")


_VERDICTS_SCHEMA: dict[str, pl.DataType] = {
    "key": pl.String(),
    "first_t": pl.Int64(),
    "max_score": pl.Float64(),
    "level": pl.Int64(),
    "t": pl.Int64(),  # when it reached its level
    "rules": pl.String(),
    "typology": pl.String(),
    "exemptions": pl.String(),
    "hit": pl.UInt64(),  # a bit per rule (``_HIT_BITS``) that has fired for the number: not pickled
}
_HITS_SCHEMA: dict[str, pl.DataType] = {
    "key": pl.String(),
    "rule": pl.String(),
    "t": pl.Int64(),
    "seq": pl.String(),
    "weight": pl.Float64(),
    "evidence": pl.String(),
}


class ColumnarDetection(Detection):
    """Records in (batch by batch, in arrival order), the flagged numbers out at any time: the
    columnar engine (``ringfence.detect.columnar_stream``), a released batch at a time.

    The verdict state is two frames: a row per number that has had a rule fire (``replay._reduce``'s
    best score, level, and what it reached the level with), and the first firing of each rule per
    number. A released batch is scored at once and folded into them; each number's events are in
    ``(t, seq, role)`` order within the batch, the order the batch engine reduces in."""

    ENGINE = "columnar"

    def __init__(
        self,
        policy: Policy,
        allowed_lateness_s: int = 3600,
        kinds: Sequence[RecordKind] = (RecordKind.CALLS,),
        zone: str = DEFAULT_TIMEZONE,
    ) -> None:
        super().__init__(policy, allowed_lateness_s, kinds, zone)
        self.engine = ColumnarFeatures(roles=ACTING)
        self._verdicts = pl.DataFrame(schema=_VERDICTS_SCHEMA)
        self._hits = pl.DataFrame(schema=_HITS_SCHEMA)

    def _set_previous(self, pairs: list[tuple[str, str]]) -> None:
        self.engine.set_previous(pairs)

    def __getstate__(self) -> dict[str, object]:
        state = super().__getstate__()
        # The hit bits are the hits kept, per number, in the policy's rule order: worked out again on
        # load, so a checkpoint is what it was before them and the order cannot go stale.
        state["_verdicts"] = Packed(self._verdicts.drop("hit"))
        state["_hits"] = Packed(self._hits)
        return state

    def __setstate__(self, state: dict[str, object]) -> None:
        for name in ("_verdicts", "_hits"):
            packed = state[name]
            if isinstance(packed, Packed):
                state[name] = packed.frame()
        super().__setstate__(state)
        self._verdicts = self._verdicts.drop("hit", strict=False).with_columns(self._hit_bits())

    def _hit_bits(self) -> pl.Series:
        """``hit`` of every verdict row, from the hits kept: bit ``k`` for the policy's ``k``-th rule."""
        ranks = {r: k for k, r in enumerate(self.policy.rule_ids[:_HIT_BITS])}
        hits = self._hits.select(
            "key", pl.col("rule").replace_strict(ranks, default=None, return_dtype=pl.UInt64)
        )
        hits = hits.drop_nulls("rule").unique()
        bits = hits.select("key", pl.Series("bit", np.left_shift(np.uint64(1), hits["rule"].to_numpy())))
        per_key = bits.group_by("key").agg(pl.col("bit").sum())
        found = self._verdicts.select("key").join(per_key, on="key", how="left", maintain_order="left")
        return found["bit"].fill_null(0).cast(pl.UInt64).alias("hit")

    def verdict_count(self) -> int:
        return self._verdicts.height

    def active_numbers(self) -> int:
        return self.engine.active_keys

    def buffered_events(self) -> int:
        return self.engine.buffered

    def push(
        self, kind: RecordKind, on_time: pl.DataFrame, facts: pl.DataFrame | None = None, release: bool = True
    ) -> list[Event]:
        """Feed on-time records; returns the events the engine could not merge any longer.
        ``release=False``: more records split with them are still to come (``release_point`` already
        counts them), so nothing is released yet."""
        frame = self._events_of(kind, on_time, facts)
        behind = self.engine.add(frame)
        mark = self.release_point
        if mark is not None and release:
            self._decide(self.engine.release(mark))
        return self._events(behind) if behind.height else []

    def fork(self) -> ColumnarDetection:
        """A copy to ``finish`` for a provisional result (frames are replaced, never changed: the
        copy shares them)."""
        other = _shallow(self)
        other.engine = self.engine.fork()
        return other

    def finish(self) -> None:
        """End of input (on a copy, for a provisional result): process everything buffered."""
        self._decide(self.engine.release(None))

    def expire(self, idle_s: int) -> int:
        """Forget numbers idle for ``idle_s`` of event time (flagged numbers keep their verdict, but
        their features start afresh if they come back); at most one sweep per hour of event time."""
        before = self._sweep(idle_s)
        if before is None:
            return 0
        gone = self.engine.expire(before)
        if not len(gone) and not self.engine.acted_before(before):
            # Nothing to drop or reset: a verdict below ``watch`` goes only with a number forgotten
            # or not acting since ``before`` (and every sweep drops those it finds). Reading every
            # number's text here cost O(numbers) per hour of event time (6.6 s of 109 at 10M calls).
            return 0
        acted = self.engine.last_acts()
        kept = (
            self._verdicts.join(acted, on="key", how="left")
            .filter((pl.col("level") >= 1) | (pl.col("last_act") >= before))
            .drop("last_act")
        )
        if kept.height < self._verdicts.height:
            self._verdicts = kept
            self._hits = self._hits.join(kept.select("key"), on="key", how="semi")
        self.engine.reset_acting(before)
        return len(gone)

    def _decide(self, featured: pl.DataFrame) -> None:
        """The policy at every acting event of a released batch, folded into the verdict frames."""
        n = featured.height
        self.events += n
        if not n:
            return
        columns: dict[str, npt.NDArray[np.float64]] = {}

        def column(name: str) -> npt.NDArray[np.float64]:
            if name not in columns:  # a feature an event lacks (card age without a subscriber) is NaN
                values = featured[name]
                # Most are floats without a gap: read in place, not cast and filled into a copy.
                if values.dtype != pl.Float64:
                    values = values.cast(pl.Float64)
                if values.null_count():
                    values = values.fill_null(math.nan)
                columns[name] = values.to_numpy()
            return columns[name]

        policy = self.policy
        rule_ids = policy.rule_ids  # a property that builds the list: once per batch
        fired = {r: policy.rules[r].mask(column) for r in rule_ids}
        score, typology, level = policy.verdicts(policy.scores(fired, n))
        rows_fired = np.zeros(n, dtype=bool)
        for mask in fired.values():
            rows_fired |= mask
        rows = np.flatnonzero(rows_fired)
        if not len(rows):
            return
        # A released batch holds each number's events together (in ``(key, t, seq, role)`` order):
        # its numbers are the runs of equal keys, reduced in NumPy rather than grouped by the text.
        keys, seqs = featured["key"], featured["seq"]
        key_run = np.zeros(n, dtype=np.int64)
        if n > 1:
            key_run[1:] = np.cumsum((keys.head(n - 1) != keys.tail(n - 1)).to_numpy())
        runs = key_run[rows]
        starts = np.flatnonzero(np.concatenate(([True], runs[1:] != runs[:-1])))
        opens = np.zeros(len(rows), dtype=bool)
        opens[starts] = True
        group = np.cumsum(opens) - 1
        levels, scores = level[rows].astype(np.int64), score[rows].astype(np.float64)
        b_level = np.maximum.reduceat(levels, starts)
        best = np.where(levels == b_level[group], np.arange(len(rows)), len(rows))  # first at the best level
        batch = pl.DataFrame(
            {
                "key": keys.gather(rows[starts]),
                "first_t": featured["first_t"].gather(rows[starts]),
                "b_score": np.fmax.reduceat(scores, starts),
                "b_level": b_level,
                "b_i": rows[np.minimum.reduceat(best, starts)].astype(np.int64),
            }
        )
        known = self._verdicts.filter(pl.col("key").is_in(batch["key"].implode()))  # build on these only
        old = batch.join(known, on="key", how="left", maintain_order="left")
        rise = (old["b_level"] > old["level"].fill_null(0)).to_numpy()
        b_i = old["b_i"].to_numpy()
        reached = self._reached(fired, typology, b_i, rise)  # where the verdict stays, it is not read
        t = featured["t"].to_numpy()
        # The first firing of each rule per number, unless it fired before.
        # A rule's first hit per number is where the number's run changes among the rows it fired at;
        # the hits are laid out rule after rule, in the policy's order.
        firsts = []
        for r in rule_ids:
            hit = np.flatnonzero(fired[r])
            runs = key_run[hit]
            firsts.append(hit[np.concatenate(([True], runs[1:] != runs[:-1]))] if len(hit) else hit)
        first = np.concatenate(firsts)
        found_rank = np.repeat(np.arange(len(rule_ids)), [len(f) for f in firsts])
        # Which rules fired before for each number: the verdict row's bits (``old``, read above for
        # the levels), where looking the batch's numbers up among every hit kept (hundreds of
        # thousands of text keys, per batch) was half of ``_decide`` at 10M calls.
        row_of_run = np.zeros(int(key_run[-1]) + 1, dtype=np.int64)
        row_of_run[key_run[rows[starts]]] = np.arange(len(starts))
        found_row = row_of_run[key_run[first]]
        bitted = found_rank < _HIT_BITS
        bit = np.left_shift(np.uint64(1), np.clip(found_rank, 0, max(_HIT_BITS - 1, 0)).astype(np.uint64))
        before = old["hit"].fill_null(0).to_numpy()
        fresh = bitted & ((before[found_row] & bit) == 0)
        now = before.copy()
        np.bitwise_or.at(now, found_row[bitted], bit[bitted])
        merged = old.with_columns(
            pl.coalesce("first_t_right", "first_t").alias("first_t"),
            pl.max_horizontal(pl.col("max_score").fill_null(0.0), "b_score").alias("max_score"),
            pl.when(pl.Series(rise)).then(pl.col("b_level")).otherwise(pl.col("level")).alias("level"),
            pl.when(pl.Series(rise)).then(pl.Series(t[b_i])).otherwise(pl.col("t")).alias("t"),
            *(pl.when(pl.Series(rise)).then(v).otherwise(pl.col(k)).alias(k) for k, v in reached.items()),
            pl.Series("hit", now, dtype=pl.UInt64),
        ).select(list(_VERDICTS_SCHEMA))
        self._verdicts = pl.concat(
            [self._verdicts.join(merged.select("key"), on="key", how="anti"), merged], rechunk=False
        )
        rule_names = pl.Series("rule", rule_ids, dtype=pl.String)
        if not bitted.all():  # rules past the bits: among the hits kept
            late = np.flatnonzero(~bitted)
            fresh[late] = self._not_hit_before(keys.gather(first[late]), rule_names.gather(found_rank[late]))
        if not fresh.any():
            return
        rank, index = found_rank[fresh], first[fresh]
        texts = []
        for k in np.unique(rank).tolist():  # per rule, its features at its new hits, written column-wise
            texts.append(_evidence(featured.select(policy.rules[rule_ids[k]].features)[index[rank == k]]))
        weights = np.array([self._weights.get(r, 0.0) for r in rule_ids], dtype=np.float64)
        self._hits = pl.concat(
            [
                self._hits,
                pl.DataFrame(
                    {
                        "key": keys.gather(index),
                        "rule": rule_names.gather(rank),
                        "t": t[index],
                        "seq": seqs.gather(index),
                        "weight": weights[rank],
                        "evidence": pl.concat(texts),
                    },
                    schema=_HITS_SCHEMA,
                ),
            ],
            rechunk=False,
        )
        if self._hits.n_chunks() > _MAX_HIT_CHUNKS:  # a chunk per batch: a day of small files is thousands
            self._hits = self._hits.rechunk()

    def _not_hit_before(self, found: pl.Series, rules: pl.Series) -> npt.NDArray[np.bool_]:
        """Which of the hits ``found`` (numbers, with their ``rules``) are the first of their rule
        for their number: only the hits of these numbers can match (a hash set of its numbers probed
        by every hit kept, rather than every hit's number and rule hashed into a join: O(hits) per
        batch either way, a few times cheaper)."""
        earlier = self._hits.filter(pl.col("key").is_in(found.unique().implode()))
        if not earlier.height:
            return np.ones(len(found), dtype=bool)
        hits = pl.DataFrame({"key": found, "rule": rules, "_j": np.arange(len(found))})
        fresh = np.zeros(len(found), dtype=bool)
        fresh[hits.join(earlier, on=["key", "rule"], how="anti")["_j"].to_numpy()] = True
        return fresh

    def _reached(
        self,
        fired: dict[str, npt.NDArray[np.bool_]],
        typology: npt.NDArray[np.intp],
        at: npt.NDArray[np.int64],
        rise: npt.NDArray[np.bool_],
    ) -> dict[str, pl.Series]:
        """What each number whose level rises reached it with (null elsewhere): the positive rules
        and the exemptions fired at its event ``at`` (in the policy's order, ``;``-joined) and the
        typology. Written once per distinct set of rules fired (a few dozen), not per number (tens
        of thousands a batch: 0.13 s of a million calls)."""
        rows = at[rise]
        out = {k: pl.repeat(None, len(at), dtype=pl.String, eager=True).alias(k) for k in _REACHED}
        if not len(rows):
            return out
        rule_ids = list(fired)
        # The rules fired at each row as bytes (a bit per rule), each row one value: equal values,
        # equal sets.
        fired_at = np.stack([fired[r][rows] for r in rule_ids], axis=1)
        bits = np.packbits(fired_at, axis=1)
        sets = np.ascontiguousarray(bits).view(np.dtype((np.void, bits.shape[1]))).reshape(-1)
        _, first, which = np.unique(sets, return_index=True, return_inverse=True)
        rules, exemptions = [], []
        for at_first in fired_at[first].tolist():
            here = {r for r, on in zip(rule_ids, at_first, strict=True) if on}
            rules.append(";".join(r for r in self._positive if r in here))
            exemptions.append(";".join(r for r in self._negative if r in here))
        names = pl.Series([t.id for t in self.policy.typologies], dtype=pl.String)
        where, which = np.flatnonzero(rise), which.reshape(-1)
        found = {
            "rules": pl.Series(rules, dtype=pl.String).gather(which),
            "typology": names.gather(typology[rows]),
            "exemptions": pl.Series(exemptions, dtype=pl.String).gather(which),
        }
        return {k: out[k].scatter(where, v) for k, v in found.items()}

    def _flagged_rows(self) -> pl.DataFrame:
        verdicts = self._verdicts.filter(pl.col("level") >= 1)
        levels = range(1, len(VERDICTS) + 1)
        return verdicts.select(
            pl.col("key").alias("number"),
            pl.col("max_score").alias("score"),
            pl.col("level").replace_strict(levels, VERDICTS, return_dtype=pl.String).alias("verdict"),
            "rules",
            "first_t",
            "t",
            "typology",
            "exemptions",
        )

    def hits(self) -> pl.DataFrame:
        """The first firing of each rule for the flagged numbers (``DetectionResult.hits``)."""
        flagged = self._verdicts.filter(pl.col("level") >= 1).select("key")
        hits = self._hits.join(flagged, on="key", how="semi")
        return _hits(hits.rename({"key": "number"}))


def _evidence_writer(names: Sequence[str]) -> Callable[[Sequence[object]], str]:
    """What ``json.dumps({name: _plain(value), ...})`` writes for a row of feature values, with the
    names encoded once per rule rather than once per hit (tens of thousands per batch)."""
    if len(set(names)) != len(names):  # a dict keeps one of each name: left to json
        return lambda row: json.dumps({f: _plain(v) for f, v in zip(names, row, strict=True)})
    heads = [json.dumps(f) + ": " for f in names]

    def write(row: Sequence[object]) -> str:
        return "{" + ", ".join([h + _json_number(v) for h, v in zip(heads, row, strict=True)]) + "}"

    return write


def _evidence(values: pl.DataFrame) -> pl.Series:
    """``_evidence_writer(values.columns)`` of every row of ``values``, the same text, written by
    Polars: a float between 1e-4 and 1e16 (or zero) is cast to text as Python's ``repr`` writes it
    (the shortest digits that read back, in plain notation; ``tests/detect/test_evidence_text.py``
    holds them together), as are null, NaN and the infinities; rows with any other value (scientific
    notation in ``repr``) are written in Python."""
    names = values.columns
    numeric = all(d.is_numeric() or d == pl.Boolean for d in values.dtypes)
    if len(set(names)) != len(names) or not numeric or not values.height:
        write = _evidence_writer(names)
        return pl.Series("evidence", [write(row) for row in values.rows()], dtype=pl.String)
    if not names:
        return pl.Series("evidence", ["{}"] * values.height, dtype=pl.String)
    out = values.select(_evidence_text(tuple(names))).to_series()
    rest = out.is_null().arg_true()
    if len(rest):  # values repr writes in scientific notation
        write = _evidence_writer(names)
        out = out.scatter(rest, [write(row) for row in values[rest].rows()])
    return out


@functools.lru_cache(maxsize=1024)
def _evidence_text(names: tuple[str, ...]) -> pl.Expr:
    """The expression ``_evidence`` writes a frame of columns ``names`` with (null where Python
    writes it): built once per rule's features, not at every batch (building it cost about as much
    as running it, 0.04 s of a 1M-call watch)."""
    parts: list[pl.Expr] = []
    for i, name in enumerate(names):
        # By position: ``pl.col`` reads "*" as every column and "^…$" as a pattern.
        x = pl.nth(i).cast(pl.Float64)
        plain = (x == 0) | ((x.abs() >= 1e-4) & (x.abs() < 1e16))
        text = (
            pl.when(x.is_null())
            .then(pl.lit("null"))
            .when(x.is_nan())
            .then(pl.lit("NaN"))
            .when(x == math.inf)
            .then(pl.lit("Infinity"))
            .when(x == -math.inf)
            .then(pl.lit("-Infinity"))
            .when(plain)
            .then(x.cast(pl.String))
        )
        parts += [pl.lit(("{" if i == 0 else ", ") + json.dumps(name) + ": "), text]
    return pl.concat_str([*parts, pl.lit("}")]).alias("evidence")


def _json_number(value: object) -> str:
    """``json.dumps`` of ``_plain(value)``: ``null``, the float's repr, or JSON's names for NaN and
    the infinities."""
    number = _plain(value)
    if number is None:
        return "null"
    if math.isnan(number):
        return "NaN"
    if math.isinf(number):
        return "Infinity" if number > 0 else "-Infinity"
    return float.__repr__(number)


def _plain(value: object) -> float | None:
    """A feature value as the streaming engine's evidence holds it (a float, None where absent)."""
    if value is None:
        return None
    assert isinstance(value, int | float)
    return float(value)


ENGINES: dict[str, type[Detection]] = {
    ColumnarDetection.ENGINE: ColumnarDetection,
    IncrementalDetection.ENGINE: IncrementalDetection,
}
