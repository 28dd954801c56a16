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
from datetime import datetime, timedelta
from enum import StrEnum

import polars as pl

from ringfence.domain.holders import RestrictedHolder
from ringfence.intel.cards import CardRules, channel_window, prepare

__all__ = ["Answer", "CardIndex", "Decision", "Reason", "Request", "build_index", "channel_burst", "check"]


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
class _Channel:
    times: tuple[float, ...]  # POSIX seconds, ascending
    holders: tuple[str, ...]  # the holder of each activation, same order
    usual: float  # cards per window over the period the index covers


@dataclass(frozen=True)
class CardIndex:
    """What ``check`` reads, shaped for it: cards per (holder, operator); activation times only of
    holders one card short of a bulk or more (nobody else can reach one); the fraud cards of each
    holder; every channel's activations; restrictions in force by holder."""

    rules: CardRules = field(default_factory=CardRules)
    per_operator: Mapping[tuple[str, str], int] = field(default_factory=dict)
    activations: Mapping[str, tuple[float, ...]] = field(default_factory=dict)
    fraud_cards: Mapping[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)
    channels: Mapping[str, _Channel] = field(default_factory=dict)
    restricted: Mapping[str, tuple[RestrictedHolder, ...]] = field(default_factory=dict)
    channel_window: timedelta = timedelta(hours=1)
    cards: int = 0
    built_at: datetime | None = None


def build_index(
    subscribers: pl.DataFrame,
    restricted: Iterable[RestrictedHolder] = (),
    fraud: Mapping[str, str] | None = None,
    rules: CardRules | None = None,
    built_at: datetime | None = None,
) -> CardIndex:
    """The index over subscriber records (``org`` optional, the subscriber columns), restrictions in
    force and fraud numbers (number -> reason). Built with vectorised Polars steps and C-level dict
    construction; no Python loop per card except the channels' activation tuples."""
    rules = rules or CardRules()
    subs = prepare(subscribers).collect()
    frame = subs.select(
        "id_hash", "operator", "number", "channel", (pl.col("activated_at").dt.epoch("us") / 1e6).alias("t")
    )
    counts = frame.group_by("id_hash", "operator").len()
    per_operator = dict(
        zip(
            zip(counts["id_hash"].to_list(), counts["operator"].to_list(), strict=True),
            counts["len"].to_list(),
            strict=True,
        )
    )
    timed = frame.filter(pl.col("t").is_not_null())
    busy = (
        timed.group_by("id_hash")
        .agg(pl.col("t").sort(), pl.len().alias("k"))
        .filter(pl.col("k") >= rules.bulk_cards - 1)
    )
    activations = dict(zip(busy["id_hash"].to_list(), map(tuple, busy["t"].to_list()), strict=True))
    fraud = dict(fraud or {})
    fraud_cards: dict[str, tuple[tuple[str, str], ...]] = {}
    if fraud:
        known = pl.DataFrame(
            {"number": list(fraud), "why": list(fraud.values())},
            schema={"number": pl.String, "why": pl.String},
        )
        hits = frame.join(known, on="number").group_by("id_hash").agg("number", "why")
        for id_hash, numbers, whys in hits.iter_rows():
            fraud_cards[id_hash] = tuple(zip(numbers, whys, strict=True))
    window = channel_window(subs.lazy(), rules)
    channels: dict[str, _Channel] = {}
    sold = timed.filter(pl.col("channel").is_not_null())
    if sold.height:
        span = float(sold["t"].max()) - float(sold["t"].min())  # type: ignore[arg-type]
        windows = max(span / window.total_seconds(), 1.0)
        per_channel = sold.sort("t").group_by("channel").agg("t", "id_hash")
        for channel, times, ids in per_channel.iter_rows():
            channels[channel] = _Channel(tuple(times), tuple(ids), len(times) / windows)
    by_holder: dict[str, list[RestrictedHolder]] = defaultdict(list)
    for entry in restricted:
        by_holder[entry.id_hash].append(entry)
    return CardIndex(
        rules,
        per_operator,
        activations,
        fraud_cards,
        channels,
        {k: tuple(v) for k, v in by_holder.items()},
        window,
        frame.height,
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
    now = request.at.timestamp()
    at_operator = index.per_operator.get((request.id_hash, request.operator), 0)
    if at_operator >= rules.per_operator_limit:
        refuse.append(
            Reason(
                "over_limit",
                f"{at_operator} cards at {request.operator} already (limit {rules.per_operator_limit})",
            )
        )
    times = index.activations.get(request.id_hash)
    if times is not None:
        window = rules.bulk_window.total_seconds()
        recent = _window_count(times, now - window, now) + 1
        if recent >= rules.bulk_cards:
            review.append(
                Reason(
                    "bulk_activation",
                    f"this would be card {recent} within {window / 3600:g}h (threshold {rules.bulk_cards})",
                )
            )
    flagged = index.fraud_cards.get(request.id_hash)
    if flagged:
        named = "; ".join(f"{n[:-4]}****: {why}" for n, why in flagged[:5])
        review.append(Reason("fraud_cards", f"{len(flagged)} card(s) of this holder flagged: {named}"))
    channel = index.channels.get(request.channel) if request.channel else None
    if channel is not None:
        width = index.channel_window.total_seconds()
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


def channel_burst(index: CardIndex, channel: str, at: datetime) -> str | None:
    """Why a card opened by ``channel`` at ``at`` was part of a burst of that channel (a window of
    ``channel_window`` containing it with cards for enough holders; the largest such window), as
    ``ringfence.intel.cards`` judges bursts over files; ``None`` if it was not, or if the index holds
    dates only."""
    found = index.channels.get(channel)
    if found is None or index.channel_window >= timedelta(days=1):
        return None
    rules = index.rules
    width = index.channel_window.total_seconds()
    t = at.timestamp()
    threshold = max(rules.channel_min, rules.channel_factor * found.usual)
    most = 0
    for end in range(bisect_left(found.times, t), bisect_left(found.times, t + width)):
        start = bisect_right(found.times, found.times[end] - width)  # the window ending at ``end``
        most = max(most, len(set(found.holders[start : end + 1])))
    if most < threshold:
        return None
    return (
        f"channel {channel} opened cards for {most} holders in {width / 3600:g}h (usually {found.usual:.2f})"
    )
