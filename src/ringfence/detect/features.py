"""Features are declared once — what is measured, how it is aggregated, over which window, keyed by
what — and their names derive from the declaration (``number.sum(short)@all``). Every engine (the
vectorised one ``ringfence detect`` runs, ``detect/batch.py`` over ``detect/columnar.py``; the
incremental streaming engine, ``detect/stream.py``; and the reference engine in the tests) computes
exactly these declarations, and one conformance suite (``tests/detect/test_conformance.py``) holds
every engine to the reference's value of every feature at every event.

Semantics (shared by every engine): the value of a feature *at* an event is the aggregate over the
key's events with time in ``(t - window, t]`` — ties included, so every event at the same second
sees the same state — or over all the key's events so far when the window is ``all``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, overload

import numpy as np
import numpy.typing as npt
import polars as pl

from ringfence.detect.events import IN, OUT, SMS_OUT, Event
from ringfence.domain.numbers import NumberKind, classify

__all__ = [
    "BASE_FEATURES",
    "BRIDGE_END_S",
    "BRIDGE_MIN_S",
    "BRIDGE_WINDOW_S",
    "CARD_FACTS",
    "CROSS_FEATURES",
    "DERIVED",
    "FEATURE_NAMES",
    "KEY_ATTRIBUTES",
    "MEASURES",
    "SEQUENTIAL_BAND",
    "SHARED_HANDSET_NUMBERS",
    "Derived",
    "Feature",
    "Measure",
    "bridged",
    "callback",
    "derive",
    "dialled_value",
    "dialled_value_expr",
    "handset_use",
    "is_foreign",
    "key_attributes",
    "sequential",
    "shared_handset",
    "window_label",
]

SHORT_CALL_S = 10
NIGHT_HOURS = (0, 6)  # local hours [0, 6): the hours ordinary people do not call strangers

# -- the two measures that need state: declared here, kept by each engine in its own way ----------------
#: How far apart two callees may be for a call to be *sequential* (working a number list).
SEQUENTIAL_BAND = 50


def dialled_value(number: str) -> int | None:
    """A callee as sequential dialling reads it: its digits without the leading ``+`` as a 64-bit
    integer, or None when they are not one (exactly what ``dialled_value_expr`` gives on a column)."""
    digits = number.lstrip("+")
    if not digits.removeprefix("-").isascii() or not digits.removeprefix("-").isdigit():
        return None
    value = int(digits)
    return value if -(2**63) <= value < 2**63 else None


def dialled_value_expr(number: pl.Expr) -> pl.Expr:
    """``dialled_value`` of a column of number strings."""
    return number.str.strip_chars_start("+").cast(pl.Int64, strict=False)


@overload
def sequential(value: int, length: int, previous: int, previous_length: int) -> bool: ...
@overload
def sequential(value: pl.Expr, length: pl.Expr, previous: pl.Expr, previous_length: pl.Expr) -> pl.Expr: ...
def sequential(value: Any, length: Any, previous: Any, previous_length: Any) -> Any:
    """Whether a placed call works a number list: its callee is written with as many characters as
    the callee of the key's previous placed call (in ``(t, seq)`` order), differs from it and lies
    within ``SEQUENTIAL_BAND`` of it (values: ``dialled_value``; a callee that is not a number is
    never sequential, nor is a key's first placed call).

    The same function for every engine: on integers (per event) or on Polars expressions (per
    column, nulls where there is no previous call or no number, to be read as False)."""
    return (length == previous_length) & (abs(value - previous) <= SEQUENTIAL_BAND) & (value != previous)


#: Numbers a handset has carried by a call for the call to be placed from a shared handset: a
#: dual-SIM phone carries two.
SHARED_HANDSET_NUMBERS = 3

#: ``handset.cells`` is counted up to this many cells: the rules ask whether a handset stayed in fewer
#: than ten, and a phone on the move would otherwise keep every cell it passed through in the state (a
#: synthetic million calls: 43 a handset on average, 857k pairs; capped, at most ten a handset).
HANDSET_CELLS_CAP = 10


@overload
def shared_handset(handset_numbers: int) -> bool: ...
@overload
def shared_handset(handset_numbers: pl.Expr) -> pl.Expr: ...
@overload
def shared_handset(handset_numbers: npt.NDArray[np.int64]) -> npt.NDArray[np.bool_]: ...
def shared_handset(handset_numbers: Any) -> Any:
    """Whether a placed call, whose handset had carried ``handset_numbers`` numbers by then (the
    cross feature ``handset.numbers``: 0 where the call is no use of a known handset), was placed
    from a shared handset. A SIM box's card places its calls from the box; a shop's test phone
    carries every card it sells for one call each, and the card then leaves it for its holder's
    phone (a blind world: 12-24 visitors a seed convicted as SIM-farm cards by one test call to a
    resident's number).

    The same function for every engine: on integers, Polars expressions, NumPy arrays (or Spark
    columns)."""
    return handset_numbers >= SHARED_HANDSET_NUMBERS


@overload
def callback(t: int, first_called: int) -> bool: ...
@overload
def callback(t: pl.Expr, first_called: pl.Expr) -> pl.Expr: ...
@overload
def callback(t: npt.NDArray[np.int64], first_called: npt.NDArray[np.int64]) -> npt.NDArray[np.bool_]: ...
def callback(t: Any, first_called: Any) -> Any:
    """Whether a call a key receives from Y at ``t`` calls it back: the key had first placed a call
    to Y at ``first_called``, strictly earlier (calls in the same second cross, neither answers the
    other). Only the first such call from each Y counts (by ``(t, seq)``); an SMS is never one.

    The same function for every engine: on integers, Polars expressions or NumPy arrays."""
    return t > first_called


#: A *bridged leg*: a call the number places that starts 1-60 s after an answered call into the
#: same number started and ends within 10 s of it, both lasting 30 s or more: the two halves of a
#: relay (a handset patching a caller from abroad through to a victim) or of a forwarded call.
BRIDGE_WINDOW_S = 60
BRIDGE_END_S = 10
BRIDGE_MIN_S = 30


@overload
def bridged(t: int, duration: int, received: int, received_duration: int) -> bool: ...
@overload
def bridged(t: pl.Expr, duration: pl.Expr, received: pl.Expr, received_duration: pl.Expr) -> pl.Expr: ...
@overload
def bridged(
    t: npt.NDArray[np.int64],
    duration: npt.NDArray[np.int64],
    received: npt.NDArray[np.int64],
    received_duration: npt.NDArray[np.int64],
) -> npt.NDArray[np.bool_]: ...
def bridged(t: Any, duration: Any, received: Any, received_duration: Any) -> Any:
    """Whether a call the key places at ``t`` lasting ``duration`` bridges a call it received at
    ``received`` lasting ``received_duration``. Starting strictly later (a second at least) keeps
    the answer out of the order of events within a second; the end within ``BRIDGE_END_S`` is what
    a relay has and a person who rings someone after a call does not (their calls follow each
    other; a patched call's halves end together). A call to or from a number with itself starts in
    the second it is received and is never one.

    The same function for every engine: on integers, Polars expressions or NumPy arrays."""
    gap = t - received
    ends = (t + duration) - (received + received_duration)
    return (
        (gap >= 1)
        & (gap <= BRIDGE_WINDOW_S)
        & (ends <= BRIDGE_END_S)
        & (ends >= -BRIDGE_END_S)
        & (duration >= BRIDGE_MIN_S)
        & (received_duration >= BRIDGE_MIN_S)
    )


@dataclass(frozen=True)
class Measure:
    """A per-event number, defined once for every engine."""

    name: str
    doc: str
    expr: pl.Expr | None  # over the event frame (None: stateful, computed by the engines)
    fn: Callable[[Event], float] | None


def _out(e: Event) -> bool:
    return e.role == OUT


MEASURES: dict[str, Measure] = {
    m.name: m
    for m in [
        Measure("out", "a call placed", pl.col("role") == OUT, lambda e: float(e.role == OUT)),
        Measure("in", "a call received", pl.col("role") == IN, lambda e: float(e.role == IN)),
        Measure(
            "answered",
            "a placed call that was answered",
            (pl.col("role") == OUT) & (pl.col("duration") > 0),
            lambda e: float(_out(e) and e.duration > 0),
        ),
        Measure(
            "short",
            f"a placed call answered but shorter than {SHORT_CALL_S} s (the callee hung up on the script)",
            (pl.col("role") == OUT) & (pl.col("duration") > 0) & (pl.col("duration") < SHORT_CALL_S),
            lambda e: float(_out(e) and 0 < e.duration < SHORT_CALL_S),
        ),
        Measure(
            "unanswered",
            "a placed call nobody answered",
            (pl.col("role") == OUT) & (pl.col("duration") == 0),
            lambda e: float(_out(e) and e.duration == 0),
        ),
        Measure(
            "night",
            "a placed call between 00:00 and 06:00 local time",
            (pl.col("role") == OUT) & pl.col("local_hour").is_between(NIGHT_HOURS[0], NIGHT_HOURS[1] - 1),
            lambda e: float(_out(e) and NIGHT_HOURS[0] <= e.local_hour < NIGHT_HOURS[1]),
        ),
        Measure(
            "talk_s",
            "seconds of talk on placed calls",
            pl.when(pl.col("role") == OUT).then(pl.col("duration")).otherwise(0),
            lambda e: float(e.duration if _out(e) else 0),
        ),
        Measure(
            "off_site",
            "a placed call made away from the number's home city",
            (pl.col("role") == OUT) & pl.col("off_site").fill_null(False),
            lambda e: float(_out(e) and bool(e.off_site)),
        ),
        Measure(
            "region_known",
            "a placed call whose caller location and home city are both known",
            (pl.col("role") == OUT) & pl.col("off_site").is_not_null(),
            lambda e: float(_out(e) and e.off_site is not None),
        ),
        Measure(
            "intl_unanswered",
            "a call placed from abroad that nobody answered (one ring)",
            (pl.col("role") == OUT) & (pl.col("origin") == "international") & (pl.col("duration") == 0),
            lambda e: float(_out(e) and e.origin == "international" and e.duration == 0),
        ),
        Measure(
            "intl_out",
            "a call placed under this number that came in through the international gateway (forwarded)",
            (pl.col("role") == OUT) & (pl.col("origin") == "international"),
            lambda e: float(_out(e) and e.origin == "international"),
        ),
        Measure(
            "in_answered",
            "a received call that was answered",
            (pl.col("role") == IN) & (pl.col("duration") > 0),
            lambda e: float(e.role == IN and e.duration > 0),
        ),
        Measure("sms_out", "an SMS sent", pl.col("role") == SMS_OUT, lambda e: float(e.role == SMS_OUT)),
        Measure(
            "sms_fraud",
            "an SMS sent whose text reads as fraud (scam script, phishing link)",
            (pl.col("role") == SMS_OUT) & pl.col("fraud_text").fill_null(False),
            lambda e: float(e.role == SMS_OUT and e.fraud_text),
        ),
        Measure(
            "sequential",
            f"a placed call to a number within ±{SEQUENTIAL_BAND} of the previous callee (``sequential``)",
            None,
            None,
        ),
        Measure(
            "callback", "a callee of this number called it back for the first time (``callback``)", None, None
        ),
        Measure(
            "known",
            "a new card's placed call to a contact of the holder's previous number (``detect.acquaintance``)",
            None,
            None,
        ),
        Measure(
            "shared_handset",
            "a placed call from a handset that had carried three numbers or more (``shared_handset``)",
            None,
            None,
        ),
        Measure(
            "bridged",
            f"a placed call that bridges an answered call into the number: it starts 1-{BRIDGE_WINDOW_S} s"
            f" after that call started and ends within {BRIDGE_END_S} s of it, both {BRIDGE_MIN_S} s or"
            " longer (``bridged``: a relay or a forwarded call)",
            None,
            None,
        ),
        Measure(
            "bridged_intl",
            "a bridged placed call whose received half came in through the international gateway (a relay"
            " patching a caller from abroad through to a domestic number)",
            None,
            None,
        ),
        Measure(
            "tied",
            "a new card's placed call to someone another of its callees knows (``detect.acquaintance``)",
            None,
            None,
        ),
    ]
}


def window_label(seconds: int | None) -> str:
    if seconds is None:
        return "all"
    if seconds % 86_400 == 0:
        return f"{seconds // 86_400}d"
    if seconds % 3600 == 0:
        return f"{seconds // 3600}h"
    return f"{seconds // 60}m"


@dataclass(frozen=True)
class Feature:
    """``agg`` of ``measure`` over ``window`` per ``key``.

    ``sum``: total of a measure; ``distinct``: number of different counterparts (``other``),
    handsets (``imei``), serving cells (``cell``) or local calendar days (``day``) on events where
    ``measure`` is 1; ``max``: largest value of a measure.
    """

    agg: str
    measure: str
    window: int | None = None
    key: str = "number"
    value: str | None = None  # for ``distinct``: the field counted

    @property
    def name(self) -> str:
        inner = f"{self.measure}:{self.value}" if self.value else self.measure
        return f"{self.key}.{self.agg}({inner})@{window_label(self.window)}"


@dataclass(frozen=True)
class Derived:
    """A ratio of two features (``1 - ratio`` with ``complement``); 0 when the denominator is 0."""

    name: str
    numerator: str
    denominator: str
    complement: bool = False
    doc: str = ""


M10, H1, D1 = 600, 3600, 86_400

BASE_FEATURES: tuple[Feature, ...] = (
    Feature("sum", "out", M10),
    Feature("sum", "out", H1),
    Feature("sum", "out", D1),
    Feature("sum", "out"),
    Feature("sum", "answered"),
    Feature("sum", "short"),
    Feature("sum", "unanswered"),
    Feature("sum", "night"),
    Feature("sum", "talk_s"),
    Feature("sum", "off_site"),
    Feature("sum", "region_known"),
    Feature("sum", "sequential"),
    Feature("sum", "callback"),
    Feature("sum", "in_answered"),
    Feature("sum", "shared_handset"),
    Feature("sum", "intl_unanswered", H1),
    Feature("sum", "intl_out"),
    Feature("sum", "bridged"),
    Feature("sum", "sms_out", H1),
    Feature("sum", "sms_out", D1),
    Feature("sum", "sms_fraud", D1),
    Feature("max", "talk_s"),
    Feature("distinct", "out", value="other"),
    Feature("distinct", "out", value="imei"),
    Feature("distinct", "out", value="cell"),
    Feature("distinct", "out", value="day"),
    Feature("distinct", "sms_out", value="other"),
    Feature("distinct", "known", value="other"),
    Feature("distinct", "tied", value="other"),
    Feature("distinct", "bridged_intl", value="other"),
)

#: Features of a number's handsets and cells, seen from the number: the largest value over the
#: handsets / cells it has used so far.
CROSS_FEATURES: dict[str, str] = {
    "handset.numbers": (
        "numbers that have placed calls from this handset, seen at a call that uses it (SIM farm: many;"
        " a call to a service or short code uses none: handset_use)"
    ),
    "cell.new_cards": "new cards (activated < 30 days) that have placed calls in this cell (GoIP cohort)",
    "handset.repeat_numbers": (
        "numbers that have placed two calls or more from this handset, seen at a call that uses it (a SIM"
        " box's cards call on; a shop's test phone carries each card it sells for one call)"
    ),
    "handset.cells": (
        "cells this handset has placed calls in, counted up to 10, seen at a call that uses it (a SIM box"
        " or a ring's desk stays in a few; one IMEI cloned onto cheap phones all over a city is seen in many)"
    ),
    "handset.holders": (
        "holders of the numbers that have placed calls from this handset (one per id_hash in the subscriber"
        " feed; a number without one is its own), seen at a call that uses it (a SIM box's cards are bought"
        " under many identities; one person's dual-SIM phone carries that person's own cards)"
    ),
    "relayed.reach": (
        "people that relays put this number's calls from abroad through to (the callees of bridged calls"
        " whose call in was this number's, through the international gateway), by the second before a call"
        " it places (a ring's line abroad: many; a relative abroad forwarded to one person: one)"
    ),
}
NEW_CARD_DAYS = 30


def _n(agg: str, measure: str, window: int | None = None, value: str | None = None) -> str:
    return Feature(agg, measure, window, value=value).name


DERIVED: tuple[Derived, ...] = (
    Derived("short_share", _n("sum", "short"), _n("sum", "answered"), doc="answered calls under 10 s"),
    Derived("unanswered_share", _n("sum", "unanswered"), _n("sum", "out"), doc="placed calls not answered"),
    Derived("night_share", _n("sum", "night"), _n("sum", "out"), doc="placed calls at night"),
    Derived("mean_talk_s", _n("sum", "talk_s"), _n("sum", "answered"), doc="mean duration of answered calls"),
    Derived(
        "repeat_share",
        _n("distinct", "out", value="other"),
        _n("sum", "out"),
        complement=True,
        doc="placed calls to numbers called before (dispersion: low)",
    ),
    Derived(
        "callback_share",
        _n("sum", "callback"),
        _n("distinct", "out", value="other"),
        doc="callees who called back",
    ),
    Derived(
        "known_share",
        _n("distinct", "known", value="other"),
        _n("distinct", "out", value="other"),
        doc="callees who were contacts of the holder's previous number (a new card's own people)",
    ),
    Derived(
        "tied_share",
        _n("distinct", "tied", value="other"),
        _n("distinct", "out", value="other"),
        doc="callees who know another callee (friends and family know each other; victims do not)",
    ),
    Derived("off_site_share", _n("sum", "off_site"), _n("sum", "region_known"), doc="calls away from home"),
    Derived(
        "cell_spread",
        _n("distinct", "out", value="cell"),
        _n("sum", "out"),
        doc="cells of placed calls per call placed (a courier on the move: high; a desk or a SIM box: low)",
    ),
    Derived(
        "calls_per_day",
        _n("sum", "out"),
        _n("distinct", "out", value="day"),
        doc="calls placed per day on which the number placed any (a newcomer telling people its number: a"
        " few a day over several days; a dialer or a SIM-box card: tens to hundreds on its first days)",
    ),
    Derived("sequential_share", _n("sum", "sequential"), _n("sum", "out"), doc="calls working a number list"),
    Derived(
        "handset_repeat_share",
        "handset.repeat_numbers",
        "handset.numbers",
        doc="numbers that have called twice from this call's handset per number it has carried (a SIM box"
        " at work: most; a shop's test phone, whose cards call once: few)",
    ),
    Derived(
        "inbound_ratio",
        _n("sum", "in_answered"),
        _n("sum", "out"),
        doc="answered calls received per call placed",
    ),
)

#: What the subscriber feed says about the card's holder (same for every event of the number; null
#: without a subscriber record or an identity): ``holders.holder_cards``.
CARD_FACTS: dict[str, str] = {
    "number.holder_cards": "numbers the card's holder (same id_hash and operator) has in the subscriber "
    "feed in the card's home city; over five is a unit account (one identity may hold five cards with an "
    "operator)",
}

#: What the numbering plan says about the number itself (same for every event of the number).
KEY_ATTRIBUTES: dict[str, str] = {
    "number.is_virtual": "a virtual-operator (MVNO) range: 170/171/162/165/167",
    "number.is_iot": "an IoT/M2M range, which should not place voice calls to the public",
    "number.is_international": "a foreign number (valid in its country's plan or not)",
    "number.is_fixed": "a fixed line (enterprises, call centres)",
    "number.is_service": "a short code, 95xxx/96xxx service number or 106 SMS port",
}


@overload
def handset_use(callee: str) -> bool: ...
@overload
def handset_use(callee: pl.Expr) -> pl.Expr: ...
def handset_use(callee: Any) -> Any:
    """Whether a placed call counts as a use of its handset (numbers per handset, and a new card's
    previous numbers by handset): not when it is to a number written without a country code, a
    service or short code. An operator's shop test-calls 10086 with every card it sells from one
    handset, which ties no cards together; a SIM box calls people (a blind world: 54-61 visitors on
    local prepaid cards convicted as SIM-farm cards by their test call).

    On a canonical number string or a Polars expression of them (Spark writes the same test in its
    own columns; coded columns read it off the codes, ``Codes.plus``)."""
    if isinstance(callee, pl.Expr):
        return callee.str.starts_with("+")
    return callee.startswith("+")


@overload
def is_foreign(number: str) -> bool: ...
@overload
def is_foreign(number: pl.Expr) -> pl.Expr: ...
def is_foreign(number: Any) -> Any:
    """A number with a country code other than China's, whether or not it is valid in its country's
    plan: a ring abroad calls from numbers of any length, and one its plan rejects is no less foreign.
    On a canonical number string or a Polars expression of them."""
    if isinstance(number, pl.Expr):
        return number.str.starts_with("+") & ~number.str.starts_with("+86")
    return number.startswith("+") and not number.startswith("+86")


def key_attributes(number: str) -> dict[str, float]:
    info = classify(number)
    irregular_foreign = info.kind is NumberKind.IRREGULAR and is_foreign(number)
    foreign = info.kind is NumberKind.INTERNATIONAL or irregular_foreign
    return {
        "number.is_virtual": float(info.kind is NumberKind.VIRTUAL),
        "number.is_iot": float(info.kind is NumberKind.IOT),
        "number.is_international": float(foreign),
        "number.is_fixed": float(info.kind in (NumberKind.FIXED, NumberKind.TOLL_FREE)),
        "number.is_service": float(info.kind in (NumberKind.SERVICE, NumberKind.SMS_PORT)),
    }


FEATURE_NAMES: tuple[str, ...] = (
    *(f.name for f in BASE_FEATURES),
    *CROSS_FEATURES,
    *(f"number.max({c})@all" for c in CROSS_FEATURES),
    "number.card_age_days",
    *CARD_FACTS,
    *KEY_ATTRIBUTES,
    *(d.name for d in DERIVED),
)


def derive(values: dict[str, float]) -> dict[str, float]:
    """Add the derived ratios to a dict of base feature values (the streaming engine's path)."""
    out = dict(values)
    for d in DERIVED:
        den = values.get(d.denominator, 0.0)
        ratio = values.get(d.numerator, 0.0) / den if den else 0.0
        out[d.name] = 1.0 - ratio if (d.complement and den) else ratio
    return out


def derive_exprs() -> list[pl.Expr]:
    """The derived ratios as Polars expressions (the batch engine's path)."""
    exprs = []
    for d in DERIVED:
        den = pl.col(d.denominator)
        ratio = pl.when(den > 0).then(pl.col(d.numerator) / den).otherwise(0.0)
        exprs.append(
            (pl.when(den > 0).then(1.0 - ratio).otherwise(0.0) if d.complement else ratio).alias(d.name)
        )
    return exprs
