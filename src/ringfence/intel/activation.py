"""The card-opening check: the question an operator's counter asks before a card is sold.

``CardIndex`` is an immutable in-memory snapshot of every member operator's cards (by holder and by
sales channel), the holders restricted for fraud (涉诈失信) and the numbers recently found or disposed
as fraud. ``check`` answers from it alone — dictionary look-ups and a binary search per channel — so
it takes microseconds; the service that owns the index rebuilds it from the store in the background
and swaps it in whole.

Answers, strictest first:

``refuse``
    ``restricted_holder`` (a member organisation restricted the holder for fraud) or ``over_limit``
    (the holder already has ``per_operator_limit`` cards at this operator).
``review``
    ``bulk_activation`` (with this card the holder reaches ``bulk_cards`` activations within
    ``bulk_window``), ``bulk_channel`` (the channel opened cards for far more holders in the last
    ``channel_window`` than it usually does, as ``ringfence.intel.cards`` judges bursts) or
    ``fraud_cards`` (a card of this holder was found or disposed as fraud recently).
``allow``
    none of these.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

import polars as pl

from ringfence.domain.holders import RestrictedHolder
from ringfence.intel.cards import CardRules

__all__ = ["Answer", "CardIndex", "Decision", "Reason", "Request", "build_index", "check"]


class Decision(StrEnum):
    ALLOW = "allow"
    REVIEW = "review"
    REFUSE = "refuse"


@dataclass(frozen=True, slots=True)
class Reason:
    code: str
    detail: str


@dataclass(frozen=True, slots=True)
class Request:
    id_hash: str
    operator: str
    at: datetime
    channel: str | None = None


@dataclass(frozen=True, slots=True)
class Answer:
    decision: Decision
    reasons: tuple[Reason, ...]


@dataclass(frozen=True, slots=True)
class _Holder:
    per_operator: Mapping[str, int]
    activations: tuple[float, ...]  # POSIX seconds, ascending
    numbers: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class _Channel:
    times: tuple[float, ...]  # POSIX seconds, ascending
    holders: tuple[str, ...]  # the holder of each activation, same order
    usual: float  # holders per window over the period the index covers


@dataclass(frozen=True)
class CardIndex:
    rules: CardRules = field(default_factory=CardRules)
    holders: Mapping[str, _Holder] = field(default_factory=dict)
    channels: Mapping[str, _Channel] = field(default_factory=dict)
    restricted: Mapping[str, tuple[RestrictedHolder, ...]] = field(default_factory=dict)
    fraud: Mapping[str, str] = field(default_factory=dict)  # number -> why it counts as a fraud card
    built_at: datetime | None = None

    @property
    def cards(self) -> int:
        return sum(len(h.numbers) for h in self.holders.values())


def build_index(
    subscribers: pl.DataFrame,
    restricted: Iterable[RestrictedHolder] = (),
    fraud: Mapping[str, str] | None = None,
    rules: CardRules | None = None,
    built_at: datetime | None = None,
) -> CardIndex:
    """The index over subscriber records (``org`` optional, the subscriber columns), restrictions in
    force and fraud numbers (number -> reason)."""
    rules = rules or CardRules()
    frame = subscribers.filter(pl.col("id_hash").is_not_null()).select(
        "id_hash",
        pl.col("operator").fill_null("unknown"),
        "number",
        pl.col("channel")
        if "channel" in subscribers.columns
        else pl.lit(None, dtype=pl.String).alias("channel"),
        (pl.col("activated_at").dt.epoch("us") / 1e6).alias("t"),
    )
    holders: dict[str, _Holder] = {}
    grouped = frame.group_by("id_hash").agg(
        pl.col("operator"), pl.col("t").drop_nulls().sort(), pl.col("number").sort()
    )
    for id_hash, operators, times, numbers in grouped.iter_rows():
        per_op: dict[str, int] = defaultdict(int)
        for op in operators:
            per_op[op] += 1
        holders[id_hash] = _Holder(dict(per_op), tuple(times), tuple(numbers))
    channels: dict[str, _Channel] = {}
    timed = frame.filter(pl.col("channel").is_not_null() & pl.col("t").is_not_null())
    if timed.height:
        span = float(timed["t"].max()) - float(timed["t"].min())  # type: ignore[arg-type]
        windows = max(span / rules.channel_window.total_seconds(), 1.0)
        per_channel = (
            timed.sort("t").group_by("channel").agg("t", "id_hash", pl.col("id_hash").n_unique().alias("u"))
        )
        for channel, times, ids, unique in per_channel.iter_rows():
            channels[channel] = _Channel(tuple(times), tuple(ids), unique / windows)
    by_holder: dict[str, list[RestrictedHolder]] = defaultdict(list)
    for entry in restricted:
        by_holder[entry.id_hash].append(entry)
    return CardIndex(
        rules,
        holders,
        channels,
        {k: tuple(v) for k, v in by_holder.items()},
        dict(fraud or {}),
        built_at,
    )


def _window_count(times: tuple[float, ...], start: float, end: float) -> int:
    return bisect_right(times, end) - bisect_left(times, start)


def check(index: CardIndex, request: Request) -> Answer:
    """Allow, review or refuse opening one more card for ``request.id_hash`` at ``request.operator``."""
    rules = index.rules
    refuse: list[Reason] = []
    review: list[Reason] = []
    for entry in index.restricted.get(request.id_hash, ()):
        refuse.append(Reason("restricted_holder", f"restricted by {entry.org}: {entry.reason}"))
    holder = index.holders.get(request.id_hash)
    now = request.at.timestamp()
    if holder is not None:
        at_operator = holder.per_operator.get(request.operator, 0)
        if at_operator >= rules.per_operator_limit:
            refuse.append(
                Reason(
                    "over_limit",
                    f"{at_operator} cards at {request.operator} already (limit {rules.per_operator_limit})",
                )
            )
        window = rules.bulk_window.total_seconds()
        recent = _window_count(holder.activations, now - window, now) + 1
        if recent >= rules.bulk_cards:
            review.append(
                Reason(
                    "bulk_activation",
                    f"this would be card {recent} within {window / 3600:g}h (threshold {rules.bulk_cards})",
                )
            )
        flagged = [n for n in holder.numbers if n in index.fraud]
        if flagged:
            named = "; ".join(f"{n[:-4]}****: {index.fraud[n]}" for n in flagged[:5])
            review.append(Reason("fraud_cards", f"{len(flagged)} card(s) of this holder flagged: {named}"))
    channel = index.channels.get(request.channel) if request.channel else None
    if channel is not None:
        width = rules.channel_window.total_seconds()
        lo = bisect_left(channel.times, now - width)
        hi = bisect_right(channel.times, now)
        holders = len({*channel.holders[lo:hi], request.id_hash})
        if holders >= rules.channel_min and holders >= rules.channel_factor * channel.usual:
            review.append(
                Reason(
                    "bulk_channel",
                    f"channel {request.channel} opened cards for {holders} holders in the last "
                    f"{width / 3600:g}h (usually {channel.usual:.2f})",
                )
            )
    if refuse:
        return Answer(Decision.REFUSE, tuple(refuse + review))
    if review:
        return Answer(Decision.REVIEW, tuple(review))
    return Answer(Decision.ALLOW, ())


def holder_numbers(index: CardIndex, id_hash: str) -> tuple[str, ...]:
    holder = index.holders.get(id_hash)
    return () if holder is None else holder.numbers
